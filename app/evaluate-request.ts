import type { JsonObject } from '../src/audit/audit-record.js';
import type { GitHubPort } from '../src/github/github-port.js';
import { GitHubCallError } from '../src/github/github-call-error.js';
import { evaluatePolicy, type DeploymentFacts } from '../src/policy/evaluate-policy.js';
import { findEnvironmentPolicy } from '../src/policy/find-environment-policy.js';
import type { Verdict } from '../src/policy/verdict.js';
import { fitComment } from '../src/report/fit-comment.js';
import { renderProtectionComment } from '../src/report/render-protection-comment.js';
import type { Signoff } from '../src/signoff/types.js';
import type { ProtectionRequest, SignOff } from '../src/store/store.js';
import { appendAuditEvent, auditEvent, auditRequestError, describeError, type AppDeps } from './app-deps.js';
import { assessDeploymentTier, type TierAssessment } from './assess-deployment-tier.js';
import { computeBackoff } from './compute-backoff.js';
import { OUTBOX_LEASE_MS, sendClaimedOutboxEntry } from './drain-outbox.js';
import { loadPolicy } from './load-policy.js';
import { loadPullFacts } from './load-pull-facts.js';
import { checkWriteAccess, needsWriteAccess, resolveTeams } from './resolve-teams.js';
import { updateStatusComment } from './update-status-comment.js';

/** GitHub fails a deployment left waiting 30 days; shipgate rejects it with an explanation a day before. */
export const REQUEST_LIMIT_MS = 29 * 24 * 3_600_000;
/** At most this many status reports per deployment (GitHub's limit). */
export const STATUS_REPORT_LIMIT = 10;
/** After a failed evaluation, wait at least this long, doubling per attempt, up to an hour. */
const ERROR_RETRY_BASE_MS = 60_000;
const ERROR_RETRY_CAP_MS = 3_600_000;

export type EvaluationOutcome =
  | { kind: 'decided'; state: 'approved' | 'rejected'; verdict: Verdict | null }
  | { kind: 'pending'; verdict: Verdict }
  | { kind: 'error'; message: string; retryAt: Date }
  | { kind: 'skipped' };

interface Evaluated {
  verdict: Verdict;
  assessment: TierAssessment;
  /** The stored sign-offs the verdict counted (accepted and refused), for the status comment. */
  stored: SignOff[];
}

/** Gathers the facts for a request (policy, tier, people, sign-offs, teams, history) and evaluates. */
async function gatherAndEvaluate(
  deps: AppDeps,
  port: GitHubPort,
  request: ProtectionRequest,
  now: Date,
): Promise<Evaluated> {
  const { store } = deps;
  const { owner, repo } = request;
  const pullNumber = request.pullNumbers[0];
  // The policy first: when it cannot be read or is invalid, nothing else is asked.
  const policy = await loadPolicy(port, owner, repo);
  const env = findEnvironmentPolicy(policy, request.environment);
  // Then the independent reads together; a failure fails the evaluation, and the one reported
  // is the first in this order.
  const [people, history, teams] = await settleInOrder([
    pullNumber !== undefined ? loadPullFacts(port, owner, repo, pullNumber) : null,
    store.listDeploymentStatuses({ owner, repo, environment: request.environment, limit: 100 }),
    env ? resolveTeams(port, store, env, now).then((r) => r.teams) : {},
  ]);
  const assessment = await assessDeploymentTier({
    port,
    model: deps.model,
    risk: policy.risk,
    owner,
    repo,
    sha: request.sha,
    history,
    pullBaseSha: people?.pull.base_sha ?? null,
  });
  // The sign-offs last, so that the evaluation counts every sign-off stored before it ends.
  const stored = await store.listSignOffs({
    owner,
    repo,
    sha: request.sha,
    environment: request.environment,
  });
  const signoffs: Signoff[] = stored
    .filter((s) => s.accepted)
    .map((s) => ({
      login: s.login,
      // A stored sign-off exists now, even when another replica's clock (or a later delivery)
      // dated it a few milliseconds past this evaluation's `now`: count it as given now.
      at: s.at.getTime() > now.getTime() ? now : s.at,
      kind: s.kind,
      sha: s.sha,
      ...(s.reason ? { reason: s.reason } : {}),
    }));
  if (env && needsWriteAccess(env)) await checkSignersWriteAccess(port, owner, repo, signoffs);
  // Without a pull request, the compared commits name the people behind the change.
  const committers = people?.committers ?? assessment.people;
  const facts: DeploymentFacts = {
    environment: request.environment,
    tier: assessment.tier,
    sha: request.sha,
    author: people?.author ?? null,
    committers,
    signoffs,
    teams,
    rollback: {
      is_rollback: assessment.is_rollback,
      history: history
        .filter((h) => h.status === 'success')
        .map((h) => ({ sha: h.sha, at: h.at, kind: h.isRollback ? 'rollback' : 'deploy' })),
    },
  };
  return { verdict: evaluatePolicy(policy, facts, now), assessment, stored };
}

