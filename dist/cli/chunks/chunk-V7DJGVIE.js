// src/store/store.ts
var StoreError = class extends Error {
  constructor(message, cause) {
    super(message);
    this.cause = cause;
  }
  cause;
  name = "StoreError";
};

// src/store/open-postgres-store.ts
import pg from "pg";

// src/store/migrations.ts
var migrations = [
  {
    id: 1,
    name: "initial",
    sql: `
CREATE TABLE webhook_deliveries (
  id text PRIMARY KEY,
  event text NOT NULL,
  received_at timestamptz NOT NULL
);

CREATE TABLE protection_requests (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  owner text NOT NULL,
  repo text NOT NULL,
  installation_id bigint NOT NULL,
  environment text NOT NULL,
  run_id bigint NOT NULL,
  deployment_id bigint,
  sha text NOT NULL,
  ref text,
  pull_numbers integer[] NOT NULL DEFAULT '{}',
  callback_url text NOT NULL,
  delivery_id text NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'approved', 'rejected', 'failed')),
  round integer NOT NULL DEFAULT 1,
  next_evaluation_at timestamptz,
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  status_reports_posted integer NOT NULL DEFAULT 0,
  claimed_by text,
  lease_until timestamptz,
  decided_at timestamptz,
  decision_comment text,
  UNIQUE (owner, repo, run_id, environment)
);
CREATE INDEX protection_requests_due ON protection_requests (next_evaluation_at) WHERE state = 'pending';
CREATE INDEX protection_requests_sha ON protection_requests (owner, repo, sha) WHERE state = 'pending';

CREATE TABLE decision_outbox (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  request_id bigint NOT NULL REFERENCES protection_requests (id),
  round integer NOT NULL,
  body jsonb NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  claimed_by text,
  lease_until timestamptz,
  done boolean NOT NULL DEFAULT false,
  outcome text CHECK (outcome IN ('sent', 'failed')),
  last_error text,
  answer jsonb,
  created_at timestamptz NOT NULL,
  done_at timestamptz,
  UNIQUE (request_id, round)
);
CREATE INDEX decision_outbox_due ON decision_outbox (next_attempt_at) WHERE NOT done;

CREATE TABLE signoffs (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  owner text NOT NULL,
  repo text NOT NULL,
  sha text NOT NULL,
  environment text NOT NULL,
  login text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('approve', 'reject', 'break_glass', 'revoke')),
  reason text,
  at timestamptz NOT NULL,
  source text NOT NULL CHECK (source IN ('comment', 'check_run')),
  accepted boolean NOT NULL,
  refusal_reason text,
  pull_number integer
);
CREATE INDEX signoffs_lookup ON signoffs (owner, repo, sha, environment);

CREATE TABLE deployment_statuses (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  owner text NOT NULL,
  repo text NOT NULL,
  environment text NOT NULL,
  deployment_id bigint NOT NULL,
  sha text NOT NULL,
  status text NOT NULL,
  at timestamptz NOT NULL,
  is_rollback boolean NOT NULL
);
CREATE INDEX deployment_statuses_recent ON deployment_statuses (owner, repo, environment, at DESC);

CREATE TABLE status_comments (
  owner text NOT NULL,
  repo text NOT NULL,
  pull_number integer NOT NULL,
  environment text NOT NULL,
  comment_id bigint NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (owner, repo, pull_number, environment)
);

CREATE TABLE team_members (
  org text NOT NULL,
  team text NOT NULL,
  members text[] NOT NULL,
  fetched_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (org, team)
);

CREATE TABLE audit_log (
  seq bigint PRIMARY KEY,
  at timestamptz NOT NULL,
  kind text NOT NULL,
  repo text,
  environment text,
  sha text,
  actor text,
  data jsonb NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL UNIQUE,
  signature text NOT NULL,
  key_id text NOT NULL
);

-- The chain head: one row, locked FOR UPDATE by every append so the chain never forks.
CREATE TABLE audit_head (
  id integer PRIMARY KEY CHECK (id = 1),
  seq bigint NOT NULL,
  hash text NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '${"0".repeat(64)}');

CREATE TABLE audit_keys (
  key_id text PRIMARY KEY,
  public_key text NOT NULL,
  first_used_at timestamptz NOT NULL
);

-- The audit log is append-only: updates and deletes are refused.
CREATE FUNCTION shipgate_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP;
END
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION shipgate_audit_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION shipgate_audit_append_only();
`
  },
  {
    id: 2,
    name: "audit_pending",
    sql: `
-- Audit events written inside a transaction, with the change they record: they take no lock on
-- the chain's head, and the appender chains and signs them in batches once committed.
CREATE TABLE audit_pending (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL,
  kind text NOT NULL,
  repo text,
  environment text,
  sha text,
  actor text,
  data jsonb NOT NULL
);
`
  }
];

