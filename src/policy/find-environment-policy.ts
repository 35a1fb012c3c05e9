import picomatch from 'picomatch';
import type { EnvironmentPolicy, Policy } from './types.js';

const matchers = new WeakMap<EnvironmentPolicy, (name: string) => boolean>();

function matcherFor(env: EnvironmentPolicy): (name: string) => boolean {
  let match = matchers.get(env);
  if (!match) {
    match = picomatch(env.pattern, { nocase: true, dot: true });
    matchers.set(env, match);
  }
  return match;
}

/**
 * The policy for a deployment environment: an entry with exactly that name (case-insensitive, as
 * GitHub treats environment names) wins; otherwise the first glob key, in file order, that matches.
 */
export function findEnvironmentPolicy(policy: Policy, environment: string): EnvironmentPolicy | null {
  const wanted = environment.toLowerCase();
  const exact = policy.environments.find((env) => env.pattern.toLowerCase() === wanted);
  if (exact) return exact;
  return (
    policy.environments.find((env) => picomatch.scan(env.pattern).isGlob && matcherFor(env)(environment)) ??
    null
  );
}
