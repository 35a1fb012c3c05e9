import { compileFreezeSchedule } from '../freeze/compile-freeze-schedule.js';
import type { FreezeSchedule, FreezeState, FreezeWindow } from '../freeze/types.js';
import { checkRollback, type DeploymentEvent, type TrippedGuardrail } from '../rollback/check-rollback.js';
import {
  checkSignerListed,
  evaluateQuorum,
  screenSignoff,
  selectLatestSignoffs,
} from '../signoff/evaluate-quorum.js';
import type { QuorumResult, Signoff, SignoffContext } from '../signoff/types.js';
import { findEnvironmentPolicy } from './find-environment-policy.js';
import { TIERS, type Tier } from './tiers.js';
import type { EnvironmentPolicy, Policy, QuorumRule } from './types.js';
import type { Decision, FreezeVerdict, RequirementResult, Verdict } from './verdict.js';

/** What is known about one deployment request when it is evaluated. */
export interface DeploymentFacts {
  environment: string;
  /** The enforced risk tier (never lower than the App's own assessment). */
  tier: Tier;
  sha: string;
  author: string | null;
  committers: string[];
  signoffs: Signoff[];
  /** Team members by `org/slug`, for the teams the policy names. */
  teams: Record<string, string[]>;
  rollback?: { is_rollback: boolean; history: DeploymentEvent[] };
}

const schedules = new WeakMap<FreezeWindow[], FreezeSchedule>();

function scheduleFor(windows: FreezeWindow[]): FreezeSchedule {
  let schedule = schedules.get(windows);
  if (!schedule) {
    schedule = compileFreezeSchedule(windows);
    schedules.set(windows, schedule);
  }
  return schedule;
}

const NOT_FROZEN: FreezeVerdict = {
  active: false,
  window: null,
  windows: [],
  until: null,
  until_window: null,
  on_freeze: null,
};

/**
 * Decides a deployment from the policy and the facts at `now`. A denial is a verdict with its
 * reasons, never an exception; no policy for the environment holds the deployment (fail closed).
 */
