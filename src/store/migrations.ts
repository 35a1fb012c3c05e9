/** One schema change, applied in order of `id` and recorded in `schema_migrations`. */
export interface Migration {
  id: number;
  name: string;
  sql: string;
}

/** The one migration set, shared by the embedded (PGlite) and PostgreSQL stores. Append only. */
export const migrations: readonly Migration[] = [
  {
    id: 1,
    name: 'initial',
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
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '${'0'.repeat(64)}');

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
`,
  },
  {
    id: 2,
    name: 'audit_pending',
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
`,
  },
];
