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
  let appender: ((event: AuditEvent) => Promise<AuditRecord>) | undefined;
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
      return client.transaction(async (tx) => {
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
      return client.transaction(async (tx) => {
        const audit = input.audit && signer ? input.audit : undefined;
        const lease = input.claim
          ? [input.claim.workerId, new Date(input.decidedAt.getTime() + input.claim.leaseMs)]
          : [null, null];
        // One statement: the state change, its outbox row and (when records follow) the lock on
        // the audit chain's head, so the decision costs one round trip before its records.
        const rows = await tx.query<{
          request: unknown;
          outbox: unknown;
          head_seq?: unknown;
          head_hash?: string;
        }>(
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
             ${audit ? ', h.seq AS head_seq, h.hash AS head_hash' : ''}
           FROM decided d JOIN outbox o ON o.request_id = d.id
             ${audit ? 'CROSS JOIN (SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE) h' : ''}`,
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
        if (audit && signer) {
          const events = audit({ request, outbox });
          if (events.length > 0) {
            if (row.head_hash === undefined || row.head_seq === undefined || row.head_seq === null)
              throw new StoreError(
                'The audit_head row is missing: the store was altered by hand. Restore it from a backup.',
              );
            await appendAuditBatch(tx, events, signer, {
              seq: toNumber(row.head_seq),
              hash: row.head_hash,
            });
          }
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
      if (!signer) {
        throw new StoreError(
          'This store was opened without an audit signing key, so it cannot append audit records. ' +
            'Set SHIPGATE_SIGNING_KEY (or, with the embedded store, let shipgate create one in the data directory).',
        );
      }
      // Inside a caller's transaction the record commits with the rest of it; outside, appends
      // that arrive together share one transaction (group commit).
      if (client.inTransaction) return appendAuditInTransaction(client, event, signer);
      appender ??= createAuditAppender(client, signer);
      return appender(event);
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
      return client.transaction(async (tx) => {
        const rows = await tx.query('SELECT * FROM protection_requests WHERE id = $1 FOR UPDATE', [id]);
        if (!rows[0]) return undefined;
        return fn(mapRequest(rows[0]), createSqlStore(tx, signer));
      });
    },

    async transaction(fn) {
      return client.transaction((tx) => fn(createSqlStore(tx, signer)));
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

/**
 * The chain head as the transaction holding its row lock last wrote it, per transaction client:
 * after a transaction's first append has locked the head (`SELECT … FOR UPDATE`), its later
 * appends need not read it again. Appends within one transaction are chained one after another.
 */
const heldHeads = new WeakMap<SqlClient, { head?: AuditHead; tail: Promise<unknown> }>();

/** Appends one record inside the caller's transaction, reusing the head this transaction locked. */
function appendAuditInTransaction(
  tx: SqlClient,
  event: AuditEvent,
  signer: AuditSigner,
): Promise<AuditRecord> {
  let held = heldHeads.get(tx);
  if (!held) {
    held = { tail: Promise.resolve() };
    heldHeads.set(tx, held);
  }
  const entry = held;
  const appended = entry.tail.then(async () => {
    const [record] = await appendAuditBatch(tx, [event], signer, entry.head);
    entry.head = { seq: (record as AuditRecord).seq, hash: (record as AuditRecord).hash };
    return record as AuditRecord;
  });
  entry.tail = appended.catch(() => undefined);
  return appended;
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

/**
 * Group commit for audit appends made outside a transaction: appends queue while a batch is being
 * written, and the next batch takes them all in one transaction. A batch that fails is retried one
 * record at a time, so one bad event fails alone.
 */
function createAuditAppender(
  client: SqlClient,
  signer: AuditSigner,
): (event: AuditEvent) => Promise<AuditRecord> {
  type Pending = {
    event: AuditEvent;
    resolve: (record: AuditRecord) => void;
    reject: (error: unknown) => void;
  };
  const queue: Pending[] = [];
  let flushing = false;
  const writeOne = async (item: Pending) => {
    try {
      const [record] = await client.transaction((tx) => appendAuditBatch(tx, [item.event], signer));
      item.resolve(record as AuditRecord);
    } catch (error) {
      item.reject(error);
    }
  };
  const flush = async () => {
    try {
      while (queue.length > 0) {
        const batch = queue.splice(0, maxAuditBatch);
        if (batch.length === 1) {
          await writeOne(batch[0] as Pending);
          continue;
        }
        try {
          const records = await client.transaction((tx) =>
            appendAuditBatch(
              tx,
              batch.map((item) => item.event),
              signer,
            ),
          );
          batch.forEach((item, i) => item.resolve(records[i] as AuditRecord));
        } catch {
          for (const item of batch) await writeOne(item);
        }
      }
    } finally {
      flushing = false;
    }
  };
  return (event) =>
    new Promise<AuditRecord>((resolve, reject) => {
      queue.push({ event, resolve, reject });
      if (!flushing) {
        flushing = true;
        // Let appends made in the same tick join the first batch.
        queueMicrotask(() => void flush());
      }
    });
}

/** Records the signer's public key in `audit_keys`, so exports can name every key that signed. */
export async function registerAuditKey(client: SqlClient, signer: AuditSigner, at: Date): Promise<void> {
  const pem = signer.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  await client.query(
    `INSERT INTO audit_keys (key_id, public_key, first_used_at) VALUES ($1, $2, $3) ON CONFLICT (key_id) DO NOTHING`,
    [signer.keyId, pem, at],
  );
}
