import type { GitHubPort } from '../src/github/github-port.js';
import { findEnvironmentPolicy } from '../src/policy/find-environment-policy.js';
import type { Signoff, SignoffContext } from '../src/signoff/types.js';
import type { SignOffInput } from '../src/store/store.js';
import { appendAuditEvent, describeError, type AppDeps } from './app-deps.js';
import { checkSignoffEligibility } from './check-signoff-eligibility.js';
import { evaluateRequest, type EvaluationOutcome } from './evaluate-request.js';
import { loadPolicy } from './load-policy.js';
import { loadPullFacts, type PullFacts } from './load-pull-facts.js';
import type { SignoffVerb } from './parse-signoff-command.js';
import { checkWriteAccess, needsWriteAccess, resolveTeams } from './resolve-teams.js';
import { updateStatusComment } from './update-status-comment.js';

export interface SignoffRequest {
  installationId: number;
  owner: string;
  repo: string;
  /** The pull request the sign-off was given in; null when the check run names none. */
  pullNumber: number | null;
  /** The commit the sign-off is for when known (a check run's head_sha); else the PR head. */
  sha: string | null;
  login: string;
  isBot: boolean;
  kind: SignoffVerb;
  environment: string;
  reason: string | null;
  source: 'comment' | 'check_run';
  deliveryId: string;
  event: string;
  /** The comment to react to. */
  commentId: number | null;
}

export type SignoffResult =
  | { status: 'duplicate' }
  | {
      status: 'recorded';
      accepted: boolean;
      refusal: string | null;
      sha: string;
      evaluations: EvaluationOutcome[];
    };

/**
 * Checks a sign-off (bound to the PR's head commit), stores it with its outcome, reacts to the
 * command, re-evaluates the deployments waiting for that commit and environment, and updates the
 * status comment. A refused sign-off is stored and told why.
 */
export async function recordSignoff(deps: AppDeps, input: SignoffRequest, now: Date): Promise<SignoffResult> {
  const { store } = deps;
  const { owner, repo, environment } = input;
  const port = await deps.portFor(input.installationId);
  let people: PullFacts | null = null;
  let refusal: string | null = null;
  try {
    people = input.pullNumber !== null ? await loadPullFacts(port, owner, repo, input.pullNumber) : null;
  } catch (error) {
    refusal = `GitHub could not be asked about the pull request (${describeError(error)}), so the sign-off cannot be checked; sign off again in a minute`;
  }
  const sha = (input.sha ?? people?.pull.head_sha ?? '').toLowerCase();
  if (refusal === null) {
    try {
      refusal = await findRefusal(deps, port, input, people, sha, now);
    } catch (error) {
      refusal = `the sign-off could not be checked (${describeError(error)}); sign off again in a minute`;
    }
  }

  const signoff: SignOffInput = {
    owner,
    repo,
    sha,
    environment,
    login: input.login,
    kind: input.kind,
    reason: input.reason,
    at: now,
    source: input.source,
    accepted: refusal === null,
    refusalReason: refusal,
    pullNumber: input.pullNumber,
  };
  const stored = await store.transaction(async (tx) => {
    if (!(await tx.recordDelivery(input.deliveryId, input.event, now))) return false;
    // Without a commit there is nothing to bind the sign-off to: only the refusal is audited.
    const saved = sha ? await tx.appendSignOff(signoff) : null;
    await appendAuditEvent(
      tx,
      now,
      refusal === null ? 'signoff_accepted' : 'signoff_refused',
      { repo: `${owner}/${repo}`, environment, sha, actor: input.login },
      {
        signoff_id: saved?.id ?? null,
        kind: input.kind,
        source: input.source,
        pull_number: input.pullNumber,
        reason: input.reason,
        refusal,
      },
    );
    return true;
  });
  if (!stored) return { status: 'duplicate' };

  if (input.commentId !== null) {
    try {
      await port.addReaction(owner, repo, input.commentId, refusal === null ? '+1' : '-1');
    } catch (error) {
      await appendAuditEvent(
        store,
        now,
        'error',
        { repo: `${owner}/${repo}`, environment, sha },
        {
          stage: 'reaction',
          error: describeError(error),
        },
      );
    }
  }

  const pending = sha ? await store.listPendingRequests({ owner, repo, sha, environment }) : [];
  const evaluations: EvaluationOutcome[] = [];
  if (refusal === null) {
    for (const request of pending) {
      evaluations.push(await evaluateRequest(deps, request, now, { trigger: `signoff:${input.kind}` }));
    }
  }
  const covered =
    refusal === null &&
    pending.some((r) => input.pullNumber !== null && r.pullNumbers.includes(input.pullNumber));
  if (input.pullNumber !== null && sha && !covered) {
    const last = evaluations.at(-1);
    await updateStatusComment(
      port,
      store,
      {
        owner,
        repo,
        pullNumber: input.pullNumber,
        environment,
        sha,
        verdict: last && 'verdict' in last ? last.verdict : null,
        waiting: pending.length > 0 && evaluations.length === 0,
      },
      now,
    );
  }
  return { status: 'recorded', accepted: refusal === null, refusal, sha, evaluations };
}

async function findRefusal(
  deps: AppDeps,
  port: GitHubPort,
  input: SignoffRequest,
  people: PullFacts | null,
  sha: string,
  now: Date,
): Promise<string | null> {
  if (input.isBot) return 'bots cannot sign off';
  if (!people || !sha) {
    return 'the sign-off is not linked to a pull request, so its author and committers cannot be checked; sign off with a comment in the pull request';
  }
  let policy;
  try {
    policy = await loadPolicy(port, input.owner, input.repo);
  } catch (error) {
    return `the policy could not be read, so no sign-off can be checked: ${describeError(error)}; sign off again once it is fixed`;
  }
  const env = findEnvironmentPolicy(policy, input.environment);
  if (!env) {
    return `no policy covers environment '${input.environment}': check the name, or add it under environments: in .github/shipgate.yml`;
  }
  const { teams } = await resolveTeams(port, deps.store, env, now);
  const signoff: Signoff = {
    login: input.login,
    at: now,
    kind: input.kind,
    sha,
    ...(input.reason ? { reason: input.reason } : {}),
    is_bot: input.isBot,
  };
  if (needsWriteAccess(env))
    signoff.can_write = await checkWriteAccess(port, input.owner, input.repo, input.login);
  const ctx: SignoffContext = {
    sha,
    author: people.author,
    committers: people.committers,
    allow_author: env.signoff.allow_author,
    expires_after_ms: env.signoff.expires_after_ms,
    teams,
    now,
  };
  return checkSignoffEligibility(env, signoff, ctx);
}
