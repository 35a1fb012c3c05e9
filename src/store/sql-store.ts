import { buildAuditRecord } from '../audit/build-audit-record.js';
import type { AuditEvent, AuditHead, AuditRecord, JsonObject } from '../audit/audit-record.js';
import type { AuditSigner } from '../audit/audit-signer.js';
import type { SqlClient } from './sql-client.js';
import {
  StoreError,
  type ClaimOptions,
  type DecideInput,
  type DecideResult,
  type DeploymentStatusInput,
  type DeploymentStatusRecord,
  type OutboxEntry,
  type ProtectionRequest,
  type ProtectionRequestInput,
  type ReleaseRequestUpdate,
  type RequestState,
  type SignOff,
  type SignOffInput,
  type StoreOperations,
  type UpsertOutcome,
} from './store.js';

type Row = Record<string, unknown>;

function toNumber(value: unknown): number {
  return typeof value === 'number' ? value : Number(value);
}

function toNullableNumber(value: unknown): number | null {
  return value === null || value === undefined ? null : toNumber(value);
}

function toDate(value: unknown): Date {
  return value instanceof Date ? value : new Date(String(value));
}

function toNullableDate(value: unknown): Date | null {
  return value === null || value === undefined ? null : toDate(value);
}

function toNullableString(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

function toJsonObject(value: unknown): JsonObject {
  return (typeof value === 'string' ? JSON.parse(value) : value) as JsonObject;
}

function mapRequest(row: Row): ProtectionRequest {
  return {
    id: toNumber(row.id),
    owner: String(row.owner),
    repo: String(row.repo),
    installationId: toNumber(row.installation_id),
    environment: String(row.environment),
    runId: toNumber(row.run_id),
    deploymentId: toNullableNumber(row.deployment_id),
    sha: String(row.sha),
    ref: toNullableString(row.ref),
    pullNumbers: ((row.pull_numbers as unknown[] | null) ?? []).map(toNumber),
    callbackUrl: String(row.callback_url),
    deliveryId: String(row.delivery_id),
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
    state: row.state as RequestState,
    round: toNumber(row.round),
    nextEvaluationAt: toNullableDate(row.next_evaluation_at),
    attempts: toNumber(row.attempts),
    lastError: toNullableString(row.last_error),
    statusReportsPosted: toNumber(row.status_reports_posted),
    claimedBy: toNullableString(row.claimed_by),
    leaseUntil: toNullableDate(row.lease_until),
    decidedAt: toNullableDate(row.decided_at),
    decisionComment: toNullableString(row.decision_comment),
  };
}

function mapOutbox(row: Row): OutboxEntry {
  return {
    id: toNumber(row.id),
    requestId: toNumber(row.request_id),
    round: toNumber(row.round),
    body: toJsonObject(row.body),
    attempts: toNumber(row.attempts),
    nextAttemptAt: toDate(row.next_attempt_at),
    claimedBy: toNullableString(row.claimed_by),
    leaseUntil: toNullableDate(row.lease_until),
    done: Boolean(row.done),
    outcome: (row.outcome as OutboxEntry['outcome']) ?? null,
    lastError: toNullableString(row.last_error),
    answer: row.answer === null || row.answer === undefined ? null : toJsonObject(row.answer),
    createdAt: toDate(row.created_at),
    doneAt: toNullableDate(row.done_at),
  };
}

function mapSignOff(row: Row): SignOff {
  return {
    id: toNumber(row.id),
    owner: String(row.owner),
    repo: String(row.repo),
    sha: String(row.sha),
    environment: String(row.environment),
    login: String(row.login),
    kind: row.kind as SignOff['kind'],
    reason: toNullableString(row.reason),
    at: toDate(row.at),
    source: row.source as SignOff['source'],
    accepted: Boolean(row.accepted),
    refusalReason: toNullableString(row.refusal_reason),
    pullNumber: toNullableNumber(row.pull_number),
  };
}

function mapDeploymentStatus(row: Row): DeploymentStatusRecord {
  return {
    id: toNumber(row.id),
    owner: String(row.owner),
    repo: String(row.repo),
    environment: String(row.environment),
    deploymentId: toNumber(row.deployment_id),
    sha: String(row.sha),
    status: String(row.status),
    at: toDate(row.at),
    isRollback: Boolean(row.is_rollback),
  };
}

function mapAuditRecord(row: Row): AuditRecord {
  return {
    seq: toNumber(row.seq),
    at: toDate(row.at).toISOString(),
    kind: String(row.kind),
    repo: toNullableString(row.repo),
    environment: toNullableString(row.environment),
    sha: toNullableString(row.sha),
    actor: toNullableString(row.actor),
    data: toJsonObject(row.data),
    key_id: String(row.key_id),
    prev_hash: String(row.prev_hash),
    hash: String(row.hash),
    signature: String(row.signature),
  };
}

const claimLease = `lease_until IS NULL OR lease_until <= $2`;

/** The store's operations as SQL over a `SqlClient`; both adapters use this one implementation. */
export function createSqlStore(client: SqlClient, signer: AuditSigner | undefined): StoreOperations {
  let appender: AuditAppender | undefined;
  const getAppender = () => (appender ??= createAuditAppender(client, signer!));
  /**
   * Runs `fn` in a transaction (or in the caller's); once a transaction of ours commits, chains
   * the audit events it stored, so that they are in the log when the call returns.
   */
  const inTransaction = async <T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> => {
    let used: SqlClient | undefined;
    const result = await client.transaction((tx) => {
      used = tx;
      return fn(tx);
    });
    if (!client.inTransaction && used && pendingWritten.delete(used) && signer) {
      await getAppender().seal();
    }
    return result;
  };
  const store: StoreOperations = {
    async recordDelivery(id, event, receivedAt) {
      const rows = await client.query(
        `INSERT INTO webhook_deliveries (id, event, received_at) VALUES ($1, $2, $3)
         ON CONFLICT (id) DO NOTHING RETURNING id`,
        [id, event, receivedAt],
      );
      return rows.length === 1;
    },

    async upsertRequest(input: ProtectionRequestInput) {
      return inTransaction(async (tx) => {
        const params = [
          input.owner,
          input.repo,
          input.installationId,
          input.environment,
          input.runId,
          input.deploymentId,
          input.sha,
          input.ref,
          input.pullNumbers,
          input.callbackUrl,
          input.deliveryId,
          input.createdAt,
          input.nextEvaluationAt,
        ];
        const created = await tx.query(
          `INSERT INTO protection_requests (owner, repo, installation_id, environment, run_id, deployment_id, sha, ref,
             pull_numbers, callback_url, delivery_id, created_at, updated_at, next_evaluation_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $13)
           ON CONFLICT (owner, repo, run_id, environment) DO NOTHING RETURNING *`,
          params,
        );
        if (created[0]) return { request: mapRequest(created[0]), outcome: 'created' as UpsertOutcome };
        const reopened = await tx.query(
          `UPDATE protection_requests SET installation_id = $3, deployment_id = $6, sha = $7, ref = $8,
             pull_numbers = $9, callback_url = $10, delivery_id = $11, created_at = $12, updated_at = $12,
             next_evaluation_at = $13, state = 'pending', round = round + 1, attempts = 0, last_error = NULL,
             status_reports_posted = 0, claimed_by = NULL, lease_until = NULL, decided_at = NULL, decision_comment = NULL
           WHERE owner = $1 AND repo = $2 AND run_id = $5 AND environment = $4 AND delivery_id <> $11
           RETURNING *`,
          params,
        );
        if (reopened[0]) return { request: mapRequest(reopened[0]), outcome: 'reopened' as UpsertOutcome };
        const existing = await tx.query(
          `SELECT * FROM protection_requests WHERE owner = $1 AND repo = $2 AND run_id = $3 AND environment = $4`,
          [input.owner, input.repo, input.runId, input.environment],
        );
        if (!existing[0]) {
          throw new StoreError(
            `The request for ${input.owner}/${input.repo} run ${input.runId} (${input.environment}) vanished while it was stored; retry.`,
          );
        }
        return { request: mapRequest(existing[0]), outcome: 'unchanged' as UpsertOutcome };
      });
    },

    async getRequest(id) {
      const rows = await client.query('SELECT * FROM protection_requests WHERE id = $1', [id]);
      return rows[0] ? mapRequest(rows[0]) : undefined;
    },

    async listPendingRequests(filter) {
      const rows = await client.query(
        `SELECT * FROM protection_requests
         WHERE state = 'pending' AND owner = $1 AND repo = $2
           AND ($3::text IS NULL OR sha = $3) AND ($4::text IS NULL OR environment = $4)
         ORDER BY created_at, id`,
        [filter.owner, filter.repo, filter.sha ?? null, filter.environment ?? null],
      );
      return rows.map(mapRequest);
    },

    async claimDueRequests(options: ClaimOptions) {
      const rows = await client.query(
        `WITH due AS (
           SELECT id FROM protection_requests
           WHERE state = 'pending' AND next_evaluation_at <= $2 AND (${claimLease})
           ORDER BY next_evaluation_at, id
           LIMIT $4
           FOR UPDATE SKIP LOCKED
         )
         UPDATE protection_requests p
         SET claimed_by = $1, lease_until = $3
         FROM due WHERE p.id = due.id
         RETURNING p.*`,
        [options.workerId, options.now, new Date(options.now.getTime() + options.leaseMs), options.limit],
      );
      return rows
        .map(mapRequest)
        .sort(
          (a, b) =>
            (a.nextEvaluationAt?.getTime() ?? 0) - (b.nextEvaluationAt?.getTime() ?? 0) || a.id - b.id,
        );
    },

    async releaseRequest(id, workerId, update: ReleaseRequestUpdate) {
      const rows = await client.query(
        `UPDATE protection_requests
         SET claimed_by = NULL, lease_until = NULL, next_evaluation_at = $3, updated_at = $4,
             last_error = CASE WHEN $5 THEN $6 ELSE last_error END,
             attempts = attempts + $7
         WHERE id = $1 AND claimed_by = $2 RETURNING id`,
        [
          id,
          workerId,
          update.nextEvaluationAt,
          update.at,
          update.lastError !== undefined,
          update.lastError ?? null,
          update.countAttempt ? 1 : 0,
        ],
      );
      return rows.length === 1;
    },

    async rescheduleRequest(id, update: ReleaseRequestUpdate) {
      const rows = await client.query(
        `UPDATE protection_requests
         SET next_evaluation_at = $2, updated_at = $3,
             last_error = CASE WHEN $4 THEN $5 ELSE last_error END,
             attempts = attempts + $6
         WHERE id = $1 AND state = 'pending' RETURNING id`,
        [
          id,
          update.nextEvaluationAt,
          update.at,
          update.lastError !== undefined,
          update.lastError ?? null,
          update.countAttempt ? 1 : 0,
        ],
      );
      return rows.length === 1;
    },

    async takeStatusReportSlot(id, max) {
      const rows = await client.query<{ status_reports_posted: unknown }>(
        `UPDATE protection_requests SET status_reports_posted = status_reports_posted + 1
         WHERE id = $1 AND status_reports_posted < $2 RETURNING status_reports_posted`,
        [id, max],
      );
      return rows[0] ? toNumber(rows[0].status_reports_posted) : undefined;
    },

    async decideRequest(input: DecideInput): Promise<DecideResult> {
      return inTransaction(async (tx) => {
        const lease = input.claim
          ? [input.claim.workerId, new Date(input.decidedAt.getTime() + input.claim.leaseMs)]
          : [null, null];
        // One statement: the state change and its outbox row.
        const rows = await tx.query<{ request: unknown; outbox: unknown }>(
          `WITH decided AS (
             UPDATE protection_requests
             SET state = $2, decided_at = $3, decision_comment = $4, updated_at = $3,
                 claimed_by = NULL, lease_until = NULL, next_evaluation_at = NULL
             WHERE id = $1 AND state = 'pending' RETURNING *
           ), outbox AS (
             INSERT INTO decision_outbox (request_id, round, body, next_attempt_at, created_at, claimed_by, lease_until)
             SELECT id, round, $5::jsonb, $3, $3, $6, $7 FROM decided RETURNING *
           )
           SELECT row_to_json(d) AS request, row_to_json(o) AS outbox
           FROM decided d JOIN outbox o ON o.request_id = d.id`,
          [
            input.requestId,
            input.state,
            input.decidedAt,
            input.comment,
            JSON.stringify(input.call),
            ...lease,
          ],
        );
        const row = rows[0];
        if (!row) {
          const current = await tx.query('SELECT * FROM protection_requests WHERE id = $1', [
            input.requestId,
          ]);
          return { decided: false, request: current[0] ? mapRequest(current[0]) : undefined };
        }
        const request = mapRequest(toJsonObject(row.request) as Row);
        const outbox = mapOutbox(toJsonObject(row.outbox) as Row);
        if (input.audit) {
          if (!signer) throw missingSigner();
          await storePendingAudit(tx, input.audit({ request, outbox }));
        }
        return { decided: true, request, outbox };
      });
    },

    async failRequest(id, error, at) {
      const rows = await client.query(
        `UPDATE protection_requests SET state = 'failed', last_error = $2, updated_at = $3,
           claimed_by = NULL, lease_until = NULL, next_evaluation_at = NULL
         WHERE id = $1 AND state <> 'failed' RETURNING id`,
        [id, error, at],
      );
      return rows.length === 1;
    },

    async claimOutbox(options: ClaimOptions) {
      const rows = await client.query(
        `WITH due AS (
           SELECT id FROM decision_outbox
           WHERE NOT done AND next_attempt_at <= $2 AND (${claimLease})
           ORDER BY next_attempt_at, id
           LIMIT $4
           FOR UPDATE SKIP LOCKED
         )
         UPDATE decision_outbox o SET claimed_by = $1, lease_until = $3,
           -- A claim still held (its lease ran out) means its holder died during the call: count
           -- that attempt, so that a 422 now reads as GitHub having taken the answer already.
           attempts = o.attempts + CASE WHEN o.claimed_by IS NULL THEN 0 ELSE 1 END
         FROM due WHERE o.id = due.id
         RETURNING o.*`,
        [options.workerId, options.now, new Date(options.now.getTime() + options.leaseMs), options.limit],
      );
      return rows
        .map(mapOutbox)
        .sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || a.id - b.id);
    },

    async completeOutbox(id, workerId, at, answer) {
      const rows = await client.query(
        `UPDATE decision_outbox SET done = true, outcome = 'sent', answer = $4::jsonb, done_at = $3,
           attempts = attempts + 1, claimed_by = NULL, lease_until = NULL
         WHERE id = $1 AND claimed_by = $2 AND NOT done RETURNING id`,
        [id, workerId, at, JSON.stringify(answer)],
      );
      return rows.length === 1;
    },

    async retryOutbox(id, workerId, update) {
      const rows = await client.query(
        `UPDATE decision_outbox SET attempts = attempts + 1, next_attempt_at = $3, last_error = $4,
           claimed_by = NULL, lease_until = NULL
         WHERE id = $1 AND claimed_by = $2 AND NOT done RETURNING id`,
        [id, workerId, update.nextAttemptAt, update.error],
      );
      return rows.length === 1;
    },

    async abandonOutbox(id, workerId, update) {
      const rows = await client.query(
        `UPDATE decision_outbox SET done = true, outcome = 'failed', last_error = $4, answer = $5::jsonb,
           done_at = $3, attempts = attempts + 1, claimed_by = NULL, lease_until = NULL
         WHERE id = $1 AND claimed_by = $2 AND NOT done RETURNING id`,
        [
          id,
          workerId,
          update.at,
          update.error,
          update.answer === null ? null : JSON.stringify(update.answer),
        ],
      );
      return rows.length === 1;
    },

    async getOutbox(requestId) {
      const rows = await client.query(
        'SELECT * FROM decision_outbox WHERE request_id = $1 ORDER BY round, id',
        [requestId],
      );
      return rows.map(mapOutbox);
    },

    async appendSignOff(input: SignOffInput) {
      const rows = await client.query(
        `INSERT INTO signoffs (owner, repo, sha, environment, login, kind, reason, at, source, accepted, refusal_reason, pull_number)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING *`,
        [
          input.owner,
          input.repo,
          input.sha,
          input.environment,
          input.login,
          input.kind,
          input.reason,
          input.at,
          input.source,
          input.accepted,
          input.refusalReason,
          input.pullNumber,
        ],
      );
      return mapSignOff(rows[0] as Row);
    },

    async listSignOffs(filter) {
      const rows = await client.query(
        `SELECT * FROM signoffs WHERE owner = $1 AND repo = $2 AND sha = $3 AND environment = $4 ORDER BY at, id`,
        [filter.owner, filter.repo, filter.sha, filter.environment],
      );
      return rows.map(mapSignOff);
    },

    async recordDeploymentStatus(input: DeploymentStatusInput) {
      const rows = await client.query(
        `INSERT INTO deployment_statuses (owner, repo, environment, deployment_id, sha, status, at, is_rollback)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
        [
          input.owner,
          input.repo,
          input.environment,
          input.deploymentId,
          input.sha,
          input.status,
          input.at,
          input.isRollback,
        ],
      );
      return mapDeploymentStatus(rows[0] as Row);
    },

    async listDeploymentStatuses(filter) {
      const rows = await client.query(
        `SELECT * FROM deployment_statuses WHERE owner = $1 AND repo = $2 AND environment = $3
         ORDER BY at DESC, id DESC LIMIT $4`,
        [filter.owner, filter.repo, filter.environment, filter.limit],
      );
      return rows.map(mapDeploymentStatus);
    },

    async getStatusComment(key) {
      const rows = await client.query<{ comment_id: unknown }>(
        `SELECT comment_id FROM status_comments WHERE owner = $1 AND repo = $2 AND pull_number = $3 AND environment = $4`,
        [key.owner, key.repo, key.pullNumber, key.environment],
      );
      return rows[0] ? toNumber(rows[0].comment_id) : undefined;
    },

    async setStatusComment(key, commentId, at) {
      await client.query(
        `INSERT INTO status_comments (owner, repo, pull_number, environment, comment_id, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (owner, repo, pull_number, environment) DO UPDATE SET comment_id = $5, updated_at = $6`,
        [key.owner, key.repo, key.pullNumber, key.environment, commentId, at],
      );
    },

    async getTeamMembers(key) {
      const rows = await client.query<{ members: string[] }>(
        `SELECT members FROM team_members WHERE org = $1 AND team = $2 AND expires_at > $3`,
        [key.org, key.team, key.now],
      );
      return rows[0] ? [...rows[0].members] : undefined;
    },

    async putTeamMembers(entry) {
      await client.query(
        `INSERT INTO team_members (org, team, members, fetched_at, expires_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (org, team) DO UPDATE SET members = $3, fetched_at = $4, expires_at = $5`,
        [entry.org, entry.team, entry.members, entry.fetchedAt, entry.expiresAt],
      );
    },

    async appendAudit(event: AuditEvent) {
      if (!signer) throw missingSigner();
      // Inside a transaction the event commits with the rest of it and is chained after the
      // commit; outside, appends that arrive together share one transaction (group commit).
      if (client.inTransaction) {
        await storePendingAudit(client, [event]);
        return null;
      }
      return getAppender().append(event);
    },

    async sealPendingAudit() {
      if (!signer) throw missingSigner();
      if (client.inTransaction)
        throw new StoreError('Audit events are chained after their transaction commits, not inside it.');
      await getAppender().seal();
    },

    async listAudit(options = {}) {
      const rows = await client.query(`SELECT * FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2`, [
        options.afterSeq ?? 0,
        options.limit ?? 1_000_000_000,
      ]);
      return rows.map(mapAuditRecord);
    },

    async getAuditHead(): Promise<AuditHead> {
      const rows = await client.query<{ seq: unknown; hash: string }>(
        'SELECT seq, hash FROM audit_head WHERE id = 1',
      );
      if (!rows[0])
        throw new StoreError(
          'The audit_head row is missing: the store was altered by hand. Restore it from a backup.',
        );
      return { seq: toNumber(rows[0].seq), hash: rows[0].hash };
    },

    async listAuditKeys() {
      const rows = await client.query(
        'SELECT key_id, public_key, first_used_at FROM audit_keys ORDER BY first_used_at, key_id',
      );
      return rows.map((row) => ({
        keyId: String(row.key_id),
        publicKeyPem: String(row.public_key),
        firstUsedAt: toDate(row.first_used_at),
      }));
    },

    async withRequestLock(id, fn) {
      return inTransaction(async (tx) => {
        const rows = await tx.query('SELECT * FROM protection_requests WHERE id = $1 FOR UPDATE', [id]);
        if (!rows[0]) return undefined;
        return fn(mapRequest(rows[0]), createSqlStore(tx, signer));
      });
    },

    async transaction(fn) {
      return inTransaction((tx) => fn(createSqlStore(tx, signer)));
    },
  };
  return store;
}

const auditColumns = [
  'seq',
  'at',
  'kind',
  'repo',
  'environment',
  'sha',
  'actor',
  'data',
  'prev_hash',
  'hash',
  'signature',
  'key_id',
];

function missingSigner(): StoreError {
  return new StoreError(
    'This store was opened without an audit signing key, so it cannot append audit records. ' +
      'Set SHIPGATE_SIGNING_KEY (or, with the embedded store, let shipgate create one in the data directory).',
  );
}

/** Transactions that stored audit events to chain once they commit. */
const pendingWritten = new WeakSet<SqlClient>();

/** Stores `events` in `audit_pending` inside the transaction `tx`, in order; takes no lock. */
async function storePendingAudit(tx: SqlClient, events: AuditEvent[]): Promise<void> {
  if (events.length === 0) return;
  const params: unknown[] = [];
  const tuples = events.map((event) => {
    const base = params.length;
    params.push(
      event.at,
      event.kind,
      event.repo ?? null,
      event.environment ?? null,
      event.sha ?? null,
      event.actor ?? null,
      JSON.stringify(event.data ?? {}),
    );
    return `($${base + 1}, $${base + 2}, $${base + 3}, $${base + 4}, $${base + 5}, $${base + 6}, $${base + 7}::jsonb)`;
  });
  await tx.query(
    `INSERT INTO audit_pending (at, kind, repo, environment, sha, actor, data) VALUES ${tuples.join(', ')}`,
    params,
  );
  pendingWritten.add(tx);
}

/** Most pending events chained in one transaction. */
const maxPendingBatch = 1_000;

/**
 * Takes (deletes and returns, oldest first) up to `maxPendingBatch` committed pending events,
 * skipping those another appender is taking; the deletion commits with their chaining.
 */
async function takePendingAudit(tx: SqlClient): Promise<AuditEvent[]> {
  const rows = await tx.query(
    `DELETE FROM audit_pending WHERE id IN (
       SELECT id FROM audit_pending ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED
     ) RETURNING *`,
    [maxPendingBatch],
  );
  return rows
    .sort((a, b) => toNumber(a.id) - toNumber(b.id))
    .map((row) => ({
      at: toDate(row.at),
      kind: String(row.kind),
      repo: toNullableString(row.repo),
      environment: toNullableString(row.environment),
      sha: toNullableString(row.sha),
      actor: toNullableString(row.actor),
      data: toJsonObject(row.data),
    }));
}

/**
 * Appends records for `events` in order, within the transaction `tx`: locks the chain head
 * (`SELECT … FOR UPDATE` on the one audit_head row) unless this transaction already holds it
 * (`locked`), chains and signs each record, then inserts them and moves the head in one
 * statement. Concurrent appenders anywhere wait on that row lock, so the chain never forks.
 */
async function appendAuditBatch(
  tx: SqlClient,
  events: AuditEvent[],
  signer: AuditSigner,
  locked?: AuditHead,
): Promise<AuditRecord[]> {
  let head: AuditHead;
  if (locked) {
    head = locked;
  } else {
    const heads = await tx.query<{ seq: unknown; hash: string }>(
      'SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE',
    );
    const row = heads[0];
    if (!row)
      throw new StoreError(
        'The audit_head row is missing: the store was altered by hand. Restore it from a backup.',
      );
    head = { seq: toNumber(row.seq), hash: row.hash };
  }
  const records: AuditRecord[] = [];
  const params: unknown[] = [];
  const tuples: string[] = [];
  for (const event of events) {
    const record = buildAuditRecord(head, event, signer);
    records.push(record);
    head = { seq: record.seq, hash: record.hash };
    const base = params.length;
    params.push(
      record.seq,
      event.at,
      record.kind,
      record.repo,
      record.environment,
      record.sha,
      record.actor,
      JSON.stringify(record.data),
      record.prev_hash,
      record.hash,
      record.signature,
      record.key_id,
    );
    tuples.push(
      `(${auditColumns.map((column, i) => `$${base + i + 1}${column === 'data' ? '::jsonb' : ''}`).join(', ')})`,
    );
  }
  const seqParam = params.push(head.seq);
  const hashParam = params.push(head.hash);
  const moved = await tx.query(
    `WITH appended AS (INSERT INTO audit_log (${auditColumns.join(', ')}) VALUES ${tuples.join(', ')})
     UPDATE audit_head SET seq = $${seqParam}, hash = $${hashParam} WHERE id = 1 RETURNING seq`,
    params,
  );
  if (moved.length !== 1)
    throw new StoreError(
      'The audit_head row is missing: the store was altered by hand. Restore it from a backup.',
    );
  return records;
}

const maxAuditBatch = 200;

interface AuditAppender {
  append(event: AuditEvent): Promise<AuditRecord>;
  /** Chains every pending event committed before this call. */
  seal(): Promise<void>;
}

/**
 * Group commit for audit appends made outside a transaction, and the chaining of pending events
 * (stored by transactions): appends and seals queue while a batch is being written, and the next
 * batch takes them all in one transaction, pending events first. A batch that fails is retried
 * piece by piece (the pending events, then one record at a time), so one bad event fails alone.
 */
function createAuditAppender(client: SqlClient, signer: AuditSigner): AuditAppender {
  type Pending = {
    event: AuditEvent | null;
    resolve: (record: AuditRecord | null) => void;
    reject: (error: unknown) => void;
  };
  const queue: Pending[] = [];
  let flushing = false;
  /** Chains pending events and `events` in one transaction; returns the records of `events`. */
  const writeBatch = async (events: AuditEvent[], seal: boolean) =>
    client.transaction(async (tx) => {
      // Only a batch asked to seal looks for pending events: plain appends pay nothing for them.
      const pending = seal ? await takePendingAudit(tx) : [];
      if (pending.length === 0 && events.length === 0) return { records: [], drained: true };
      const records = await appendAuditBatch(tx, [...pending, ...events], signer);
      return {
        records: records.slice(pending.length),
        drained: pending.length < maxPendingBatch,
      };
    });
  const flush = async () => {
    try {
      while (queue.length > 0) {
        const batch = queue.splice(0, maxAuditBatch);
        const events = batch.flatMap((item) => (item.event ? [item.event] : []));
        const sealing = batch.some((item) => !item.event);
        try {
          const { records, drained } = await writeBatch(events, sealing);
          let next = 0;
          const sealers: Pending[] = [];
          for (const item of batch) {
            if (item.event) item.resolve(records[next++] as AuditRecord);
            else sealers.push(item);
          }
          // More pending than one batch takes: the seals wait for the rest.
          if (drained) for (const item of sealers) item.resolve(null);
          else queue.unshift(...sealers);
        } catch {
          let sealError: unknown = null;
          try {
            if (sealing) {
              for (
                let result = await writeBatch([], true);
                !result.drained;
                result = await writeBatch([], true)
              ) {
                // keep chaining pending events until none are left
              }
            }
          } catch (error) {
            sealError = error;
          }
          for (const item of batch) {
            if (!item.event) {
              if (sealError) item.reject(sealError);
              else item.resolve(null);
              continue;
            }
            try {
              const [record] = await client.transaction((tx) =>
                appendAuditBatch(tx, [item.event as AuditEvent], signer),
              );
              item.resolve(record as AuditRecord);
            } catch (error) {
              item.reject(error);
            }
          }
        }
      }
    } finally {
      flushing = false;
    }
  };
  const enqueue = (event: AuditEvent | null) =>
    new Promise<AuditRecord | null>((resolve, reject) => {
      queue.push({ event, resolve, reject });
      if (!flushing) {
        flushing = true;
        // Let appends made in the same tick join the first batch.
        queueMicrotask(() => void flush());
      }
    });
  return {
    append: async (event) => (await enqueue(event)) as AuditRecord,
    seal: async () => {
      await enqueue(null);
    },
  };
}

/** Records the signer's public key in `audit_keys`, so exports can name every key that signed. */
export async function registerAuditKey(client: SqlClient, signer: AuditSigner, at: Date): Promise<void> {
  const pem = signer.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  await client.query(
    `INSERT INTO audit_keys (key_id, public_key, first_used_at) VALUES ($1, $2, $3) ON CONFLICT (key_id) DO NOTHING`,
    [signer.keyId, pem, at],
  );
}
