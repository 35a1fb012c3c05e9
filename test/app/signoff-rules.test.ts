import nock from 'nock';
import { createAppDeps } from '../../app/shipgate-app.js';
import { runSweep } from '../../app/sweeper.js';
import type { Store } from '../../src/store/store.js';
import {
  commentEvent,
  HEAD,
  loadEvent,
  mockCheckRunCreate,
  mockPolicy,
  mockPull,
  mockReaction,
  mockReview,
  mockRisk,
  mockStatusComment,
  verifyStoreAudit,
  type TestApp,
  useAppTestLifecycle,
} from './harness.js';

const NOW = new Date('2026-11-18T10:00:00Z');
const E = 'e'.repeat(40);

let store: Store;
let app: TestApp;
useAppTestLifecycle(NOW, (opened) => ({ store, app } = opened));

function sweeperDeps() {
  return createAppDeps(app.probot, { store, random: () => 0.5, workerId: 'sweeper-1' });
}

/** A deployment request held on first look (status report, status comment, check run). */
async function requestHeld(
  policy: string,
  reviews: unknown[],
  comments: string[],
  risk: Parameters<typeof mockRisk>[0] = {},
) {
  mockPolicy(policy);
  mockPull();
  mockRisk(risk);
  mockReview(reviews);
  mockStatusComment(comments, 'create');
  mockCheckRunCreate([]);
  await app.receive('deployment_protection_rule', loadEvent('deployment_protection_rule.requested'));
}

const TWO_OF_THREE = `
environments:
  production:
    tiers:
      high: { approvals: 2, from: [alice, bob, carol, dave] }
    signoff: { allow_author: false }
`;

describe('sign-off eligibility', () => {
  it.each([
    {
      name: "the author's approval",
      login: 'dave',
      type: 'User',
      refusal: 'the author of the change cannot sign off on it (signoff.allow_author is false)',
    },
    { name: 'a bot', login: 'renovate[bot]', type: 'Bot', refusal: 'bots cannot sign off' },
    {
      name: 'someone not named',
      login: 'mallory',
      type: 'User',
      refusal: 'tiers.high: not one of the signers for this rule: alice, bob, carol, dave',
    },
  ])('refuses $name, reacts -1 and says why in the status comment', async ({ login, type, refusal }) => {
    const reviews: unknown[] = [];
    const comments: string[] = [];
    await requestHeld(TWO_OF_THREE, reviews, comments);

    const reactions: unknown[] = [];
    mockPull();
    if (type !== 'Bot') mockPolicy(TWO_OF_THREE);
    mockReaction(reactions, 5002);
    mockStatusComment(comments, 'update');
    await app.receive('issue_comment', commentEvent(login, '/shipgate approve production', 5002, type));

    expect(reactions).toEqual([{ content: '-1' }]);
    const signoffs = await store.listSignOffs({
      owner: 'acme',
      repo: 'web',
      sha: HEAD,
      environment: 'production',
    });
    expect(signoffs).toEqual([
      expect.objectContaining({
        login,
        kind: 'approve',
        accepted: false,
        refusalReason: refusal,
        source: 'comment',
      }),
    ]);
    expect(comments[1]).toContain(`${login.replace('[', '&#91;').replace(']', '&#93;')}: approval refused`);
    expect(comments[1]).toContain('A deployment of `ccccccc` to **production** is waiting for sign-off.');
    const audit = await store.listAudit();
    expect(audit.at(-1)).toMatchObject({
      kind: 'signoff_refused',
      actor: login,
      data: expect.objectContaining({ refusal }),
    });
    // Nothing was re-evaluated: still one status report.
    expect(reviews).toHaveLength(1);
  });

  it('answers a malformed command with a -1 and the usage, without echoing it', async () => {
    const reactions: unknown[] = [];
    const replies: string[] = [];
    mockReaction(reactions, 5003);
    nock('https://api.github.com')
      .post('/repos/acme/web/issues/7/comments', (body: { body: string }) => {
        replies.push(body.body);
        return true;
      })
      .reply(201, { id: 1 });
    await app.receive(
      'issue_comment',
      commentEvent('alice', '/shipgate approve ../../etc <img src=x>', 5003),
    );
    expect(reactions).toEqual([{ content: '-1' }]);
    expect(replies[0]).toContain('missing or invalid environment name');
    expect(replies[0]).not.toContain('<img');
    expect(await store.listPendingRequests({ owner: 'acme', repo: 'web' })).toEqual([]);
  });
});

