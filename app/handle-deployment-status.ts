import type { DeploymentStatusRecord } from '../src/store/store.js';
import { readEventRepository } from './read-event-repository.js';
import { appendAuditEvent, type AppDeps } from './app-deps.js';
import { isEnvironmentName } from './validate-environment-name.js';

interface DeploymentStatusPayload {
  deployment_status?: { state?: unknown; created_at?: unknown; environment?: unknown };
  deployment?: { id?: unknown; sha?: unknown; environment?: unknown };
  repository?: { name?: unknown; owner?: { login?: unknown } };
  installation?: { id?: unknown };
}

const STATES = new Set(['success', 'failure', 'error', 'inactive', 'in_progress', 'queued', 'pending']);

/**
 * `deployment_status.created`: records the outcome. A successful deployment is a rollback when its
 * commit is an ancestor of the environment's current one: compare(current...deployed) answers
 * `behind`. Other states are recorded with the flag of the same deployment's earlier records.
 */
export async function handleDeploymentStatus(
  deps: AppDeps,
  payload: DeploymentStatusPayload,
  deliveryId: string,
  now: Date,
): Promise<{ status: 'ignored' | 'duplicate' } | { status: 'recorded'; record: DeploymentStatusRecord }> {
  const where = readEventRepository(payload);
  const owner = where?.owner;
  const repo = where?.repo;
  const installationId = where?.installationId;
  const deploymentId = payload.deployment?.id;
  const sha = payload.deployment?.sha;
  const state = payload.deployment_status?.state;
  const environment = payload.deployment_status?.environment ?? payload.deployment?.environment;
  if (
    typeof owner !== 'string' ||
    typeof repo !== 'string' ||
    typeof installationId !== 'number' ||
    typeof deploymentId !== 'number' ||
    !Number.isSafeInteger(deploymentId) ||
    deploymentId <= 0 ||
    typeof sha !== 'string' ||
    !/^[0-9a-f]{40}$/i.test(sha) ||
    typeof state !== 'string' ||
    !STATES.has(state) ||
    !isEnvironmentName(environment)
  ) {
    return { status: 'ignored' };
  }
  const createdAt =
    typeof payload.deployment_status?.created_at === 'string'
      ? new Date(payload.deployment_status.created_at)
      : now;
  const at = Number.isNaN(createdAt.getTime()) ? now : createdAt;
  const history = await deps.store.listDeploymentStatuses({ owner, repo, environment, limit: 100 });
  let isRollback = history.some((h) => h.deploymentId === deploymentId && h.isRollback);
  let comparedWith: string | null = null;
  if (state === 'success') {
    const current = history.find((h) => h.status === 'success' && h.deploymentId !== deploymentId);
    if (current && current.sha.toLowerCase() !== sha.toLowerCase()) {
      const port = await deps.portFor(installationId);
      const comparison = await port.compareCommits(owner, repo, current.sha, sha);
      isRollback = comparison.status === 'behind';
      comparedWith = current.sha;
    }
  }
  const record = await deps.store.transaction(async (tx) => {
    if (!(await tx.recordDelivery(deliveryId, 'deployment_status.created', now))) return null;
    const saved = await tx.recordDeploymentStatus({
      owner,
      repo,
      environment,
      deploymentId,
      sha: sha.toLowerCase(),
      status: state,
      at,
      isRollback,
    });
    await appendAuditEvent(
      tx,
      now,
      'deployment_status',
      { repo: `${owner}/${repo}`, environment, sha: sha.toLowerCase() },
      {
        deployment_id: deploymentId,
        state,
        is_rollback: isRollback,
        compared_with: comparedWith,
      },
    );
    return saved;
  });
  return record ? { status: 'recorded', record } : { status: 'duplicate' };
}
