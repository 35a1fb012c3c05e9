import type { JsonObject } from '../src/audit/audit-record.js';
import { GitHubCallError } from '../src/github/github-call-error.js';
import type { ProtectionRuleReview } from '../src/github/github-port.js';
import type { OutboxEntry, ProtectionRequest } from '../src/store/store.js';
import { appendAuditEvent, describeError, type AppDeps } from './app-deps.js';
import { computeBackoff } from './compute-backoff.js';

/** A claim on an owed call lasts this long: well above any HTTP timeout, so a live call is never repeated. */
export const OUTBOX_LEASE_MS = 5 * 60_000;

export interface DrainResult {
  sent: number;
  retried: number;
  abandoned: number;
}

/**
 * Makes the GitHub calls owed for decisions that are due: approve or reject through
 * `POST …/actions/runs/{run_id}/deployment_protection_rule`. A 5xx, a timeout or a rate limit is
 * retried with capped exponential backoff and jitter (honouring `retry-after`); a run that is
 * gone (404, 422) is given up, the request marked failed, and the pull request told.
 */
export async function drainOutbox(deps: AppDeps, now: Date, limit = 50): Promise<DrainResult> {
  const result: DrainResult = { sent: 0, retried: 0, abandoned: 0 };
  const entries = await deps.store.claimOutbox({
    workerId: deps.workerId,
    now,
    leaseMs: OUTBOX_LEASE_MS,
    limit,
  });
  for (const entry of entries) {
    const outcome = await sendOutboxEntry(deps, entry, now);
    result[outcome] += 1;
  }
  return result;
}

async function sendOutboxEntry(deps: AppDeps, entry: OutboxEntry, now: Date): Promise<keyof DrainResult> {
  const { store, workerId } = deps;
  const request = await store.getRequest(entry.requestId);
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
  try {
    const port = await deps.portFor(request.installationId);
    const answer = await port.reviewProtectionRule(request.owner, request.repo, request.runId, body);
    await store.completeOutbox(entry.id, workerId, now, { status: answer.status });
    await appendAuditEvent(store, now, 'github_call', about, {
      call: `POST /repos/${request.owner}/${request.repo}/actions/runs/${request.runId}/deployment_protection_rule`,
      request_id: request.id,
      outbox_id: entry.id,
      state: body.state ?? null,
      attempt: entry.attempts + 1,
      status: answer.status,
    });
    await concludeCheckRun(
      deps,
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
      call: `POST /repos/${request.owner}/${request.repo}/actions/runs/${request.runId}/deployment_protection_rule`,
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
      await store.retryOutbox(entry.id, workerId, { nextAttemptAt, error: message });
      await appendAuditEvent(store, now, 'github_call', about, {
        ...callData,
        outcome: 'retry',
        retry_at: nextAttemptAt.toISOString(),
      });
      deps.log.warn(`shipgate: ${message}; retrying at ${nextAttemptAt.toISOString()}`);
      return 'retried';
    }
    if (status === 422 && entry.attempts > 0) {
      // A repeat of a call GitHub already took (a crash between its answer and our record).
      await store.completeOutbox(entry.id, workerId, now, { status, note: 'already answered' });
      await appendAuditEvent(store, now, 'github_call', about, { ...callData, outcome: 'already_answered' });
      return 'sent';
    }
    await store.abandonOutbox(entry.id, workerId, { at: now, error: message, answer: { status } });
    await store.failRequest(request.id, message, now);
    await appendAuditEvent(store, now, 'error', about, { ...callData, outcome: 'abandoned' });
    deps.log.error(`shipgate: gave up on a decision: ${message}`);
    await tellPullRequests(deps, request, body, status, now);
    await concludeCheckRun(
      deps,
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
  request: ProtectionRequest,
  conclusion: 'success' | 'failure',
  title: string,
  summary: string,
  now: Date,
): Promise<void> {
  try {
    const port = await deps.portFor(request.installationId);
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
    await appendAuditEvent(
      deps.store,
      now,
      'error',
      { repo: `${request.owner}/${request.repo}`, environment: request.environment, sha: request.sha },
      { request_id: request.id, stage: 'check_run', error: describeError(error) },
    );
  }
}
