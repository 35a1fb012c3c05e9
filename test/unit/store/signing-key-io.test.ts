import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  findLocalPublicKey,
  loadSigningKey,
  publicKeyPath,
  signingKeyPath,
} from '../../../src/store/signing-key-io.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'shipgate-key-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const envKey = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

describe('loadSigningKey', () => {
  it.each([
    { name: 'PEM in SHIPGATE_SIGNING_KEY', value: envKey },
    { name: 'base64 in SHIPGATE_SIGNING_KEY', value: Buffer.from(envKey).toString('base64') },
  ])('prefers $name and writes nothing', ({ value }) => {
    const loaded = loadSigningKey({ env: { SHIPGATE_SIGNING_KEY: value }, dataDir: dir, embedded: true });
    expect(loaded.source).toBe('env');
    expect(loaded.warning).toBeUndefined();
    expect(() => statSync(signingKeyPath(dir))).toThrow(/ENOENT/);
  });

  it('creates a key with mode 0600 on first embedded run, warns, and reuses it afterwards', () => {
    const dataDir = path.join(dir, '.shipgate');
    const first = loadSigningKey({ env: {}, dataDir, embedded: true });
    expect(first.source).toBe('generated');
    expect(first.warning).toMatch(
      /SHIPGATE_SIGNING_KEY is not set, so shipgate created an audit signing key at .*signing-key\.pem.*Back it up/,
    );
    expect(statSync(signingKeyPath(dataDir)).mode & 0o777).toBe(0o600);
    expect(readFileSync(publicKeyPath(dataDir), 'utf8')).toMatch(/BEGIN PUBLIC KEY/);
    const second = loadSigningKey({ env: {}, dataDir, embedded: true });
    expect(second.source).toBe('file');
    expect(second.warning).toBeUndefined();
    expect(second.signer.keyId).toBe(first.signer.keyId);
    expect(findLocalPublicKey({ env: {}, dataDir })?.keyId).toBe(first.signer.keyId);
  });

  it('warns when the key file is readable by others', () => {
    loadSigningKey({ env: {}, dataDir: dir, embedded: true });
    chmodSync(signingKeyPath(dir), 0o644);
    expect(loadSigningKey({ env: {}, dataDir: dir, embedded: true }).warning).toMatch(
      /readable by other users \(mode 644\); run `chmod 600/,
    );
  });

  it('refuses to run PostgreSQL replicas without a shared key', () => {
    expect(() => loadSigningKey({ env: {}, dataDir: dir, embedded: false })).toThrow(
      /SHIPGATE_SIGNING_KEY is not set\. With DATABASE_URL every replica must sign the audit log with the same key/,
    );
  });

  it('finds no local key where there is none', () => {
    expect(findLocalPublicKey({ env: {}, dataDir: dir })).toBeUndefined();
  });
});
