import picomatch from 'picomatch';
import type { EnvironmentPolicy, Policy } from './types.js';

interface EnvironmentIndex {
  exact: Map<string, EnvironmentPolicy>;
  globs: { env: EnvironmentPolicy; match: (name: string) => boolean }[];
}

// Built once per parsed policy: the App evaluates the same policy many times.
const indexes = new WeakMap<Policy, EnvironmentIndex>();

function indexFor(policy: Policy): EnvironmentIndex {
  let index = indexes.get(policy);
  if (!index) {
    index = { exact: new Map(), globs: [] };
    for (const env of policy.environments) {
      const key = env.pattern.toLowerCase();
      if (!index.exact.has(key)) index.exact.set(key, env);
      if (picomatch.scan(env.pattern).isGlob) {
        index.globs.push({ env, match: picomatch(env.pattern, { nocase: true, dot: true }) });
      }
    }
    indexes.set(policy, index);
  }
  return index;
}

/**
 * The policy for a deployment environment: an entry with exactly that name (case-insensitive, as
 * GitHub treats environment names) wins; otherwise the first glob key, in file order, that matches.
 */
export function findEnvironmentPolicy(policy: Policy, environment: string): EnvironmentPolicy | null {
  const index = indexFor(policy);
  return (
    index.exact.get(environment.toLowerCase()) ?? index.globs.find((g) => g.match(environment))?.env ?? null
  );
}
