import { createHash, createPublicKey, type KeyObject } from 'node:crypto';

/** The private key that signs new audit records, with the id of its public key. */
export interface AuditSigner {
  keyId: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/** A public key that verifies audit records, with its id. */
export interface AuditPublicKey {
  keyId: string;
  publicKey: KeyObject;
}

/** Raised when a key is not an Ed25519 key. */
export class AuditKeyError extends Error {
  override name = 'AuditKeyError';
}

/** The key id: the first 16 hex characters of sha256 over the public key's SPKI DER bytes. */
export function computeKeyId(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex').slice(0, 16);
}

/** Builds a signer from an Ed25519 private key. */
export function createAuditSigner(privateKey: KeyObject): AuditSigner {
  if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'ed25519') {
    throw new AuditKeyError(
      `The audit signing key is a ${privateKey.asymmetricKeyType ?? privateKey.type} ${privateKey.type} key; ` +
        'shipgate signs with Ed25519. Create one with `openssl genpkey -algorithm ed25519`.',
    );
  }
  const publicKey = createPublicKey(privateKey);
  return { keyId: computeKeyId(publicKey), privateKey, publicKey };
}

/** Wraps an Ed25519 public key with its id, for verification. */
export function createAuditPublicKey(publicKey: KeyObject): AuditPublicKey {
  if (publicKey.asymmetricKeyType !== 'ed25519') {
    throw new AuditKeyError(
      `The audit public key is a ${publicKey.asymmetricKeyType ?? publicKey.type} key; shipgate audit records are signed with Ed25519.`,
    );
  }
  const key = publicKey.type === 'private' ? createPublicKey(publicKey) : publicKey;
  return { keyId: computeKeyId(key), publicKey: key };
}
