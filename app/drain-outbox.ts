import type { JsonObject } from '../src/audit/audit-record.js';
import { GitHubCallError } from '../src/github/github-call-error.js';
import type { GitHubPort, ProtectionRuleReview } from '../src/github/github-port.js';
import type { OutboxEntry, ProtectionRequest } from '../src/store/store.js';
import { appendAuditEvent, auditRequestError, describeError, type AppDeps } from './app-deps.js';
import { computeBackoff } from './compute-backoff.js';

/** A claim on an owed call lasts this long: well above any HTTP timeout, so a live call is never repeated. */
export const OUTBOX_LEASE_MS = 5 * 60_000;

export interface DrainResult {
  sent: number;
  retried: number;
  abandoned: number;
}

/** How many owed calls one drain makes at once. */
const SEND_CONCURRENCY = 8;

/** What the caller already holds, to spare reads: decided requests, and a port for one installation. */
export interface DrainHints {
  requests?: readonly ProtectionRequest[];
  port?: GitHubPort | null;
}

/**
 * Makes the GitHub calls owed for decisions that are due: approve or reject through
 * `POST …/actions/runs/{run_id}/deployment_protection_rule`. A 5xx, a timeout or a rate limit is
 * retried with capped exponential backoff and jitter (honouring `retry-after`); a run that is
 * gone (404, 422) is given up, the request marked failed, and the pull request told. Calls for
 * different requests are made side by side (at most 8 at once).
 */
export async function drainOutbox(
  deps: AppDeps,
  now: Date,
  limit = 50,
  hints: DrainHints = {},
): Promise<DrainResult> {
  const result: DrainResult = { sent: 0, retried: 0, abandoned: 0 };
  const entries = await deps.store.claimOutbox({
    workerId: deps.workerId,
    now,
    leaseMs: OUTBOX_LEASE_MS,
    limit,
  });
  const known = new Map((hints.requests ?? []).map((r) => [r.id, r]));
  const ports = new Map<number, Promise<GitHubPort>>();
  for (const r of hints.requests ?? [])
    if (hints.port) ports.set(r.installationId, Promise.resolve(hints.port));
  const portFor = (installationId: number): Promise<GitHubPort> => {
    let port = ports.get(installationId);
    if (!port) {
      port = deps.portFor(installationId);
      ports.set(installationId, port);
      // A failed lookup is not kept: the next entry asks again.
      port.catch(() => ports.delete(installationId));
    }
    return port;
  };
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(SEND_CONCURRENCY, entries.length) }, async () => {
      for (let i = next++; i < entries.length; i = next++) {
        const entry = entries[i]!;
        const hinted = known.get(entry.requestId);
        const request = hinted && hinted.round === entry.round ? hinted : undefined;
        const outcome = await sendOutboxEntry(deps, entry, now, request, portFor);
        result[outcome] += 1;
      }
    }),
  );
  return result;
}

/**
 * Makes one owed call this worker already holds (stored claimed with its decision), as a drain
 * would; `port`, when given, is the installation's.
 */
export async function sendClaimedOutboxEntry(
  deps: AppDeps,
  entry: OutboxEntry,
  now: Date,
  request: ProtectionRequest,
  port: GitHubPort | null,
): Promise<keyof DrainResult> {
  return sendOutboxEntry(deps, entry, now, request, (installationId) =>
    port && installationId === request.installationId ? Promise.resolve(port) : deps.portFor(installationId),
  );
}

