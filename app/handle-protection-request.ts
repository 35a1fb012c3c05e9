import { GitHubCallError } from '../src/github/github-call-error.js';
import { parseCallbackUrl } from '../src/github/parse-callback-url.js';
import type { GitHubPort } from '../src/github/github-port.js';
import type { ProtectionRequest } from '../src/store/store.js';
import { readEventRepository } from './read-event-repository.js';
import { appendAuditEvent, auditRequestError, type AppDeps } from './app-deps.js';
import { evaluateRequest, type EvaluationOutcome } from './evaluate-request.js';
import { isEnvironmentName } from './validate-environment-name.js';
import { renderVerdictMarkdown } from '../src/report/render-verdict-markdown.js';

/** If evaluation does not finish (a crash), the sweeper picks the request up after this long. */
export const FIRST_LOOK_GRACE_MS = 2 * 60_000;

export type HandleResult =
  | { status: 'ignored'; why: string }
  | { status: 'duplicate' }
  | { status: 'handled'; outcome?: EvaluationOutcome; request?: ProtectionRequest };

interface RequestedPayload {
  environment?: unknown;
  deployment_callback_url?: unknown;
  deployment?: { id?: unknown; sha?: unknown; ref?: unknown } | null;
  pull_requests?: unknown;
  repository?: { name?: unknown; owner?: { login?: unknown } };
  installation?: { id?: unknown };
}

const SHA = /^[0-9a-f]{40}$/i;

/** The largest number the store keeps for a pull request (a PostgreSQL integer); GitHub's are far below it. */
const MAX_PULL_NUMBER = 2_147_483_647;

/** The event's pull request numbers: positive whole numbers in range, at most 20, each once; anything else is dropped. */
export function readPullNumbers(value: unknown): number[] {
  if (!Array.isArray(value)) return [];
  const numbers = new Set<number>();
  for (const pr of value.slice(0, 20)) {
    const n = (pr as { number?: unknown } | null)?.number;
    if (typeof n === 'number' && Number.isSafeInteger(n) && n > 0 && n <= MAX_PULL_NUMBER) numbers.add(n);
  }
  return [...numbers];
}

/**
 * `deployment_protection_rule.requested`: stores the request (once per delivery), audits it, then
 * evaluates it and acts. A malformed event is ignored and logged; nothing is stored for it.
 */
export async function handleProtectionRequest(
  deps: AppDeps,
  payload: RequestedPayload,
  deliveryId: string,
  now: Date,
): Promise<HandleResult> {
  deps = reusePorts(deps);
  const where = readEventRepository(payload);
  if (!where) return ignore(deps, 'the event names no repository or installation');
  const { owner, repo, installationId } = where;
  if (!isEnvironmentName(payload.environment)) {
    return ignore(
      deps,
      `the event's environment is missing or not a valid environment name (${owner}/${repo})`,
    );
  }
  const environment = payload.environment;
  const callback = parseCallbackUrl(payload.deployment_callback_url, owner, repo);
  if ('error' in callback) return ignore(deps, `${owner}/${repo}: ${callback.error}`);

  let port: GitHubPort | null = null;
  let sha = payload.deployment?.sha;
  if (typeof sha !== 'string' || !SHA.test(sha)) {
    // No deployment in the event: the workflow run names the commit.
    try {
      port = await deps.portFor(installationId);
      sha = await port.getWorkflowRunSha(owner, repo, callback.runId);
    } catch (error) {
      if (error instanceof GitHubCallError && error.status === 404) {
        return ignore(
          deps,
          `${owner}/${repo}: the event has no deployment SHA and run ${callback.runId} does not exist`,
        );
      }
      // GitHub is unwell: fail the delivery so that it shows as failed and can be redelivered.
      throw error;
    }
    if (typeof sha !== 'string' || !SHA.test(sha))
      return ignore(deps, `${owner}/${repo}: no commit SHA for run ${callback.runId}`);
  }
  const deploymentId = payload.deployment?.id;
  const ref = payload.deployment?.ref;
  const pullNumbers = readPullNumbers(payload.pull_requests);

  const stored = await deps.store.transaction(async (tx) => {
    if (!(await tx.recordDelivery(deliveryId, 'deployment_protection_rule.requested', now))) return null;
    const { request, outcome } = await tx.upsertRequest({
      owner,
      repo,
      installationId,
      environment,
      runId: callback.runId,
      deploymentId:
        typeof deploymentId === 'number' && Number.isSafeInteger(deploymentId) ? deploymentId : null,
      sha: (sha as string).toLowerCase(),
      ref: typeof ref === 'string' ? ref.slice(0, 255) : null,
      pullNumbers,
      callbackUrl: payload.deployment_callback_url as string,
      deliveryId,
      createdAt: now,
      nextEvaluationAt: new Date(now.getTime() + FIRST_LOOK_GRACE_MS),
    });
    if (outcome !== 'unchanged') {
      await appendAuditEvent(
        tx,
        now,
        'request_received',
        { repo: `${owner}/${repo}`, environment, sha: request.sha },
        {
          request_id: request.id,
          delivery_id: deliveryId,
          run_id: callback.runId,
          deployment_id: request.deploymentId,
          pull_numbers: pullNumbers,
          round: request.round,
          outcome,
        },
      );
    }
    return { request, outcome };
  });
  if (!stored) return { status: 'duplicate' };
  if (stored.outcome === 'unchanged') return { status: 'handled', request: stored.request };

  const outcome = await evaluateRequest(deps, stored.request, now, { trigger: 'requested' });
  if (outcome.kind === 'pending') {
    await createSignoffCheckRun(
      deps,
      port ?? (await deps.portFor(installationId)),
      stored.request,
      outcome,
      now,
    );
  }
  return { status: 'handled', outcome, request: stored.request };
}

/** The same deps, asking for each installation's GitHub port once for this event. */
function reusePorts(deps: AppDeps): AppDeps {
  const ports = new Map<number, Promise<GitHubPort>>();
  return {
    ...deps,
    portFor(installationId) {
      let port = ports.get(installationId);
      if (!port) {
        port = deps.portFor(installationId);
        ports.set(installationId, port);
        // A failed lookup is not kept: a later call asks again.
        port.catch(() => ports.delete(installationId));
      }
      return port;
    },
  };
}

/** Check-run button limits: label ≤ 20, description ≤ 40, identifier ≤ 20 characters. */
export const SIGNOFF_ACTIONS = [
  { label: 'Approve', description: 'Sign off on deploying this commit', identifier: 'approve' },
  { label: 'Reject', description: 'Reject deploying this commit', identifier: 'reject' },
];

/** The App's own check run `shipgate / <env>`, completed, with Approve and Reject buttons. */
async function createSignoffCheckRun(
  deps: AppDeps,
  port: GitHubPort,
  request: ProtectionRequest,
  outcome: Extract<EvaluationOutcome, { kind: 'pending' }>,
  now: Date,
): Promise<void> {
  try {
    await port.createCheckRun(request.owner, request.repo, {
      name: `shipgate / ${request.environment}`,
      head_sha: request.sha,
      conclusion: 'action_required',
      title: `Waiting for sign-off to deploy to ${request.environment}`,
      summary: renderVerdictMarkdown(outcome.verdict),
      actions: SIGNOFF_ACTIONS,
      completed_at: now.toISOString(),
    });
  } catch (error) {
    await auditRequestError(deps.store, now, request, 'check_run', error);
  }
}

function ignore(deps: AppDeps, why: string): HandleResult {
  deps.log.warn(`shipgate: ignored a deployment_protection_rule event: ${why}`);
  return { status: 'ignored', why };
}
