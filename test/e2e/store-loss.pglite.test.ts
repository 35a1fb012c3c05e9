// The App on the embedded store (PGlite), killed with SIGKILL while it stores requests, sign-offs,
// decisions and the GitHub calls they owe. The store must reopen with an audit chain that verifies
// (or whose break `audit verify` names), with every decision and its owed call together, and a
// restarted App must finish what was owed without approving anything twice.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import nock from 'nock';
import { OUTBOX_LEASE_MS } from '../../app/drain-outbox.js';
import { createAuditSigner } from '../../src/audit/audit-signer.js';
import { verifyAuditChain } from '../../src/audit/verify-audit-chain.js';
import { openPgliteStore } from '../../src/store/open-pglite-store.js';
import { FakeGitHub } from './fake-github.js';
import {
  approveComment,
  postWebhook,
  protectionRequest,
  startReplica,
  type ReplicaEnv,
} from './replica-harness.js';

const SECRET = 'store-loss-secret';
const signingKey = generateKeyPairSync('ed25519').privateKey;
const signer = createAuditSigner(signingKey);
const appKey = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

let github: FakeGitHub;
let dir: string;
let nextRun = 30_000;

function env(worker: string): ReplicaEnv {
  return {
    SHIPGATE_DATA_DIR: dir,
    GITHUB_BASE_URL: github.baseUrl,
    WEBHOOK_SECRET: SECRET,
    APP_PRIVATE_KEY: appKey,
    SHIPGATE_SIGNING_KEY: signingKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    WORKER_ID: worker,
  };
}

/** One 2-of-3 deployment walked to its approval: a request, then two sign-offs at once. */
async function walkDeployment(appUrl: string): Promise<void> {
  const runId = nextRun++;
  const sha = runId.toString(16).padStart(40, 'a');
  github.addPull('acme', 'web', {
    number: runId,
    head_sha: sha,
    base_sha: 'b'.repeat(40),
    author: 'dave',
    commits: [{ sha, author: 'dave', committer: 'web-flow' }],
  });
  github.addRun('acme', 'web', runId, sha);
  await postWebhook(
    appUrl,
    SECRET,
    'deployment_protection_rule',
    protectionRequest(github.baseUrl, runId, sha, runId),
  );
  await Promise.all([
    postWebhook(appUrl, SECRET, 'issue_comment', approveComment('alice', runId * 10 + 1, runId)),
    postWebhook(appUrl, SECRET, 'issue_comment', approveComment('bob', runId * 10 + 2, runId)),
  ]);
}

beforeAll(async () => {
  nock.enableNetConnect('127.0.0.1');
  dir = mkdtempSync(path.join(os.tmpdir(), 'shipgate-store-loss-'));
  github = new FakeGitHub();
  await github.start();
  github.files.set(
    'acme/web:.github/shipgate.yml',
    'environments:\n  production:\n    tiers:\n      high: { approvals: 2, from: ["team:acme/release"] }\n',
  );
  github.teams.set('acme/release', ['alice', 'bob', 'carol']);
  // A slow answer to the decision call widens the window between a stored decision and GitHub's answer.
  github.delays.push({ method: 'POST', path: /\/deployment_protection_rule$/, delayMs: 150 });
});

afterAll(async () => {
  await github?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the App on the embedded store, killed mid-write', () => {
  it.each([{ killAfterMs: 1_500 }, { killAfterMs: 2_300 }, { killAfterMs: 3_100 }])(
    'reopens consistent and finishes what was owed (SIGKILL $killAfterMs ms into the load)',
    async ({ killAfterMs }) => {
      const replica = await startReplica(env(`writer-${killAfterMs}`));
      let killed = false;
      const load = Promise.all(
        Array.from({ length: 4 }, async () => {
          while (!killed) await walkDeployment(replica.url).catch(() => undefined);
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, killAfterMs));
      await replica.kill();
      killed = true;
      await load;

      const store = await openPgliteStore({ dataDir: dir, signer });
      let owed: number[];
      try {
        expect((await store.healthCheck()).ok).toBe(true);
        const records = await store.listAudit();
        expect(records.length).toBeGreaterThan(0);
        const verdict = verifyAuditChain(records, [{ keyId: signer.keyId, publicKey: signer.publicKey }], {
          expectedHead: await store.getAuditHead(),
        });
        // Committed transactions survive a SIGKILL (PostgreSQL's WAL), so the chain holds; were it
        // broken, the verdict would name the first bad record (seq, reason) in this failure.
        expect(verdict).toMatchObject({ ok: true });

        // A decision and the call it owes are stored together, and only for a decided request.
        owed = [];
        for (const record of records.filter((r) => r.kind === 'decision')) {
          const request = await store.getRequest(record.data.request_id as number);
          expect(request?.state).toBe(record.data.state);
          const outbox = await store.getOutbox(request!.id);
          expect(outbox).toHaveLength(1);
          if (!outbox[0]!.done) owed.push(request!.id);
        }
        // Every accepted sign-off in the audit log is in the store, and the other way round.
        for (const record of records.filter((r) => r.kind === 'signoff_accepted')) {
          const signoffs = await store.listSignOffs({
            owner: 'acme',
            repo: 'web',
            sha: record.sha!,
            environment: 'production',
          });
          expect(signoffs.map((s) => s.id)).toContain(record.data.signoff_id);
        }
        // Whatever GitHub approved, the store knows it decided.
        for (const review of github.reviews.filter((r) => r.body.state)) {
          const decided = records.find(
            (r) =>
              r.kind === 'decision' &&
              r.data.state === 'approved' &&
              r.sha === github.runs.get(`acme/web/${review.runId}`)!.head_sha,
          );
          expect(decided).toBeDefined();
        }
      } finally {
        await store.close();
      }

      // A restarted App makes the calls still owed, once their claims ran out; none twice.
      const restarted = await startReplica(env(`restart-${killAfterMs}`));
      try {
        restarted.setClockOffset(OUTBOX_LEASE_MS + 60_000);
        await restarted.sweep();
      } finally {
        await restarted.stop();
      }
      const approvals = github.reviews.filter((r) => r.body.state).map((r) => r.runId);
      expect(approvals.length).toBe(new Set(approvals).size);
      const after = await openPgliteStore({ dataDir: dir, signer });
      try {
        for (const requestId of owed) {
          const request = await after.getRequest(requestId);
          expect(github.runs.get(`acme/web/${request!.runId}`)!.answered).toBe('approved');
          expect(request!.state).toBe('approved');
          expect(await after.getOutbox(requestId)).toEqual([
            expect.objectContaining({ done: true, outcome: 'sent' }),
          ]);
        }
        const records = await after.listAudit();
        expect(
          verifyAuditChain(records, [{ keyId: signer.keyId, publicKey: signer.publicKey }], {
            expectedHead: await after.getAuditHead(),
          }),
        ).toMatchObject({ ok: true });
      } finally {
        await after.close();
      }
    },
    40_000,
  );
});