async function sendOutboxEntry(
  deps: AppDeps,
  entry: OutboxEntry,
  now: Date,
  known: ProtectionRequest | undefined,
  portFor: (installationId: number) => Promise<GitHubPort>,
): Promise<keyof DrainResult> {
  const { store, workerId } = deps;
  const request = known ?? (await store.getRequest(entry.requestId));
  if (!request) {
    await store.abandonOutbox(entry.id, workerId, { at: now, error: 'request not found', answer: null });
    return 'abandoned';
  }
  const about = {
    repo: `${request.owner}/${request.repo}`,
    environment: request.environment,
    sha: request.sha,
  };
  const body = entry.body as unknown as ProtectionRuleReview;
  const call = `POST /repos/${request.owner}/${request.repo}/actions/runs/${request.runId}/deployment_protection_rule`;
  let port: GitHubPort | null = null;
  try {
    port = await portFor(request.installationId);
    const answer = await port.reviewProtectionRule(request.owner, request.repo, request.runId, body);
    await store.completeOutbox(entry.id, workerId, now, { status: answer.status });
    await appendAuditEvent(store, now, 'github_call', about, {
      call,
      request_id: request.id,
      outbox_id: entry.id,
      state: body.state ?? null,
      attempt: entry.attempts + 1,
      status: answer.status,
    });
    await concludeCheckRun(
      deps,
      port,
      request,
      body.state === 'rejected' ? 'failure' : 'success',
      `${body.state === 'rejected' ? 'Rejected' : 'Approved'} for ${request.environment}`,
      body.comment,
      now,
    );
    return 'sent';
  } catch (error) {
    const status = error instanceof GitHubCallError ? error.status : 0;
    const transient = error instanceof GitHubCallError ? error.transient : true;
    const message = describeError(error);
    const callData: JsonObject = {
      call,
      request_id: request.id,
      outbox_id: entry.id,
      state: body.state ?? null,
      attempt: entry.attempts + 1,
      status,
      error: message,
    };
    if (transient) {
      const delay = computeBackoff(entry.attempts, deps.random ?? Math.random, {
        retryAfterMs: error instanceof GitHubCallError ? error.retryAfterMs : null,
      });
      const nextAttemptAt = new Date(now.getTime() + delay);
      await store.transaction(async (tx) => {
        await tx.retryOutbox(entry.id, workerId, { nextAttemptAt, error: message });
        await appendAuditEvent(tx, now, 'github_call', about, {
          ...callData,
          outcome: 'retry',
          retry_at: nextAttemptAt.toISOString(),
        });
      });
      deps.log.warn(`shipgate: ${message}; retrying at ${nextAttemptAt.toISOString()}`);
      return 'retried';
    }
    if (status === 422 && entry.attempts > 0) {
      // A repeat of a call GitHub already took (a crash between its answer and our record).
      await store.transaction(async (tx) => {
        await tx.completeOutbox(entry.id, workerId, now, { status, note: 'already answered' });
        await appendAuditEvent(tx, now, 'github_call', about, { ...callData, outcome: 'already_answered' });
      });
      return 'sent';
    }
    await store.transaction(async (tx) => {
      await tx.abandonOutbox(entry.id, workerId, { at: now, error: message, answer: { status } });
      await tx.failRequest(request.id, message, now);
      await appendAuditEvent(tx, now, 'error', about, { ...callData, outcome: 'abandoned' });
    });
    deps.log.error(`shipgate: gave up on a decision: ${message}`);
    await tellPullRequests(deps, request, body, status, now);
    await concludeCheckRun(
      deps,
      port,
      request,
      'failure',
      `shipgate's answer was not delivered to ${request.environment}`,
      `GitHub refused shipgate's answer (${status || 'an error'}): the run is gone or no longer waiting. Re-run the deployment job.`,
      now,
    );
    return 'abandoned';
  }
}

async function tellPullRequests(
  deps: AppDeps,
  request: {
    installationId: number;
    owner: string;
    repo: string;
    pullNumbers: number[];
    runId: number;
    environment: string;
    sha: string;
  },
  body: ProtectionRuleReview,
  status: number,
  now: Date,
): Promise<void> {
  if (request.pullNumbers.length === 0) return;
  const text =
    `shipgate decided to ${body.state === 'rejected' ? 'reject' : 'approve'} the deployment of \`${request.sha.slice(0, 7)}\` ` +
    `(workflow run ${request.runId}), but GitHub refused the answer with ${status || 'an error'}: the run is gone or no longer waiting. ` +
    'Nothing was deployed by shipgate. Re-run the deployment job to ask again.';
  try {
    const port = await deps.portFor(request.installationId);
    for (const number of request.pullNumbers)
      await port.createComment(request.owner, request.repo, number, text);
  } catch (error) {
    await appendAuditEvent(
      deps.store,
      now,
      'error',
      { repo: `${request.owner}/${request.repo}`, environment: request.environment, sha: request.sha },
      { stage: 'report_failure', error: describeError(error) },
    );
  }
}

/**
 * Replaces the `shipgate / <env>` check run on the commit with a completed one that shows the
 * decision (GitHub shows the newest run of a name), so the Approve / Reject buttons go away.
 */
async function concludeCheckRun(
  deps: AppDeps,
  known: GitHubPort | null,
  request: ProtectionRequest,
  conclusion: 'success' | 'failure',
  title: string,
  summary: string,
  now: Date,
): Promise<void> {
  try {
    const port = known ?? (await deps.portFor(request.installationId));
    await port.createCheckRun(request.owner, request.repo, {
      name: `shipgate / ${request.environment}`,
      head_sha: request.sha,
      conclusion,
      title,
      summary,
      actions: [],
      completed_at: now.toISOString(),
    });
  } catch (error) {
    await auditRequestError(deps.store, now, request, 'check_run', error);
  }
}