// src/store/apply-migrations.ts
async function applyMigrations(client, migrations2 = migrations) {
  return client.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('shipgate.migrate.' || current_schema()))`);
    await tx.execScript(`CREATE TABLE IF NOT EXISTS schema_migrations (
      id integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const rows = await tx.query("SELECT id FROM schema_migrations");
    const applied = new Set(rows.map((row) => Number(row.id)));
    const known = new Set(migrations2.map((m) => m.id));
    const unknown = [...applied].filter((id) => !known.has(id));
    if (unknown.length > 0) {
      throw new StoreError(
        `The store has migration ${unknown.join(", ")}, which this version of shipgate does not know: it was written by a newer shipgate. Upgrade shipgate, or point it at another store.`
      );
    }
    const done = [];
    for (const migration of [...migrations2].sort((a, b) => a.id - b.id)) {
      if (applied.has(migration.id)) continue;
      try {
        await tx.execScript(migration.sql);
      } catch (error) {
        throw new StoreError(
          `Migration ${migration.id} (${migration.name}) failed: ${error.message}`,
          error
        );
      }
      await tx.query("INSERT INTO schema_migrations (id, name) VALUES ($1, $2)", [
        migration.id,
        migration.name
      ]);
      done.push(migration.id);
    }
    return done;
  });
}

// src/store/check-schema-present.ts
async function checkSchemaPresent(client, where) {
  const rows = await client.query(
    `SELECT to_regclass('schema_migrations') IS NOT NULL AND to_regclass('audit_log') IS NOT NULL AS present`
  );
  if (!rows[0]?.present) {
    throw new StoreError(
      `No shipgate store found in ${where}: it has no schema_migrations or audit_log table. Point at the App's store with --database URL (and --schema NAME if it uses one) or --data-dir DIR.`
    );
  }
  const applied = await client.query("SELECT max(id) AS id FROM schema_migrations");
  const latest = Math.max(...migrations.map((m) => m.id));
  const version = Number(applied[0]?.id ?? 0);
  if (version > latest) {
    throw new StoreError(
      `The store in ${where} is at migration ${version}, newer than this shipgate knows (${latest}). Upgrade shipgate.`
    );
  }
}

// src/store/check-store-health.ts
async function checkStoreHealth(client, adapter, describeFailure = (error) => error.message) {
  const started = performance.now();
  try {
    const rows = await client.query("SELECT max(id) AS version FROM schema_migrations");
    const version = rows[0]?.version;
    return {
      ok: true,
      adapter,
      latencyMs: performance.now() - started,
      schemaVersion: version === null || version === void 0 ? null : Number(version)
    };
  } catch (error) {
    return {
      ok: false,
      adapter,
      latencyMs: performance.now() - started,
      schemaVersion: null,
      error: describeFailure(error)
    };
  }
}

// src/audit/build-audit-record.ts
import { createHash, sign } from "node:crypto";