describe('after a push', () => {
  it('says earlier sign-offs are stale, and they no longer count for the new commit', async () => {
    const reviews: unknown[] = [];
    const comments: string[] = [];
    await requestHeld(TWO_OF_THREE, reviews, comments);
    mockPull({ times: 2 });
    mockPolicy(TWO_OF_THREE, 2);
    mockReaction([], 5001);
    mockRisk();
    mockReview(reviews);
    mockStatusComment(comments, 'update');
    await app.receive('issue_comment', commentEvent('alice', '/shipgate approve production', 5001));

    mockPolicy(TWO_OF_THREE);
    mockStatusComment(comments, 'update');
    await app.receive('pull_request', loadEvent('pull_request.synchronize'));
    const last = comments.at(-1)!;
    expect(last).toContain('Sign-offs given for `ccccccc` are stale and no longer count');
    expect(last).toContain('**Sign-offs for `ddddddd`**\n\nNone yet.');
    expect(
      await store.listSignOffs({
        owner: 'acme',
        repo: 'web',
        sha: 'd'.repeat(40),
        environment: 'production',
      }),
    ).toEqual([]);
    expect((await store.listAudit()).at(-1)).toMatchObject({ kind: 'signoffs_stale', sha: HEAD });
  });
});

describe('freeze windows', () => {
  const FROZEN = `
environments:
  production:
    tiers:
      high: { approvals: 0 }
    freeze:
      - { name: launch, from: "2026-11-18T00:00", until: "2026-11-18T12:00", timezone: UTC }
    break_glass: { approvals: 1, from: [carol], reason: required }
`;

  it('holds during a freeze, and the sweeper approves when it ends', async () => {
    const reviews: unknown[] = [];
    const comments: string[] = [];
    await requestHeld(FROZEN, reviews, comments);
    expect(reviews[0]).toEqual({
      environment_name: 'production',
      comment: expect.stringContaining(
        "freeze 'launch' is active until 2026-11-18T12:00:00.000Z; the deployment is held until then (on_freeze: hold)",
      ),
    });
    const [request] = await store.listPendingRequests({ owner: 'acme', repo: 'web' });
    expect(request!.nextEvaluationAt).toEqual(new Date('2026-11-18T12:00:00.000Z'));

    // Before the end, nothing is due.
    expect(await runSweep(sweeperDeps(), new Date('2026-11-18T11:59:00Z'))).toMatchObject({ claimed: 0 });

    mockPolicy(FROZEN);
    mockPull();
    mockRisk();
    mockReview(reviews);
    mockStatusComment(comments, 'update');
    mockCheckRunCreate([]);
    const result = await runSweep(sweeperDeps(), new Date('2026-11-18T12:00:01Z'));
    expect(result).toMatchObject({ claimed: 1, decided: 1, pending: 0, errors: 0 });
    expect(reviews[1]).toEqual({
      environment_name: 'production',
      state: 'approved',
      comment: expect.stringContaining('tier low needs no sign-off'),
    });
    expect((await store.getRequest(request!.id))?.state).toBe('approved');
  });

  it('approves during a freeze with break-glass and its reason', async () => {
    const reviews: unknown[] = [];
    const comments: string[] = [];
    await requestHeld(FROZEN, reviews, comments);

    mockPull({ times: 2 });
    mockPolicy(FROZEN, 2);
    mockReaction([], 5004);
    mockRisk();
    mockReview(reviews);
    mockStatusComment(comments, 'update');
    mockCheckRunCreate([]);
    await app.receive(
      'issue_comment',
      commentEvent('carol', '/shipgate break-glass production checkout is down', 5004),
    );
    expect(reviews[1]).toEqual({
      environment_name: 'production',
      state: 'approved',
      comment: expect.stringContaining(
        "freeze 'launch' is active until 2026-11-18T12:00:00.000Z, and break-glass was given by carol (carol: checkout is down)",
      ),
    });
  });
});

