// The one store test suite. Each adapter's test file runs it with a harness that opens fresh
// stores, a second "replica" on the same database, and raw SQL access for tampering.
import { generateKeyPairSync, sign } from 'node:crypto';
import { computeAuditHash } from '../../../src/audit/build-audit-record.js';
import { createAuditSigner, type AuditSigner } from '../../../src/audit/audit-signer.js';
import type { AuditRecord, JsonObject } from '../../../src/audit/audit-record.js';
import { verifyAuditChain, type AuditFailureReason } from '../../../src/audit/verify-audit-chain.js';
import type { ProtectionRequestInput, Store } from '../../../src/store/store.js';

export interface RawSql {
  query(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
}

export interface StoreHandle {
  store: Store;
  /** Another store on the same database, as a second replica would open it. */
  openReplica(signer?: AuditSigner): Promise<Store>;
  raw: RawSql;
  close(): Promise<void>;
}

export interface StoreHarness {
  open(signer?: AuditSigner): Promise<StoreHandle>;
}

export const now = new Date('2026-11-21T10:00:00.000Z');
const minutes = (n: number) => new Date(now.getTime() + n * 60_000);

export function makeSigner(): AuditSigner {
  return createAuditSigner(generateKeyPairSync('ed25519').privateKey);
}

let counter = 0;
function requestInput(overrides: Partial<ProtectionRequestInput> = {}): ProtectionRequestInput {
  counter += 1;
  return {
    owner: 'acme',
    repo: `repo-${counter}`,
    installationId: 4_200_000_001,
    environment: 'production',
    runId: 12_000_000_000 + counter,
    deploymentId: 900_000_000_000 + counter,
    sha: 'a'.repeat(40),
    ref: 'refs/heads/main',
    pullNumbers: [7, 9],
    callbackUrl: `https://api.github.com/repos/acme/repo-${counter}/actions/runs/${12_000_000_000 + counter}/deployment_protection_rule`,
    deliveryId: `delivery-${counter}`,
    createdAt: now,
    nextEvaluationAt: null,
    ...overrides,
  };
}

const call = (state: string) => ({ environment_name: 'production', state, comment: `shipgate ${state} it` });

export function describeStoreContract(label: string, harness: StoreHarness): void {
  describe(`${label} store contract`, () => {
    let handle: StoreHandle;
    let store: Store;
    let replica: Store;
    const signer = makeSigner();

    beforeAll(async () => {
      handle = await harness.open(signer);
      store = handle.store;
      replica = await handle.openReplica();
    });
    afterAll(async () => {
      await handle?.close();
    });

    describe('migrations and health', () => {
      it('reports the schema version and reachability', async () => {
        const health = await store.healthCheck();
        expect(health).toMatchObject({ ok: true, adapter: store.adapter, schemaVersion: 2 });
        expect(health.latencyMs).toBeGreaterThanOrEqual(0);
      });

      it('records each migration once, however many replicas open the store', async () => {
        const rows = await handle.raw.query('SELECT id, name FROM schema_migrations ORDER BY id');
        expect(rows.map((r) => ({ id: Number(r.id), name: r.name }))).toEqual([
          { id: 1, name: 'initial' },
          { id: 2, name: 'audit_pending' },
        ]);
      });
    });

    describe('webhook deliveries', () => {
      it('processes a delivery once, even when two replicas see it at the same instant', async () => {
        expect(await store.recordDelivery('d-1', 'deployment_protection_rule', now)).toBe(true);
        expect(await store.recordDelivery('d-1', 'deployment_protection_rule', now)).toBe(false);
        const results = await Promise.all([
          store.recordDelivery('d-2', 'issue_comment', now),
          replica.recordDelivery('d-2', 'issue_comment', now),
        ]);
        expect(results.filter(Boolean)).toHaveLength(1);
      });
    });

    it('forgets a delivery whose processing rolled back, so its redelivery is processed', async () => {
      await expect(
        store.transaction(async (tx) => {
          expect(await tx.recordDelivery('d-rolled-back', 'deployment_protection_rule', now)).toBe(true);
          throw new Error('crashed while processing');
        }),
      ).rejects.toThrow('crashed while processing');
      expect(await store.recordDelivery('d-rolled-back', 'deployment_protection_rule', now)).toBe(true);
    });

    describe('protection requests', () => {
      it.each([
        { name: 'a new request is created', again: undefined, expected: 'created', round: 1 },
        { name: 'the same delivery again changes nothing', again: 'same', expected: 'unchanged', round: 1 },
        { name: 'a new delivery for the same run reopens it', again: 'new', expected: 'reopened', round: 2 },
      ])('$name', async ({ again, expected, round }) => {
        const input = requestInput();
        const first = await store.upsertRequest(input);
        let result = first;
        if (again) {
          await store.decideRequest({
            requestId: first.request.id,
            state: 'rejected',
            comment: 'no',
            decidedAt: now,
            call: call('rejected'),
          });
          const deliveryId = again === 'same' ? input.deliveryId : `${input.deliveryId}-rerun`;
          result = await store.upsertRequest({ ...input, deliveryId, createdAt: minutes(5) });
        }
        expect(result.outcome).toBe(expected);
        expect(result.request).toMatchObject({
          owner: input.owner,
          repo: input.repo,
          installationId: 4_200_000_001,
          runId: input.runId,
          deploymentId: input.deploymentId,
          pullNumbers: [7, 9],
          round,
          state: expected === 'unchanged' ? 'rejected' : 'pending',
          attempts: 0,
          statusReportsPosted: 0,
        });
        expect(result.request.id).toBe(first.request.id);
      });

      it('lists pending requests of a repository, by SHA and environment', async () => {
        const a = await store.upsertRequest(requestInput({ repo: 'list-me', sha: 'b'.repeat(40) }));
        const b = await store.upsertRequest(
          requestInput({ repo: 'list-me', sha: 'b'.repeat(40), environment: 'staging' }),
        );
        const c = await store.upsertRequest(requestInput({ repo: 'list-me', sha: 'c'.repeat(40) }));
        const d = await store.upsertRequest(requestInput({ repo: 'list-me', sha: 'b'.repeat(40) }));
        await store.decideRequest({
          requestId: d.request.id,
          state: 'approved',
          comment: 'ok',
          decidedAt: now,
          call: call('approved'),
        });
        const ids = async (filter: { sha?: string; environment?: string }) =>
          (await store.listPendingRequests({ owner: 'acme', repo: 'list-me', ...filter })).map((r) => r.id);
        expect(await ids({})).toEqual([a.request.id, b.request.id, c.request.id]);
        expect(await ids({ sha: 'b'.repeat(40) })).toEqual([a.request.id, b.request.id]);
        expect(await ids({ sha: 'b'.repeat(40), environment: 'production' })).toEqual([a.request.id]);
      });

      it('claims only due, unleased requests, and lets a lapsed lease be claimed again', async () => {
        const repo = 'sweep';
        const due = await store.upsertRequest(requestInput({ repo, nextEvaluationAt: minutes(-1) }));
        await store.upsertRequest(requestInput({ repo, nextEvaluationAt: minutes(30) }));
        await store.upsertRequest(requestInput({ repo, nextEvaluationAt: null }));
        const claimOptions = { now, leaseMs: 60_000, limit: 100 };
        const claimed = (await store.claimDueRequests({ ...claimOptions, workerId: 'a' })).filter(
          (r) => r.repo === repo,
        );
        expect(claimed.map((r) => r.id)).toEqual([due.request.id]);
        expect(claimed[0]).toMatchObject({ claimedBy: 'a', leaseUntil: minutes(1) });
        const again = await replica.claimDueRequests({ ...claimOptions, workerId: 'b' });
        expect(again.filter((r) => r.repo === repo)).toEqual([]);
        const later = await replica.claimDueRequests({ ...claimOptions, now: minutes(2), workerId: 'b' });
        expect(later.filter((r) => r.repo === repo).map((r) => r.claimedBy)).toEqual(['b']);
        expect(
          await store.releaseRequest(due.request.id, 'a', { nextEvaluationAt: minutes(10), at: minutes(2) }),
        ).toBe(false);
        expect(
          await replica.releaseRequest(due.request.id, 'b', {
            nextEvaluationAt: minutes(10),
            lastError: 'GitHub answered 502',
            countAttempt: true,
            at: minutes(2),
          }),
        ).toBe(true);
        expect(await store.getRequest(due.request.id)).toMatchObject({
          claimedBy: null,
          leaseUntil: null,
          nextEvaluationAt: minutes(10),
          lastError: 'GitHub answered 502',
          attempts: 1,
        });
      });

      it('never gives the same request to two replicas claiming at once', async () => {
        const repo = 'race-claim';
        const made = [];
        for (let i = 0; i < 20; i += 1)
          made.push(await store.upsertRequest(requestInput({ repo, nextEvaluationAt: minutes(-5) })));
        const options = { now, leaseMs: 60_000, limit: 12 };
        const [a, b] = await Promise.all([
          store.claimDueRequests({ ...options, workerId: 'a' }),
          replica.claimDueRequests({ ...options, workerId: 'b' }),
        ]);
        const ids = [...a, ...b].filter((r) => r.repo === repo).map((r) => r.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids.length).toBe(20);
      });

      it('decides exactly once and stores the GitHub call with the decision', async () => {
        const { request } = await store.upsertRequest(requestInput());
        const [first, second] = await Promise.all([
          store.decideRequest({
            requestId: request.id,
            state: 'approved',
            comment: '2 of 3 signed',
            decidedAt: now,
            call: call('approved'),
          }),
          replica.decideRequest({
            requestId: request.id,
            state: 'rejected',
            comment: 'freeze',
            decidedAt: now,
            call: call('rejected'),
          }),
        ]);
        const winners = [first, second].filter((r) => r.decided);
        expect(winners).toHaveLength(1);
        const loser = [first, second].find((r) => !r.decided);
        const winner = winners[0];
        if (!winner?.decided || !loser || loser.decided) throw new Error('expected one winner and one loser');
        expect(loser.request?.state).toBe(winner.request.state);
        expect(winner.outbox).toMatchObject({
          requestId: request.id,
          round: 1,
          attempts: 0,
          done: false,
          outcome: null,
          nextAttemptAt: now,
        });
        expect(winner.outbox.body).toEqual(call(winner.request.state));
        expect(await store.getOutbox(request.id)).toHaveLength(1);
        expect(
          await store.decideRequest({
            requestId: 999_999_999,
            state: 'approved',
            comment: '',
            decidedAt: now,
            call: {},
          }),
        ).toEqual({
          decided: false,
          request: undefined,
        });
      });

      it('counts status reports up to the limit', async () => {
        const { request } = await store.upsertRequest(requestInput());
        const slots = [];
        for (let i = 0; i < 4; i += 1) slots.push(await store.takeStatusReportSlot(request.id, 3));
        expect(slots).toEqual([1, 2, 3, undefined]);
      });

      it('marks a request failed once', async () => {
        const { request } = await store.upsertRequest(requestInput());
        expect(await store.failRequest(request.id, 'run 1 is gone (404)', now)).toBe(true);
        expect(await store.failRequest(request.id, 'again', now)).toBe(false);
        expect(await store.getRequest(request.id)).toMatchObject({
          state: 'failed',
          lastError: 'run 1 is gone (404)',
        });
      });
    });

    describe('decision outbox', () => {
      it('stores the owed call claimed, with its audit records, only for the caller that decides', async () => {
        const { request } = await store.upsertRequest(requestInput({ repo: 'claimed-decision' }));
        const headBefore = await store.getAuditHead();
        const built: string[] = [];
        const decide = (who: Store, worker: string) =>
          who.decideRequest({
            requestId: request.id,
            state: 'approved',
            comment: 'ok',
            decidedAt: now,
            call: call('approved'),
            claim: { workerId: worker, leaseMs: 60_000 },
            audit: ({ request: decided, outbox }) => {
              built.push(worker);
              return ['verdict', 'decision'].map((kind) => ({
                at: now,
                kind,
                repo: 'acme/claimed-decision',
                environment: decided.environment,
                sha: decided.sha,
                actor: 'shipgate',
                data: { request_id: decided.id, round: decided.round, outbox_id: outbox.id },
              }));
            },
          });
        const [first, second] = await Promise.all([decide(store, 'w1'), decide(store, 'w2')]);
        const winner = first.decided ? first : second;
        const loser = first.decided ? second : first;
        expect(winner.decided).toBe(true);
        expect(loser).toMatchObject({ decided: false, request: { state: 'approved' } });
        expect(built).toHaveLength(1);
        if (!winner.decided) throw new Error('not decided');
        expect(winner.request).toMatchObject({ id: request.id, state: 'approved', decidedAt: now });
        expect(winner.outbox).toMatchObject({
          requestId: request.id,
          claimedBy: built[0],
          leaseUntil: new Date(now.getTime() + 60_000),
          done: false,
          attempts: 0,
          body: call('approved'),
        });
        // Claimed: no sweeper takes it while the lease holds; after it, one does.
        const early = await replica.claimOutbox({ workerId: 'sweeper', now, leaseMs: 1_000, limit: 1000 });
        expect(early.find((o) => o.id === winner.outbox.id)).toBeUndefined();
        const late = await replica.claimOutbox({
          workerId: 'sweeper',
          now: new Date(now.getTime() + 61_000),
          leaseMs: 1_000,
          limit: 1000,
        });
        expect(late.find((o) => o.id === winner.outbox.id)).toMatchObject({
          claimedBy: 'sweeper',
          attempts: 1,
        });
        const records = await store.listAudit({ afterSeq: headBefore.seq });
        expect(records.map((r) => [r.kind, r.data.outbox_id])).toEqual([
          ['verdict', winner.outbox.id],
          ['decision', winner.outbox.id],
        ]);
        expect(
          verifyAuditChain(await store.listAudit(), [{ keyId: signer.keyId, publicKey: signer.publicKey }], {
            expectedHead: await store.getAuditHead(),
          }),
        ).toMatchObject({ ok: true });
      });

      it.each([
        {
          name: 'completed once',
          finish: 'complete',
          expected: { done: true, outcome: 'sent', attempts: 1, lastError: null },
        },
        {
          name: 'retried later',
          finish: 'retry',
          expected: { done: false, outcome: null, attempts: 1, lastError: '502 Bad Gateway' },
        },
        {
          name: 'abandoned',
          finish: 'abandon',
          expected: { done: true, outcome: 'failed', attempts: 1, lastError: 'run is gone (404)' },
        },
      ])('an owed call is $name', async ({ finish, expected }) => {
        const { request } = await store.upsertRequest(requestInput());
        const decided = await store.decideRequest({
          requestId: request.id,
          state: 'approved',
          comment: 'ok',
          decidedAt: minutes(-100),
          call: call('approved'),
        });
        if (!decided.decided) throw new Error('not decided');
        const claimed = (await store.claimOutbox({ workerId: 'w1', now, leaseMs: 30_000, limit: 1000 })).find(
          (o) => o.requestId === request.id,
        );
        expect(claimed).toMatchObject({ claimedBy: 'w1', leaseUntil: new Date(now.getTime() + 30_000) });
        const none = (await replica.claimOutbox({ workerId: 'w2', now, leaseMs: 30_000, limit: 1000 })).find(
          (o) => o.requestId === request.id,
        );
        expect(none).toBeUndefined();
        const id = decided.outbox.id;
        if (finish === 'complete') {
          expect(await store.completeOutbox(id, 'w1', now, { status: 204 })).toBe(true);
          expect(await store.completeOutbox(id, 'w1', now, { status: 204 })).toBe(false);
        } else if (finish === 'retry') {
          expect(
            await store.retryOutbox(id, 'w2', { nextAttemptAt: minutes(1), error: 'wrong worker' }),
          ).toBe(false);
          expect(
            await store.retryOutbox(id, 'w1', { nextAttemptAt: minutes(1), error: '502 Bad Gateway' }),
          ).toBe(true);
        } else {
          expect(
            await store.abandonOutbox(id, 'w1', {
              at: now,
              error: 'run is gone (404)',
              answer: { status: 404 },
            }),
          ).toBe(true);
        }
        const [entry] = await store.getOutbox(request.id);
        expect(entry).toMatchObject({ ...expected, claimedBy: null, leaseUntil: null });
        if (finish === 'retry') {
          expect(entry?.nextAttemptAt).toEqual(minutes(1));
          const reclaimed = (
            await replica.claimOutbox({ workerId: 'w2', now: minutes(1), leaseMs: 30_000, limit: 1000 })
          ).find((o) => o.requestId === request.id);
          expect(reclaimed?.claimedBy).toBe('w2');
        }
        if (finish === 'complete') expect(entry?.answer).toEqual({ status: 204 });
      });
    });

    describe('sign-offs', () => {
      it('keeps both of two simultaneous sign-offs, in order', async () => {
        const key = { owner: 'acme', repo: 'signoffs', sha: 'd'.repeat(40), environment: 'production' };
        const base = {
          ...key,
          reason: null,
          source: 'comment' as const,
          accepted: true,
          refusalReason: null,
          pullNumber: 7,
        };
        await Promise.all([
          store.appendSignOff({ ...base, login: 'alice', kind: 'approve', at: now }),
          replica.appendSignOff({ ...base, login: 'bob', kind: 'approve', at: minutes(1) }),
        ]);
        await store.appendSignOff({
          ...base,
          login: 'mallory',
          kind: 'approve',
          at: minutes(2),
          source: 'check_run',
          accepted: false,
          refusalReason: 'mallory is not among the signers for tier high',
        });
        await store.appendSignOff({ ...base, sha: 'e'.repeat(40), login: 'carol', kind: 'approve', at: now });
        const list = await replica.listSignOffs(key);
        expect(
          list.map(({ login, accepted, at, source, refusalReason }) => ({
            login,
            accepted,
            at,
            source,
            refusalReason,
          })),
        ).toEqual([
          { login: 'alice', accepted: true, at: now, source: 'comment', refusalReason: null },
          { login: 'bob', accepted: true, at: minutes(1), source: 'comment', refusalReason: null },
          {
            login: 'mallory',
            accepted: false,
            at: minutes(2),
            source: 'check_run',
            refusalReason: 'mallory is not among the signers for tier high',
          },
        ]);
      });
    });

    describe('request lock', () => {
      it('serialises evaluations of one request across replicas', async () => {
        const { request } = await store.upsertRequest(requestInput());
        const events: string[] = [];
        const first = store.withRequestLock(request.id, async (locked, tx) => {
          events.push('first locked');
          await new Promise((resolve) => setTimeout(resolve, 150));
          await tx.appendSignOff({
            owner: locked.owner,
            repo: locked.repo,
            sha: locked.sha,
            environment: locked.environment,
            login: 'alice',
            kind: 'approve',
            reason: null,
            at: now,
            source: 'comment',
            accepted: true,
            refusalReason: null,
            pullNumber: null,
          });
          events.push('first done');
          return 'first';
        });
        await new Promise((resolve) => setTimeout(resolve, 30));
        const second = replica.withRequestLock(request.id, async (_locked, tx) => {
          events.push('second locked');
          return (
            await tx.listSignOffs({
              owner: request.owner,
              repo: request.repo,
              sha: request.sha,
              environment: request.environment,
            })
          ).length;
        });
        expect(await Promise.all([first, second])).toEqual(['first', 1]);
        expect(events).toEqual(['first locked', 'first done', 'second locked']);
      });

      it('rolls back everything done under the lock when it fails, and skips a missing request', async () => {
        const { request } = await store.upsertRequest(requestInput());
        await expect(
          store.withRequestLock(request.id, async (_locked, tx) => {
            await tx.decideRequest({
              requestId: request.id,
              state: 'approved',
              comment: 'ok',
              decidedAt: now,
              call: call('approved'),
            });
            throw new Error('GitHub is down');
          }),
        ).rejects.toThrow('GitHub is down');
        expect((await store.getRequest(request.id))?.state).toBe('pending');
        expect(await store.getOutbox(request.id)).toEqual([]);
        expect(await store.withRequestLock(999_999_999, async () => 'called')).toBeUndefined();
      });
    });

    describe('deployments, comments and teams', () => {
      it('lists deployment outcomes newest first', async () => {
        const key = { owner: 'acme', repo: 'deploys', environment: 'production' };
        const statuses = [
          { deploymentId: 1, sha: '1'.repeat(40), status: 'success', at: minutes(-30), isRollback: false },
          { deploymentId: 2, sha: '2'.repeat(40), status: 'failure', at: minutes(-20), isRollback: false },
          { deploymentId: 3, sha: '1'.repeat(40), status: 'success', at: minutes(-10), isRollback: true },
        ];
        for (const s of statuses) await store.recordDeploymentStatus({ ...key, ...s });
        await store.recordDeploymentStatus({ ...key, environment: 'staging', ...statuses[0]! });
        const recent = await store.listDeploymentStatuses({ ...key, limit: 2 });
        expect(
          recent.map(({ deploymentId, status, isRollback, at }) => ({
            deploymentId,
            status,
            isRollback,
            at,
          })),
        ).toEqual([
          { deploymentId: 3, status: 'success', isRollback: true, at: minutes(-10) },
          { deploymentId: 2, status: 'failure', isRollback: false, at: minutes(-20) },
        ]);
      });

      it('keeps one status comment per pull request and environment', async () => {
        const key = { owner: 'acme', repo: 'comments', pullNumber: 7, environment: 'production' };
        expect(await store.getStatusComment(key)).toBeUndefined();
        await store.setStatusComment(key, 3_000_000_001, now);
        await store.setStatusComment(key, 3_000_000_002, minutes(1));
        expect(await store.getStatusComment(key)).toBe(3_000_000_002);
        expect(await store.getStatusComment({ ...key, environment: 'staging' })).toBeUndefined();
      });

      it.each([
        { at: minutes(5), expected: ['alice', 'bob'] },
        { at: minutes(15), expected: undefined },
      ])('caches team members until they expire (read at $at)', async ({ at, expected }) => {
        await store.putTeamMembers({
          org: 'acme',
          team: 'release',
          members: ['alice', 'bob'],
          fetchedAt: now,
          expiresAt: minutes(10),
        });
        expect(await store.getTeamMembers({ org: 'acme', team: 'release', now: at })).toEqual(expected);
      });
    });
  });

  describeAuditContract(label, harness);
}

type Tamper = (raw: RawSql, records: AuditRecord[]) => Promise<void>;

const unlock = 'ALTER TABLE audit_log DISABLE TRIGGER USER';

function forge(record: AuditRecord, signer: AuditSigner, keyId = signer.keyId): AuditRecord {
  const content = { ...record, key_id: keyId };
  const hash = computeAuditHash(record.prev_hash, content);
  const signature = sign(null, Buffer.from(hash, 'hex'), signer.privateKey).toString('base64');
  return { ...content, hash, signature };
}

async function insertRecord(raw: RawSql, r: AuditRecord): Promise<void> {
  await raw.query(
    `INSERT INTO audit_log (seq, at, kind, repo, environment, sha, actor, data, prev_hash, hash, signature, key_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11, $12)`,
    [
      r.seq,
      r.at,
      r.kind,
      r.repo,
      r.environment,
      r.sha,
      r.actor,
      JSON.stringify(r.data),
      r.prev_hash,
      r.hash,
      r.signature,
      r.key_id,
    ],
  );
}

async function replaceRecord(raw: RawSql, r: AuditRecord): Promise<void> {
  await raw.query(unlock);
  await raw.query('DELETE FROM audit_log WHERE seq = $1', [r.seq]);
  await insertRecord(raw, r);
}

const attacker = makeSigner();

const tampers: { name: string; tamper: Tamper; seq: number; reason: AuditFailureReason }[] = [
  {
    name: 'a field changed with SQL',
    tamper: async (raw) => {
      await raw.query(unlock);
      await raw.query(`UPDATE audit_log SET data = '{"approvals": 3}'::jsonb WHERE seq = 3`);
    },
    seq: 3,
    reason: 'hash_mismatch',
  },
  {
    name: 'the actor changed with SQL',
    tamper: async (raw) => {
      await raw.query(unlock);
      await raw.query(`UPDATE audit_log SET actor = 'mallory' WHERE seq = 2`);
    },
    seq: 2,
    reason: 'hash_mismatch',
  },
  {
    name: 'a row deleted',
    tamper: async (raw) => {
      await raw.query(unlock);
      await raw.query('DELETE FROM audit_log WHERE seq = 3');
    },
    seq: 4,
    reason: 'seq_gap',
  },
  {
    name: 'the last row deleted',
    tamper: async (raw) => {
      await raw.query(unlock);
      await raw.query('DELETE FROM audit_log WHERE seq = 5');
    },
    seq: 5,
    reason: 'missing_tail',
  },
  {
    name: 'a forged row inserted after the head',
    tamper: async (raw, records) => {
      const last = records[4]!;
      const forged = forge(
        {
          ...last,
          seq: 6,
          prev_hash: last.hash,
          kind: 'verdict',
          data: { decision: 'approved' },
          hash: '',
          signature: '',
        },
        attacker,
        last.key_id,
      );
      await insertRecord(raw, forged);
    },
    seq: 6,
    reason: 'bad_signature',
  },
  {
    name: 'a forged row inserted with the head moved along',
    tamper: async (raw, records) => {
      const last = records[4]!;
      const forged = forge(
        { ...last, seq: 6, prev_hash: last.hash, data: { decision: 'approved' }, hash: '', signature: '' },
        attacker,
      );
      await insertRecord(raw, forged);
      await raw.query('UPDATE audit_head SET seq = 6, hash = $1', [forged.hash]);
    },
    seq: 6,
    reason: 'unknown_key',
  },
  {
    name: "two rows' content swapped",
    tamper: async (raw, records) => {
      const [b, c] = [records[1]!, records[2]!];
      await replaceRecord(raw, { ...b, kind: c.kind, data: c.data, actor: c.actor });
      await replaceRecord(raw, { ...c, kind: b.kind, data: b.data, actor: b.actor });
    },
    seq: 2,
    reason: 'hash_mismatch',
  },
  {
    name: 'two whole rows swapped (reordered)',
    tamper: async (raw, records) => {
      const [b, c] = [records[1]!, records[2]!];
      await raw.query(unlock);
      await raw.query('DELETE FROM audit_log WHERE seq IN (2, 3)');
      await insertRecord(raw, { ...c, seq: 2 });
      await insertRecord(raw, { ...b, seq: 3 });
    },
    seq: 2,
    reason: 'broken_link',
  },
  {
    name: 'a row re-signed with another key',
    tamper: async (raw, records) => {
      await replaceRecord(raw, forge({ ...records[2]!, data: { approvals: 3 } }, attacker));
    },
    seq: 3,
    reason: 'unknown_key',
  },
  {
    name: "a row re-signed with another key under the real key's id",
    tamper: async (raw, records) => {
      await replaceRecord(
        raw,
        forge({ ...records[2]!, data: { approvals: 3 } }, attacker, records[2]!.key_id),
      );
    },
    seq: 3,
    reason: 'bad_signature',
  },
];

function describeAuditContract(label: string, harness: StoreHarness): void {
  describe(`${label} audit log`, () => {
    const signer = makeSigner();
    const events: { kind: string; actor: string; data: JsonObject }[] = [
      { kind: 'request_received', actor: 'github', data: { run_id: 12_000_000_001, delivery: 'd-1' } },
      { kind: 'signoff_accepted', actor: 'alice', data: { tier: 'high', approvals: 1 } },
      { kind: 'signoff_refused', actor: 'mallory', data: { why: 'mallory is the author of the change' } },
      {
        kind: 'verdict',
        actor: 'shipgate',
        data: { decision: 'approved', approvals: 2, required: 2, score: 71.5, reasons: ['2 of 3'] },
      },
      {
        kind: 'github_call',
        actor: 'shipgate',
        data: { method: 'POST', status: 204, nested: { z: 1, a: [true, null, 'ü'] } },
      },
    ];

    async function openWithChain(): Promise<{ handle: StoreHandle; records: AuditRecord[] }> {
      const handle = await harness.open(signer);
      const records: AuditRecord[] = [];
      for (const [i, e] of events.entries()) {
        records.push(
          (await handle.store.appendAudit({
            ...e,
            at: minutes(i),
            repo: 'acme/web',
            environment: 'production',
            sha: 'f'.repeat(40),
          })) as AuditRecord,
        );
      }
      return { handle, records };
    }

    it('appends a chain that verifies with only the public key, and refuses updates and deletes', async () => {
      const { handle, records } = await openWithChain();
      try {
        expect(records.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
        const stored = await handle.store.listAudit();
        expect(stored).toEqual(records);
        const head = await handle.store.getAuditHead();
        expect(head).toEqual({ seq: 5, hash: records[4]!.hash });
        expect(
          verifyAuditChain(stored, [{ keyId: signer.keyId, publicKey: signer.publicKey }], {
            expectedHead: head,
          }),
        ).toEqual({
          ok: true,
          count: 5,
          head,
          keyIds: [signer.keyId],
        });
        expect((await handle.store.listAuditKeys()).map((k) => k.keyId)).toEqual([signer.keyId]);
        expect((await handle.store.listAudit({ afterSeq: 2, limit: 2 })).map((r) => r.seq)).toEqual([3, 4]);
        await expect(handle.raw.query(`UPDATE audit_log SET actor = 'x' WHERE seq = 1`)).rejects.toThrow(
          /append-only/,
        );
        await expect(handle.raw.query('DELETE FROM audit_log WHERE seq = 1')).rejects.toThrow(/append-only/);
      } finally {
        await handle.close();
      }
    });

    it.each(tampers)('names seq $seq ($reason) after $name', async ({ tamper, seq, reason }) => {
      const { handle, records } = await openWithChain();
      try {
        await tamper(handle.raw, records);
        const result = verifyAuditChain(
          await handle.store.listAudit(),
          [{ keyId: signer.keyId, publicKey: signer.publicKey }],
          {
            expectedHead: await handle.store.getAuditHead(),
          },
        );
        expect(result).toMatchObject({ ok: false, seq, reason });
      } finally {
        await handle.close();
      }
    });

    it('verifies across a key rotation with both public keys, and names the first record of an untrusted key', async () => {
      const h = harness;
      const first = await h.open(signer);
      const next = makeSigner();
      try {
        await first.store.appendAudit({ at: now, kind: 'verdict', data: { n: 1 } });
        const rotated = await first.openReplica(next);
        await rotated.appendAudit({ at: minutes(1), kind: 'verdict', data: { n: 2 } });
        await first.store.appendAudit({ at: minutes(2), kind: 'verdict', data: { n: 3 } });
        const records = await first.store.listAudit();
        expect(records.map((r) => r.key_id)).toEqual([signer.keyId, next.keyId, signer.keyId]);
        const keys = [signer, next].map((s) => ({ keyId: s.keyId, publicKey: s.publicKey }));
        expect(verifyAuditChain(records, keys)).toMatchObject({ ok: true, count: 3 });
        expect(verifyAuditChain(records, keys.slice(0, 1))).toMatchObject({
          ok: false,
          seq: 2,
          reason: 'unknown_key',
        });
        expect((await first.store.listAuditKeys()).map((k) => k.keyId).sort()).toEqual(
          [signer.keyId, next.keyId].sort(),
        );
      } finally {
        await first.close();
      }
    });

    it('keeps one unforked chain when replicas append at the same time', async () => {
      const h = harness;
      const handle = await h.open(signer);
      try {
        const other = await handle.openReplica();
        const perReplica = 40;
        await Promise.all(
          [handle.store, other].map(async (s, r) => {
            await Promise.all(
              Array.from({ length: perReplica }, (_, i) =>
                s.appendAudit({ at: minutes(i), kind: 'verdict', actor: `replica-${r}`, data: { i } }),
              ),
            );
          }),
        );
        const records = await handle.store.listAudit();
        expect(records.map((rec) => rec.seq)).toEqual(
          Array.from({ length: 2 * perReplica }, (_, i) => i + 1),
        );
        expect(
          verifyAuditChain(records, [{ keyId: signer.keyId, publicKey: signer.publicKey }], {
            expectedHead: await handle.store.getAuditHead(),
          }),
        ).toMatchObject({ ok: true, count: 2 * perReplica });
      } finally {
        await handle.close();
      }
    });

    it('fails a bad event alone when appends are written together', async () => {
      const handle = await harness.open(signer);
      try {
        const results = await Promise.allSettled([
          handle.store.appendAudit({ at: now, kind: 'verdict', data: { n: 1 } }),
          handle.store.appendAudit({ at: now, kind: 'verdict', data: { n: Number.NaN } }),
          handle.store.appendAudit({ at: now, kind: 'verdict', data: { n: 3 } }),
          handle.store.appendAudit({ at: now, kind: 'verdict', data: { text: 'nul \u0000 byte' } }),
        ]);
        expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected']);
        expect(results[1]).toMatchObject({ reason: { name: 'CanonicalJsonError' } });
        const records = await handle.store.listAudit();
        expect(records.map((r) => r.data)).toEqual([{ n: 1 }, { n: 3 }]);
        expect(
          verifyAuditChain(records, [signer], { expectedHead: await handle.store.getAuditHead() }),
        ).toMatchObject({ ok: true, count: 2 });
      } finally {
        await handle.close();
      }
    });

    it('chains events a process committed but did not live to chain, on the next seal or open', async () => {
      const handle = await harness.open(signer);
      try {
        await handle.store.appendAudit({ at: now, kind: 'verdict', data: { n: 1 } });
        // As a transaction leaves them when its process dies right after COMMIT.
        await handle.raw.query(
          `INSERT INTO audit_pending (at, kind, repo, environment, sha, actor, data)
           VALUES ($1, 'request_received', 'acme/web', 'production', $2, 'shipgate', '{"n": 2}'::jsonb),
                  ($1, 'decision', 'acme/web', 'production', $2, 'shipgate', '{"n": 3}'::jsonb)`,
          [minutes(1), 'f'.repeat(40)],
        );
        await handle.store.sealPendingAudit();
        await handle.store.sealPendingAudit();
        const records = await handle.store.listAudit();
        expect(records.map((r) => [r.seq, r.kind, r.data.n])).toEqual([
          [1, 'verdict', 1],
          [2, 'request_received', 2],
          [3, 'decision', 3],
        ]);
        expect(records[1]).toMatchObject({
          repo: 'acme/web',
          environment: 'production',
          at: minutes(1).toISOString(),
        });
        expect(await handle.raw.query('SELECT id FROM audit_pending')).toEqual([]);
        expect(
          verifyAuditChain(records, [signer], { expectedHead: await handle.store.getAuditHead() }),
        ).toMatchObject({ ok: true, count: 3 });
        // A replica opening the store chains what is left.
        await handle.raw.query(
          `INSERT INTO audit_pending (at, kind, data) VALUES ($1, 'error', '{"n": 4}'::jsonb)`,
          [minutes(2)],
        );
        // (The handle closes its replicas.)
        const replica = await handle.openReplica(signer);
        expect((await replica.listAudit()).map((r) => r.data.n)).toEqual([1, 2, 3, 4]);
      } finally {
        await handle.close();
      }
    });

    it('commits an audit record made under a request lock with that transaction, or not at all', async () => {
      const handle = await harness.open(signer);
      try {
        const { request } = await handle.store.upsertRequest(requestInput());
        await handle.store.withRequestLock(request.id, async (locked, tx) => {
          await tx.decideRequest({
            requestId: locked.id,
            state: 'approved',
            comment: 'ok',
            decidedAt: now,
            call: call('approved'),
          });
          await tx.appendAudit({
            at: now,
            kind: 'decision',
            data: { request: locked.id, state: 'approved' },
          });
        });
        await expect(
          handle.store.withRequestLock(request.id, async (_locked, tx) => {
            await tx.appendAudit({ at: now, kind: 'error', data: { n: 2 } });
            throw new Error('crashed before commit');
          }),
        ).rejects.toThrow('crashed before commit');
        await handle.store.appendAudit({ at: now, kind: 'verdict', data: { n: 3 } });
        const records = await handle.store.listAudit();
        expect(records.map((r) => [r.seq, r.kind])).toEqual([
          [1, 'decision'],
          [2, 'verdict'],
        ]);
        expect(
          verifyAuditChain(records, [signer], { expectedHead: await handle.store.getAuditHead() }),
        ).toMatchObject({ ok: true });
      } finally {
        await handle.close();
      }
    });

    it('refuses to append without a signing key', async () => {
      const h = harness;
      const handle = await h.open();
      try {
        await expect(handle.store.appendAudit({ at: now, kind: 'verdict' })).rejects.toThrow(
          /SHIPGATE_SIGNING_KEY/,
        );
      } finally {
        await handle.close();
      }
    });
  });
}
