// The App as production runs it (githubPacing on, the default) against the fake GitHub over real
// HTTP: a read that fails for a moment is retried, decisions reach GitHub at once, and the
// reports of one installation (check runs, comments) start at least a second apart.
import { generateKeyPairSync } from 'node:crypto';
import nock from 'nock';
import { REPORT_GAP_MS, startAppServer, type AppServer } from '../../app/start-app-server.js';
import { createAuditSigner } from '../../src/audit/audit-signer.js';
import { openPgliteStore } from '../../src/store/open-pglite-store.js';
import type { Store } from '../../src/store/store.js';
import { FakeGitHub } from './fake-github.js';
import { loadEvent, postWebhook } from './replica-harness.js';

const SECRET = 'pacing-webhook-secret';
const signer = createAuditSigner(generateKeyPairSync('ed25519').privateKey);
const privateKey = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();
/** Timers may fire a little early or late; a gap is paced if it is at least this. */
const GAP_SLACK_MS = 50;

let github: FakeGitHub;
let store: Store;
let app: AppServer;
let nextRun = 7_000;

/** A deployment of acme/api to staging (approved at once) for a pull request of its own. */
function deployment() {
  const runId = nextRun++;
  const sha = runId.toString(16).padStart(40, 'f');
  github.addPull('acme', 'api', {
    number: runId,
    head_sha: sha,
    base_sha: 'b'.repeat(40),
    author: 'dave',
    commits: [{ sha, author: 'dave', committer: 'web-flow' }],
  });
  github.addRun('acme', 'api', runId, sha);
  const requested = loadEvent('deployment_protection_rule.requested');
  const payload = {
    ...requested,
    environment: 'staging',
    deployment: { ...(requested.deployment as object), id: runId + 50_000, sha, environment: 'staging' },
    pull_requests: [{ number: runId, head: { sha }, base: { sha: 'b'.repeat(40) } }],
    deployment_callback_url: `${github.baseUrl}/repos/acme/api/actions/runs/${runId}/deployment_protection_rule`,
    repository: { ...(requested.repository as object), name: 'api', full_name: 'acme/api' },
  };
  return { runId, send: () => postWebhook(app.url, SECRET, 'deployment_protection_rule', payload) };
}

const isReport = (c: { method: string; path: string }) =>
  (c.method === 'POST' && /^\/repos\/acme\/api\/check-runs$/.test(c.path)) ||
  (c.method === 'POST' && /^\/repos\/acme\/api\/issues\/\d+\/comments$/.test(c.path)) ||
  (c.method === 'PATCH' && /^\/repos\/acme\/api\/issues\/comments\/\d+$/.test(c.path));

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  github = new FakeGitHub();
  await github.start();
  github.files.set(
    'acme/api:.github/shipgate.yml',
    'environments:\n  staging:\n    tiers:\n      high: { approvals: 0 }\n',
  );
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
    logLevel: 'fatal',
  });
}, 60_000);

afterAll(async () => {
  await app?.stop();
  await store?.close();
  await github?.stop();
  nock.enableNetConnect();
});

describe('the App with production pacing', () => {
  it('retries a read that failed with 503 and approves', async () => {
    const { runId, send } = deployment();
    github.faults.push({ method: 'GET', path: /^\/repos\/acme\/api\/contents\//, status: 503, times: 1 });
    const before = github.calls.length;
    expect(await send()).toBe(200);
    const policyReads = github.calls
      .slice(before)
      .filter((c) => c.method === 'GET' && c.path.startsWith('/repos/acme/api/contents/'));
    expect(policyReads).toHaveLength(2);
    expect(github.reviews.filter((r) => r.runId === runId).map((r) => r.body.state)).toEqual(['approved']);
  }, 30_000);

  it('sends every decision at once and spaces the reports a second apart', async () => {
    // Let reports of earlier tests finish, so the gaps measured are this burst's.
    await new Promise((resolve) => setTimeout(resolve, REPORT_GAP_MS + 200));
    const burst = [deployment(), deployment(), deployment()];
    const before = github.calls.length;
    expect(await Promise.all(burst.map((d) => d.send()))).toEqual([200, 200, 200]);
    const calls = github.calls.slice(before);
    const approvals = calls.filter(
      (c) =>
        c.method === 'POST' &&
        /\/deployment_protection_rule$/.test(c.path) &&
        (c.body as { state?: string }).state === 'approved',
    );
    expect(approvals).toHaveLength(3);
    const reports = calls.filter(isReport).map((c) => c.receivedAt);
    // No approval waited behind reports: had they queued together, the third approval would come
    // after at least two reports; all three reach GitHub before the third report.
    for (const a of approvals) expect(a.receivedAt).toBeLessThan(reports[2]!);
    // Per deployment: the check run that concludes it and the pull request's status comment.
    expect(reports).toHaveLength(6);
    for (let i = 1; i < reports.length; i += 1)
      expect(reports[i]! - reports[i - 1]!).toBeGreaterThanOrEqual(REPORT_GAP_MS - GAP_SLACK_MS);
  }, 30_000);
});