describe('rollback guardrails', () => {
  const ROLLBACK = `
environments:
  production:
    tiers:
      high: { approvals: 0 }
    rollback: { cooldown: 30m, max: 2, per: 6h, escalate_to: [carol] }
`;

  it('escalates a rollback loop to the named group, and approves once they sign off', async () => {
    // c went out at 08:00, e at 09:00 (recorded from deployment_status events).
    const first = loadEvent('deployment_status.created');
    await app.receive('deployment_status', {
      ...first,
      deployment: { ...(first.deployment as object), id: 801, sha: HEAD },
      deployment_status: { ...(first.deployment_status as object), created_at: '2026-11-18T08:00:00Z' },
    });
    mockRisk({ base: HEAD, head: E, status: 'ahead', checkRuns: null });
    await app.receive('deployment_status', {
      ...first,
      deployment: { ...(first.deployment as object), id: 802, sha: E },
      deployment_status: {
        ...(first.deployment_status as object),
        id: 9902,
        created_at: '2026-11-18T09:00:00Z',
      },
    });
    const history = await store.listDeploymentStatuses({
      owner: 'acme',
      repo: 'web',
      environment: 'production',
      limit: 10,
    });
    expect(history.map((h) => [h.sha, h.isRollback])).toEqual([
      [E, false],
      [HEAD, false],
    ]);

    // Deploying c again: an ancestor of the current e, deployed 2 h ago: a loop.
    const reviews: unknown[] = [];
    const comments: string[] = [];
    await requestHeld(ROLLBACK, reviews, comments, { base: E, status: 'behind' });
    expect(reviews[0]).toEqual({
      environment_name: 'production',
      comment: expect.stringContaining("rollback guardrail 'loop' tripped"),
    });
    expect((reviews[0] as { comment: string }).comment).toContain(
      'the escalated rollback needs 1 more approval from carol',
    );

    mockPull({ times: 2 });
    mockPolicy(ROLLBACK, 2);
    mockReaction([], 5005);
    mockRisk({ base: E, status: 'behind' });
    mockReview(reviews);
    mockStatusComment(comments, 'update');
    mockCheckRunCreate([]);
    await app.receive('issue_comment', commentEvent('carol', '/shipgate approve production', 5005));
    expect(reviews[1]).toMatchObject({ environment_name: 'production', state: 'approved' });
    const verdicts = (await store.listAudit()).filter((r) => r.kind === 'verdict');
    expect(verdicts[0]!.data).toMatchObject({
      is_rollback: true,
      rollback_tripped: ['loop'],
      base_source: 'environment',
    });
  });
});

describe('advise mode', () => {
  it('approves and says it would have been held, and why', async () => {
    const reviews: unknown[] = [];
    const comments: string[] = [];
    mockPolicy(TWO_OF_THREE.replace('tiers:', 'mode: advise\n    tiers:'));
    mockPull();
    mockRisk();
    mockReview(reviews);
    mockStatusComment(comments, 'create');
    const checkRuns: unknown[] = [];
    mockCheckRunCreate(checkRuns);
    await app.receive('deployment_protection_rule', loadEvent('deployment_protection_rule.requested'));
    expect(checkRuns).toEqual([expect.objectContaining({ conclusion: 'success', actions: [] })]);
    expect(reviews).toEqual([
      {
        environment_name: 'production',
        state: 'approved',
        comment: expect.stringMatching(
          /^shipgate \(advise mode\) approved ccccccc for production \(tier low\), but it would have been held because:\n- tiers\.high .*needs 2 more approvals/,
        ),
      },
    ]);
    expect(comments[0]).toContain('advise mode: would have been held');
  });
});