// src/audit/canonicalize-json.ts
var CanonicalJsonError = class extends Error {
  name = "CanonicalJsonError";
};
function canonicalizeJson(value) {
  return write(value, /* @__PURE__ */ new Set(), "$");
}
function write(value, seen, path4) {
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
    case "boolean":
      return JSON.stringify(value);
    case "number":
      if (!Number.isFinite(value)) {
        throw new CanonicalJsonError(
          `${path4} is ${value}, which JSON cannot represent; store it as a string.`
        );
      }
      return JSON.stringify(value);
    case "object":
      break;
    default:
      throw new CanonicalJsonError(`${path4} is a ${typeof value}, which JSON cannot represent.`);
  }
  const object = value;
  if (seen.has(object)) throw new CanonicalJsonError(`${path4} refers to itself; a cycle has no JSON form.`);
  seen.add(object);
  let text;
  if (Array.isArray(object)) {
    text = `[${object.map((item, index) => write(item, seen, `${path4}[${index}]`)).join(",")}]`;
  } else if (object instanceof Date) {
    text = JSON.stringify(object.toISOString());
  } else {
    const entries = Object.entries(object).filter(([, item]) => item !== void 0).sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0);
    text = `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${write(item, seen, `${path4}.${key}`)}`).join(",")}}`;
  }
  seen.delete(object);
  return text;
}

// src/audit/build-audit-record.ts
function formatAuditContent(content) {
  const { seq, at, kind, repo, environment, sha, actor, data, key_id } = content;
  return canonicalizeJson({ v: 1, seq, at, kind, repo, environment, sha, actor, data, key_id });
}
function computeAuditHash(prevHash, content) {
  return createHash("sha256").update(prevHash, "utf8").update(formatAuditContent(content), "utf8").digest("hex");
}
function pickAuditContent(record) {
  return {
    seq: record.seq,
    at: record.at,
    kind: record.kind,
    repo: record.repo,
    environment: record.environment,
    sha: record.sha,
    actor: record.actor,
    data: record.data,
    key_id: record.key_id
  };
}
function buildAuditRecord(head, event, signer) {
  const content = {
    seq: head.seq + 1,
    at: event.at.toISOString(),
    kind: event.kind,
    repo: event.repo ?? null,
    environment: event.environment ?? null,
    sha: event.sha ?? null,
    actor: event.actor ?? null,
    data: JSON.parse(canonicalizeJson(event.data ?? {})),
    key_id: signer.keyId
  };
  const hash = computeAuditHash(head.hash, content);
  const signature = sign(null, Buffer.from(hash, "hex"), signer.privateKey).toString("base64");
  return { ...content, prev_hash: head.hash, hash, signature };
}

// src/store/sql-store.ts
function toNumber(value) {
  return typeof value === "number" ? value : Number(value);
}
function toNullableNumber(value) {
  return value === null || value === void 0 ? null : toNumber(value);
}
function toDate(value) {
  return value instanceof Date ? value : new Date(String(value));
}
function toNullableDate(value) {
  return value === null || value === void 0 ? null : toDate(value);
}
function toNullableString(value) {
  return value === null || value === void 0 ? null : String(value);
}
function toJsonObject(value) {
  return typeof value === "string" ? JSON.parse(value) : value;
}
function mapRequest(row) {
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
    pullNumbers: (row.pull_numbers ?? []).map(toNumber),
    callbackUrl: String(row.callback_url),
    deliveryId: String(row.delivery_id),
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
    state: row.state,
    round: toNumber(row.round),
    nextEvaluationAt: toNullableDate(row.next_evaluation_at),
    attempts: toNumber(row.attempts),
    lastError: toNullableString(row.last_error),
    statusReportsPosted: toNumber(row.status_reports_posted),
    claimedBy: toNullableString(row.claimed_by),
    leaseUntil: toNullableDate(row.lease_until),
    decidedAt: toNullableDate(row.decided_at),
    decisionComment: toNullableString(row.decision_comment)
  };
}
function mapOutbox(row) {
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
    outcome: row.outcome ?? null,
    lastError: toNullableString(row.last_error),
    answer: row.answer === null || row.answer === void 0 ? null : toJsonObject(row.answer),
    createdAt: toDate(row.created_at),
    doneAt: toNullableDate(row.done_at)
  };
}
function mapSignOff(row) {
  return {
    id: toNumber(row.id),
    owner: String(row.owner),
    repo: String(row.repo),
    sha: String(row.sha),
    environment: String(row.environment),
    login: String(row.login),
    kind: row.kind,
    reason: toNullableString(row.reason),
    at: toDate(row.at),
    source: row.source,
    accepted: Boolean(row.accepted),
    refusalReason: toNullableString(row.refusal_reason),
    pullNumber: toNullableNumber(row.pull_number)
  };
}
function mapDeploymentStatus(row) {
  return {
    id: toNumber(row.id),
    owner: String(row.owner),
    repo: String(row.repo),
    environment: String(row.environment),
    deploymentId: toNumber(row.deployment_id),
    sha: String(row.sha),
    status: String(row.status),
    at: toDate(row.at),
    isRollback: Boolean(row.is_rollback)
  };
}
function mapAuditRecord(row) {
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
    signature: String(row.signature)
  };
}
var claimLease = `lease_until IS NULL OR lease_until <= $2`;
function createSqlStore(client, signer) {
  let appender;
  const getAppender = () => appender ??= createAuditAppender(client, signer);
  const inTransaction = async (fn) => {
    let used;
    const result = await client.transaction((tx) => {
      used = tx;
      return fn(tx);
    });
    if (!client.inTransaction && used && pendingWritten.delete(used) && signer) {
      await getAppender().seal();
    }
    return result;
  };
  const store = {
    async recordDelivery(id, event, receivedAt) {
      const rows = await client.query(
        `INSERT INTO webhook_deliveries (id, event, received_at) VALUES ($1, $2, $3)
         ON CONFLICT (id) DO NOTHING RETURNING id`,
        [id, event, receivedAt]
      );
      return rows.length === 1;
    },
    async upsertRequest(input) {
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
          input.nextEvaluationAt
        ];
        const created = await tx.query(
          `INSERT INTO protection_requests (owner, repo, installation_id, environment, run_id, deployment_id, sha, ref,
             pull_numbers, callback_url, delivery_id, created_at, updated_at, next_evaluation_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $13)
           ON CONFLICT (owner, repo, run_id, environment) DO NOTHING RETURNING *`,
          params
        );
        if (created[0]) return { request: mapRequest(created[0]), outcome: "created" };
        const reopened = await tx.query(
          `UPDATE protection_requests SET installation_id = $3, deployment_id = $6, sha = $7, ref = $8,
             pull_numbers = $9, callback_url = $10, delivery_id = $11, created_at = $12, updated_at = $12,
             next_evaluation_at = $13, state = 'pending', round = round + 1, attempts = 0, last_error = NULL,
             status_reports_posted = 0, claimed_by = NULL, lease_until = NULL, decided_at = NULL, decision_comment = NULL
           WHERE owner = $1 AND repo = $2 AND run_id = $5 AND environment = $4 AND delivery_id <> $11
           RETURNING *`,
          params
        );
        if (reopened[0]) return { request: mapRequest(reopened[0]), outcome: "reopened" };
        const existing = await tx.query(
          `SELECT * FROM protection_requests WHERE owner = $1 AND repo = $2 AND run_id = $3 AND environment = $4`,
          [input.owner, input.repo, input.runId, input.environment]
        );
        if (!existing[0]) {
          throw new StoreError(
            `The request for ${input.owner}/${input.repo} run ${input.runId} (${input.environment}) vanished while it was stored; retry.`
          );
        }
        return { request: mapRequest(existing[0]), outcome: "unchanged" };
      });
    },
    async getRequest(id) {
      const rows = await client.query("SELECT * FROM protection_requests WHERE id = $1", [id]);
      return rows[0] ? mapRequest(rows[0]) : void 0;
    },
    async listPendingRequests(filter) {
      const rows = await client.query(
        `SELECT * FROM protection_requests
         WHERE state = 'pending' AND owner = $1 AND repo = $2
           AND ($3::text IS NULL OR sha = $3) AND ($4::text IS NULL OR environment = $4)
         ORDER BY created_at, id`,
        [filter.owner, filter.repo, filter.sha ?? null, filter.environment ?? null]
      );
      return rows.map(mapRequest);
    },
    async claimDueRequests(options) {
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
        [options.workerId, options.now, new Date(options.now.getTime() + options.leaseMs), options.limit]
      );
      return rows.map(mapRequest).sort(
        (a, b) => (a.nextEvaluationAt?.getTime() ?? 0) - (b.nextEvaluationAt?.getTime() ?? 0) || a.id - b.id
      );
    },
    async releaseRequest(id, workerId, update) {
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
          update.lastError !== void 0,
          update.lastError ?? null,
          update.countAttempt ? 1 : 0
        ]
      );
      return rows.length === 1;
    },
    async rescheduleRequest(id, update) {
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
          update.lastError !== void 0,
          update.lastError ?? null,
          update.countAttempt ? 1 : 0
        ]
      );
      return rows.length === 1;
    },
    async takeStatusReportSlot(id, max) {
      const rows = await client.query(
        `UPDATE protection_requests SET status_reports_posted = status_reports_posted + 1
         WHERE id = $1 AND status_reports_posted < $2 RETURNING status_reports_posted`,
        [id, max]
      );
      return rows[0] ? toNumber(rows[0].status_reports_posted) : void 0;
    },
    async decideRequest(input) {
      return inTransaction(async (tx) => {
        const lease = input.claim ? [input.claim.workerId, new Date(input.decidedAt.getTime() + input.claim.leaseMs)] : [null, null];
        const rows = await tx.query(
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
            ...lease
          ]
        );
        const row = rows[0];
        if (!row) {
          const current = await tx.query("SELECT * FROM protection_requests WHERE id = $1", [
            input.requestId
          ]);
          return { decided: false, request: current[0] ? mapRequest(current[0]) : void 0 };
        }
        const request = mapRequest(toJsonObject(row.request));
        const outbox = mapOutbox(toJsonObject(row.outbox));
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
        [id, error, at]
      );
      return rows.length === 1;
    },
    async claimOutbox(options) {
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
        [options.workerId, options.now, new Date(options.now.getTime() + options.leaseMs), options.limit]
      );
      return rows.map(mapOutbox).sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || a.id - b.id);
    },
    async completeOutbox(id, workerId, at, answer) {
      const rows = await client.query(
        `UPDATE decision_outbox SET done = true, outcome = 'sent', answer = $4::jsonb, done_at = $3,
           attempts = attempts + 1, claimed_by = NULL, lease_until = NULL
         WHERE id = $1 AND claimed_by = $2 AND NOT done RETURNING id`,
        [id, workerId, at, JSON.stringify(answer)]
      );
      return rows.length === 1;
    },
    async retryOutbox(id, workerId, update) {
      const rows = await client.query(
        `UPDATE decision_outbox SET attempts = attempts + 1, next_attempt_at = $3, last_error = $4,
           claimed_by = NULL, lease_until = NULL
         WHERE id = $1 AND claimed_by = $2 AND NOT done RETURNING id`,
        [id, workerId, update.nextAttemptAt, update.error]
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
          update.answer === null ? null : JSON.stringify(update.answer)
        ]
      );
      return rows.length === 1;
    },
    async getOutbox(requestId) {
      const rows = await client.query(
        "SELECT * FROM decision_outbox WHERE request_id = $1 ORDER BY round, id",
        [requestId]
      );
      return rows.map(mapOutbox);
    },
    async appendSignOff(input) {
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
          input.pullNumber
        ]
      );
      return mapSignOff(rows[0]);
    },
    async listSignOffs(filter) {
      const rows = await client.query(
        `SELECT * FROM signoffs WHERE owner = $1 AND repo = $2 AND sha = $3 AND environment = $4 ORDER BY at, id`,
        [filter.owner, filter.repo, filter.sha, filter.environment]
      );
      return rows.map(mapSignOff);
    },
    async recordDeploymentStatus(input) {
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
          input.isRollback
        ]
      );
      return mapDeploymentStatus(rows[0]);
    },
    async listDeploymentStatuses(filter) {
      const rows = await client.query(
        `SELECT * FROM deployment_statuses WHERE owner = $1 AND repo = $2 AND environment = $3
         ORDER BY at DESC, id DESC LIMIT $4`,
        [filter.owner, filter.repo, filter.environment, filter.limit]
      );
      return rows.map(mapDeploymentStatus);
    },
    async getStatusComment(key) {
      const rows = await client.query(
        `SELECT comment_id FROM status_comments WHERE owner = $1 AND repo = $2 AND pull_number = $3 AND environment = $4`,
        [key.owner, key.repo, key.pullNumber, key.environment]
      );
      return rows[0] ? toNumber(rows[0].comment_id) : void 0;
    },
    async setStatusComment(key, commentId, at) {
      await client.query(
        `INSERT INTO status_comments (owner, repo, pull_number, environment, comment_id, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (owner, repo, pull_number, environment) DO UPDATE SET comment_id = $5, updated_at = $6`,
        [key.owner, key.repo, key.pullNumber, key.environment, commentId, at]
      );
    },
    async getTeamMembers(key) {
      const rows = await client.query(
        `SELECT members FROM team_members WHERE org = $1 AND team = $2 AND expires_at > $3`,
        [key.org, key.team, key.now]
      );
      return rows[0] ? [...rows[0].members] : void 0;
    },
    async putTeamMembers(entry) {
      await client.query(
        `INSERT INTO team_members (org, team, members, fetched_at, expires_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (org, team) DO UPDATE SET members = $3, fetched_at = $4, expires_at = $5`,
        [entry.org, entry.team, entry.members, entry.fetchedAt, entry.expiresAt]
      );
    },
    async appendAudit(event) {
      if (!signer) throw missingSigner();
      if (client.inTransaction) {
        await storePendingAudit(client, [event]);
        return null;
      }
      return getAppender().append(event);
    },
    async sealPendingAudit() {
      if (!signer) throw missingSigner();
      if (client.inTransaction)
        throw new StoreError("Audit events are chained after their transaction commits, not inside it.");
      await getAppender().seal();
    },
    async listAudit(options = {}) {
      const rows = await client.query(`SELECT * FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2`, [
        options.afterSeq ?? 0,
        options.limit ?? 1e9
      ]);
      return rows.map(mapAuditRecord);
    },
    async getAuditHead() {
      const rows = await client.query(
        "SELECT seq, hash FROM audit_head WHERE id = 1"
      );
      if (!rows[0])
        throw new StoreError(
          "The audit_head row is missing: the store was altered by hand. Restore it from a backup."
        );
      return { seq: toNumber(rows[0].seq), hash: rows[0].hash };
    },
    async listAuditKeys() {
      const rows = await client.query(
        "SELECT key_id, public_key, first_used_at FROM audit_keys ORDER BY first_used_at, key_id"
      );
      return rows.map((row) => ({
        keyId: String(row.key_id),
        publicKeyPem: String(row.public_key),
        firstUsedAt: toDate(row.first_used_at)
      }));
    },
    async withRequestLock(id, fn) {
      return inTransaction(async (tx) => {
        const rows = await tx.query("SELECT * FROM protection_requests WHERE id = $1 FOR UPDATE", [id]);
        if (!rows[0]) return void 0;
        return fn(mapRequest(rows[0]), createSqlStore(tx, signer));
      });
    },
    async transaction(fn) {
      return inTransaction((tx) => fn(createSqlStore(tx, signer)));
    }
  };
  return store;
}
var auditColumns = [
  "seq",
  "at",
  "kind",
  "repo",
  "environment",
  "sha",
  "actor",
  "data",
  "prev_hash",
  "hash",
  "signature",
  "key_id"
];
function missingSigner() {
  return new StoreError(
    "This store was opened without an audit signing key, so it cannot append audit records. Set SHIPGATE_SIGNING_KEY (or, with the embedded store, let shipgate create one in the data directory)."
  );
}
var pendingWritten = /* @__PURE__ */ new WeakSet();
async function storePendingAudit(tx, events) {
  if (events.length === 0) return;
  const params = [];
  const tuples = events.map((event) => {
    const base = params.length;
    params.push(
      event.at,
      event.kind,
      event.repo ?? null,
      event.environment ?? null,
      event.sha ?? null,
      event.actor ?? null,
      JSON.stringify(event.data ?? {})
    );
    return `($${base + 1}, $${base + 2}, $${base + 3}, $${base + 4}, $${base + 5}, $${base + 6}, $${base + 7}::jsonb)`;
  });
  await tx.query(
    `INSERT INTO audit_pending (at, kind, repo, environment, sha, actor, data) VALUES ${tuples.join(", ")}`,
    params
  );
  pendingWritten.add(tx);
}
var maxPendingBatch = 1e3;
async function takePendingAudit(tx) {
  const rows = await tx.query(
    `DELETE FROM audit_pending WHERE id IN (
       SELECT id FROM audit_pending ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED
     ) RETURNING *`,
    [maxPendingBatch]
  );
  return rows.sort((a, b) => toNumber(a.id) - toNumber(b.id)).map((row) => ({
    at: toDate(row.at),
    kind: String(row.kind),
    repo: toNullableString(row.repo),
    environment: toNullableString(row.environment),
    sha: toNullableString(row.sha),
    actor: toNullableString(row.actor),
    data: toJsonObject(row.data)
  }));
}
async function appendAuditBatch(tx, events, signer, locked) {
  let head;
  if (locked) {
    head = locked;
  } else {
    const heads = await tx.query(
      "SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE"
    );
    const row = heads[0];
    if (!row)
      throw new StoreError(
        "The audit_head row is missing: the store was altered by hand. Restore it from a backup."
      );
    head = { seq: toNumber(row.seq), hash: row.hash };
  }
  const records = [];
  const params = [];
  const tuples = [];
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
      record.key_id
    );
    tuples.push(
      `(${auditColumns.map((column, i) => `$${base + i + 1}${column === "data" ? "::jsonb" : ""}`).join(", ")})`
    );
  }
  const seqParam = params.push(head.seq);
  const hashParam = params.push(head.hash);
  const moved = await tx.query(
    `WITH appended AS (INSERT INTO audit_log (${auditColumns.join(", ")}) VALUES ${tuples.join(", ")})
     UPDATE audit_head SET seq = $${seqParam}, hash = $${hashParam} WHERE id = 1 RETURNING seq`,
    params
  );
  if (moved.length !== 1)
    throw new StoreError(
      "The audit_head row is missing: the store was altered by hand. Restore it from a backup."
    );
  return records;
}
var maxAuditBatch = 200;
function createAuditAppender(client, signer) {
  const queue = [];
  let flushing = false;
  const writeBatch = async (events, seal) => client.transaction(async (tx) => {
    const pending = seal ? await takePendingAudit(tx) : [];
    if (pending.length === 0 && events.length === 0) return { records: [], drained: true };
    const records = await appendAuditBatch(tx, [...pending, ...events], signer);
    return {
      records: records.slice(pending.length),
      drained: pending.length < maxPendingBatch
    };
  });
  const flush = async () => {
    try {
      while (queue.length > 0) {
        const batch = queue.splice(0, maxAuditBatch);
        const events = batch.flatMap((item) => item.event ? [item.event] : []);
        const sealing = batch.some((item) => !item.event);
        try {
          const { records, drained } = await writeBatch(events, sealing);
          let next = 0;
          const sealers = [];
          for (const item of batch) {
            if (item.event) item.resolve(records[next++]);
            else sealers.push(item);
          }
          if (drained) for (const item of sealers) item.resolve(null);
          else queue.unshift(...sealers);
        } catch {
          let sealError = null;
          try {
            if (sealing) {
              for (let result = await writeBatch([], true); !result.drained; result = await writeBatch([], true)) {
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
              const [record] = await client.transaction(
                (tx) => appendAuditBatch(tx, [item.event], signer)
              );
              item.resolve(record);
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
  const enqueue = (event) => new Promise((resolve, reject) => {
    queue.push({ event, resolve, reject });
    if (!flushing) {
      flushing = true;
      queueMicrotask(() => void flush());
    }
  });
  return {
    append: async (event) => await enqueue(event),
    seal: async () => {
      await enqueue(null);
    }
  };
}
async function registerAuditKey(client, signer, at) {
  const pem = signer.publicKey.export({ type: "spki", format: "pem" }).toString();
  await client.query(
    `INSERT INTO audit_keys (key_id, public_key, first_used_at) VALUES ($1, $2, $3) ON CONFLICT (key_id) DO NOTHING`,
    [signer.keyId, pem, at]
  );
}

// src/store/open-postgres-store.ts
var schemaName = /^[a-z_][a-z0-9_]{0,62}$/;
function describeDatabaseUrl(url) {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "the database URL given (it is not a valid URL)";
  }
}
function wrapConnection(connection) {
  const client = {
    inTransaction: true,
    async query(sql, params) {
      return (await connection.query(sql, params)).rows;
    },
    async execScript(sql) {
      await connection.query(sql);
    },
    async transaction(fn) {
      return fn(client);
    }
  };
  return client;
}
function wrapPool(pool) {
  return {
    inTransaction: false,
    async query(sql, params) {
      return (await pool.query(sql, params)).rows;
    },
    async execScript(sql) {
      await pool.query(sql);
    },
    async transaction(fn) {
      const connection = await pool.connect();
      let broken;
      try {
        await connection.query("BEGIN");
        const result = await fn(wrapConnection(connection));
        await connection.query("COMMIT");
        return result;
      } catch (error) {
        try {
          await connection.query("ROLLBACK");
        } catch (rollbackError) {
          broken = rollbackError;
        }
        throw error;
      } finally {
        connection.release(broken);
      }
    }
  };
}
async function openPostgresStore(options) {
  if (options.schema !== void 0 && !schemaName.test(options.schema)) {
    throw new StoreError(
      `The schema name '${options.schema}' is not allowed: use lower-case letters, digits and _, starting with a letter or _.`
    );
  }
  const where = describeDatabaseUrl(options.connectionString) + (options.schema ? ` (schema ${options.schema})` : "");
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    application_name: options.applicationName ?? "shipgate",
    options: options.schema ? `-c search_path=${options.schema}` : void 0
  });
  let lastPoolError;
  pool.on("error", (error) => {
    lastPoolError = error;
  });
  try {
    if (options.schema && (options.migrate ?? true)) {
      try {
        await pool.query(`CREATE SCHEMA IF NOT EXISTS ${options.schema}`);
      } catch (error) {
        const code = error.code;
        if (code !== "23505" && code !== "42P06") throw error;
      }
    }
    const client = wrapPool(pool);
    if (options.migrate ?? true) await applyMigrations(client);
    else await checkSchemaPresent(client, where);
    if (options.signer) await registerAuditKey(client, options.signer, options.now ?? /* @__PURE__ */ new Date());
    const store = {
      adapter: "postgres",
      ...createSqlStore(client, options.signer),
      healthCheck: () => checkStoreHealth(
        client,
        "postgres",
        (error) => error.message + (lastPoolError ? ` (last connection error: ${lastPoolError.message})` : "")
      ),
      async close() {
        await pool.end();
      }
    };
    if (options.signer) await store.sealPendingAudit();
    return store;
  } catch (error) {
    await pool.end().catch(() => void 0);
    if (error instanceof StoreError) throw error;
    throw new StoreError(
      `Could not open the PostgreSQL store at ${where}: ${error.message}. Check that the server is running and DATABASE_URL (or --database) is right.`,
      error
    );
  }
}

// src/store/open-store.ts
import path2 from "node:path";

// src/store/open-pglite-store.ts
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
function pgliteDatabaseDir(dataDir) {
  return path.join(dataDir, "db");
}
function wrapTransaction(tx) {
  const client = {
    inTransaction: true,
    async query(sql, params) {
      return (await tx.query(sql, params)).rows;
    },
    async execScript(sql) {
      await tx.exec(sql);
    },
    async transaction(fn) {
      return fn(client);
    }
  };
  return client;
}
function wrapDatabase(db) {
  return {
    inTransaction: false,
    async query(sql, params) {
      return (await db.query(sql, params)).rows;
    },
    async execScript(sql) {
      await db.exec(sql);
    },
    async transaction(fn) {
      return db.transaction((tx) => fn(wrapTransaction(tx)));
    }
  };
}
async function openPgliteStore(options = {}) {
  let db = options.db;
  if (!db) {
    if (options.dataDir) {
      const dir = pgliteDatabaseDir(options.dataDir);
      if (!existsSync(path.join(dir, "PG_VERSION"))) {
        if (options.mustExist) {
          throw new StoreError(
            `No shipgate store found at ${path.resolve(options.dataDir)} (no database in ${dir}). Point at one with --data-dir DIR or --database URL, or set DATABASE_URL.`
          );
        }
        mkdirSync(dir, { recursive: true });
      }
      db = new PGlite(dir);
    } else {
      db = new PGlite();
    }
  }
  const opened = db;
  try {
    await opened.waitReady;
    const client = wrapDatabase(opened);
    if (options.migrate ?? true) await applyMigrations(client);
    else await checkSchemaPresent(client, options.dataDir ?? "the embedded store");
    if (options.signer) await registerAuditKey(client, options.signer, options.now ?? /* @__PURE__ */ new Date());
    const store = {
      adapter: "pglite",
      ...createSqlStore(client, options.signer),
      healthCheck: () => checkStoreHealth(client, "pglite"),
      async close() {
        if (!opened.closed) await opened.close();
      }
    };
    if (options.signer) await store.sealPendingAudit();
    return store;
  } catch (error) {
    if (!opened.closed) await opened.close();
    if (error instanceof StoreError) throw error;
    throw new StoreError(
      `Could not open the embedded store${options.dataDir ? ` at ${options.dataDir}` : ""}: ${error.message}. If another shipgate process uses this data directory, stop it or use DATABASE_URL for several processes.`,
      error
    );
  }
}

// src/store/open-store.ts
function defaultDataDir(cwd) {
  return path2.join(cwd, ".shipgate");
}
async function openStore(location, options = {}) {
  if (location.databaseUrl) {
    return openPostgresStore({
      connectionString: location.databaseUrl,
      schema: location.schema,
      signer: options.signer,
      migrate: options.migrate,
      now: options.now
    });
  }
  return openPgliteStore({
    dataDir: location.dataDir,
    signer: options.signer,
    mustExist: options.mustExist,
    migrate: options.migrate,
    now: options.now
  });
}

// src/audit/audit-signer.ts
import { createHash as createHash2, createPublicKey } from "node:crypto";
var AuditKeyError = class extends Error {
  name = "AuditKeyError";
};
function computeKeyId(publicKey) {
  const der = publicKey.export({ type: "spki", format: "der" });
  return createHash2("sha256").update(der).digest("hex").slice(0, 16);
}
function createAuditSigner(privateKey) {
  if (privateKey.type !== "private" || privateKey.asymmetricKeyType !== "ed25519") {
    throw new AuditKeyError(
      `The audit signing key is a ${privateKey.asymmetricKeyType ?? privateKey.type} ${privateKey.type} key; shipgate signs with Ed25519. Create one with \`openssl genpkey -algorithm ed25519\`.`
    );
  }
  const publicKey = createPublicKey(privateKey);
  return { keyId: computeKeyId(publicKey), privateKey, publicKey };
}
function createAuditPublicKey(publicKey) {
  if (publicKey.asymmetricKeyType !== "ed25519") {
    throw new AuditKeyError(
      `The audit public key is a ${publicKey.asymmetricKeyType ?? publicKey.type} key; shipgate audit records are signed with Ed25519.`
    );
  }
  const key = publicKey.type === "private" ? createPublicKey(publicKey) : publicKey;
  return { keyId: computeKeyId(key), publicKey: key };
}

