import type { AuditEvent, JsonObject } from '../src/audit/audit-record.js';
import type { GitHubPort } from '../src/github/github-port.js';
import type { RiskModel } from '../src/risk/model.js';
import type { Store, StoreOperations } from '../src/store/store.js';

/** Where the App writes what operators read; Probot's logger fits. */
export interface AppLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** What the App's orchestration needs from the outside world. Tests pass their own. */
export interface AppDeps {
  store: Store;
  model: RiskModel;
  /** A GitHub port for an installation. */
  portFor(installationId: number): Promise<GitHubPort>;
  /** Names this replica in store claims, e.g. `hostname:pid`. */
  workerId: string;
  log: AppLog;
  /** A number in [0, 1) for backoff jitter. */
  random?: () => number;
}

/** What an audit record is about; `repo` is `owner/name`, the actor `shipgate` unless named. */
export interface AuditAbout {
  repo?: string | null;
  environment?: string | null;
  sha?: string | null;
  actor?: string | null;
}

/** The audit event of one record. */
export function auditEvent(at: Date, kind: string, about: AuditAbout, data: JsonObject): AuditEvent {
  return {
    at,
    kind,
    repo: about.repo ?? null,
    environment: about.environment ?? null,
    sha: about.sha ?? null,
    actor: about.actor ?? 'shipgate',
    data,
  };
}

/** Appends one audit record. */
export async function appendAuditEvent(
  store: StoreOperations,
  at: Date,
  kind: string,
  about: AuditAbout,
  data: JsonObject,
): Promise<void> {
  await store.appendAudit(auditEvent(at, kind, about, data));
}

/** Records that one step around a request (a comment, a check run, …) failed; the decision itself is unaffected. */
export async function auditRequestError(
  store: StoreOperations,
  at: Date,
  request: { id: number; owner: string; repo: string; environment: string; sha: string },
  stage: string,
  error: unknown,
): Promise<void> {
  await appendAuditEvent(
    store,
    at,
    'error',
    { repo: `${request.owner}/${request.repo}`, environment: request.environment, sha: request.sha },
    { request_id: request.id, stage, error: describeError(error) },
  );
}

/** The message of anything thrown. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