describe('an invalid policy', () => {
  it('holds the deployment with file:line:col in the status report, and keeps it for a retry', async () => {
    const reviews: unknown[] = [];
    const comments: string[] = [];
    mockPolicy('environments:\n  production:\n    tiers:\n      high: { approvals: two }\n');
    mockReview(reviews);
    mockStatusComment(comments, 'create');
    await app.receive('deployment_protection_rule', loadEvent('deployment_protection_rule.requested'));
    expect(reviews).toEqual([
      {
        environment_name: 'production',
        comment: expect.stringMatching(
          /approves nothing until it can evaluate it: the policy is invalid: \.github\/shipgate\.yml:4:\d+: environments\.production\.tiers\.high\.approvals: /,
        ),
      },
    ]);
    expect(comments[0]).toContain('could not evaluate this deployment and approves nothing');
    const [request] = await store.listPendingRequests({ owner: 'acme', repo: 'web' });
    expect(request).toMatchObject({
      state: 'pending',
      attempts: 1,
      nextEvaluationAt: new Date(NOW.getTime() + 45_000),
    });
    expect(request!.lastError).toContain('.github/shipgate.yml:4:');
    expect((await store.listAudit()).map((r) => r.kind)).toEqual([
      'request_received',
      'error',
      'status_report',
    ]);
  });
});

describe('redelivery', () => {
  it('processes a webhook redelivered with the same delivery id once', async () => {
    const reviews: unknown[] = [];
    const comments: string[] = [];
    mockPolicy(TWO_OF_THREE);
    mockPull();
    mockRisk();
    mockReview(reviews);
    mockStatusComment(comments, 'create');
    mockCheckRunCreate([]);
    const event = loadEvent('deployment_protection_rule.requested');
    await app.receive('deployment_protection_rule', event, 'same-delivery');
    await app.receive('deployment_protection_rule', event, 'same-delivery');
    expect(reviews).toHaveLength(1);
    expect((await store.listAudit()).filter((r) => r.kind === 'request_received')).toHaveLength(1);
    expect(await verifyStoreAudit(store)).toMatchObject({ ok: true });
  });
});

describe('status reports', () => {
  it('stops at 10 per deployment and then only updates the status comment', async () => {
    const reviews: unknown[] = [];
    const comments: string[] = [];
    await requestHeld(TWO_OF_THREE, reviews, comments);
    const [request] = await store.listPendingRequests({ owner: 'acme', repo: 'web' });
    for (let i = 2; i <= 10; i++) expect(await store.takeStatusReportSlot(request!.id, 10)).toBe(i);

    mockPull({ times: 2 });
    mockPolicy(TWO_OF_THREE, 2);
    mockReaction([], 5006);
    mockRisk();
    mockStatusComment(comments, 'update');
    await app.receive('issue_comment', commentEvent('alice', '/shipgate approve production', 5006));
    expect(reviews).toHaveLength(1);
    expect(comments.at(-1)).toContain(
      'needs 1 more approval from alice, bob, carol, dave &#40;have 1: alice&#41;',
    );
    expect((await store.listAudit()).filter((r) => r.kind === 'status_report').at(-1)!.data).toMatchObject({
      posted: false,
    });
  });
});

describe('revoke', () => {
  it('withdraws an earlier approval', async () => {
    const reviews: { comment?: string }[] = [];
    const comments: string[] = [];
    await requestHeld(TWO_OF_THREE, reviews, comments);
    for (const [id, text, at] of [
      [5007, '/shipgate approve production', '2026-11-18T10:01:00Z'],
      [5008, '/shipgate revoke production', '2026-11-18T10:02:00Z'],
    ] as const) {
      app.clock.now = new Date(at);
      mockPull({ times: 2 });
      mockPolicy(TWO_OF_THREE, 2);
      mockReaction([], id);
      mockRisk();
      mockReview(reviews);
      mockStatusComment(comments, 'update');
      await app.receive('issue_comment', commentEvent('alice', text, id));
    }
    expect(reviews[1]!.comment).toContain('needs 1 more approval');
    expect(reviews[2]!.comment).toContain('needs 2 more approvals');
    expect(comments.at(-1)).toContain('✔ alice revoked their sign-off');
  });
});
