import { readEventRepository } from './read-event-repository.js';
import type { AppDeps } from './app-deps.js';
import { recordSignoff, type SignoffResult } from './record-signoff.js';
import { isEnvironmentName } from './validate-environment-name.js';
import { isGitHubLogin } from './validate-login.js';

interface CheckRunPayload {
  check_run?: { name?: unknown; head_sha?: unknown; pull_requests?: unknown };
  requested_action?: { identifier?: unknown };
  sender?: { login?: unknown; type?: unknown };
  repository?: { name?: unknown; owner?: { login?: unknown } };
  installation?: { id?: unknown };
}

const CHECK_NAME = /^shipgate \/ (.+)$/;

/**
 * `check_run.requested_action` on the App's own `shipgate / <env>` check run: Approve or Reject,
 * a sign-off by the person who clicked, with the same checks as a comment.
 */
export async function handleCheckRunAction(
  deps: AppDeps,
  payload: CheckRunPayload,
  deliveryId: string,
  now: Date,
): Promise<SignoffResult | { status: 'ignored'; why: string }> {
  const name = payload.check_run?.name;
  const match = typeof name === 'string' ? CHECK_NAME.exec(name) : null;
  const environment = match?.[1];
  if (!isEnvironmentName(environment) || environment === 'risk') {
    return { status: 'ignored', why: 'not a shipgate sign-off check run' };
  }
  const identifier = payload.requested_action?.identifier;
  if (identifier !== 'approve' && identifier !== 'reject')
    return { status: 'ignored', why: 'unknown action' };
  const where = readEventRepository(payload);
  const owner = where?.owner;
  const repo = where?.repo;
  const installationId = where?.installationId;
  const sha = payload.check_run?.head_sha;
  const login = payload.sender?.login;
  if (
    typeof owner !== 'string' ||
    typeof repo !== 'string' ||
    typeof installationId !== 'number' ||
    typeof sha !== 'string' ||
    !/^[0-9a-f]{40}$/i.test(sha) ||
    !isGitHubLogin(login)
  ) {
    return { status: 'ignored', why: 'the event lacks fields shipgate needs' };
  }
  const pulls = Array.isArray(payload.check_run?.pull_requests) ? payload.check_run.pull_requests : [];
  const first = (pulls[0] as { number?: unknown } | undefined)?.number;
  return recordSignoff(
    deps,
    {
      installationId,
      owner,
      repo,
      pullNumber: typeof first === 'number' && Number.isSafeInteger(first) && first > 0 ? first : null,
      sha,
      login,
      isBot: payload.sender?.type === 'Bot' || login.toLowerCase().endsWith('[bot]'),
      kind: identifier,
      environment,
      reason: identifier === 'reject' ? 'rejected with the Reject button on the check run' : null,
      source: 'check_run',
      deliveryId,
      event: 'check_run.requested_action',
      commentId: null,
    },
    now,
  );
}
