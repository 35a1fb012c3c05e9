import nock from 'nock';
import { createAppDeps } from '../../app/shipgate-app.js';
import { runSweep } from '../../app/sweeper.js';
import { encodeRiskReport } from '../../src/report/risk-report-markers.js';
import type { Store } from '../../src/store/store.js';
import {
  API,
  HEAD,
  LARGE_CHANGE,
  loadEvent,
  mockCheckRunCreate,
  mockPolicy,
  mockPull,
  mockReview,
  mockRisk,
  mockStatusComment,
  verifyStoreAudit,
  type TestApp,
  useAppTestLifecycle,
} from './harness.js';

const NOW = new Date('2026-11-18T10:00:00Z');

let store: Store;
let app: TestApp;
useAppTestLifecycle(NOW, (opened) => ({ store, app } = opened));

/** low and trivial need nothing; medium and high need 2 of 3. */
const TIERED = `
environments:
  production:
    tiers:
      low: { approvals: 0 }
      medium: { approvals: 2, from: [alice, bob, carol] }
`;

function riskRun(appSlug: string, tier: string, headSha = HEAD, reportSha = HEAD) {
  return {
    id: 61,
    name: 'shipgate / risk',
    head_sha: headSha,
    app: { slug: appSlug },
    output: {
      title: 'risk',
      summary: '',
      text: `Risk\n\n${encodeRiskReport({ version: 1, sha: reportSha, score: tier === 'high' ? 90 : 5, tier: tier as 'high' })}`,
    },
  };
}

describe('the tier and the Action report', () => {
  it.each([
    {
      name: 'a forged high report from another app cannot raise a small change',
      files: undefined,
      runs: [riskRun('evil-app', 'high')],
      decision: 'approved',
      ignored: 1,
    },
    {
      name: 'a forged trivial report from another app cannot lower a large change',
      files: LARGE_CHANGE,
      runs: [riskRun('evil-app', 'trivial')],
      decision: 'pending',
      ignored: 1,
    },
    {
      name: "GitHub Actions' report for another commit is ignored",
      files: undefined,
      runs: [riskRun('github-actions', 'high', 'f'.repeat(40), 'f'.repeat(40))],
      decision: 'approved',
      ignored: 1,
    },
    {
      name: "GitHub Actions' report for the deployed commit raises the tier",
      files: undefined,
      runs: [riskRun('github-actions', 'high')],
      decision: 'pending',
      ignored: 0,
    },
  ])('$name', async ({ files, runs, decision, ignored }) => {
    const reviews: { state?: string }[] = [];
    mockPolicy(TIERED);
    mockPull();
    mockRisk({ files, checkRuns: runs });
    mockReview(reviews);
    mockStatusComment([], 'create');
    const checkRuns: { conclusion?: string }[] = [];
    mockCheckRunCreate(checkRuns);
    await app.receive('deployment_protection_rule', loadEvent('deployment_protection_rule.requested'));
    expect(reviews[0]!.state ?? 'pending').toBe(decision);
    const audit = await store.listAudit();
    expect(audit.filter((r) => r.kind === 'risk_report_ignored')).toHaveLength(ignored);
    const verdict = audit.find((r) => r.kind === 'verdict')!;
    expect(verdict.data.tier).toBe(decision === 'approved' ? 'low' : 'high');
    expect(checkRuns[0]!.conclusion).toBe(decision === 'approved' ? 'success' : 'action_required');
  });
});

