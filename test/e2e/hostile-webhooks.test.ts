import { createHmac, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sign } from '@octokit/webhooks-methods';
import fc from 'fast-check';
import nock from 'nock';
import { startAppServer, type AppServer } from '../../app/start-app-server.js';
import { createAuditSigner } from '../../src/audit/audit-signer.js';
import { verifyAuditChain } from '../../src/audit/verify-audit-chain.js';
import { openPgliteStore } from '../../src/store/open-pglite-store.js';
import type { Store } from '../../src/store/store.js';
import { FakeGitHub } from './fake-github.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const SECRET = 'hostile-secret';
const signer = createAuditSigner(generateKeyPairSync('ed25519').privateKey);
const privateKey = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

const EVENTS = {
  deployment_protection_rule: 'deployment_protection_rule.requested',
  issue_comment: 'issue_comment.created',
  check_run: 'check_run.requested_action',
  pull_request: 'pull_request.synchronize',
  deployment_status: 'deployment_status.created',
} as const;

function fixture(name: string): Record<string, unknown> {
  return JSON.parse(
    readFileSync(path.join(here, '..', 'fixtures', 'events', `${name}.json`), 'utf8'),
  ) as Record<string, unknown>;
}

let github: FakeGitHub;
let store: Store;
let app: AppServer;
let deliveries = 0;

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  github = new FakeGitHub();
  await github.start();
  // Only a login no generator produces may sign off, so no generated event may lead to an approval.
  github.files.set(
    'acme/web:.github/shipgate.yml',
    'environments:\n  production:\n    tiers:\n      high: { approvals: 1, from: [release-manager-0] }\n',
  );
  github.addPull('acme', 'web', {
    number: 7,
    head_sha: 'c'.repeat(40),
    base_sha: 'b'.repeat(40),
    author: 'dave',
    commits: [],
  });
  github.addRun('acme', 'web', 4242, 'c'.repeat(40));
  store = await openPgliteStore({ signer });
  app = await startAppServer({
    appId: '123',
    privateKey,
    webhookSecret: SECRET,
    port: 0,
    host: '127.0.0.1',
    baseUrl: github.baseUrl,
    store,
    sweepIntervalMs: 3_600_000,
    githubPacing: false,
    logLevel: 'fatal',
  });
}, 60_000);

afterAll(async () => {
  await app?.stop();
  await store?.close();
  await github?.stop();
  nock.enableNetConnect();
});

/** Hostile values: wrong types, huge and unicode strings, path characters, other repositories, injections. */
const hostileValue = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.constant('x'.repeat(3_000)),
  fc.constant('../../etc/passwd'),
  fc.constant('production/../../secrets'),
  fc.constant('https://api.github.com/repos/evil/other/actions/runs/1/deployment_protection_rule'),
  fc.constant('/shipgate approve production'),
  fc.constant('/shipgate reject production <img src=x onerror=alert(1)> @everyone [x](http://e)'),
  fc.constant('/shipgate break-glass ../prod `rm -rf /`'),
  fc.constant('/shipgate approve prod\u0000uction'),
  fc.constant('\u202e/shipgate approve production'),
  fc.array(fc.anything(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.anything(), { maxKeys: 3 }),
);

const eventName = fc.constantFrom(...(Object.keys(EVENTS) as (keyof typeof EVENTS)[]));

/** A real payload with some fields (top-level or one level down) replaced or removed. */
const mutatedEvent = eventName.chain((name) =>
  fc
    .array(
      fc.record({
        path: fc.array(
          fc.string({ maxLength: 1 }).map((s) => s),
          { maxLength: 0 },
        ),
        key: fc.constantFrom(
          'environment',
          'deployment_callback_url',
          'deployment',
          'pull_requests',
          'repository',
          'installation',
          'comment',
          'issue',
          'check_run',
          'requested_action',
          'sender',
          'before',
          'after',
          'deployment_status',
          'action',
        ),
        inner: fc.option(
          fc.constantFrom('body', 'id', 'sha', 'name', 'login', 'number', 'state', 'head_sha', 'user'),
          {
            nil: undefined,
          },
        ),
        value: hostileValue,
      }),
      { minLength: 1, maxLength: 4 },
    )
    .map((mutations) => {
      const payload = fixture(EVENTS[name]) as Record<string, unknown>;
      for (const m of mutations) {
        const target = m.inner ? payload[m.key] : payload;
        const key = m.inner ?? m.key;
        if (target && typeof target === 'object' && !Array.isArray(target)) {
          (target as Record<string, unknown>)[key] = m.value;
        } else if (!m.inner) {
          payload[key] = m.value;
        }
      }
      return { name, body: JSON.stringify(payload) };
    }),
);

/** Bodies that are not a webhook payload at all. */
const rawBody = fc.record({
  name: eventName,
  body: fc.oneof(
    fc.constantFrom('null', '[]', '"text"', '42', 'true', '{', '', '{"a":', '\u0000'),
    fc.json(),
    fc.string(),
  ),
});

async function deliver(name: string, body: string): Promise<number> {
  const res = await fetch(`${app.url}/api/github/webhooks`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': name,
      'x-github-delivery': `hostile-${++deliveries}`,
      // sign() refuses an empty body; GitHub's scheme is the same HMAC.
      'x-hub-signature-256': body
        ? await sign(SECRET, body)
        : `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`,
    },
    body,
  });
  await res.text();
  return res.status;
}

describe('hostile webhooks at the door', () => {
  it('never crashes, approves or stores garbage, whatever a signed body holds', async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(fc.oneof(mutatedEvent, rawBody), async ({ name, body }) => {
        const status = await deliver(name, body);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        expect([200, 400, 413, 422]).toContain(status);
      }),
      { numRuns: 400, seed: Number(process.env.SHIPGATE_FUZZ_SEED ?? 20261122) },
    );
    // No generated event led to an approval or a rejection.
    expect([...github.runs.values()].filter((r) => r.answered)).toEqual([]);
    expect(github.reviews.filter((r) => 'state' in r.body)).toEqual([]);
    // What was stored is well-formed.
    for (const request of await store.listPendingRequests({ owner: 'acme', repo: 'web' })) {
      expect(request.sha).toMatch(/^[0-9a-f]{40}$/);
      expect(request.environment).toMatch(/^[A-Za-z0-9][A-Za-z0-9._ -]*$/);
      expect(request.runId).toBe(4242);
    }
    const records = await store.listAudit();
    expect(
      verifyAuditChain(records, [{ keyId: signer.keyId, publicKey: signer.publicKey }], {
        expectedHead: await store.getAuditHead(),
      }),
    ).toMatchObject({ ok: true });
    const health = await fetch(`${app.url}/healthz`);
    expect(health.status).toBe(200);
    expect(statuses.get(200)).toBeGreaterThan(0);
  }, 120_000);

  it('refuses a body over 25 MB with 413 before reading it as JSON', async () => {
    const body = JSON.stringify({ padding: 'x'.repeat(26 * 1024 * 1024) });
    expect(await deliver('issue_comment', body)).toBe(413);
  });
});
