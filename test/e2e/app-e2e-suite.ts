import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sign } from '@octokit/webhooks-methods';
import nock from 'nock';
import { startAppServer, type AppServer } from '../../app/start-app-server.js';
import { createAuditSigner } from '../../src/audit/audit-signer.js';
import { verifyAuditChain } from '../../src/audit/verify-audit-chain.js';
import type { AuditSigner } from '../../src/audit/audit-signer.js';
import type { Store } from '../../src/store/store.js';
import { FakeGitHub } from './fake-github.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const SECRET = 'e2e-webhook-secret';
const HEAD = 'c'.repeat(40);
const BASE = 'b'.repeat(40);
export const signer: AuditSigner = createAuditSigner(generateKeyPairSync('ed25519').privateKey);
const privateKey = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

function loadEvent(name: string): Record<string, unknown> {
  return JSON.parse(
    readFileSync(path.join(here, '..', 'fixtures', 'events', `${name}.json`), 'utf8'),
  ) as Record<string, unknown>;
}

/**
 * The end-to-end suite: the App as a real server on a loopback port, against the fake GitHub,
 * on the store `openStore` gives.
 */
export function describeAppEndToEnd(
  adapter: 'pglite' | 'postgres',
  openStore: (now: Date) => Promise<Store>,
): void {
  const clock = { now: new Date('2026-11-18T10:00:00Z') };
  let github: FakeGitHub;
  let store: Store;
  let app: AppServer;
  let deliveries = 0;

  async function post(name: string, payload: unknown, signature?: string): Promise<Response> {
    const body = JSON.stringify(payload);
    return fetch(`${app.url}/api/github/webhooks`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': name,
        'x-github-delivery': `e2e-${++deliveries}`,
        'x-hub-signature-256': signature ?? (await sign(SECRET, body)),
      },
      body,
    });
  }

  function comment(login: string, text: string, id: number) {
    const event = loadEvent('issue_comment.created');
    return {
      ...event,
      comment: { ...(event.comment as object), id, body: text, user: { login, id, type: 'User' } },
      sender: { login, id, type: 'User' },
    };
  }

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    github = new FakeGitHub();
    await github.start();
    github.files.set(
      'acme/web:.github/shipgate.yml',
      '_extends: .github\nenvironments:\n  production:\n    signoff: { allow_author: false }\n',
    );
    github.files.set(
      'acme/.github:.github/shipgate.yml',
      'environments:\n  production:\n    tiers:\n      high: { approvals: 2, from: ["team:acme/release"] }\n',
    );
    github.teams.set('acme/release', ['alice', 'bob', 'carol']);
    github.addPull('acme', 'web', {
      number: 7,
      head_sha: HEAD,
      base_sha: BASE,
      author: 'dave',
      commits: [{ sha: HEAD, author: 'dave', committer: 'web-flow' }],
    });
    github.addRun('acme', 'web', 4242, HEAD);
    store = await openStore(clock.now);
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
      logLevel: 'fatal',
    });
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    await store?.close();
    await github?.stop();
    nock.enableNetConnect();
  });

  describe(`the App over real HTTP against a fake GitHub (${adapter})`, () => {
    it('reports healthy when the store answers', async () => {
      const res = await fetch(`${app.url}/healthz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: 'ok', store: { ok: true, adapter } });
    });

    it('walks a 2-of-3 approval (team from the org policy) through to the approval call', async () => {
      const requested = loadEvent('deployment_protection_rule.requested');
      requested.deployment_callback_url = `${github.baseUrl}/repos/acme/web/actions/runs/4242/deployment_protection_rule`;
      expect((await post('deployment_protection_rule', requested)).status).toBe(200);
      expect(github.reviews).toHaveLength(1);
      expect(github.reviews[0]!.body).toEqual({
        environment_name: 'production',
        comment: expect.stringContaining('needs 2 more approvals from team:acme/release'),
      });
      expect(github.checkRuns.map((r) => r.name)).toEqual(['shipgate / production']);

      // The author cannot sign off; alice and bob (team members) can.
      clock.now = new Date('2026-11-18T10:01:00Z');
      expect((await post('issue_comment', comment('dave', '/shipgate approve production', 501))).status).toBe(
        200,
      );
      clock.now = new Date('2026-11-18T10:02:00Z');
      expect(
        (await post('issue_comment', comment('alice', '/shipgate approve production', 502))).status,
      ).toBe(200);
      expect(github.reviews).toHaveLength(2);
      clock.now = new Date('2026-11-18T10:03:00Z');
      expect((await post('issue_comment', comment('bob', '/shipgate approve production', 503))).status).toBe(
        200,
      );

      expect(github.reviews).toHaveLength(3);
      expect(github.reviews[2]!.body).toEqual({
        environment_name: 'production',
        state: 'approved',
        comment: expect.stringContaining('2 of 2 (alice, bob)'),
      });
      expect(github.runs.get('acme/web/4242')!.answered).toBe('approved');
      expect(github.checkRuns.map((r) => [r.name, (r.body as { conclusion: string }).conclusion])).toEqual([
        ['shipgate / production', 'action_required'],
        ['shipgate / production', 'success'],
      ]);
      expect(github.reactions.map((r) => [r.commentId, r.content])).toEqual([
        [501, '-1'],
        [502, '+1'],
        [503, '+1'],
      ]);
      // One status comment for the PR and environment, updated in place.
      const statusComments = [...github.comments.values()].filter((c) =>
        c.body.includes('### shipgate · production'),
      );
      expect(statusComments).toHaveLength(1);
      expect(statusComments[0]!.updates).toBeGreaterThanOrEqual(3);
      expect(statusComments[0]!.body).toContain('dave: approval refused');
      // Team members came from the API once and then from the cache.
      expect(github.calls.filter((c) => c.path === '/orgs/acme/teams/release/members')).toHaveLength(1);

      const records = await store.listAudit();
      expect(
        verifyAuditChain(records, [{ keyId: signer.keyId, publicKey: signer.publicKey }], {
          expectedHead: await store.getAuditHead(),
        }),
      ).toMatchObject({ ok: true, count: records.length });
      expect(records.map((r) => r.kind)).toEqual(
        expect.arrayContaining([
          'request_received',
          'signoff_refused',
          'signoff_accepted',
          'verdict',
          'decision',
          'github_call',
        ]),
      );
    });

    it('answers a webhook with a bad signature with 401 and stores nothing', async () => {
      const before = (await store.listAudit()).length;
      const requested = loadEvent('deployment_protection_rule.requested');
      requested.deployment_callback_url = `${github.baseUrl}/repos/acme/web/actions/runs/5353/deployment_protection_rule`;
      const calls = github.calls.length;
      const res = await post('deployment_protection_rule', requested, `sha256=${'0'.repeat(64)}`);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: expect.stringContaining('WEBHOOK_SECRET') });
      expect((await store.listAudit()).length).toBe(before);
      expect(await store.listPendingRequests({ owner: 'acme', repo: 'web' })).toEqual([]);
      expect(github.calls.length).toBe(calls);
    });

    it('reads the commit from the workflow run when the event has no deployment, and delivers an approval after a 502', async () => {
      github.files.set(
        'acme/api:.github/shipgate.yml',
        'environments:\n  staging:\n    tiers:\n      high: { approvals: 0 }\n',
      );
      const sha = 'a'.repeat(40);
      github.addRun('acme', 'api', 777, sha);
      github.faults.push({
        method: 'POST',
        path: /^\/repos\/acme\/api\/actions\/runs\/777\/deployment_protection_rule$/,
        status: 502,
        times: 1,
      });
      const requested = loadEvent('deployment_protection_rule.requested');
      const event = {
        ...requested,
        environment: 'staging',
        deployment: undefined,
        pull_requests: undefined,
        deployment_callback_url: `${github.baseUrl}/repos/acme/api/actions/runs/777/deployment_protection_rule`,
        repository: { ...(requested.repository as object), name: 'api', full_name: 'acme/api' },
      };
      clock.now = new Date('2026-11-18T11:00:00Z');
      expect((await post('deployment_protection_rule', event)).status).toBe(200);
      expect(github.runs.get('acme/api/777')!.answered).toBeNull();
      const waiting = await store.listAudit();
      const decision = waiting.filter((r) => r.kind === 'decision').at(-1)!;
      expect(decision).toMatchObject({
        repo: 'acme/api',
        sha,
        data: expect.objectContaining({ state: 'approved' }),
      });

      // The sweeper of this server makes the owed call once it is due (2 s backoff at most).
      clock.now = new Date('2026-11-18T11:00:02Z');
      expect(await app.sweeper.runOnce()).toMatchObject({ outbox: { sent: 1, retried: 0, abandoned: 0 } });
      expect(github.runs.get('acme/api/777')!.answered).toBe('approved');
      const approvals = github.reviews.filter((r) => r.runId === 777);
      expect(approvals).toEqual([
        expect.objectContaining({
          body: expect.objectContaining({ environment_name: 'staging', state: 'approved' }),
        }),
      ]);
    });

    it('rejects when a signer clicks Reject on the check run', async () => {
      const sha = 'f'.repeat(40);
      github.addPull('acme', 'web', {
        number: 8,
        head_sha: sha,
        base_sha: BASE,
        author: 'erin',
        commits: [{ sha, author: 'erin', committer: 'web-flow' }],
      });
      github.addRun('acme', 'web', 4343, sha);
      const requested = loadEvent('deployment_protection_rule.requested');
      clock.now = new Date('2026-11-18T12:00:00Z');
      expect(
        (
          await post('deployment_protection_rule', {
            ...requested,
            deployment: { ...(requested.deployment as object), id: 902, sha },
            pull_requests: [{ number: 8, head: { sha }, base: { sha: BASE } }],
            deployment_callback_url: `${github.baseUrl}/repos/acme/web/actions/runs/4343/deployment_protection_rule`,
          })
        ).status,
      ).toBe(200);
      const click = loadEvent('check_run.requested_action');
      clock.now = new Date('2026-11-18T12:01:00Z');
      expect(
        (
          await post('check_run', {
            ...click,
            check_run: { ...(click.check_run as object), head_sha: sha, pull_requests: [{ number: 8 }] },
            requested_action: { identifier: 'reject' },
            sender: { login: 'carol', id: 304, type: 'User' },
          })
        ).status,
      ).toBe(200);
      expect(github.runs.get('acme/web/4343')!.answered).toBe('rejected');
      expect(github.reviews.filter((r) => r.runId === 4343).at(-1)!.body).toEqual({
        environment_name: 'production',
        state: 'rejected',
        comment: expect.stringContaining(
          'rejected by carol: rejected with the Reject button on the check run',
        ),
      });
      const records = await store.listAudit();
      expect(
        verifyAuditChain(records, [{ keyId: signer.keyId, publicKey: signer.publicKey }], {
          expectedHead: await store.getAuditHead(),
        }),
      ).toMatchObject({ ok: true });
    });
  });
}
