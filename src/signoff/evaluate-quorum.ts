import type { QuorumRule } from '../policy/types.js';
import type { CountedSigner, QuorumResult, RefusedSignoff, Signoff, SignoffContext } from './types.js';

const lower = (login: string) => login.toLowerCase();

/**
 * The word that stands for each person: their latest sign-off of the given kinds, unless a later
 * revoke withdrew it. Sign-offs dated after `now` are ignored.
 */
export function selectLatestSignoffs(
  signoffs: readonly Signoff[],
  kinds: readonly Signoff['kind'][],
  now: Date,
): Signoff[] {
  const latest = new Map<string, Signoff>();
  const ordered = [...signoffs]
    .filter((s) => s.at.getTime() <= now.getTime())
    .sort((a, b) => a.at.getTime() - b.at.getTime());
  for (const signoff of ordered) {
    const key = lower(signoff.login);
    if (signoff.kind === 'revoke') latest.delete(key);
    else if (kinds.includes(signoff.kind)) latest.set(key, signoff);
  }
  return [...latest.values()];
}

/** Why a sign-off cannot count for anything, whatever the rule; null when it passes these checks. */
export function screenSignoff(signoff: Signoff, ctx: SignoffContext): string | null {
  const login = lower(signoff.login);
  if (signoff.is_bot || login.endsWith('[bot]')) return 'bots cannot sign off';
  if (!ctx.allow_author) {
    if (ctx.author && lower(ctx.author) === login)
      return 'the author of the change cannot sign off on it (signoff.allow_author is false)';
    if (ctx.committers.some((c) => lower(c) === login)) {
      return 'a committer of the change cannot sign off on it (signoff.allow_author is false)';
    }
  }
  if (signoff.sha && lower(signoff.sha) !== lower(ctx.sha)) {
    return `given for commit ${signoff.sha.slice(0, 7)}, not the deployed ${ctx.sha.slice(0, 7)}; sign off again on the new commit`;
  }
  if (ctx.expires_after_ms !== null && signoff.at.getTime() + ctx.expires_after_ms <= ctx.now.getTime()) {
    return `expired at ${new Date(signoff.at.getTime() + ctx.expires_after_ms).toISOString()} (signoff.expires_after); sign off again`;
  }
  return null;
}

/** Whether `login` is one of `from`: named, or a member of a named team. Returns why not, or null. */
export function checkSignerListed(
  login: string,
  rule: QuorumRule,
  signoff: Signoff,
  ctx: SignoffContext,
): string | null {
  if (rule.from === null) {
    return signoff.can_write
      ? null
      : 'anyone with write access may sign off here, and their write access could not be confirmed';
  }
  const who = lower(login);
  const unknownTeams: string[] = [];
  for (const entry of rule.from) {
    if (entry.startsWith('team:')) {
      const slug = lower(entry.slice(5));
      const members = Object.entries(ctx.teams).find(([team]) => lower(team) === slug)?.[1];
      if (!members) unknownTeams.push(entry);
      else if (members.some((m) => lower(m) === who)) return null;
    } else if (lower(entry) === who) {
      return null;
    }
  }
  const unknown = unknownTeams.length ? ` (membership of ${unknownTeams.join(', ')} could not be read)` : '';
  return `not one of the signers for this rule: ${rule.from.join(', ')}${unknown}`;
}

/** Counts who signs off toward one N-of-M rule, and who does not and why. */
export function evaluateQuorum(
  rule: QuorumRule,
  signoffs: readonly Signoff[],
  ctx: SignoffContext,
  options: { kind?: 'approve' | 'break_glass'; check?: (signoff: Signoff) => string | null } = {},
): QuorumResult {
  const kind = options.kind ?? 'approve';
  const signers: CountedSigner[] = [];
  const refused: RefusedSignoff[] = [];
  // A person's latest word stands: an approval followed by a rejection is a rejection.
  const words = selectLatestSignoffs(signoffs, kind === 'approve' ? ['approve', 'reject'] : [kind], ctx.now);
  for (const signoff of words.filter((s) => s.kind === kind)) {
    const reason =
      screenSignoff(signoff, ctx) ??
      checkSignerListed(signoff.login, rule, signoff, ctx) ??
      options.check?.(signoff) ??
      null;
    if (reason) {
      refused.push({ login: signoff.login, reason });
      continue;
    }
    const expires =
      ctx.expires_after_ms === null ? null : new Date(signoff.at.getTime() + ctx.expires_after_ms);
    signers.push({
      login: signoff.login,
      at: signoff.at.toISOString(),
      expires_at: expires?.toISOString() ?? null,
    });
  }
  const have = signers.length;
  const satisfied = have >= rule.approvals;
  let lapses_at: string | null = null;
  if (satisfied && rule.approvals > 0 && ctx.expires_after_ms !== null) {
    // The rule lapses when the (have - approvals + 1)-th earliest expiry passes.
    const expiries = signers.map((s) => s.expires_at!).sort();
    lapses_at = expiries[have - rule.approvals] ?? null;
  }
  return {
    approvals: rule.approvals,
    from: rule.from,
    have,
    satisfied,
    signers,
    missing: Math.max(0, rule.approvals - have),
    refused,
    lapses_at,
  };
}
