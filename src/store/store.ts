import type { AuditEvent, AuditHead, AuditRecord, JsonObject } from '../audit/audit-record.js';

/** A repository on GitHub. */
export interface RepoRef {
  owner: string;
  repo: string;
}

/** Where a deployment protection request stands. Only `pending` may move, and only once. */
export type RequestState = 'pending' | 'approved' | 'rejected' | 'failed';

/** A `deployment_protection_rule.requested` webhook, as the App stores it. */
export interface ProtectionRequestInput extends RepoRef {
  installationId: number;
  environment: string;
  /** Parsed from the callback URL (`…/actions/runs/{run_id}/deployment_protection_rule`). */
  runId: number;
  deploymentId: number | null;
  sha: string;
  ref: string | null;
  pullNumbers: number[];
  callbackUrl: string;
  deliveryId: string;
  createdAt: Date;
  /** When the sweeper should look at it again; null: only on a new event. */
  nextEvaluationAt: Date | null;
}

/** A stored request. */
export interface ProtectionRequest extends ProtectionRequestInput {
  id: number;
  state: RequestState;
  /** Starts at 1; a new delivery for the same run and environment (a re-run) opens round 2, … */
  round: number;
  attempts: number;
  lastError: string | null;
  statusReportsPosted: number;
  claimedBy: string | null;
  leaseUntil: Date | null;
  decidedAt: Date | null;
  decisionComment: string | null;
  updatedAt: Date;
}

/** What `upsertRequest` did: stored a new request, reopened one for a new delivery, or found the same delivery. */
export type UpsertOutcome = 'created' | 'reopened' | 'unchanged';

/** A GitHub call owed for a decision, kept until it is made. */
export interface OutboxEntry {
  id: number;
  requestId: number;
  round: number;
  /** The request body to send, e.g. `{environment_name, state, comment}`. */
  body: JsonObject;
  attempts: number;
  nextAttemptAt: Date;
  claimedBy: string | null;
  leaseUntil: Date | null;
  done: boolean;
  /** `sent` once GitHub accepted it, `failed` once it was given up; null while owed. */
  outcome: 'sent' | 'failed' | null;
  lastError: string | null;
  /** What GitHub answered (status and body), once done. */
  answer: JsonObject | null;
  createdAt: Date;
  doneAt: Date | null;
}

export interface DecideInput {
  requestId: number;
  state: 'approved' | 'rejected';
  comment: string;
  decidedAt: Date;
  /** The GitHub call that carries the decision, stored in the same transaction. */
  call: JsonObject;
  /**
   * Store the call already claimed by this worker (as `claimOutbox` would), so that the caller
   * makes it at once; when the worker dies, the lease runs out and a sweeper takes the call over.
   */
  claim?: { workerId: string; leaseMs: number };
  /**
   * Audit records that commit with the decision (in order, after everything already in the log):
   * the decision and what led to it cannot be lost apart. Called only when this caller decides.
   */
  audit?: (decided: { request: ProtectionRequest; outbox: OutboxEntry }) => AuditEvent[];
}

/** The result of a decision: exactly one caller per request round sees `decided: true`. */
export type DecideResult =
  | { decided: true; request: ProtectionRequest; outbox: OutboxEntry }
  | { decided: false; request: ProtectionRequest | undefined };

export type SignOffKind = 'approve' | 'reject' | 'break_glass' | 'revoke';

export interface SignOffInput extends RepoRef {
  sha: string;
  environment: string;
  login: string;
  kind: SignOffKind;
  reason: string | null;
  at: Date;
  source: 'comment' | 'check_run';
  accepted: boolean;
  refusalReason: string | null;
  pullNumber: number | null;
}

export interface SignOff extends SignOffInput {
  id: number;
}

export interface DeploymentStatusInput extends RepoRef {
  environment: string;
  deploymentId: number;
  sha: string;
  /** GitHub's deployment status state: success, failure, error, inactive, in_progress, queued, pending. */
  status: string;
  at: Date;
  isRollback: boolean;
}

export interface DeploymentStatusRecord extends DeploymentStatusInput {
  id: number;
}

export interface ClaimOptions {
  /** Names the replica that claims, e.g. `hostname:pid`. */
  workerId: string;
  now: Date;
  /** How long the claim holds; after that another replica may take it. */
  leaseMs: number;
  limit: number;
}

export interface ReleaseRequestUpdate {
  nextEvaluationAt: Date | null;
  lastError?: string | null;
  /** Count this evaluation as a failed attempt. */
  countAttempt?: boolean;
  at: Date;
}

export interface StoreHealth {
  ok: boolean;
  adapter: 'pglite' | 'postgres';
  latencyMs: number;
  /** The last migration applied. */
  schemaVersion: number | null;
  error?: string;
}

/** Everything the App stores. Both adapters run the same SQL, so they behave the same. */
export interface StoreOperations {
  /** Records a webhook delivery. False when it was seen before: process it once. */
  recordDelivery(id: string, event: string, receivedAt: Date): Promise<boolean>;

