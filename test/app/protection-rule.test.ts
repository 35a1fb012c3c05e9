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
const TWO_OF_THREE = `
environments:
  production:
    tiers:
      high: { approvals: 2, from: [alice, bob, carol] }
    signoff: { allow_author: false }
`;

let store: Store;
let app: TestApp;
useAppTestLifecycle(NOW, (opened) => ({ store, app } = opened));

async function requestDeployment(reviews: unknown[], comments: string[], checkRuns: unknown[] = []) {
  mockPolicy(TWO_OF_THREE);
  mockPull();
  mockRisk();
  mockReview(reviews);
  mockStatusComment(comments, 'create');
  mockCheckRunCreate(checkRuns);
  await app.receive('deployment_protection_rule', loadEvent('deployment_protection_rule.requested'));
}

describe('deployment_protection_rule.requested → sign-off → approval', () => {
  it('holds with a status report, then approves once 2 of 3 signed off (comment and check-run button)', async () => {
    const reviews: unknown[] = [];
    const comments: string[] = [];
    const checkRuns: unknown[] = [];
    await requestDeployment(reviews, comments, checkRuns);

    expect(reviews).toEqual([
      {
        environment_name: 'production',
        comment: expect.stringContaining(
          'tiers.high (no rule for low; the stricter high applies) needs 2 more approvals from alice, bob, carol',
        ),
      },
    ]);
    expect(reviews[0]).not.toHaveProperty('state');
    expect((reviews[0] as { comment: string }).comment.length).toBeLessThanOrEqual(1024);
    expect(comments[0]).toContain('### shipgate · production');
    expect(checkRuns).toEqual([
      expect.objectContaining({
        name: 'shipgate / production',
        head_sha: HEAD,
        status: 'completed',
        conclusion: 'action_required',
        actions: [
          { label: 'Approve', description: 'Sign off on deploying this commit', identifier: 'approve' },
          { label: 'Reject', description: 'Reject deploying this commit', identifier: 'reject' },
        ],
      }),
    ]);
    const [request] = await store.listPendingRequests({ owner: 'acme', repo: 'web' });
    expect(request).toMatchObject({
      runId: 4242,
      deploymentId: 901,
      sha: HEAD,
      pullNumbers: [7],
      environment: 'production',
    });

    // alice signs off with a comment: accepted, one more needed.
    const reactions: unknown[] = [];
    app.clock.now = new Date('2026-11-18T10:05:00Z');
    mockPull({ times: 2 });
    mockPolicy(TWO_OF_THREE, 2);
    mockReaction(reactions, 5001);
    mockRisk();
    mockReview(reviews);
    mockStatusComment(comments, 'update');
    await app.receive('issue_comment', commentEvent('alice', '/shipgate approve production', 5001));
    expect(reactions).toEqual([{ content: '+1' }]);
    expect(reviews[1]).toEqual({
      environment_name: 'production',
      comment: expect.stringContaining('needs 1 more approval from alice, bob, carol (have 1: alice)'),
    });
    expect(comments[1]).toContain('✔ alice approved (comment');

    // bob clicks Approve on the check run: 2 of 3, the deployment is approved.
    app.clock.now = new Date('2026-11-18T10:06:00Z');
    mockPull({ times: 2 });
    mockPolicy(TWO_OF_THREE, 2);
    mockRisk();
    mockReview(reviews);
    mockStatusComment(comments, 'update');
    mockCheckRunCreate(checkRuns);
    await app.receive('check_run', loadEvent('check_run.requested_action'));
    expect(reviews[2]).toEqual({
      environment_name: 'production',
      state: 'approved',
      comment: expect.stringContaining(
        'every requirement is met: tiers.high (no rule for low; the stricter high applies): 2 of 2 (alice, bob)',
      ),
    });
    expect(comments[2]).toContain('Approved');
    // The check run is replaced by a completed one without buttons.
    expect(checkRuns[1]).toEqual(
      expect.objectContaining({
        name: 'shipgate / production',
        head_sha: HEAD,
        conclusion: 'success',
        output: expect.objectContaining({ title: 'Approved for production' }),
        actions: [],
      }),
    );

    const stored = await store.getRequest(request!.id);
    expect(stored?.state).toBe('approved');
    const outbox = await store.getOutbox(request!.id);
    expect(outbox).toEqual([
      expect.objectContaining({ done: true, outcome: 'sent', answer: { status: 204 } }),
    ]);
    const kinds = (await store.listAudit()).map((r) => r.kind);
    expect(kinds).toEqual([
      'request_received',
      'verdict',
      'status_report',
      'signoff_accepted',
      'verdict',
      'status_report',
      'signoff_accepted',
      'verdict',
      'decision',
      'github_call',
    ]);
    expect(await verifyStoreAudit(store)).toMatchObject({ ok: true, count: 10 });
  });
});
