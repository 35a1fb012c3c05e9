import {
  UsageError
} from "./chunk-QLHZKYCG.js";

// src/cli/audit-command.ts
import { closeSync, openSync, readFileSync as readFileSync2, writeSync } from "node:fs";
import path4 from "node:path";
import { parseArgs } from "node:util";

// src/audit/canonicalize-json.ts
var CanonicalJsonError = class extends Error {
  name = "CanonicalJsonError";
};
function canonicalizeJson(value) {
  return write(value, /* @__PURE__ */ new Set(), "$");
}
function write(value, seen, path5) {
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
    case "boolean":
      return JSON.stringify(value);
    case "number":
      if (!Number.isFinite(value)) {
        throw new CanonicalJsonError(
          `${path5} is ${value}, which JSON cannot represent; store it as a string.`
        );
      }
      return JSON.stringify(value);
    case "object":
      break;
    default:
      throw new CanonicalJsonError(`${path5} is a ${typeof value}, which JSON cannot represent.`);
  }
  const object = value;
  if (seen.has(object)) throw new CanonicalJsonError(`${path5} refers to itself; a cycle has no JSON form.`);
  seen.add(object);
  let text;
  if (Array.isArray(object)) {
    text = `[${object.map((item, index) => write(item, seen, `${path5}[${index}]`)).join(",")}]`;
  } else if (object instanceof Date) {
    text = JSON.stringify(object.toISOString());
  } else {
    const entries = Object.entries(object).filter(([, item]) => item !== void 0).sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0);
    text = `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${write(item, seen, `${path5}.${key}`)}`).join(",")}}`;
  }
  seen.delete(object);
  return text;
}

// src/audit/audit-export.ts
function formatAuditExportLine(record) {
  return `${canonicalizeJson(record)}
