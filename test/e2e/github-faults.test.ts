// The App against a misbehaving GitHub over real HTTP: 5xx, timeouts, secondary rate limits with
// retry-after, and a run that is gone. Owed decision calls are retried with capped backoff, a
// permanent failure is audited and told on the pull request, and nothing is approved on an error.
import { generateKeyPairSync } from 'node:crypto';
import nock from 'nock';
import pg from 'pg';
import { BACKOFF_BASE_MS, BACKOFF_CAP_MS } from '../../app/compute-backoff.js';
import { startAppServer, type AppServer } from '../../app/start-app-server.js';
import { createAuditSigner } from '../../src/audit/audit-signer.js';
import type { AuditRecord } from '../../src/audit/audit-record.js';
import { verifyAuditChain } from '../../src/audit/verify-audit-chain.js';
import { openPgliteStore } from '../../src/store/open-pglite-store.js';
import { openPostgresStore } from '../../src/store/open-postgres-store.js';
import type { Store } from '../../src/store/store.js';
import { FakeGitHub, type FakeFault } from './fake-github.js';
import { loadEvent, postWebhook } from './replica-harness.js';

const SECRET = 'faults-webhook-secret';
/** The App gives up on a GitHub call after this long; the fake holds answers past it. */
const TIMEOUT_MS = 1_500;
const url = process.env.DATABASE_URL;
const schema = `sg_e2e_faults_${process.pid}_${Math.floor(Math.random() * 1e9).toString(36)}`;
const signer = createAuditSigner(generateKeyPairSync('ed25519').privateKey);
const privateKey = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

const clock = { now: new Date('2026-11-20T10:00:00Z') };
let github: FakeGitHub;
let store: Store;
let app: AppServer;
let nextRun = 900;

/** A deployment of acme/api to staging (no sign-off needed: approved at once), run `runId`, PR `runId`. */
function request(runId: number, sha: string) {
  const requested = loadEvent('deployment_protection_rule.requested');
  return {
    ...requested,
    environment: 'staging',
    deployment: { ...(requested.deployment as object), id: runId + 50_000, sha, environment: 'staging' },
    pull_requests: [{ number: runId, head: { sha }, base: { sha: 'b'.repeat(40) } }],
    deployment_callback_url: `${github.baseUrl}/repos/acme/api/actions/runs/${runId}/deployment_protection_rule`,
    repository: { ...(requested.repository as object), name: 'api', full_name: 'acme/api' },
  };
}

function newDeployment(withRun = true): { runId: number; sha: string; path: RegExp } {
  const runId = nextRun++;
  const sha = runId.toString(16).padStart(40, 'e');
  github.addPull('acme', 'api', {
    number: runId,
    head_sha: sha,
    base_sha: 'b'.repeat(40),
    author: 'dave',
    commits: [{ sha, author: 'dave', committer: 'web-flow' }],
  });
  if (withRun) github.addRun('acme', 'api', runId, sha);
  return {
    runId,
    sha,
    path: new RegExp(`^/repos/acme/api/actions/runs/${runId}/deployment_protection_rule$`),
  };
}

const decisionsAt = (runId: number) => github.reviews.filter((r) => r.runId === runId && r.body.state);

async function callRecords(runId: number): Promise<AuditRecord[]> {
  return (await store.listAudit()).filter(
    (r) =>
      (r.kind === 'github_call' || r.kind === 'error') &&
      typeof r.data.call === 'string' &&
      r.data.call.includes(`/runs/${runId}/`),
  );
}

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  github = new FakeGitHub();
  await github.start();
  github.files.set(
    'acme/api:.github/shipgate.yml',
    'environments:\n  staging:\n    tiers:\n      high: { approvals: 0 }\n',
  );
  store = url
    ? await openPostgresStore({ connectionString: url, schema, signer, maxConnections: 4, now: clock.now })
    : await openPgliteStore({ signer, now: clock.now });
  app = await startAppServer({
    appId: '123',
    privateKey,
    webhookSecret: SECRET,
    port: 0,
    host: '127.0.0.1',
    baseUrl: github.baseUrl,
    store,
    clock: () => clock.now,
    sweepIntervalMs: 3_600_000,
    githubPacing: false,
    githubTimeoutMs: TIMEOUT_MS,
    logLevel: 'fatal',
  });
}, 60_000);

