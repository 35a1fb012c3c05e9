/** A JSON value as stored in an audit record's `data`. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object, the shape of an audit record's `data`. */
export type JsonObject = { [key: string]: JsonValue };

/**
 * What an audit record is about. The listed kinds are the ones shipgate writes; the union stays
 * open so that new kinds need no change here.
 */
export type AuditKind =
  | 'request_received'
  | 'signoff_accepted'
  | 'signoff_refused'
  | 'verdict'
  | 'decision'
  | 'github_call'
  | 'status_report'
  | 'deployment_status'
  | 'error'
  | (string & {});

/** An event to append. The store assigns `seq` and the chain fields. */
export interface AuditEvent {
  /** When it happened (the caller's `now`). Stored with millisecond precision. */
  at: Date;
  kind: AuditKind;
  /** `owner/name`, when the event concerns a repository. */
  repo?: string | null;
  environment?: string | null;
  sha?: string | null;
  /** Who caused it: a GitHub login, `shipgate` for the App itself. */
  actor?: string | null;
  data?: JsonObject;
}

/** The signed content of one record: everything the hash covers. */
export interface AuditContent {
  seq: number;
  /** ISO 8601 with milliseconds, UTC (`2026-11-21T10:00:00.000Z`). */
  at: string;
  kind: AuditKind;
  repo: string | null;
  environment: string | null;
  sha: string | null;
  actor: string | null;
  data: JsonObject;
  key_id: string;
}

/**
 * One record of the audit log, as stored and as exported (one per line in JSONL).
 * `hash = sha256(prev_hash || canonical(content))` in hex; `signature` is Ed25519 over the
 * 32 hash bytes, in base64; `key_id` names the public key that verifies it.
 */
export interface AuditRecord extends AuditContent {
  prev_hash: string;
  hash: string;
  signature: string;
}

/** The end of the chain: the last record's seq and hash (seq 0 and the genesis hash when empty). */
export interface AuditHead {
  seq: number;
  hash: string;
}

/** The value the first record chains from. */
export const AUDIT_GENESIS_HASH = '0'.repeat(64);
