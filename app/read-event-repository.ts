/** The repository and installation an event is about, when they are well-formed. */
export interface EventRepository {
  owner: string;
  repo: string;
  installationId: number;
}

const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const REPO = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * Reads `repository.owner.login`, `repository.name` and `installation.id` from a webhook payload,
 * checking them against GitHub's naming rules; null when any is missing or malformed.
 */
export function readEventRepository(payload: {
  repository?: { name?: unknown; owner?: { login?: unknown } | null } | null;
  installation?: { id?: unknown } | null;
}): EventRepository | null {
  const owner = payload.repository?.owner?.login;
  const repo = payload.repository?.name;
  const installationId = payload.installation?.id;
  if (typeof owner !== 'string' || !OWNER.test(owner)) return null;
  if (typeof repo !== 'string' || !REPO.test(repo) || repo === '.' || repo === '..') return null;
  if (typeof installationId !== 'number' || !Number.isSafeInteger(installationId) || installationId <= 0)
    return null;
  return { owner, repo, installationId };
}