`;
}
function parseAuditExport(text) {
  const records = [];
  const problems = [];
  text.split("\n").forEach((raw, index) => {
    const line = raw.trim();
    if (line === "") return;
    try {
      const value = JSON.parse(line);
      if (typeof value !== "object" || value === null || Array.isArray(value)) {
        problems.push({ line: index + 1, message: "is not a JSON object" });
        return;
      }
      records.push(value);
    } catch (error) {
      problems.push({ line: index + 1, message: `is not valid JSON (${error.message})` });
    }
  });
  return { records, problems };
}

// src/audit/audit-signer.ts
import { createHash, createPublicKey } from "node:crypto";
var AuditKeyError = class extends Error {
  name = "AuditKeyError";
};
function computeKeyId(publicKey) {
  const der = publicKey.export({ type: "spki", format: "der" });
  return createHash("sha256").update(der).digest("hex").slice(0, 16);
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

// src/audit/verify-audit-chain.ts
import { verify } from "node:crypto";

// src/audit/build-audit-record.ts
import { createHash as createHash2, sign } from "node:crypto";
function formatAuditContent(content) {
  const { seq, at, kind, repo, environment, sha, actor, data, key_id } = content;
  return canonicalizeJson({ v: 1, seq, at, kind, repo, environment, sha, actor, data, key_id });
}
function computeAuditHash(prevHash, content) {
  return createHash2("sha256").update(prevHash, "utf8").update(formatAuditContent(content), "utf8").digest("hex");
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

// src/audit/audit-record.ts
var AUDIT_GENESIS_HASH = "0".repeat(64);

// src/audit/verify-audit-chain.ts
var hex64 = /^[0-9a-f]{64}$/;
function describeShape(record) {
  if (typeof record !== "object" || record === null) return "is not an object";
  const r = record;
  if (!Number.isSafeInteger(r.seq) || r.seq < 1) return "has no positive integer seq";
  for (const field of ["at", "kind", "key_id", "signature"]) {
    if (typeof r[field] !== "string") return `has no string ${field}`;
  }
  for (const field of ["prev_hash", "hash"]) {
    if (typeof r[field] !== "string" || !hex64.test(r[field]))
      return `has no 64-hex-digit ${field}`;
  }
  for (const field of ["repo", "environment", "sha", "actor"]) {
    if (r[field] !== null && typeof r[field] !== "string")
      return `has a ${field} that is neither a string nor null`;
  }
  if (typeof r.data !== "object" || r.data === null || Array.isArray(r.data)) return "has no data object";
  return void 0;
}
function verifyAuditChain(records, publicKeys, options2 = {}) {
  const keys = new Map(publicKeys.map((key) => [key.keyId, key.publicKey]));
  const usedKeys = /* @__PURE__ */ new Set();
  let prevSeq = 0;
  let prevHash = AUDIT_GENESIS_HASH;
  const fail = (index, seq, reason, message) => ({
    ok: false,
    count: records.length,
    seq,
    index,
    reason,
    message
  });
  for (const [index, record] of records.entries()) {
    const shape = describeShape(record);
    if (shape) {
      const seq = Number.isSafeInteger(record?.seq) ? record.seq : prevSeq + 1;
      return fail(index, seq, "malformed", `the record at position ${index + 1} (seq ${seq}) ${shape}.`);
    }
    const expected = prevSeq + 1;
    if (record.seq > expected) {
      const missing = record.seq - expected === 1 ? `seq ${expected} is` : `seqs ${expected}\u2013${record.seq - 1} are`;
      return fail(
        index,
        record.seq,
        "seq_gap",
        `seq ${record.seq} follows seq ${prevSeq}: ${missing} missing (deleted).`
      );
    }
    if (record.seq < expected) {
      return fail(
        index,
        record.seq,
        "seq_order",
        `seq ${record.seq} appears after seq ${prevSeq}: the record was inserted or moved out of order.`
      );
    }
    if (record.prev_hash !== prevHash) {
      return fail(
        index,
        record.seq,
        "broken_link",
        `seq ${record.seq} links to prev_hash ${record.prev_hash.slice(0, 12)}\u2026 but the record before it has hash ${prevHash.slice(0, 12)}\u2026: a record was replaced, inserted or removed.`
      );
    }
    const hash = computeAuditHash(record.prev_hash, pickAuditContent(record));
    if (hash !== record.hash) {
      return fail(
        index,
        record.seq,
        "hash_mismatch",
        `seq ${record.seq}: its content hashes to ${hash.slice(0, 12)}\u2026 but the record says ${record.hash.slice(0, 12)}\u2026: the record was changed after it was written.`
      );
    }
    const key = keys.get(record.key_id);
    if (!key) {
      const known = [...keys.keys()].join(", ") || "none";
      return fail(
        index,
        record.seq,
        "unknown_key",
        `seq ${record.seq} is signed with key ${record.key_id}, which is not among the trusted public keys (${known}). Pass that key's public half with --public-key if you trust it.`
      );
    }
    const signature = Buffer.from(record.signature, "base64");
    if (!verify(null, Buffer.from(record.hash, "hex"), key, signature)) {
      return fail(
        index,
        record.seq,
        "bad_signature",
        `seq ${record.seq}: the signature does not verify with key ${record.key_id}: the record was re-signed or forged.`
      );
    }
    usedKeys.add(record.key_id);
    prevSeq = record.seq;
    prevHash = record.hash;
  }
  const head = { seq: prevSeq, hash: prevHash };
  const expectedHead = options2.expectedHead;
  if (expectedHead && (expectedHead.seq !== head.seq || expectedHead.hash !== head.hash)) {
    if (expectedHead.seq > head.seq) {
      return fail(
        -1,
        head.seq + 1,
        "missing_tail",
        `the chain ends at seq ${head.seq} but the head records seq ${expectedHead.seq}: records ${head.seq + 1}\u2013${expectedHead.seq} were deleted.`
      );
    }
    const atHead = records.findIndex((record) => record.seq === expectedHead.seq);
    if (expectedHead.seq < head.seq && atHead >= 0 && records[atHead]?.hash === expectedHead.hash) {
      return fail(
        atHead + 1,
        expectedHead.seq + 1,
        "past_head",
        `seq ${expectedHead.seq + 1} comes after the head (seq ${expectedHead.seq}): records were added without the store's append.`
      );
    }
    return fail(
      Math.max(atHead, -1),
      expectedHead.seq,
      "broken_link",
      `the head records seq ${expectedHead.seq} with hash ${expectedHead.hash.slice(0, 12)}\u2026 but the chain's record there differs: the head or the chain was altered.`
    );
  }
  return { ok: true, count: records.length, head, keyIds: [...usedKeys].sort() };
}

// src/store/open-store.ts
import path2 from "node:path";

// src/store/open-pglite-store.ts
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";

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
  }
];