afterAll(async () => {
  await app?.stop();
  await store?.close();
  await github?.stop();
  if (url) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  }
  nock.enableNetConnect();
});

describe(`the App against a misbehaving GitHub (${url ? 'PostgreSQL' : 'PGlite; set DATABASE_URL for PostgreSQL'})`, () => {
  it.each([
    {
      what: 'a 500',
      fault: { status: 500 },
      status: 500,
      retryAtLeastMs: BACKOFF_BASE_MS / 2,
      retryAtMostMs: BACKOFF_BASE_MS,
    },
    {
      what: 'a 502 from a proxy',
      fault: { status: 502 },
      status: 502,
      retryAtLeastMs: BACKOFF_BASE_MS / 2,
      retryAtMostMs: BACKOFF_BASE_MS,
    },
    {
      what: 'a timeout (no answer within the client timeout)',
      fault: { status: 200, hold: true },
      status: 0,
      retryAtLeastMs: BACKOFF_BASE_MS / 2,
      retryAtMostMs: BACKOFF_BASE_MS,
    },
    {
      what: 'a 403 secondary rate limit with retry-after: 120',
      fault: { status: 403, headers: { 'retry-after': '120' } },
      status: 403,
      retryAtLeastMs: 120_000,
      retryAtMostMs: 120_000,
    },
    {
      what: 'a 429 with retry-after: 30',
      fault: { status: 429, headers: { 'retry-after': '30' } },
      status: 429,
      retryAtLeastMs: 30_000,
      retryAtMostMs: 30_000,
    },
  ])(
    'retries the approval call after $what, not before it is due, and approves once',
    async ({ fault, status, retryAtLeastMs, retryAtMostMs }) => {
      const { runId, sha, path } = newDeployment();
      github.faults.push({ method: 'POST', path, times: 1, ...fault } as FakeFault);
      clock.now = new Date(clock.now.getTime() + 3_600_000);
      const start = clock.now.getTime();
      const began = Date.now();
      expect(await postWebhook(app.url, SECRET, 'deployment_protection_rule', request(runId, sha))).toBe(200);
      if (status === 0) expect(Date.now() - began).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
      expect(github.runs.get(`acme/api/${runId}`)!.answered).toBeNull();
      expect(decisionsAt(runId)).toEqual([]);

      const [first] = await callRecords(runId);
      expect(first).toMatchObject({ kind: 'github_call', data: { status, outcome: 'retry', attempt: 1 } });
      const retryAt = new Date(first!.data.retry_at as string).getTime();
      expect(retryAt - start).toBeGreaterThanOrEqual(retryAtLeastMs);
      expect(retryAt - start).toBeLessThanOrEqual(retryAtMostMs);

      // Not due yet: the sweeper leaves it alone.
      clock.now = new Date(retryAt - 1);
      expect((await app.sweeper.runOnce()).outbox).toEqual({ sent: 0, retried: 0, abandoned: 0 });
      clock.now = new Date(retryAt);
      expect((await app.sweeper.runOnce()).outbox).toEqual({ sent: 1, retried: 0, abandoned: 0 });
      expect(decisionsAt(runId).map((r) => r.body.state)).toEqual(['approved']);
      expect(github.runs.get(`acme/api/${runId}`)!.answered).toBe('approved');
      expect((await callRecords(runId)).map((r) => [r.data.attempt, r.data.status])).toEqual([
        [1, status],
        [2, 204],
      ]);
    },
    20_000,
  );

  it('backs off exponentially, with jitter, up to the cap, through 12 failures in a row', async () => {
    const { runId, sha, path } = newDeployment();
    github.faults.push({ method: 'POST', path, status: 503, times: 12 });
    clock.now = new Date(clock.now.getTime() + 3_600_000);
    expect(await postWebhook(app.url, SECRET, 'deployment_protection_rule', request(runId, sha))).toBe(200);
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 12; attempt += 1) {
      const last = (await callRecords(runId)).at(-1)!;
      expect(last.data).toMatchObject({ attempt, status: 503, outcome: 'retry' });
      const retryAt = new Date(last.data.retry_at as string).getTime();
      delays.push(retryAt - clock.now.getTime());
      expect(github.runs.get(`acme/api/${runId}`)!.answered).toBeNull();
      clock.now = new Date(retryAt);
      await app.sweeper.runOnce();
    }
    delays.forEach((delay, n) => {
      const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** n);
      expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
      expect(delay).toBeLessThanOrEqual(ceiling);
    });
    expect(Math.max(...delays)).toBeLessThanOrEqual(BACKOFF_CAP_MS);
    expect(decisionsAt(runId).map((r) => r.body.state)).toEqual(['approved']);
  }, 30_000);

  it.each([
    { what: 'a run that is gone (404)', withRun: false, fault: null, status: 404 },
    {
      what: 'a 422 on the first attempt (the run no longer waits)',
      withRun: true,
      fault: { status: 422 },
      status: 422,
    },
  ])(
    'gives up on $what: audited, told on the PR, the check run failed, nothing approved',
    async ({ withRun, fault, status }) => {
      const { runId, sha, path } = newDeployment(withRun);
      if (fault) github.faults.push({ method: 'POST', path, times: 1, ...fault });
      clock.now = new Date(clock.now.getTime() + 3_600_000);
      expect(await postWebhook(app.url, SECRET, 'deployment_protection_rule', request(runId, sha))).toBe(200);
      expect(decisionsAt(runId)).toEqual([]);
      const records = await callRecords(runId);
      expect(records.map((r) => [r.kind, r.data.status, r.data.outcome])).toEqual([
        ['error', status, 'abandoned'],
      ]);
      const told = [...github.comments.values()].filter((c) => c.issue === runId && c.repo === 'api');
      expect(told.map((c) => c.body)).toEqual(
        expect.arrayContaining([expect.stringContaining(`GitHub refused the answer with ${status}`)]),
      );
      const checks = github.checkRuns.filter((r) => r.head_sha === sha);
      expect((checks.at(-1)!.body as { conclusion: string }).conclusion).toBe('failure');
      const [stored] = await store.getOutbox(
        (await store.listAudit()).find((r) => r.kind === 'decision' && r.sha === sha)!.data
          .request_id as number,
      );
      expect(stored).toMatchObject({ done: true, outcome: 'failed' });
      // Nothing is tried again.
      clock.now = new Date(clock.now.getTime() + 3_600_000);
      await app.sweeper.runOnce();
      expect(github.calls.filter((c) => path.test(c.path))).toHaveLength(1);
    },
  );

  it.each([
    { what: 'a 500 reading the policy', fault: { method: 'GET', path: /\/contents\//, status: 500 } },
    { what: 'a timeout on compare', fault: { method: 'GET', path: /\/compare\//, status: 200, hold: true } },
  ])(
    'holds the deployment on $what while evaluating, then approves once GitHub is back',
    async ({ fault }) => {
      const { runId, sha } = newDeployment();
      github.faults.push({ ...fault, times: 1 } as FakeFault);
      clock.now = new Date(clock.now.getTime() + 3_600_000);
      expect(await postWebhook(app.url, SECRET, 'deployment_protection_rule', request(runId, sha))).toBe(200);
      expect(decisionsAt(runId)).toEqual([]);
      const [pending] = await store.listPendingRequests({ owner: 'acme', repo: 'api', sha });
      expect(pending).toMatchObject({ state: 'pending', lastError: expect.any(String) });
      const held = github.reviews.filter((r) => r.runId === runId);
      expect(held.map((r) => r.body.state)).toEqual([undefined]);
      clock.now = pending!.nextEvaluationAt!;
      await app.sweeper.runOnce();
      expect(decisionsAt(runId).map((r) => r.body.state)).toEqual(['approved']);
    },
    20_000,
  );

  it('leaves an audit chain that verifies', async () => {
    const records = await store.listAudit();
    expect(
      verifyAuditChain(records, [{ keyId: signer.keyId, publicKey: signer.publicKey }], {
        expectedHead: await store.getAuditHead(),
      }),
    ).toMatchObject({ ok: true, count: records.length });
  });
});
