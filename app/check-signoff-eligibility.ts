import type { EnvironmentPolicy } from '../src/policy/types.js';
import { checkSignerListed, screenSignoff } from '../src/signoff/evaluate-quorum.js';
import type { Signoff, SignoffContext } from '../src/signoff/types.js';
import { listEnvironmentRules } from './resolve-teams.js';

/**
 * Why a sign-off cannot count in this environment, or null when it can count for some rule.
 * The tier is decided when the deployment is evaluated, so an approval is accepted when the
 * person is a signer of any of the environment's rules; evaluation checks again per rule.
 */
export function checkSignoffEligibility(
  env: EnvironmentPolicy,
  signoff: Signoff,
  ctx: SignoffContext,
): string | null {
  const screened = screenSignoff(signoff, ctx);
  if (screened) return screened;
  if (signoff.kind === 'revoke') return null;
  if (signoff.kind === 'break_glass') {
    if (!env.break_glass) {
      return `environment '${env.pattern}' has no break_glass rule, so break-glass cannot be used there`;
    }
    const notListed = checkSignerListed(signoff.login, env.break_glass, signoff, ctx);
    if (notListed) return `break-glass: ${notListed}`;
    if (env.break_glass.reason === 'required' && !signoff.reason?.trim()) {
      return 'break-glass needs a reason (break_glass.reason: required)';
    }
    return null;
  }
  const rules = listEnvironmentRules(env).filter((r) => r.rule.approvals > 0);
  if (rules.length === 0) {
    return `environment '${env.pattern}' requires no sign-off, so none is recorded`;
  }
  const reasons: string[] = [];
  for (const { label, rule } of rules) {
    const why = checkSignerListed(signoff.login, rule, signoff, ctx);
    if (why === null) return null;
    reasons.push(`${label}: ${why}`);
  }
  return reasons.join('; ');
}
