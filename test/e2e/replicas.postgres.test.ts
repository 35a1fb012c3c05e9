// Two App replicas (separate processes, separate pools) on one PostgreSQL schema and one fake
// GitHub: simultaneous sign-offs decide exactly once, and a replica killed between storing a
// decision and GitHub's answer is completed by the other's sweeper.
import { generateKeyPairSync } from 'node:crypto';
import nock from 'nock';
import pg from 'pg';
import { OUTBOX_LEASE_MS } from '../../app/drain-outbox.js';
import { createAuditSigner } from '../../src/audit/audit-signer.js';
import { verifyAuditChain } from '../../src/audit/verify-audit-chain.js';
import { openPostgresStore } from '../../src/store/open-postgres-store.js';
import type { Store } from '../../src/store/store.js';
import { FakeGitHub } from './fake-github.js';
import {
  approveComment,
  postWebhook,
  protectionRequest,
  startReplica,
  type Replica,
  type ReplicaEnv,
} from './replica-harness.js';

const url = process.env.DATABASE_URL;
const RACES = Number(process.env.SHIPGATE_RACE_ROUNDS ?? 100);
const SECRET = 'replica-webhook-secret';

if (!url) {
  describe('two App replicas on one PostgreSQL', () => {
    it.skip('needs DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test); skipped because it is unset', () =>
      undefined);
  });
} else {
  const schema = `sg_e2e_replicas_${process.pid}_${Math.floor(Math.random() * 1e9).toString(36)}`;
  const signingKey = generateKeyPairSync('ed25519').privateKey;
  const signer = createAuditSigner(signingKey);
  const appKey = generateKeyPairSync('rsa', { modulusLength: 2048 })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();
  let github: FakeGitHub;
  let store: Store;
  let a: Replica;
  let b: Replica;
  let c: Replica;
  let portB: number;
  let portC: number;
  let nextRun = 20_000;

  /** A fresh deployment waiting on 2 of 3 (alice, bob, carol): its run id, commit and PR. */
  async function openDeployment(via: Replica): Promise<{ runId: number; sha: string; pull: number }> {
    const runId = nextRun++;
    const sha = runId.toString(16).padStart(40, 'd');
    const pull = runId;
    github.addPull('acme', 'web', {
      number: pull,
      head_sha: sha,
      base_sha: 'b'.repeat(40),
      author: 'dave',
      commits: [{ sha, author: 'dave', committer: 'web-flow' }],
    });
    github.addRun('acme', 'web', runId, sha);
    expect(
      await postWebhook(
        via.url,
        SECRET,
        'deployment_protection_rule',
        protectionRequest(github.baseUrl, runId, sha, pull),
      ),
    ).toBe(200);
    return { runId, sha, pull };
  }

  const decisionsAt = (runId: number) =>
    github.reviews.filter((r) => r.runId === runId && r.body.state !== undefined);

  async function expectChainVerifies(): Promise<void> {
    const records = await store.listAudit();
    expect(
      verifyAuditChain(records, [{ keyId: signer.keyId, publicKey: signer.publicKey }], {
        expectedHead: await store.getAuditHead(),
      }),
    ).toMatchObject({ ok: true, count: records.length });
  }

  beforeAll(async () => {
    nock.enableNetConnect('127.0.0.1');
    github = new FakeGitHub();
    await github.start();
    const second = await github.listenAlso();
    const third = await github.listenAlso();
    portB = second.port;
    portC = third.port;
    github.files.set(
      'acme/web:.github/shipgate.yml',
      '_extends: .github\nenvironments:\n  production:\n    signoff: { allow_author: false }\n',
    );
    github.files.set(
      'acme/.github:.github/shipgate.yml',
      'environments:\n  production:\n    tiers:\n      high: { approvals: 2, from: ["team:acme/release"] }\n',
    );
    github.teams.set('acme/release', ['alice', 'bob', 'carol']);
    store = await openPostgresStore({ connectionString: url, schema, signer, maxConnections: 2 });
    const env = (worker: string, baseUrl: string): ReplicaEnv => ({
      DATABASE_URL: url,
      SHIPGATE_SCHEMA: schema,
      GITHUB_BASE_URL: baseUrl,
      WEBHOOK_SECRET: SECRET,
      APP_PRIVATE_KEY: appKey,
      SHIPGATE_SIGNING_KEY: signingKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      WORKER_ID: worker,
    });
    [a, b, c] = await Promise.all([
      startReplica(env('replica-a', github.baseUrl)),
      startReplica(env('replica-b', second.baseUrl)),
      startReplica(env('replica-c', third.baseUrl)),
    ]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop(), c?.stop()]);
    await store?.close();
    await github?.stop();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  }, 30_000);

  describe('two App replicas on one PostgreSQL', () => {
    it(`decide exactly once when two sign-offs arrive at once, ${RACES} times`, async () => {
      const doubled: number[] = [];
      const missing: number[] = [];
      for (let i = 0; i < RACES; i += 1) {
        const { runId, sha, pull } = await openDeployment(i % 2 === 0 ? a : b);
        const statuses = await Promise.all([
          postWebhook(a.url, SECRET, 'issue_comment', approveComment('alice', runId * 10 + 1, pull)),
          postWebhook(b.url, SECRET, 'issue_comment', approveComment('bob', runId * 10 + 2, pull)),
        ]);
        expect(statuses).toEqual([200, 200]);
        const calls = decisionsAt(runId);
        if (calls.length > 1) doubled.push(runId);
        if (calls.length === 0) missing.push(runId);
        expect(calls.map((call) => call.body.state)).toEqual(['approved']);
        const signoffs = await store.listSignOffs({
          owner: 'acme',
          repo: 'web',
          sha,
          environment: 'production',
        });
        expect(signoffs.map((s) => [s.login, s.accepted]).sort()).toEqual([
          ['alice', true],
          ['bob', true],
        ]);
      }
      expect({ doubled, missing }).toEqual({ doubled: [], missing: [] });
      // Nothing owed is left behind, and every request is decided.
      expect(await store.listPendingRequests({ owner: 'acme', repo: 'web' })).toEqual([]);
      await expectChainVerifies();
    }, 55_000);

    it.each([
      { crash: 'before GitHub took the answer', githubTookIt: false, completedAs: 204 },
      { crash: 'after GitHub took the answer, before it was recorded', githubTookIt: true, completedAs: 422 },
    ])(
      "completes the decision of a replica killed $crash from the other replica's sweeper",
      async ({ githubTookIt, completedAs }) => {
        const victim = githubTookIt ? 'replica-c' : 'replica-b';
        const dying = githubTookIt ? c : b;
        const dyingPort = githubTookIt ? portC : portB;
        const { runId, sha, pull } = await openDeployment(a);
        expect(
          await postWebhook(a.url, SECRET, 'issue_comment', approveComment('alice', runId * 10 + 1, pull)),
        ).toBe(200);
        const decisionCall = new RegExp(`^/repos/acme/web/actions/runs/${runId}/deployment_protection_rule$`);
        // The dying replica's approval call: GitHub never answers it, or takes it but answers late.
        if (githubTookIt)
          github.delays.push({ method: 'POST', path: decisionCall, delayMs: 300, localPort: dyingPort });
        else
          github.faults.push({
            method: 'POST',
            path: decisionCall,
            status: 0,
            times: 1,
            hold: true,
            localPort: dyingPort,
          });
        const delivered = postWebhook(
          dying.url,
          SECRET,
          'issue_comment',
          approveComment('bob', runId * 10 + 2, pull),
        ).catch(() => 'connection lost');
        const deadline = Date.now() + 10_000;
        const sent = () =>
          github.calls.some(
            (call) =>
              call.localPort === dyingPort &&
              decisionCall.test(call.path) &&
              (call.body as { state?: string })?.state,
          );
        while (!sent()) {
          if (Date.now() > deadline) throw new Error(`${victim} never made its approval call`);
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
        await dying.kill();
        expect(await delivered).toBe('connection lost');
        if (githubTookIt) {
          await new Promise((resolve) => setTimeout(resolve, 400));
          expect(decisionsAt(runId).map((r) => r.body.state)).toEqual(['approved']);
        } else {
          expect(decisionsAt(runId)).toEqual([]);
        }

        // Stored before the crash: both sign-offs, the decision, and the call it owes.
        expect(await store.listPendingRequests({ owner: 'acme', repo: 'web', sha })).toEqual([]);
        const signoffs = await store.listSignOffs({
          owner: 'acme',
          repo: 'web',
          sha,
          environment: 'production',
        });
        expect(signoffs.map((s) => s.login).sort()).toEqual(['alice', 'bob']);

        // While the dead replica's claim on the owed call lasts, A leaves it; after, A completes it once.
        a.setClockOffset(0);
        expect((await a.sweep()).outbox).toEqual({ sent: 0, retried: 0, abandoned: 0 });
        a.setClockOffset(OUTBOX_LEASE_MS + 1_000);
        expect((await a.sweep()).outbox).toEqual({ sent: 1, retried: 0, abandoned: 0 });
        expect((await a.sweep()).outbox).toEqual({ sent: 0, retried: 0, abandoned: 0 });
        expect(decisionsAt(runId).map((call) => call.body.state)).toEqual(['approved']);
        expect(github.runs.get(`acme/web/${runId}`)!.answered).toBe('approved');
        const request = (await store.listAudit()).find((r) => r.kind === 'decision' && r.sha === sha)!;
        const [owed] = await store.getOutbox(request.data.request_id as number);
        expect(owed).toMatchObject({
          done: true,
          outcome: 'sent',
          answer: expect.objectContaining({ status: completedAs }),
        });
        expect((await store.getRequest(request.data.request_id as number))!.state).toBe('approved');
        await expectChainVerifies();
      },
      30_000,
    );
  });
}