// src/store/store.ts
var StoreError = class extends Error {
  constructor(message, cause) {
    super(message);
    this.cause = cause;
  }
  cause;
  name = "StoreError";
};

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
    async claimDueRequests(options2) {
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
        [options2.workerId, options2.now, new Date(options2.now.getTime() + options2.leaseMs), options2.limit]
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
      return client.transaction(async (tx) => {
        const decided = await tx.query(
          `UPDATE protection_requests
           SET state = $2, decided_at = $3, decision_comment = $4, updated_at = $3,
               claimed_by = NULL, lease_until = NULL, next_evaluation_at = NULL
           WHERE id = $1 AND state = 'pending' RETURNING *`,
          [input.requestId, input.state, input.decidedAt, input.comment]
        );
        if (!decided[0]) {
          const current = await tx.query("SELECT * FROM protection_requests WHERE id = $1", [
            input.requestId
          ]);
          return { decided: false, request: current[0] ? mapRequest(current[0]) : void 0 };
        }
        const request = mapRequest(decided[0]);
        const outbox = await tx.query(
          `INSERT INTO decision_outbox (request_id, round, body, next_attempt_at, created_at)
           VALUES ($1, $2, $3::jsonb, $4, $4) RETURNING *`,
          [request.id, request.round, JSON.stringify(input.call), input.decidedAt]
        );
        return { decided: true, request, outbox: mapOutbox(outbox[0]) };
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
    async claimOutbox(options2) {
      const rows = await client.query(
        `WITH due AS (
           SELECT id FROM decision_outbox
           WHERE NOT done AND next_attempt_at <= $2 AND (${claimLease})
           ORDER BY next_attempt_at, id
           LIMIT $4
           FOR UPDATE SKIP LOCKED
         )
         UPDATE decision_outbox o SET claimed_by = $1, lease_until = $3
         FROM due WHERE o.id = due.id
         RETURNING o.*`,
        [options2.workerId, options2.now, new Date(options2.now.getTime() + options2.leaseMs), options2.limit]
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
      if (!signer) {
        throw new StoreError(
          "This store was opened without an audit signing key, so it cannot append audit records. Set SHIPGATE_SIGNING_KEY (or, with the embedded store, let shipgate create one in the data directory)."
        );
      }
      if (client.inTransaction) return (await appendAuditBatch(client, [event], signer))[0];
      appender ??= createAuditAppender(client, signer);
      return appender(event);
    },
    async listAudit(options2 = {}) {
      const rows = await client.query(`SELECT * FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2`, [
        options2.afterSeq ?? 0,
        options2.limit ?? 1e9
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
      return client.transaction(async (tx) => {
        const rows = await tx.query("SELECT * FROM protection_requests WHERE id = $1 FOR UPDATE", [id]);
        if (!rows[0]) return void 0;
        return fn(mapRequest(rows[0]), createSqlStore(tx, signer));
      });
    },
    async transaction(fn) {
      return client.transaction((tx) => fn(createSqlStore(tx, signer)));
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
async function appendAuditBatch(tx, events, signer) {
  const heads = await tx.query(
    "SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE"
  );
  const row = heads[0];
  if (!row)
    throw new StoreError(
      "The audit_head row is missing: the store was altered by hand. Restore it from a backup."
    );
  let head = { seq: toNumber(row.seq), hash: row.hash };
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
  await tx.query(`INSERT INTO audit_log (${auditColumns.join(", ")}) VALUES ${tuples.join(", ")}`, params);
  await tx.query("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1", [head.seq, head.hash]);
  return records;
}
var maxAuditBatch = 200;
function createAuditAppender(client, signer) {
  const queue = [];
  let flushing = false;
  const writeOne = async (item) => {
    try {
      const [record] = await client.transaction((tx) => appendAuditBatch(tx, [item.event], signer));
      item.resolve(record);
    } catch (error) {
      item.reject(error);
    }
  };
  const flush = async () => {
    try {
      while (queue.length > 0) {
        const batch = queue.splice(0, maxAuditBatch);
        if (batch.length === 1) {
          await writeOne(batch[0]);
          continue;
        }
        try {
          const records = await client.transaction(
            (tx) => appendAuditBatch(
              tx,
              batch.map((item) => item.event),
              signer
            )
          );
          batch.forEach((item, i) => item.resolve(records[i]));
        } catch {
          for (const item of batch) await writeOne(item);
        }
      }
    } finally {
      flushing = false;
    }
  };
  return (event) => new Promise((resolve, reject) => {
    queue.push({ event, resolve, reject });
    if (!flushing) {
      flushing = true;
      queueMicrotask(() => void flush());
    }
  });
}
async function registerAuditKey(client, signer, at) {
  const pem = signer.publicKey.export({ type: "spki", format: "pem" }).toString();
  await client.query(
    `INSERT INTO audit_keys (key_id, public_key, first_used_at) VALUES ($1, $2, $3) ON CONFLICT (key_id) DO NOTHING`,
    [signer.keyId, pem, at]
  );
}

// src/store/open-pglite-store.ts
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
async function openPgliteStore(options2 = {}) {
  let db = options2.db;
  if (!db) {
    if (options2.dataDir) {
      const dir = pgliteDatabaseDir(options2.dataDir);
      if (!existsSync(path.join(dir, "PG_VERSION"))) {
        if (options2.mustExist) {
          throw new StoreError(
            `No shipgate store found at ${path.resolve(options2.dataDir)} (no database in ${dir}). Point at one with --data-dir DIR or --database URL, or set DATABASE_URL.`
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
    if (options2.migrate ?? true) await applyMigrations(client);
    else await checkSchemaPresent(client, options2.dataDir ?? "the embedded store");
    if (options2.signer) await registerAuditKey(client, options2.signer, options2.now ?? /* @__PURE__ */ new Date());
    return {
      adapter: "pglite",
      ...createSqlStore(client, options2.signer),
      async healthCheck() {
        const started = performance.now();
        try {
          const rows = await client.query(
            "SELECT max(id) AS version FROM schema_migrations"
          );
          const version = rows[0]?.version;
          return {
            ok: true,
            adapter: "pglite",
            latencyMs: performance.now() - started,
            schemaVersion: version === null || version === void 0 ? null : Number(version)
          };
        } catch (error) {
          return {
            ok: false,
            adapter: "pglite",
            latencyMs: performance.now() - started,
            schemaVersion: null,
            error: error.message
          };
        }
      },
      async close() {
        if (!opened.closed) await opened.close();
      }
    };
  } catch (error) {
    if (!opened.closed) await opened.close();
    if (error instanceof StoreError) throw error;
    throw new StoreError(
      `Could not open the embedded store${options2.dataDir ? ` at ${options2.dataDir}` : ""}: ${error.message}. If another shipgate process uses this data directory, stop it or use DATABASE_URL for several processes.`,
      error
    );
  }
}

// src/store/open-postgres-store.ts
import pg from "pg";
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
async function openPostgresStore(options2) {
  if (options2.schema !== void 0 && !schemaName.test(options2.schema)) {
    throw new StoreError(
      `The schema name '${options2.schema}' is not allowed: use lower-case letters, digits and _, starting with a letter or _.`
    );
  }
  const where = describeDatabaseUrl(options2.connectionString) + (options2.schema ? ` (schema ${options2.schema})` : "");
  const pool = new pg.Pool({
    connectionString: options2.connectionString,
    max: options2.maxConnections ?? 10,
    application_name: options2.applicationName ?? "shipgate",
    options: options2.schema ? `-c search_path=${options2.schema}` : void 0
  });
  let lastPoolError;
  pool.on("error", (error) => {
    lastPoolError = error;
  });
  try {
    if (options2.schema && (options2.migrate ?? true)) {
      try {
        await pool.query(`CREATE SCHEMA IF NOT EXISTS ${options2.schema}`);
      } catch (error) {
        const code = error.code;
        if (code !== "23505" && code !== "42P06") throw error;
      }
    }
    const client = wrapPool(pool);
    if (options2.migrate ?? true) await applyMigrations(client);
    else await checkSchemaPresent(client, where);
    if (options2.signer) await registerAuditKey(client, options2.signer, options2.now ?? /* @__PURE__ */ new Date());
    return {
      adapter: "postgres",
      ...createSqlStore(client, options2.signer),
      async healthCheck() {
        const started = performance.now();
        try {
          const rows = await client.query(
            "SELECT max(id) AS version FROM schema_migrations"
          );
          const version = rows[0]?.version;
          return {
            ok: true,
            adapter: "postgres",
            latencyMs: performance.now() - started,
            schemaVersion: version === null || version === void 0 ? null : Number(version)
          };
        } catch (error) {
          return {
            ok: false,
            adapter: "postgres",
            latencyMs: performance.now() - started,
            schemaVersion: null,
            error: error.message + (lastPoolError ? ` (last connection error: ${lastPoolError.message})` : "")
          };
        }
      },
      async close() {
        await pool.end();
      }
    };
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
function defaultDataDir(cwd) {
  return path2.join(cwd, ".shipgate");
}
async function openStore(location, options2 = {}) {
  if (location.databaseUrl) {
    return openPostgresStore({
      connectionString: location.databaseUrl,
      schema: location.schema,
      signer: options2.signer,
      migrate: options2.migrate,
      now: options2.now
    });
  }
  return openPgliteStore({
    dataDir: location.dataDir,
    signer: options2.signer,
    mustExist: options2.mustExist,
    migrate: options2.migrate,
    now: options2.now
  });
}

// src/store/signing-key-io.ts
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

// src/cli/audit-command.ts
var help = `usage:
  shipgate audit verify [--database URL | --data-dir DIR] [--schema NAME] [--public-key FILE ...] [--json]
  shipgate audit verify --file EXPORT.jsonl --public-key FILE [--public-key FILE ...] [--json]
  shipgate audit export --format jsonl [--database URL | --data-dir DIR] [--schema NAME] [--out FILE]
  shipgate audit keys [--database URL | --data-dir DIR] [--schema NAME]

The store is DATABASE_URL when set, else the embedded store in .shipgate/.
verify checks every record's hash, link and Ed25519 signature and names the first bad one
(exit 0: intact, 1: broken). Without --public-key it trusts the local signing key
(SHIPGATE_SIGNING_KEY, or the data directory's signing-key.pem).
`;
var pageSize = 5e3;
var options = {
  database: { type: "string" },
  "data-dir": { type: "string" },
  schema: { type: "string" },
  "public-key": { type: "string", multiple: true },
  file: { type: "string" },
  format: { type: "string" },
  out: { type: "string" },
  json: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false }
};
function resolveLocation(values, io) {
  if (values.database && values["data-dir"]) {
    throw new UsageError("give either --database URL or --data-dir DIR, not both.");
  }
  const dataDir = values["data-dir"] ? path4.resolve(io.cwd, values["data-dir"]) : defaultDataDir(io.cwd);
  const databaseUrl = values.database ?? (values["data-dir"] ? void 0 : io.env.DATABASE_URL || void 0);
  const schema = values.schema;
  if (databaseUrl) {
    return {
      databaseUrl,
      schema,
      dataDir,
      description: describeDatabaseUrl(databaseUrl) + (schema ? ` (schema ${schema})` : "")
    };
  }
  return { dataDir, description: dataDir };
}
async function openExisting(location) {
  try {
    return await openStore(location, { mustExist: true, migrate: false });
  } catch (error) {
    if (error instanceof StoreError) throw new UsageError(error.message);
    throw error;
  }
}
async function readAllRecords(store) {
  const records = [];
  for (; ; ) {
    const page = await store.listAudit({ afterSeq: records.at(-1)?.seq ?? 0, limit: pageSize });
    records.push(...page);
    if (page.length < pageSize) return records;
  }
}
function loadKeys(values, io, dataDir) {
  try {
    const files = values["public-key"] ?? [];
    if (files.length > 0) {
      return { keys: files.map((f) => readPublicKeyFile(path4.resolve(io.cwd, f))), origin: files.join(", ") };
    }
    const local = findLocalPublicKey({ env: io.env, dataDir });
    if (!local) {
      throw new UsageError(
        `no public key to verify with: pass --public-key FILE (the signing key's public half, e.g. ${path4.join(dataDir, "signing-key.pub.pem")}), or set SHIPGATE_SIGNING_KEY.`
      );
    }
    return {
      keys: [local],
      origin: io.env.SHIPGATE_SIGNING_KEY ? "SHIPGATE_SIGNING_KEY" : `the signing key in ${dataDir}`
    };
  } catch (error) {
    if (error instanceof AuditKeyError || error instanceof StoreError) throw new UsageError(error.message);
    throw error;
  }
}
function report(result, source, keyOrigin, values, io) {
  if (values.json) {
    io.stdout(`${JSON.stringify({ source, ...result })}
`);
    return result.ok ? 0 : 1;
  }
  if (result.ok) {
    const range = result.count === 0 ? "no records" : `${result.count} records, seq 1\u2013${result.head.seq}`;
    io.stdout(
      `audit log intact: ${source}: ${range}, head ${result.head.hash.slice(0, 16)}\u2026, signed by ${result.keyIds.join(", ") || "no key"} (trusted keys from ${keyOrigin}).
`
    );
    return 0;
  }
  io.stdout(
    `audit log broken: ${source}: first bad record is seq ${result.seq} (${result.reason}).
${result.message}
` + (result.seq > 1 ? `Records up to seq ${result.seq - 1} verify.
` : "")
  );
  return 1;
}
async function runVerify(values, io) {
  if (values.file) {
    if (values.database || values["data-dir"])
      throw new UsageError("--file verifies an export; leave out --database and --data-dir.");
    if (!values["public-key"]?.length) {
      throw new UsageError(
        "verifying an export needs the signer's public key: add --public-key FILE (one per key after a rotation)."
      );
    }
    const file = path4.resolve(io.cwd, values.file);
    let text;
    try {
      text = readFileSync2(file, "utf8");
    } catch (error) {
      throw new UsageError(`cannot read the export ${file}: ${error.message}.`);
    }
    const { keys, origin } = loadKeys(values, io, defaultDataDir(io.cwd));
    const { records, problems } = parseAuditExport(text);
    const problem = problems[0];
    if (problem) {
      io.stdout(
        `audit log broken: ${file}: line ${problem.line} ${problem.message}; an export has one JSON record per line.
`
      );
      return 1;
    }
    return report(verifyAuditChain(records, keys), file, origin, values, io);
  }
  const location = resolveLocation(values, io);
  const store = await openExisting(location);
  try {
    const { keys, origin } = loadKeys(values, io, location.dataDir);
    const records = await readAllRecords(store);
    const head = await store.getAuditHead();
    const lastSeq = records.at(-1)?.seq ?? 0;
    if (head.seq > lastSeq)
      records.push(...await store.listAudit({ afterSeq: lastSeq, limit: head.seq - lastSeq }));
    return report(
      verifyAuditChain(records, keys, { expectedHead: head }),
      location.description,
      origin,
      values,
      io
    );
  } finally {
    await store.close();
  }
}
async function runExport(values, io) {
  if ((values.format ?? "jsonl") !== "jsonl") {
    throw new UsageError(
      `--format ${values.format} is not supported; the export format is jsonl (one signed record per line).`
    );
  }
  const location = resolveLocation(values, io);
  const store = await openExisting(location);
  const out = values.out ? path4.resolve(io.cwd, values.out) : void 0;
  let fd;
  try {
    if (out) {
      try {
        fd = openSync(out, "w");
      } catch (error) {
        throw new UsageError(`cannot write ${out}: ${error.message}.`);
      }
    }
    let count = 0;
    let afterSeq = 0;
    for (; ; ) {
      const page = await store.listAudit({ afterSeq, limit: pageSize });
      const text = page.map(formatAuditExportLine).join("");
      if (fd === void 0) io.stdout(text);
      else writeSync(fd, text);
      count += page.length;
      afterSeq = page.at(-1)?.seq ?? afterSeq;
      if (page.length < pageSize) break;
    }
    if (out) io.stderr(`exported ${count} audit records from ${location.description} to ${out}.
`);
    return 0;
  } finally {
    if (fd !== void 0) closeSync(fd);
    await store.close();
  }
}
async function runKeys(values, io) {
  const location = resolveLocation(values, io);
  const store = await openExisting(location);
  try {
    const keys = await store.listAuditKeys();
    if (keys.length === 0) io.stdout(`no key has signed records in ${location.description} yet.
`);
    for (const key of keys) {
      io.stdout(
        `# key ${key.keyId}, first used ${key.firstUsedAt.toISOString()}
${key.publicKeyPem.trim()}
`
      );
    }
    return 0;
  } finally {
    await store.close();
  }
}
async function runAuditCommand(argv, io) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${error.message}
${help}`);
  }
  const { values, positionals } = parsed;
  const [sub, ...extra] = positionals;
  if (values.help || sub === "help") {
    io.stdout(help);
    return 0;
  }
  if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'.
${help}`);
  switch (sub) {
    case "verify":
      return runVerify(values, io);
    case "export":
      return runExport(values, io);
    case "keys":
      return runKeys(values, io);
    default:
      throw new UsageError(
        `${sub ? `unknown subcommand '${sub}'` : "missing subcommand"}: use verify, export or keys.
${help}`
      );
  }
}
export {
  runAuditCommand
};
