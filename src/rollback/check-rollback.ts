import { formatDuration } from '../policy/duration.js';
import type { RollbackRule } from '../policy/types.js';

/** A deployment that reached the environment before: a forward deploy or a rollback. */
export interface DeploymentEvent {
  sha: string;
  at: Date;
  kind: 'deploy' | 'rollback';
}

/** A guardrail that a rollback tripped. */
export interface TrippedGuardrail {
  rule: 'cooldown' | 'max' | 'loop';
  message: string;
  /** When this guardrail stops applying by itself; null if it never does. */
  clears_at: string | null;
}

/**
 * Checks a rollback (a deployment of an earlier commit) against the environment's guardrails.
 * Only history at or before `now` counts.
 * - cooldown: the previous deploy or rollback was less than `cooldown` ago.
 * - max: this would be rollback number max+1 (or more) within `per`.
 * - loop: the target commit was already deployed (forward or by rollback) within `per`: the
 *   environment is flipping back to where it was.
 */
export function checkRollback(
  rule: RollbackRule,
  sha: string,
  history: readonly DeploymentEvent[],
  now: Date,
): TrippedGuardrail[] {
  const t = now.getTime();
  const past = history.filter((e) => e.at.getTime() <= t).sort((a, b) => a.at.getTime() - b.at.getTime());
  const tripped: TrippedGuardrail[] = [];
  const windowStart = t - rule.per_ms;

  const previous = past[past.length - 1];
  if (rule.cooldown_ms !== null && previous && t - previous.at.getTime() < rule.cooldown_ms) {
    const clears = new Date(previous.at.getTime() + rule.cooldown_ms);
    tripped.push({
      rule: 'cooldown',
      message: `the previous ${previous.kind} (${previous.sha.slice(0, 7)}) was ${formatDuration(t - previous.at.getTime())} ago, inside the ${formatDuration(rule.cooldown_ms)} cooldown (rollback.cooldown)`,
      clears_at: clears.toISOString(),
    });
  }

  if (rule.max !== null) {
    const recent = past.filter((e) => e.kind === 'rollback' && e.at.getTime() > windowStart);
    if (recent.length + 1 > rule.max) {
      // It clears once enough of the recent rollbacks have left the window.
      const leaving = recent[recent.length - rule.max];
      tripped.push({
        rule: 'max',
        message: `this would be rollback ${recent.length + 1} within ${formatDuration(rule.per_ms)}; at most ${rule.max} may go without escalation (rollback.max, rollback.per)`,
        clears_at: leaving ? new Date(leaving.at.getTime() + rule.per_ms).toISOString() : null,
      });
    }
  }

  const earlier = past.filter(
    (e) => e.sha.toLowerCase() === sha.toLowerCase() && e.at.getTime() > windowStart,
  );
  if (earlier.length > 0) {
    const last = earlier[earlier.length - 1]!;
    tripped.push({
      rule: 'loop',
      message: `commit ${sha.slice(0, 7)} was already deployed ${formatDuration(t - last.at.getTime())} ago (${last.kind}); flipping back to it within ${formatDuration(rule.per_ms)} is a rollback loop (rollback.per)`,
      clears_at: new Date(last.at.getTime() + rule.per_ms).toISOString(),
    });
  }
  return tripped;
}