// src/store/signing-key-io.ts
import { generateKeyPairSync } from "node:crypto";
import { mkdirSync as mkdirSync2, readFileSync, statSync, writeFileSync } from "node:fs";
import path3 from "node:path";

// src/audit/parse-signing-key.ts
import { createPrivateKey, createPublicKey as createPublicKey2 } from "node:crypto";
function readPem(text, what, origin) {
  const trimmed = text.trim();
  if (trimmed.startsWith("-----BEGIN")) return trimmed;
  const decoded = Buffer.from(trimmed.replace(/\s+/g, ""), "base64").toString("utf8").trim();
  if (decoded.startsWith("-----BEGIN")) return decoded;
  throw new AuditKeyError(
    `${origin} holds no ${what}: expected PEM text (-----BEGIN \u2026) or its base64. Create a key with \`openssl genpkey -algorithm ed25519 -out signing-key.pem\`.`
  );
}
function parseSigningKey(text, origin) {
  const pem = readPem(text, "private key", origin);
  try {
    return createAuditSigner(createPrivateKey({ key: pem, format: "pem" }));
  } catch (error) {
    if (error instanceof AuditKeyError) throw new AuditKeyError(`${origin}: ${error.message}`);
    throw new AuditKeyError(
      `${origin} is not a readable PKCS#8 private key (${error.message}). Create one with \`openssl genpkey -algorithm ed25519 -out signing-key.pem\`.`
    );
  }
}
function parsePublicKey(text, origin) {
  const pem = readPem(text, "public key", origin);
  try {
    const key = pem.includes("PRIVATE KEY") ? createPrivateKey(pem) : createPublicKey2(pem);
    return createAuditPublicKey(key);
  } catch (error) {
    if (error instanceof AuditKeyError) throw new AuditKeyError(`${origin}: ${error.message}`);
    throw new AuditKeyError(
      `${origin} is not a readable public key (${error.message}). Export one with \`openssl pkey -in signing-key.pem -pubout -out signing-key.pub.pem\`.`
    );
  }
}

