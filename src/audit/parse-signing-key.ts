import { createPrivateKey, createPublicKey } from 'node:crypto';
import {
  AuditKeyError,
  createAuditPublicKey,
  createAuditSigner,
  type AuditPublicKey,
  type AuditSigner,
} from './audit-signer.js';

/** Turns `text` into PEM: PEM stays as is, base64 of a PEM is decoded. */
function readPem(text: string, what: string, origin: string): string {
  const trimmed = text.trim();
  if (trimmed.startsWith('-----BEGIN')) return trimmed;
  const decoded = Buffer.from(trimmed.replace(/\s+/g, ''), 'base64').toString('utf8').trim();
  if (decoded.startsWith('-----BEGIN')) return decoded;
  throw new AuditKeyError(
    `${origin} holds no ${what}: expected PEM text (-----BEGIN …) or its base64. ` +
      'Create a key with `openssl genpkey -algorithm ed25519 -out signing-key.pem`.',
  );
}

/**
 * Reads an Ed25519 private key given as PEM (PKCS#8) or as the base64 of that PEM, e.g. the
 * value of SHIPGATE_SIGNING_KEY. `origin` names where the text came from, for messages.
 */
export function parseSigningKey(text: string, origin: string): AuditSigner {
  const pem = readPem(text, 'private key', origin);
  try {
    return createAuditSigner(createPrivateKey({ key: pem, format: 'pem' }));
  } catch (error) {
    if (error instanceof AuditKeyError) throw new AuditKeyError(`${origin}: ${error.message}`);
    throw new AuditKeyError(
      `${origin} is not a readable PKCS#8 private key (${(error as Error).message}). ` +
        'Create one with `openssl genpkey -algorithm ed25519 -out signing-key.pem`.',
    );
  }
}

/** Reads an Ed25519 public key (SPKI PEM); a private key is accepted too and reduced to its public half. */
export function parsePublicKey(text: string, origin: string): AuditPublicKey {
  const pem = readPem(text, 'public key', origin);
  try {
    const key = pem.includes('PRIVATE KEY') ? createPrivateKey(pem) : createPublicKey(pem);
    return createAuditPublicKey(key);
  } catch (error) {
    if (error instanceof AuditKeyError) throw new AuditKeyError(`${origin}: ${error.message}`);
    throw new AuditKeyError(
      `${origin} is not a readable public key (${(error as Error).message}). ` +
        'Export one with `openssl pkey -in signing-key.pem -pubout -out signing-key.pub.pem`.',
    );
  }
}
