import { secretsGateSchema } from '../../../src/gates/config.js';
import {
  fingerprintSecret,
  measureEntropy,
  runSecretsGate,
  scanAddedLines,
} from '../../../src/gates/secrets.js';
import type { AddedLine } from '../../../src/gates/types.js';
import { makeFixtureContext } from './fixture-context.js';

// Every credential below is fake and assembled from parts, so no scanner flags this repository.
const join = (...parts: string[]) => parts.join('');
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const fake = {
  awsKeyId: join('AK', 'IA', 'Z7Q3M5N2P4R6T7V2'),
  awsSecret: join('Fake0fake1FAKE2fake3', '/fake4FAKE5fake6+Fak'),
  github: join('gh', 'p_', 'a1B2c3D4e5F6g7H8i9J0', 'k1L2m3N4o5P6q7R8'),
  githubFine: join(
    'github',
    '_pat_',
    '11ABCDEFG0abcdefghijkl',
    '_',
    'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789',
    'AbCdEfGhIjKlMnOpQrStUvW',
  ),
  slack: join('xo', 'xb-', '1234567890-1234567890123-', 'AbCdEfGhIjKlMnOpQrStUvWx'),
  stripeLive: join('sk', '_live_', 'FAKE0fake1FAKE2fake3FAKE'),
  stripeTest: join('rk', '_test_', '51H8z2KJ3mN4pQ5rS6tU7vW8'),
  google: join('AI', 'za', 'Sy', 'FAKE0fake1FAKE2fake3FAKE4fake5FAK'),
  privateKey: join('-----BEGIN ', 'OPENSSH PRIVATE KEY', '-----'),
  pgpKey: join('-----BEGIN ', 'PGP PRIVATE KEY BLOCK', '-----'),
  jwt: join(
    b64({ alg: 'HS256', typ: 'JWT' }),
    '.',
    b64({ sub: '1234567890', name: 'Test' }),
    '.',
    'fakeSignature0fakeSignature1fake',
  ),
  generic: join('Xk9#mP2$', 'vL7qR4wZ'),
};

const line = (text: string, path = 'src/app.ts', n = 10): AddedLine => ({ path, line: n, text });