// src/store/signing-key-io.ts
function signingKeyPath(dataDir) {
  return path3.join(dataDir, "signing-key.pem");
}
function publicKeyPath(dataDir) {
  return path3.join(dataDir, "signing-key.pub.pem");
}
function loadSigningKey(settings) {
  const fromEnv = settings.env.SHIPGATE_SIGNING_KEY;
  if (fromEnv && fromEnv.trim() !== "") {
    return { signer: parseSigningKey(fromEnv, "SHIPGATE_SIGNING_KEY"), source: "env" };
  }
  if (!settings.embedded) {
    throw new StoreError(
      "SHIPGATE_SIGNING_KEY is not set. With DATABASE_URL every replica must sign the audit log with the same key: create one with `openssl genpkey -algorithm ed25519 -out signing-key.pem` and set SHIPGATE_SIGNING_KEY to the file's content (or its base64) on every replica."
    );
  }
  const file = signingKeyPath(settings.dataDir);
  let text;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if (error.code !== "ENOENT") {
      throw new StoreError(`Cannot read the audit signing key ${file}: ${error.message}.`, error);
    }
  }
  if (text !== void 0) {
    const signer2 = parseSigningKey(text, file);
    const mode = statSync(file).mode & 511;
    const warning = (mode & 63) !== 0 ? `warning: ${file} is readable by other users (mode ${mode.toString(8)}); run \`chmod 600 ${file}\`.` : void 0;
    return { signer: signer2, source: "file", warning };
  }
  const { privateKey } = generateKeyPairSync("ed25519");
  const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  mkdirSync2(settings.dataDir, { recursive: true });
  try {
    writeFileSync(file, pem, { mode: 384, flag: "wx" });
  } catch (error) {
    if (error.code === "EEXIST") {
      return { signer: parseSigningKey(readFileSync(file, "utf8"), file), source: "file" };
    }
    throw new StoreError(`Cannot write the audit signing key ${file}: ${error.message}.`, error);
  }
  const signer = parseSigningKey(pem, file);
  const pubFile = publicKeyPath(settings.dataDir);
  writeFileSync(pubFile, signer.publicKey.export({ type: "spki", format: "pem" }).toString(), {
    mode: 420
  });
  return {
    signer,
    source: "generated",
    warning: `warning: SHIPGATE_SIGNING_KEY is not set, so shipgate created an audit signing key at ${file} (key id ${signer.keyId}). Back it up: without it no one can tell your audit log from a forged one. Give ${pubFile} to whoever verifies the log, and for production set SHIPGATE_SIGNING_KEY instead.`
  };
}
function readPublicKeyFile(file) {
  let text;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new StoreError(`Cannot read the public key ${file}: ${error.message}.`, error);
  }
  return parsePublicKey(text, file);
}
function findLocalPublicKey(settings) {
  const fromEnv = settings.env.SHIPGATE_SIGNING_KEY;
  if (fromEnv && fromEnv.trim() !== "") {
    const signer = parseSigningKey(fromEnv, "SHIPGATE_SIGNING_KEY");
    return { keyId: signer.keyId, publicKey: signer.publicKey };
  }
  for (const file of [publicKeyPath(settings.dataDir), signingKeyPath(settings.dataDir)]) {
    try {
      return parsePublicKey(readFileSync(file, "utf8"), file);
    } catch (error) {
      if (error.code !== "ENOENT") throw error;
    }
  }
  return void 0;
}

export {
  StoreError,
  canonicalizeJson,
  computeAuditHash,
  pickAuditContent,
  describeDatabaseUrl,
  defaultDataDir,
  openStore,
  AuditKeyError,
  loadSigningKey,
  readPublicKeyFile,
  findLocalPublicKey
};