export function evaluatePolicy(policy: Policy, facts: DeploymentFacts, now: Date): Verdict {
  const env = findEnvironmentPolicy(policy, facts.environment);
  const base = {
    environment: facts.environment,
    tier: facts.tier,
    sha: facts.sha,
    evaluated_at: now.toISOString(),
    rollback: { is_rollback: facts.rollback?.is_rollback ?? false, tripped: [] as TrippedGuardrail[] },
  };
  if (!env) {
    return {
      ...base,
      decision: 'pending',
      evaluated_decision: 'pending',
      mode: 'enforce',
      policy_environment: null,
      reasons: [
        `no policy covers environment '${facts.environment}', so it is held: add it under environments: in .github/shipgate.yml on the default branch (a name, or a glob such as 'prod-*')`,
      ],
      requirements: [],
      freeze: NOT_FROZEN,
      break_glass: null,
      rejected_by: [],
      next_evaluation_at: null,
    };
  }

  const ctx: SignoffContext = {
    sha: facts.sha,
    author: facts.author,
    committers: facts.committers,
    allow_author: env.signoff.allow_author,
    expires_after_ms: env.signoff.expires_after_ms,
    teams: facts.teams,
    now,
  };
  const reasons: string[] = [];
  const requirements: RequirementResult[] = [];
  const wakeUps: string[] = [];

  // The tier's sign-off rules.
  const tierRules = selectTierRules(env, facts.tier);
  if ('missing' in tierRules) reasons.push(tierRules.missing);
  const tierRuleList = 'rules' in tierRules ? tierRules.rules : [];
  for (const { label, rule } of tierRuleList) {
    const result = evaluateQuorum(rule, facts.signoffs, ctx);
    requirements.push(toRequirement('tier', label, result));
    if (result.lapses_at) wakeUps.push(result.lapses_at);
  }

  // Rollback guardrails escalate to a named group.
  const tripped =
    facts.rollback?.is_rollback && env.rollback
      ? checkRollback(env.rollback, facts.sha, facts.rollback.history, now)
      : [];
  base.rollback.tripped = tripped;
  const escalation: QuorumRule | null =
    tripped.length > 0 && env.rollback ? { approvals: 1, from: env.rollback.escalate_to } : null;
  if (escalation) {
    const result = evaluateQuorum(escalation, facts.signoffs, ctx);
    requirements.push(toRequirement('rollback_escalation', 'rollback.escalate_to', result));
    for (const t of tripped) {
      reasons.push(`rollback guardrail '${t.rule}' tripped: ${t.message}`);
      if (t.clears_at) wakeUps.push(t.clears_at);
    }
    if (result.lapses_at) wakeUps.push(result.lapses_at);
  }

  // Explicit rejections from people who could have approved.
  const rejected_by = findRejections(facts.signoffs, ctx, [
    ...tierRuleList.map((r) => r.rule),
    ...(escalation ? [escalation] : []),
  ]);

  // Freeze windows, and break-glass during them.
  const state: FreezeState | null = env.freeze.length > 0 ? scheduleFor(env.freeze).stateAt(now) : null;
  const freeze: FreezeVerdict = state?.active ? describeFreeze(state) : NOT_FROZEN;
  let breakGlass: Verdict['break_glass'] = null;
  let breakGlassResult: QuorumResult | null = null;
  if (freeze.active && env.break_glass) {
    const rule = env.break_glass;
    breakGlassResult = evaluateQuorum(rule, facts.signoffs, ctx, {
      kind: 'break_glass',
      check: (s) =>
        rule.reason === 'required' && !s.reason?.trim()
          ? 'break-glass needs a reason (break_glass.reason: required): /shipgate break-glass <env> <reason>'
          : null,
    });
    requirements.push(toRequirement('break_glass', 'break_glass', breakGlassResult));
    const reasonText = selectLatestSignoffs(facts.signoffs, ['break_glass'], now)
      .filter((s) => breakGlassResult!.signers.some((c) => c.login === s.login))
      .map((s) => `${s.login}: ${s.reason ?? ''}`.trim())
      .join('; ');
    breakGlass = { used: breakGlassResult.satisfied, reason: reasonText || null };
  } else if (!freeze.active && facts.signoffs.some((s) => s.kind === 'break_glass')) {
    reasons.push('break-glass sign-offs apply only during a freeze; outside one, the tier rules decide');
  }

  const unmet = requirements.filter((r) => r.kind !== 'break_glass' && !r.satisfied);
  let decision: Decision;
  if (rejected_by.length > 0) {
    decision = 'rejected';
    for (const r of rejected_by) reasons.unshift(`rejected by ${r.login}${r.reason ? `: ${r.reason}` : ''}`);
  } else if (freeze.active && breakGlassResult?.satisfied) {
    decision = 'approved';
    reasons.unshift(
      `freeze '${freeze.window}' is active until ${freeze.until}, and break-glass was given by ${breakGlassResult.signers.map((s) => s.login).join(', ')}${breakGlass?.reason ? ` (${breakGlass.reason})` : ''}`,
    );
    if (breakGlassResult.lapses_at) wakeUps.push(breakGlassResult.lapses_at);
  } else if (freeze.active) {
    const names =
      (freeze.windows.length > 1
        ? `freezes ${freeze.windows.map((n) => `'${n}'`).join(', ')} are active`
        : `freeze '${freeze.window}' is active`) +
      (freeze.until_window && !freeze.windows.includes(freeze.until_window)
        ? `, followed by '${freeze.until_window}',`
        : '');
    const glass = env.break_glass
      ? ` Break-glass needs ${describeQuorum(env.break_glass)}${env.break_glass.reason === 'required' ? ' with a reason' : ''}: /shipgate break-glass ${facts.environment} <reason>.`
      : ' No break_glass is configured for this environment.';
    if (freeze.on_freeze === 'reject') {
      decision = 'rejected';
      reasons.unshift(
        `${names} until ${freeze.until} (on_freeze: reject), so the deployment is rejected.${glass}`,
      );
    } else {
      decision = 'pending';
      reasons.unshift(
        `${names} until ${freeze.until}; the deployment is held until then (on_freeze: hold).${glass}`,
      );
      if (freeze.until) wakeUps.push(freeze.until);
    }
    for (const r of unmet) reasons.push(describeUnmet(r));
  } else if ('missing' in tierRules) {
    decision = 'pending';
  } else if (unmet.length > 0) {
    decision = 'pending';
    for (const r of unmet) reasons.push(describeUnmet(r));
  } else {
    decision = 'approved';
    const met = requirements
      .filter((r) => r.approvals > 0)
      .map((r) => `${r.label}: ${r.have} of ${r.approvals} (${r.signers.join(', ')})`);
    reasons.unshift(
      met.length > 0
        ? `every requirement is met: ${met.join('; ')}`
        : `tier ${facts.tier} needs no sign-off in environment '${env.pattern}'`,
    );
  }

  const evaluated = decision;
  let nextEvaluation = decision === 'pending' && wakeUps.length > 0 ? wakeUps.sort()[0]! : null;
  if (env.mode === 'advise' && decision !== 'approved') {
    decision = 'approved';
    nextEvaluation = null;
    reasons.unshift(
      `advise mode: approved anyway; enforcing this policy would have ${evaluated === 'pending' ? 'held' : 'rejected'} the deployment because: ${reasons.join(' ')}`,
    );
  }
  return {
    ...base,
    decision,
    evaluated_decision: evaluated,
    mode: env.mode,
    policy_environment: env.pattern,
    reasons,
    requirements,
    freeze,
    break_glass: breakGlass,
    rejected_by,
    next_evaluation_at: nextEvaluation,
  };
}

