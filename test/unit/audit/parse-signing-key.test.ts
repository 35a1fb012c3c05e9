import { generateKeyPairSync } from 'node:crypto';
import { parsePublicKey, parseSigningKey } from '../../../src/audit/parse-signing-key.js';

const ed = generateKeyPairSync('ed25519');
const pem = ed.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const publicPem = ed.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const rsaPem = generateKeyPairSync('rsa', { modulusLength: 1024 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

describe('parseSigningKey', () => {
  it.each([
    { name: 'PEM', text: pem },
    { name: 'base64 of the PEM', text: Buffer.from(pem).toString('base64') },
    { name: 'PEM with surrounding blank lines', text: `\n${pem}\n\n` },
  ])('reads $name with a stable key id', ({ text }) => {
    const signer = parseSigningKey(text, 'SHIPGATE_SIGNING_KEY');
    expect(signer.keyId).toBe(parsePublicKey(publicPem, 'key.pub').keyId);
    expect(signer.keyId).toMatch(/^[0-9a-f]{16}$/);
  });

  it.each([
    {
      name: 'an RSA key',
      text: rsaPem,
      message:
        /SHIPGATE_SIGNING_KEY: The audit signing key is a rsa private key; shipgate signs with Ed25519/,
    },
    {
      name: 'text that is no key',
      text: 'hello',
      message: /SHIPGATE_SIGNING_KEY holds no private key.*openssl genpkey -algorithm ed25519/,
    },
    {
      name: 'a broken PEM',
      text: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----',
      message: /SHIPGATE_SIGNING_KEY is not a readable PKCS#8 private key/,
    },
  ])('refuses $name, saying how to make a key', ({ text, message }) => {
    expect(() => parseSigningKey(text, 'SHIPGATE_SIGNING_KEY')).toThrow(message);
  });
});

describe('parsePublicKey', () => {
  it('reduces a private key to its public half', () => {
    expect(parsePublicKey(pem, 'signing-key.pem').keyId).toBe(
      parsePublicKey(publicPem, 'signing-key.pub.pem').keyId,
    );
  });
});