/** Like `Promise.all`, but waits for all, and rejects with the first failure in the given order. */
async function settleInOrder<T extends readonly unknown[]>(
  work: readonly [...{ [K in keyof T]: T[K] | Promise<T[K]> }],
): Promise<T> {
  const settled = await Promise.allSettled(work);
  for (const result of settled) if (result.status === 'rejected') throw result.reason;
  return settled.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/** Marks each sign-off with whether its signer has write access (one lookup per person). */
async function checkSignersWriteAccess(
  port: GitHubPort,
  owner: string,
  repo: string,
  signoffs: Signoff[],
): Promise<void> {
  const logins = [...new Set(signoffs.map((s) => s.login))];
  const access = new Map(
    await Promise.all(
      logins.map(async (login) => [login, await checkWriteAccess(port, owner, repo, login)] as const),
    ),
  );
  for (const s of signoffs) s.can_write = access.get(s.login)!;
}

/**
 * Evaluates a pending request and acts on the verdict: approve or reject through the decision
 * outbox (exactly once), or post a status report saying what is missing and schedule the next
 * look. On any error it fails closed: nothing is approved, the status report says why, and the
 * request is kept with a retry time. `claimed`: the caller holds a sweeper claim to release.
 */
export async function evaluateRequest(
  deps: AppDeps,
  request: ProtectionRequest,
  now: Date,
  options: { trigger: string; claimed?: boolean },
): Promise<EvaluationOutcome> {
  const { store } = deps;
  if (request.state !== 'pending') return { kind: 'skipped' };
  const about = {
    repo: `${request.owner}/${request.repo}`,
    environment: request.environment,
    sha: request.sha,
  };
  const deadline = new Date(request.createdAt.getTime() + REQUEST_LIMIT_MS);
  let port: GitHubPort | null = null;
  let evaluated: Evaluated;
  try {
    port = await deps.portFor(request.installationId);
    evaluated = await gatherAndEvaluate(deps, port, request, now);
  } catch (error) {
    return failClosed(deps, port, request, now, error, options, deadline);
  }
  const { verdict, assessment, stored } = evaluated;
  const verdictEvents: AuditEntry[] = [
    {
      kind: 'verdict',
      data: {
        request_id: request.id,
        trigger: options.trigger,
        decision: verdict.decision,
        evaluated_decision: verdict.evaluated_decision,
        mode: verdict.mode,
        tier: verdict.tier,
        own_tier: assessment.own.tier,
        own_score: assessment.own.score,
        confidence: assessment.own.confidence,
        base: assessment.base,
        base_source: assessment.base_source,
        action_report_tier: assessment.action_report?.tier ?? null,
        is_rollback: verdict.rollback.is_rollback,
        rollback_tripped: verdict.rollback.tripped.map((t) => t.rule),
        reasons: verdict.reasons,
        next_evaluation_at: verdict.next_evaluation_at,
      },
    },
    ...assessment.ignored_reports.map((ignored) => ({
      kind: 'risk_report_ignored',
      data: { request_id: request.id, ...ignored },
    })),
  ];

  if (verdict.decision === 'pending' && now.getTime() >= deadline.getTime()) {
    const comment = fitComment([
      `shipgate rejected ${request.sha.slice(0, 7)} for ${request.environment}: it has waited since ${request.createdAt.toISOString()}, and GitHub fails a deployment left waiting 30 days. Still missing:`,
      ...verdict.reasons.map((r) => `- ${r}`),
      'Re-run the deployment job once the sign-offs are given.',
    ]);
    await decide(deps, port, request, 'rejected', comment, now, about, verdictEvents, verdict, stored);
    return { kind: 'decided', state: 'rejected', verdict };
  }

  if (verdict.decision !== 'pending') {
    const comment = renderProtectionComment(verdict);
    await decide(deps, port, request, verdict.decision, comment, now, about, verdictEvents, verdict, stored);
    return { kind: 'decided', state: verdict.decision, verdict };
  }

  for (const event of verdictEvents) await appendAuditEvent(store, now, event.kind, about, event.data);
  await postStatusReport(deps, port, request, renderProtectionComment(verdict), now, about);
  const wake = verdict.next_evaluation_at ? new Date(verdict.next_evaluation_at) : null;
  const next = wake && wake.getTime() < deadline.getTime() ? wake : deadline;
  await schedule(deps, request, options, { nextEvaluationAt: next, at: now, lastError: null });
  await refreshComments(deps, port, request, verdict, null, now, stored);
  return { kind: 'pending', verdict };
}

/** An audit record still to append, about the request being evaluated. */
interface AuditEntry {
  kind: string;
  data: JsonObject;
}

/**
 * Decides the request: appends the audit records that lead to the decision (`before`), moves the
 * request to its final state with its owed GitHub call in the outbox (one transaction, once),
 * appends the `decision` record, then makes the owed call and updates the status comments.
 */
async function decide(
  deps: AppDeps,
  port: GitHubPort | null,
  request: ProtectionRequest,
  state: 'approved' | 'rejected',
  comment: string,
  now: Date,
  about: { repo: string; environment: string; sha: string },
  before: AuditEntry[],
  verdict: Verdict | null,
  stored?: SignOff[],
): Promise<void> {
  const call = { environment_name: request.environment, state, comment };
  const toEvent = (entry: AuditEntry) => auditEvent(now, entry.kind, about, entry.data);
  // The records that lead to the decision and the decision itself commit with it; the owed call
  // is stored claimed by this replica, which makes it at once.
  const result = await deps.store.decideRequest({
    requestId: request.id,
    state,
    comment,
    decidedAt: now,
    call,
    claim: { workerId: deps.workerId, leaseMs: OUTBOX_LEASE_MS },
    audit: ({ request: decided, outbox }) => [
      ...before.map(toEvent),
      toEvent({
        kind: 'decision',
        data: {
          request_id: request.id,
          round: decided.round,
          state,
          comment,
          outbox_id: outbox.id,
        },
      }),
    ],
  });
  if (result.decided) {
    await sendClaimedOutboxEntry(deps, result.outbox, now, result.request, port);
  } else {
    // Another evaluation decided first: keep this one's findings, and leave the call to it.
    for (const event of before) await appendAuditEvent(deps.store, now, event.kind, about, event.data);
  }
  if (verdict) await refreshComments(deps, port, request, verdict, null, now, stored);
}

async function postStatusReport(
  deps: AppDeps,
  port: GitHubPort,
  request: ProtectionRequest,
  comment: string,
  now: Date,
  about: { repo: string; environment: string; sha: string },
): Promise<void> {
  const slot = await deps.store.takeStatusReportSlot(request.id, STATUS_REPORT_LIMIT);
  if (slot === undefined) {
    await appendAuditEvent(deps.store, now, 'status_report', about, {
      request_id: request.id,
      posted: false,
      why: `all ${STATUS_REPORT_LIMIT} status reports for this deployment are used; the pull request's status comment carries the rest`,
    });
    return;
  }
  try {
    const answer = await port.reviewProtectionRule(request.owner, request.repo, request.runId, {
      environment_name: request.environment,
      comment,
    });
    await appendAuditEvent(deps.store, now, 'status_report', about, {
      request_id: request.id,
      posted: true,
      slot,
      status: answer.status,
      comment,
    });
  } catch (error) {
    await appendAuditEvent(deps.store, now, 'status_report', about, {
      request_id: request.id,
      posted: false,
      slot,
      status: error instanceof GitHubCallError ? error.status : 0,
      error: describeError(error),
    });
  }
}

async function schedule(
  deps: AppDeps,
  request: ProtectionRequest,
  options: { claimed?: boolean },
  update: { nextEvaluationAt: Date; at: Date; lastError: string | null; countAttempt?: boolean },
): Promise<void> {
  if (options.claimed) await deps.store.releaseRequest(request.id, deps.workerId, update);
  else await deps.store.rescheduleRequest(request.id, update);
}

/** Updates the status comment on each pull request of the request; a failure here is audited, not fatal. */
async function refreshComments(
  deps: AppDeps,
  port: GitHubPort | null,
  request: ProtectionRequest,
  verdict: Verdict | null,
  problem: string | null,
  now: Date,
  signoffs?: SignOff[],
): Promise<void> {
  if (!port) return;
  for (const pullNumber of request.pullNumbers) {
    try {
      await updateStatusComment(
        port,
        deps.store,
        {
          owner: request.owner,
          repo: request.repo,
          pullNumber,
          environment: request.environment,
          sha: request.sha,
          verdict,
          problem,
          signoffs,
        },
        now,
      );
    } catch (error) {
      await auditRequestError(deps.store, now, request, 'status_comment', error);
    }
  }
}

async function failClosed(
  deps: AppDeps,
  port: GitHubPort | null,
  request: ProtectionRequest,
  now: Date,
  error: unknown,
  options: { trigger: string; claimed?: boolean },
  deadline: Date,
): Promise<EvaluationOutcome> {
  const about = {
    repo: `${request.owner}/${request.repo}`,
    environment: request.environment,
    sha: request.sha,
  };
  const message = describeError(error);
  await appendAuditEvent(deps.store, now, 'error', about, {
    request_id: request.id,
    stage: 'evaluate',
    trigger: options.trigger,
    error: message,
    kind: error instanceof Error ? error.name : 'unknown',
    status: error instanceof GitHubCallError ? error.status : null,
  });
  deps.log.warn(`shipgate: holding ${about.repo} ${request.environment} ${request.sha}: ${message}`);
  if (now.getTime() >= deadline.getTime()) {
    const comment = fitComment([
      `shipgate rejected ${request.sha.slice(0, 7)} for ${request.environment}: it has waited since ${request.createdAt.toISOString()} and could not be evaluated (${message}); GitHub fails a deployment left waiting 30 days.`,
      'Fix the problem and re-run the deployment job.',
    ]);
    await decide(deps, port, request, 'rejected', comment, now, about, [], null);
    return { kind: 'decided', state: 'rejected', verdict: null };
  }
  const delay = computeBackoff(request.attempts, deps.random ?? Math.random, {
    baseMs: ERROR_RETRY_BASE_MS,
    capMs: ERROR_RETRY_CAP_MS,
  });
  const retryAt = new Date(Math.min(now.getTime() + delay, deadline.getTime()));
  if (port) {
    const comment = fitComment([
      `shipgate is holding ${request.sha.slice(0, 7)} for ${request.environment} and approves nothing until it can evaluate it: ${message}`,
      `It tries again at ${retryAt.toISOString()}.`,
    ]);
    await postStatusReport(deps, port, request, comment, now, about);
  }
  await schedule(deps, request, options, {
    nextEvaluationAt: retryAt,
    at: now,
    lastError: message,
    countAttempt: true,
  });
  await refreshComments(deps, port, request, null, message, now);
  return { kind: 'error', message, retryAt };
}