describe('the approval call', () => {
  it.each([
    { status: 502, headers: {} as Record<string, string>, delayMs: 1_500 },
    { status: 429, headers: { 'retry-after': '120' }, delayMs: 120_000 },
    { status: 403, headers: { 'retry-after': '30' }, delayMs: 30_000 },
  ])(
    'is retried after a $status with backoff and delivered by the sweeper, never lost',
    async ({ status, headers, delayMs }) => {
      const bodies: unknown[] = [];
      mockPolicy(TIERED);
      mockPull();
      mockRisk();
      nock(API)
        .post('/repos/acme/web/actions/runs/4242/deployment_protection_rule', (b) => {
          bodies.push(b);
          return true;
        })
        .reply(status, { message: 'upstream trouble' }, headers);
      mockStatusComment([], 'create');
      await app.receive('deployment_protection_rule', loadEvent('deployment_protection_rule.requested'));

      const [request] = await store.listPendingRequests({ owner: 'acme', repo: 'web' }).then(async (p) => {
        expect(p).toEqual([]);
        const audit = await store.listAudit();
        return [await store.getRequest(audit[0]!.data.request_id as number)];
      });
      expect(request!.state).toBe('approved');
      const [owed] = await store.getOutbox(request!.id);
      expect(owed).toMatchObject({
        done: false,
        attempts: 1,
        nextAttemptAt: new Date(NOW.getTime() + delayMs),
      });

      const deps = createAppDeps(app.probot, { store, random: () => 0.5, workerId: 'sweeper-1' });
      // Not yet due.
      expect((await runSweep(deps, new Date(NOW.getTime() + delayMs - 1))).outbox).toEqual({
        sent: 0,
        retried: 0,
        abandoned: 0,
      });
      mockReview(bodies);
      mockCheckRunCreate([]);
      expect((await runSweep(deps, new Date(NOW.getTime() + delayMs))).outbox).toEqual({
        sent: 1,
        retried: 0,
        abandoned: 0,
      });
      expect(bodies).toHaveLength(2);
      expect(bodies[1]).toEqual(bodies[0]);
      expect(bodies[1]).toMatchObject({ environment_name: 'production', state: 'approved' });
      expect(await store.getOutbox(request!.id)).toEqual([
        expect.objectContaining({ done: true, outcome: 'sent', attempts: 2, answer: { status: 204 } }),
      ]);
      const calls = (await store.listAudit()).filter((r) => r.kind === 'github_call');
      expect(calls.map((c) => [c.data.status, c.data.outcome ?? 'sent'])).toEqual([
        [status, 'retry'],
        [204, 'sent'],
      ]);
      expect(await verifyStoreAudit(store)).toMatchObject({ ok: true });
    },
  );

  it('gives up when the run is gone (404), marks the request failed and tells the pull request', async () => {
    const notes: string[] = [];
    mockPolicy(TIERED);
    mockPull();
    mockRisk();
    mockReview([], { status: 404 });
    const checkRuns: { conclusion?: string; output?: { title?: string } }[] = [];
    mockCheckRunCreate(checkRuns);
    nock(API)
      .post('/repos/acme/web/issues/7/comments', (b: { body: string }) => {
        notes.push(b.body);
        return true;
      })
      .times(2)
      .reply(201, { id: 9001 });
    await app.receive('deployment_protection_rule', loadEvent('deployment_protection_rule.requested'));
    const audit = await store.listAudit();
    const request = await store.getRequest(audit[0]!.data.request_id as number);
    expect(request).toMatchObject({ state: 'failed' });
    expect(await store.getOutbox(request!.id)).toEqual([
      expect.objectContaining({ done: true, outcome: 'failed' }),
    ]);
    expect(notes[0]).toContain('GitHub refused the answer with 404');
    expect(checkRuns[0]).toMatchObject({
      conclusion: 'failure',
      output: { title: "shipgate's answer was not delivered to production" },
    });
    expect(audit.map((r) => r.kind)).toContain('error');
  });
});

describe('the 30-day limit', () => {
  it('rejects with an explanation when a request has waited 29 days', async () => {
    const reviews: unknown[] = [];
    mockPolicy(TIERED);
    mockPull();
    mockRisk({ files: LARGE_CHANGE });
    mockReview(reviews);
    mockStatusComment([], 'create');
    mockCheckRunCreate([]);
    await app.receive('deployment_protection_rule', loadEvent('deployment_protection_rule.requested'));
    const audit = await store.listAudit();
    const request = await store.getRequest(audit[0]!.data.request_id as number);
    const limit = new Date(NOW.getTime() + 29 * 24 * 3_600_000);
    expect(request!.nextEvaluationAt).toEqual(limit);

    mockPolicy(TIERED);
    mockPull();
    mockRisk({ files: LARGE_CHANGE });
    mockReview(reviews);
    mockStatusComment([], 'update');
    const checkRuns: { conclusion?: string }[] = [];
    mockCheckRunCreate(checkRuns);
    const deps = createAppDeps(app.probot, { store, random: () => 0.5, workerId: 'sweeper-1' });
    expect(await runSweep(deps, limit)).toMatchObject({ claimed: 1, decided: 1 });
    expect(checkRuns[0]!.conclusion).toBe('failure');
    expect(reviews[1]).toEqual({
      environment_name: 'production',
      state: 'rejected',
      comment: expect.stringContaining('GitHub fails a deployment left waiting 30 days. Still missing:'),
    });
  });
});
