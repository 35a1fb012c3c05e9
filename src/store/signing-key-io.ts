import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parsePublicKey, parseSigningKey } from '../audit/parse-signing-key.js';
import type { AuditPublicKey, AuditSigner } from '../audit/audit-signer.js';
import { StoreError } from './store.js';

/** Where the embedded store keeps its generated signing key. */
export function signingKeyPath(dataDir: string): string {
  return path.join(dataDir, 'signing-key.pem');
}

/** Where the public half of a generated key is written, for whoever verifies the log. */
export function publicKeyPath(dataDir: string): string {
  return path.join(dataDir, 'signing-key.pub.pem');
}

export interface LoadedSigningKey {
  signer: AuditSigner;
  /** `env`: SHIPGATE_SIGNING_KEY; `file`: the data directory's key; `generated`: created just now. */
  source: 'env' | 'file' | 'generated';
  /** A message for the operator, when there is something they must do. */
  warning?: string;
}

/**
 * Finds the audit signing key. SHIPGATE_SIGNING_KEY (PEM PKCS#8 Ed25519, or its base64) wins.
 * Otherwise, for the embedded store, the key in the data directory is used, and created (mode
 * 0600) on first run. With PostgreSQL the key must be given, so all replicas sign with one key.
 */
export function loadSigningKey(settings: {
  env: NodeJS.ProcessEnv;
  dataDir: string;
  embedded: boolean;
}): LoadedSigningKey {
  const fromEnv = settings.env.SHIPGATE_SIGNING_KEY;
  if (fromEnv && fromEnv.trim() !== '') {
    return { signer: parseSigningKey(fromEnv, 'SHIPGATE_SIGNING_KEY'), source: 'env' };
  }
  if (!settings.embedded) {
    throw new StoreError(
      'SHIPGATE_SIGNING_KEY is not set. With DATABASE_URL every replica must sign the audit log with the same key: ' +
        'create one with `openssl genpkey -algorithm ed25519 -out signing-key.pem` and set SHIPGATE_SIGNING_KEY ' +
        "to the file's content (or its base64) on every replica.",
    );
  }
  const file = signingKeyPath(settings.dataDir);
  let text: string | undefined;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new StoreError(`Cannot read the audit signing key ${file}: ${(error as Error).message}.`, error);
    }
  }
  if (text !== undefined) {
    const signer = parseSigningKey(text, file);
    const mode = statSync(file).mode & 0o777;
    const warning =
      (mode & 0o077) !== 0
        ? `warning: ${file} is readable by other users (mode ${mode.toString(8)}); run \`chmod 600 ${file}\`.`
        : undefined;
    return { signer, source: 'file', warning };
  }
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  mkdirSync(settings.dataDir, { recursive: true });
  try {
    writeFileSync(file, pem, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      // Another process created it first: use theirs.
      return { signer: parseSigningKey(readFileSync(file, 'utf8'), file), source: 'file' };
    }
    throw new StoreError(`Cannot write the audit signing key ${file}: ${(error as Error).message}.`, error);
  }
  const signer = parseSigningKey(pem, file);
  const pubFile = publicKeyPath(settings.dataDir);
  writeFileSync(pubFile, signer.publicKey.export({ type: 'spki', format: 'pem' }).toString(), {
    mode: 0o644,
  });
  return {
    signer,
    source: 'generated',
    warning:
      `warning: SHIPGATE_SIGNING_KEY is not set, so shipgate created an audit signing key at ${file} (key id ${signer.keyId}). ` +
      `Back it up: without it no one can tell your audit log from a forged one. Give ${pubFile} to whoever verifies the log, ` +
      'and for production set SHIPGATE_SIGNING_KEY instead.',
  };
}

/** Reads a public key file (SPKI PEM; a private key file yields its public half). */
export function readPublicKeyFile(file: string): AuditPublicKey {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new StoreError(`Cannot read the public key ${file}: ${(error as Error).message}.`, error);
  }
  return parsePublicKey(text, file);
}

/** The public key of the signing key shipgate would use here, if there is one, without creating any. */
export function findLocalPublicKey(settings: {
  env: NodeJS.ProcessEnv;
  dataDir: string;
}): AuditPublicKey | undefined {
  const fromEnv = settings.env.SHIPGATE_SIGNING_KEY;
  if (fromEnv && fromEnv.trim() !== '') {
    const signer = parseSigningKey(fromEnv, 'SHIPGATE_SIGNING_KEY');
    return { keyId: signer.keyId, publicKey: signer.publicKey };
  }
  for (const file of [publicKeyPath(settings.dataDir), signingKeyPath(settings.dataDir)]) {
    try {
      return parsePublicKey(readFileSync(file, 'utf8'), file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return undefined;
}
