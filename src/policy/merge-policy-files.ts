import type { PolicyFile } from './schema.js';

type PlainMap = Record<string, unknown>;

function isPlainMap(value: unknown): value is PlainMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Maps merge key by key, recursively; anything else (lists, scalars) from `over` replaces `base`. */
function mergeDeep(base: unknown, over: unknown): unknown {
  if (over === undefined) return base;
  if (!isPlainMap(base) || !isPlainMap(over)) return over;
  const merged: PlainMap = { ...base };
  for (const [key, value] of Object.entries(over)) merged[key] = mergeDeep(base[key], value);
  return merged;
}

/**
 * Layers a repository's policy over the org default (`_extends`).
 * - `risk` and `gates` merge deeply: the repo changes only the keys it names.
 * - `environments` merge per environment; within one environment the repo's keys replace the org's
 *   key by key (`tiers`, `freeze`, `signoff`, … each as a whole), so a repo that sets `tiers`
 *   states its complete tier table.
 * - Lists are replaced, never appended.
 * The result carries no `_extends`.
 */
export function mergePolicyFiles(org: PolicyFile, repo: PolicyFile): PolicyFile {
  const environments: Record<string, unknown> = { ...(org.environments ?? {}) };
  for (const [name, env] of Object.entries(repo.environments ?? {})) {
    environments[name] = {
      ...((org.environments?.[name] as PlainMap | undefined) ?? {}),
      ...stripUndefined(env),
    };
  }
  const merged: PolicyFile = {
    risk: mergeDeep(org.risk, repo.risk) as PolicyFile['risk'],
    gates: mergeDeep(org.gates, repo.gates) as PolicyFile['gates'],
    environments: environments as PolicyFile['environments'],
  };
  return stripUndefined(merged) as PolicyFile;
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
