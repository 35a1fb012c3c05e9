import { readEventRepository } from './read-event-repository.js';
import { appendAuditEvent, describeError, type AppDeps } from './app-deps.js';
import { loadPolicy } from './load-policy.js';
import { updateStatusComment } from './update-status-comment.js';

interface SynchronizePayload {
  before?: unknown;
  after?: unknown;
  pull_request?: { number?: unknown; head?: { sha?: unknown } };
  repository?: { name?: unknown; owner?: { login?: unknown } };
  installation?: { id?: unknown };
  sender?: { login?: unknown };
}

const SHA = /^[0-9a-f]{40}$/i;

/**
 * `pull_request.synchronize`: sign-offs are bound to the commit they were given for, so after a
 * push they no longer count. Each status comment on the pull request says so.
 */
export async function handlePullRequestPush(
  deps: AppDeps,
  payload: SynchronizePayload,
  deliveryId: string,
  now: Date,
): Promise<{ status: 'ignored' | 'duplicate' } | { status: 'handled'; environments: string[] }> {
  const where = readEventRepository(payload);
  const owner = where?.owner;
  const repo = where?.repo;
  const installationId = where?.installationId;
  const number = payload.pull_request?.number;
  const before = payload.before;
  const after = payload.after ?? payload.pull_request?.head?.sha;
  if (
    typeof owner !== 'string' ||
    typeof repo !== 'string' ||
    typeof installationId !== 'number' ||
    typeof number !== 'number' ||
    !Number.isSafeInteger(number) ||
    number <= 0 ||
    typeof before !== 'string' ||
    typeof after !== 'string' ||
    !SHA.test(before) ||
    !SHA.test(after)
  ) {
    return { status: 'ignored' };
  }
  const fresh = await deps.store.transaction(async (tx) => {
    if (!(await tx.recordDelivery(deliveryId, 'pull_request.synchronize', now))) return false;
    await appendAuditEvent(
      tx,
      now,
      'signoffs_stale',
      {
        repo: `${owner}/${repo}`,
        sha: before.toLowerCase(),
        actor: typeof payload.sender?.login === 'string' ? payload.sender.login : null,
      },
      {
        pull_number: number,
        before: before.toLowerCase(),
        after: after.toLowerCase(),
      },
    );
    return true;
  });
  if (!fresh) return { status: 'duplicate' };

  const port = await deps.portFor(installationId);
  // The environments this pull request may have a status comment for.
  const environments = new Set<string>();
  const waiting = await deps.store.listPendingRequests({ owner, repo, sha: before.toLowerCase() });
  for (const r of waiting) if (r.pullNumbers.includes(number)) environments.add(r.environment);
  try {
    const policy = await loadPolicy(port, owner, repo);
    for (const env of policy.environments) if (!/[*?[\]{}]/.test(env.pattern)) environments.add(env.pattern);
  } catch (error) {
    deps.log.warn(`shipgate: could not read the policy of ${owner}/${repo}: ${describeError(error)}`);
  }
  const updated: string[] = [];
  for (const environment of [...environments].sort()) {
    const key = { owner, repo, pullNumber: number, environment };
    if ((await deps.store.getStatusComment(key)) === undefined) continue;
    await updateStatusComment(
      port,
      deps.store,
      { ...key, sha: after.toLowerCase(), verdict: null, stale: { before, after } },
      now,
    );
    updated.push(environment);
  }
  return { status: 'handled', environments: updated };
}