function describeFreeze(state: FreezeState): FreezeVerdict {
  // The window that decides: a rejecting one first, else the one that ends last.
  const decisive = [...state.windows].sort(
    (a, b) =>
      Number(b.window.on_freeze === 'reject') - Number(a.window.on_freeze === 'reject') ||
      b.ends_at.getTime() - a.ends_at.getTime(),
  )[0]!;
  return {
    active: true,
    window: decisive.window.name,
    windows: state.windows.map((w) => w.window.name),
    until: state.until?.toISOString() ?? null,
    until_window: state.until_window,
    on_freeze: state.on_freeze,
  };
}

/** The rules for a tier: its own, else those of the nearest stricter tier that has rules. */
function selectTierRules(
  env: EnvironmentPolicy,
  tier: Tier,
): { rules: { label: string; rule: QuorumRule }[] } | { missing: string } {
  if (env.tiers === null) return { rules: [] };
  for (const candidate of TIERS.slice(TIERS.indexOf(tier))) {
    const requirement = env.tiers[candidate];
    if (!requirement) continue;
    const note = candidate === tier ? '' : ` (no rule for ${tier}; the stricter ${candidate} applies)`;
    if (requirement.kind === 'quorum')
      return { rules: [{ label: `tiers.${candidate}${note}`, rule: requirement.rule }] };
    return {
      rules: requirement.rules.map((rule, index) => ({
        label: `tiers.${candidate}.all_of[${index}]${note}`,
        rule,
      })),
    };
  }
  return {
    missing: `environment '${env.pattern}' has no rule for tier ${tier} or any stricter tier, so the deployment is held: add tiers.${tier} (e.g. { approvals: 1, from: [...] })`,
  };
}

function findRejections(signoffs: readonly Signoff[], ctx: SignoffContext, rules: QuorumRule[]) {
  const words = selectLatestSignoffs(signoffs, ['approve', 'reject'], ctx.now).filter(
    (s) => s.kind === 'reject',
  );
  return words
    .filter(
      (s) =>
        screenSignoff(s, ctx) === null &&
        rules.some((rule) => checkSignerListed(s.login, rule, s, ctx) === null),
    )
    .map((s) => ({ login: s.login, reason: s.reason?.trim() || null }));
}

function toRequirement(
  kind: RequirementResult['kind'],
  label: string,
  result: QuorumResult,
): RequirementResult {
  return {
    kind,
    label,
    approvals: result.approvals,
    from: result.from,
    have: result.have,
    satisfied: result.satisfied,
    signers: result.signers.map((s) => s.login),
    missing: result.missing,
    refused: result.refused,
  };
}

function describeQuorum(rule: QuorumRule): string {
  const who = rule.from === null ? 'anyone with write access' : rule.from.join(', ');
  return `${rule.approvals} approval${rule.approvals === 1 ? '' : 's'} from ${who}`;
}

function describeUnmet(r: RequirementResult): string {
  const have = r.have > 0 ? ` (have ${r.have}: ${r.signers.join(', ')})` : '';
  const what = r.kind === 'rollback_escalation' ? 'the escalated rollback' : r.label;
  return `${what} needs ${r.missing} more approval${r.missing === 1 ? '' : 's'} from ${r.from === null ? 'anyone with write access' : r.from.join(', ')}${have}`;
}