describe('scanAddedLines', () => {
  it.each([
    { kind: 'AWS access key id', text: `const id = "${fake.awsKeyId}";`, secret: fake.awsKeyId },
    {
      kind: 'AWS secret access key',
      text: `aws_secret_access_key = ${fake.awsSecret}`,
      secret: fake.awsSecret,
    },
    { kind: 'GitHub token', text: `token: ${fake.github}`, secret: fake.github },
    { kind: 'GitHub fine-grained token', text: `GH=${fake.githubFine}`, secret: fake.githubFine },
    { kind: 'Slack token', text: `slack(${JSON.stringify(fake.slack)})`, secret: fake.slack },
    { kind: 'Stripe live key', text: `Stripe(${JSON.stringify(fake.stripeLive)})`, secret: fake.stripeLive },
    { kind: 'Stripe test key', text: `Stripe('${fake.stripeTest}')`, secret: fake.stripeTest },
    { kind: 'Google API key', text: `key=${fake.google}&q=1`, secret: fake.google },
    { kind: 'private key', text: fake.privateKey, secret: fake.privateKey },
    { kind: 'private key', text: fake.pgpKey, secret: fake.pgpKey },
    { kind: 'JSON Web Token', text: `Authorization: Bearer ${fake.jwt}`, secret: fake.jwt },
    { kind: 'high-entropy secret assignment', text: `db_password = "${fake.generic}"`, secret: fake.generic },
    { kind: 'high-entropy secret assignment', text: `  "apiKey": "${fake.generic}",`, secret: fake.generic },
  ])('finds a $kind and fingerprints it', ({ kind, text, secret }) => {
    expect(scanAddedLines([line(text)], 3.5)).toEqual([
      { kind, path: 'src/app.ts', line: 10, fingerprint: fingerprintSecret(secret) },
    ]);
  });

  it.each([
    { name: 'a low-entropy password', text: 'password = "aaaaaaaabbbbbbbb"' },
    { name: 'a placeholder', text: 'api_key: "<your-api-key-here>"' },
    { name: 'a template', text: 'token = "${{ secrets.DEPLOY_TOKEN }}"' },
    { name: 'an environment read', text: 'const token = process.env.GITHUB_TOKEN;' },
    { name: 'a public key block', text: join('-----BEGIN ', 'PUBLIC KEY', '-----') },
    {
      name: 'a JWT-shaped string whose header is not JSON',
      text: 'eyJhbGciOiJub3RqcyJ.eyJzdWIiOiIxMjM0NSJ9.abcdefghijklmn',
    },
    { name: 'a short GitHub prefix', text: 'const prefix = "ghp_";' },
  ])('ignores $name', ({ text }) => {
    expect(scanAddedLines([line(text)], 3.5)).toEqual([]);
  });

  it('reports an AWS key id inside a generic assignment once, as the specific kind', () => {
    const findings = scanAddedLines([line(`aws_access_key = "${fake.awsKeyId}"`)], 3.5);
    expect(findings.map((f) => f.kind)).toEqual(['AWS access key id']);
  });

  it.each([
    { name: 'repeated keywords', text: 'token'.repeat(19_999) },
    { name: 'an unterminated value', text: `token="${'x'.repeat(99_000)}` },
    { name: 'a key block header without end', text: join('-----BEGIN ', 'AAAA '.repeat(19_000)) },
  ])('scans a 100,000-character line of $name in linear time', ({ text }) => {
    const started = performance.now();
    expect(scanAddedLines([line(text)], 3.5)).toEqual([]);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it.each([
    { text: 'aaaa', entropy: 0 },
    { text: 'abcd', entropy: 2 },
    { text: 'ab', entropy: 1 },
    { text: '', entropy: 0 },
  ])('measures the entropy of $text as $entropy bits', ({ text, entropy }) => {
    expect(measureEntropy(text)).toBeCloseTo(entropy, 10);
  });
});

describe('runSecretsGate', () => {
  const addedLines = [
    line(`const gh = "${fake.github}";`, 'src/deploy.ts', 4),
    line('const harmless = 1;', 'src/deploy.ts', 5),
    line(`key: ${fake.stripeLive}`, 'test/fixtures/payments.yml', 2),
  ];

  it.each([
    {
      name: 'no allowlist',
      extra: {},
      status: 'fail',
      paths: ['src/deploy.ts', 'test/fixtures/payments.yml'],
    },
    {
      name: 'a path allowlist',
      extra: { allow: ['test/fixtures/**'] },
      status: 'fail',
      paths: ['src/deploy.ts'],
    },
    {
      name: 'path and fingerprint allowlists',
      extra: { allow: ['test/fixtures/**'], allow_fingerprints: [fingerprintSecret(fake.github)] },
      status: 'pass',
      paths: [],
    },
  ])('judges with $name', async ({ extra, status, paths }) => {
    const result = await runSecretsGate(
      secretsGateSchema.parse({ blocking: true, ...extra }),
      makeFixtureContext({ addedLines }),
    );
    expect(result).toMatchObject({ gate: 'secrets', status, blocking: true });
    expect(result.annotations.map((a) => a.path)).toEqual(paths);
  });

  it('never prints the secret, only its kind, location and fingerprint', async () => {
    const result = await runSecretsGate(secretsGateSchema.parse({}), makeFixtureContext({ addedLines }));
    const printed = JSON.stringify(result);
    expect(printed).not.toContain(fake.github);
    expect(printed).not.toContain(fake.stripeLive);
    expect(result.summary).toBe('2 possible secrets in added lines: GitHub token, Stripe live key.');
    expect(result.details).toContain(
      `| GitHub token | \`src/deploy.ts:4\` | \`${fingerprintSecret(fake.github)}\` |`,
    );
    expect(result.annotations[0]).toMatchObject({
      start_line: 4,
      level: 'failure',
      title: 'Possible GitHub token',
    });
  });

  it('passes clean added lines', async () => {
    const result = await runSecretsGate(
      secretsGateSchema.parse({}),
      makeFixtureContext({ addedLines: [addedLines[1]!] }),
    );
    expect(result).toMatchObject({ status: 'pass', summary: 'No secret found in 1 added line.' });
  });

  it('skips, saying why, when no diff is known', async () => {
    const result = await runSecretsGate(secretsGateSchema.parse({}), makeFixtureContext());
    expect(result.status).toBe('skip');
    expect(result.summary).toMatch(/^gates\.secrets: no diff is known/);
  });
});