  upsertRequest(
    input: ProtectionRequestInput,
  ): Promise<{ request: ProtectionRequest; outcome: UpsertOutcome }>;
  getRequest(id: number): Promise<ProtectionRequest | undefined>;
  /** Pending requests of a repository, optionally for one SHA, oldest first. */
  listPendingRequests(filter: RepoRef & { sha?: string; environment?: string }): Promise<ProtectionRequest[]>;
  /**
   * Claims pending requests whose `next_evaluation_at` has come and whose lease (if any) ran out,
   * with `FOR UPDATE SKIP LOCKED`: two replicas never claim the same request at once.
   */
  claimDueRequests(options: ClaimOptions): Promise<ProtectionRequest[]>;
  /** Ends a claim and schedules the next look. False when the claim had passed to someone else. */
  releaseRequest(id: number, workerId: string, update: ReleaseRequestUpdate): Promise<boolean>;
  /**
   * Sets when the sweeper should look at a pending request again, outside a sweeper claim (after a
   * webhook-driven evaluation). Leaves any claim alone. False when the request is not pending.
   */
  rescheduleRequest(id: number, update: ReleaseRequestUpdate): Promise<boolean>;
  /** Takes one of the (at most `max`) status report slots; returns the new count, or undefined when all are used. */
  takeStatusReportSlot(id: number, max: number): Promise<number | undefined>;
  /** `pending → approved|rejected`, once, with the GitHub call stored in the outbox in the same transaction. */
  decideRequest(input: DecideInput): Promise<DecideResult>;
  /** Marks a request failed (its GitHub call failed for good). False when it was already failed. */
  failRequest(id: number, error: string, at: Date): Promise<boolean>;

  /** Claims owed GitHub calls that are due, with `FOR UPDATE SKIP LOCKED` and a lease. */
  claimOutbox(options: ClaimOptions): Promise<OutboxEntry[]>;
  /** Marks a call made. False when the claim was lost or it was already done: do not report twice. */
  completeOutbox(id: number, workerId: string, at: Date, answer: JsonObject): Promise<boolean>;
  /** Schedules another attempt after a transient failure. */
  retryOutbox(id: number, workerId: string, update: { nextAttemptAt: Date; error: string }): Promise<boolean>;
  /** Gives a call up for good (e.g. the run is gone). */
  abandonOutbox(
    id: number,
    workerId: string,
    update: { at: Date; error: string; answer: JsonObject | null },
  ): Promise<boolean>;
  getOutbox(requestId: number): Promise<OutboxEntry[]>;

  /** Appends a sign-off; simultaneous sign-offs are all kept. */
  appendSignOff(input: SignOffInput): Promise<SignOff>;
  /** Sign-offs for one SHA and environment, in the order they were made. */
  listSignOffs(filter: RepoRef & { sha: string; environment: string }): Promise<SignOff[]>;

  recordDeploymentStatus(input: DeploymentStatusInput): Promise<DeploymentStatusRecord>;
  /** Most recent first. */
  listDeploymentStatuses(
    filter: RepoRef & { environment: string; limit: number },
  ): Promise<DeploymentStatusRecord[]>;

  getStatusComment(key: RepoRef & { pullNumber: number; environment: string }): Promise<number | undefined>;
  setStatusComment(
    key: RepoRef & { pullNumber: number; environment: string },
    commentId: number,
    at: Date,
  ): Promise<void>;

  /** Cached members of `org/team`, or undefined when absent or expired at `now`. */
  getTeamMembers(key: { org: string; team: string; now: Date }): Promise<string[] | undefined>;
  putTeamMembers(entry: {
    org: string;
    team: string;
    members: string[];
    fetchedAt: Date;
    expiresAt: Date;
  }): Promise<void>;

  /**
   * Appends an audit record, chained to the head and signed. Appends from all replicas are
   * serialised by a row lock on the chain head, so the chain never forks; appends made together
   * share one lock (group commit). Inside a transaction the event is stored with the change it
   * records, without touching the head, and chained as soon as the transaction commits (resolves
   * null); if the process dies in between, the next append or `sealPendingAudit` chains it.
   */
  appendAudit(event: AuditEvent): Promise<AuditRecord | null>;
  /** Chains the audit events committed but not yet chained (after a crash, say). */
  sealPendingAudit(): Promise<void>;
  /** Records in seq order; `afterSeq` and `limit` page through them. */
  listAudit(options?: { afterSeq?: number; limit?: number }): Promise<AuditRecord[]>;
  getAuditHead(): Promise<AuditHead>;
  /** Public keys (SPKI PEM) of every key that has signed records here, by key id. */
  listAuditKeys(): Promise<{ keyId: string; publicKeyPem: string; firstUsedAt: Date }[]>;

  /**
   * Runs `fn` holding a row lock (`SELECT … FOR UPDATE`) on the request, in one transaction.
   * Everything `fn` does through `tx` commits or rolls back together. Returns undefined (without
   * calling `fn`) when there is no such request.
   */
  withRequestLock<T>(
    id: number,
    fn: (request: ProtectionRequest, tx: StoreOperations) => Promise<T>,
  ): Promise<T | undefined>;
  /** Runs `fn` in one transaction. */
  transaction<T>(fn: (tx: StoreOperations) => Promise<T>): Promise<T>;
}

/** The Store port. */
export interface Store extends StoreOperations {
  readonly adapter: 'pglite' | 'postgres';
  healthCheck(): Promise<StoreHealth>;
  close(): Promise<void>;
}

/** Raised when the store cannot do its work (unreachable, migration failed, no signing key …). */
export class StoreError extends Error {
  override name = 'StoreError';
  constructor(
    message: string,
    readonly cause?: unknown,
  ) {
    super(message);
  }
}
