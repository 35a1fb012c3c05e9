import {
  FreezeConfigError,
  createWindowTimeline,
  validateFreezeWindow
} from "./chunk-H7D7LJGZ.js";
import {
  formatDuration
} from "./chunk-WVARKXY4.js";
import {
  TIERS
} from "./chunk-DRH4ZT43.js";

// src/freeze/compile-freeze-schedule.ts
var MAX_CHAIN_MS = 366 * 864e5;
var NOT_FROZEN = Object.freeze({
  active: false,
  windows: [],
  until: null,
  until_window: null,
  on_freeze: null
});
function compileFreezeSchedule(windows) {
  for (const window of windows) {
    const problems = validateFreezeWindow(window);
    if (problems.length > 0) {
      const detail = problems.map((p) => `${p.key}: ${p.message}`).join("; ");
      throw new FreezeConfigError(`freeze window '${window.name}' is invalid: ${detail}`, problems);
    }
  }
  const timelines = windows.map(createWindowTimeline);
  return {
    stateAt(now) {
      const t = readInstant(now);
      const active = [];
      for (const timeline of timelines) {
        const occurrence = timeline.occurrenceAt(t);
        if (occurrence) active.push({ timeline, occurrence });
      }
      if (active.length === 0) return { ...NOT_FROZEN, windows: [] };
      let reject = false;
      const frozen = [...active].sort((a, b) => a.occurrence.end - b.occurrence.end).map(({ timeline, occurrence }) => {
        if (timeline.window.on_freeze === "reject") reject = true;
        return {
          window: timeline.window,
          started_at: new Date(occurrence.start),
          ends_at: new Date(occurrence.end)
        };
      });
      let last = active[0];
      for (const entry of active) if (entry.occurrence.end > last.occurrence.end) last = entry;
      const { until, window } = chainUntil(
        timelines,
        last.occurrence.end,
        last.timeline.window,
        t + MAX_CHAIN_MS
      );
      return {
        active: true,
        windows: frozen,
        until: new Date(until),
        until_window: window.name,
        on_freeze: reject ? "reject" : "hold"
      };
    },
    nextChangeAfter(now) {
      const t = readInstant(now);
      let next = Number.POSITIVE_INFINITY;
      for (const timeline of timelines) {
        const occurrence = timeline.occurrenceEndingAfter(t);
        if (!occurrence) continue;
        const change = occurrence.start > t ? occurrence.start : occurrence.end;
        if (change < next) next = change;
      }
      return next === Number.POSITIVE_INFINITY ? null : new Date(next);
    },
    upcoming(now, horizonMs, limit = 100) {
      const t = readInstant(now);
      const stop = t + horizonMs;
      const found = [];
      timelines.forEach((timeline, index) => {
        let cursor = t;
        for (let count = 0; count < limit; count += 1) {
          let occurrence = timeline.occurrenceEndingAfter(cursor);
          if (occurrence && occurrence.start <= t)
            occurrence = timeline.occurrenceEndingAfter(occurrence.end);
          if (!occurrence || occurrence.start >= stop) break;
          found.push({ index, occurrence: { start: occurrence.start, end: occurrence.end } });
          cursor = occurrence.end;
        }
      });
      found.sort((a, b) => a.occurrence.start - b.occurrence.start || a.index - b.index);
      return found.slice(0, limit).map(({ index, occurrence }) => ({
        window: timelines[index].window,
        starts_at: new Date(occurrence.start),
        ends_at: new Date(occurrence.end)
      }));
    }
  };
}
function readInstant(now) {
  const t = now.getTime();
  if (Number.isNaN(t))
    throw new RangeError("freeze schedule: now is an invalid Date; pass the instant to evaluate");
  return t;
}
function chainUntil(timelines, end, window, limit) {
  let until = end;
  let untilWindow = window;
  while (until < limit) {
    let later = until;
    let laterWindow = untilWindow;
    for (const timeline of timelines) {
      const occurrence = timeline.occurrenceAt(until);
      if (occurrence && occurrence.end > later) {
        later = occurrence.end;
        laterWindow = timeline.window;
      }
    }
    if (later === until) break;
    until = later;
    untilWindow = laterWindow;
  }
  return { until, window: untilWindow };
}

// src/rollback/check-rollback.ts
function checkRollback(rule, sha, history, now) {
  const t = now.getTime();
  const past = history.filter((e) => e.at.getTime() <= t).sort((a, b) => a.at.getTime() - b.at.getTime());
  const tripped = [];
  const windowStart = t - rule.per_ms;
  const previous = past[past.length - 1];
  if (rule.cooldown_ms !== null && previous && t - previous.at.getTime() < rule.cooldown_ms) {
    const clears = new Date(previous.at.getTime() + rule.cooldown_ms);
    tripped.push({
      rule: "cooldown",
      message: `the previous ${previous.kind} (${previous.sha.slice(0, 7)}) was ${formatDuration(t - previous.at.getTime())} ago, inside the ${formatDuration(rule.cooldown_ms)} cooldown (rollback.cooldown)`,
      clears_at: clears.toISOString()
    });
  }
  if (rule.max !== null) {
    const recent = past.filter((e) => e.kind === "rollback" && e.at.getTime() > windowStart);
    if (recent.length + 1 > rule.max) {
      const leaving = recent[recent.length - rule.max];
      tripped.push({
        rule: "max",
        message: `this would be rollback ${recent.length + 1} within ${formatDuration(rule.per_ms)}; at most ${rule.max} may go without escalation (rollback.max, rollback.per)`,
        clears_at: leaving ? new Date(leaving.at.getTime() + rule.per_ms).toISOString() : null
      });
    }
  }
  const earlier = past.filter(
    (e) => e.sha.toLowerCase() === sha.toLowerCase() && e.at.getTime() > windowStart
  );
  if (earlier.length > 0) {
    const last = earlier[earlier.length - 1];
    tripped.push({
      rule: "loop",
      message: `commit ${sha.slice(0, 7)} was already deployed ${formatDuration(t - last.at.getTime())} ago (${last.kind}); flipping back to it within ${formatDuration(rule.per_ms)} is a rollback loop (rollback.per)`,
      clears_at: new Date(last.at.getTime() + rule.per_ms).toISOString()
    });
  }
  return tripped;
}

// src/signoff/evaluate-quorum.ts
var lower = (login) => login.toLowerCase();
function selectLatestSignoffs(signoffs, kinds, now) {
  const latest = /* @__PURE__ */ new Map();
  const ordered = [...signoffs].filter((s) => s.at.getTime() <= now.getTime()).sort((a, b) => a.at.getTime() - b.at.getTime());
  for (const signoff of ordered) {
    const key = lower(signoff.login);
    if (signoff.kind === "revoke") latest.delete(key);
    else if (kinds.includes(signoff.kind)) latest.set(key, signoff);
  }
  return [...latest.values()];
}
function screenSignoff(signoff, ctx) {
  const login = lower(signoff.login);
  if (signoff.is_bot || login.endsWith("[bot]")) return "bots cannot sign off";
  if (!ctx.allow_author) {
    if (ctx.author && lower(ctx.author) === login)
      return "the author of the change cannot sign off on it (signoff.allow_author is false)";
    if (ctx.committers.some((c) => lower(c) === login)) {
      return "a committer of the change cannot sign off on it (signoff.allow_author is false)";
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
function checkSignerListed(login, rule, signoff, ctx) {
  if (rule.from === null) {
    return signoff.can_write ? null : "anyone with write access may sign off here, and their write access could not be confirmed";
  }
  const who = lower(login);
  const unknownTeams = [];
  for (const entry of rule.from) {
    if (entry.startsWith("team:")) {
      const slug = lower(entry.slice(5));
      const members = Object.entries(ctx.teams).find(([team]) => lower(team) === slug)?.[1];
      if (!members) unknownTeams.push(entry);
      else if (members.some((m) => lower(m) === who)) return null;
    } else if (lower(entry) === who) {
      return null;
    }
  }
  const unknown = unknownTeams.length ? ` (membership of ${unknownTeams.join(", ")} could not be read)` : "";
  return `not one of the signers for this rule: ${rule.from.join(", ")}${unknown}`;
}
function evaluateQuorum(rule, signoffs, ctx, options = {}) {
  const kind = options.kind ?? "approve";
  const signers = [];
  const refused = [];
  const words = selectLatestSignoffs(signoffs, kind === "approve" ? ["approve", "reject"] : [kind], ctx.now);
  for (const signoff of words.filter((s) => s.kind === kind)) {
    const reason = screenSignoff(signoff, ctx) ?? checkSignerListed(signoff.login, rule, signoff, ctx) ?? options.check?.(signoff) ?? null;
    if (reason) {
      refused.push({ login: signoff.login, reason });
      continue;
    }
    const expires = ctx.expires_after_ms === null ? null : new Date(signoff.at.getTime() + ctx.expires_after_ms);
    signers.push({
      login: signoff.login,
      at: signoff.at.toISOString(),
      expires_at: expires?.toISOString() ?? null
    });
  }
  const have = signers.length;
  const satisfied = have >= rule.approvals;
  let lapses_at = null;
  if (satisfied && rule.approvals > 0 && ctx.expires_after_ms !== null) {
    const expiries = signers.map((s) => s.expires_at).sort();
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
    lapses_at
  };
}

// src/policy/find-environment-policy.ts
import picomatch from "picomatch";
var indexes = /* @__PURE__ */ new WeakMap();
function indexFor(policy) {
  let index = indexes.get(policy);
  if (!index) {
    index = { exact: /* @__PURE__ */ new Map(), globs: [] };
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
function findEnvironmentPolicy(policy, environment) {
  const index = indexFor(policy);
  return index.exact.get(environment.toLowerCase()) ?? index.globs.find((g) => g.match(environment))?.env ?? null;
}

// src/policy/evaluate-policy.ts
var schedules = /* @__PURE__ */ new WeakMap();
function scheduleFor(windows) {
  let schedule = schedules.get(windows);
  if (!schedule) {
    schedule = compileFreezeSchedule(windows);
    schedules.set(windows, schedule);
  }
  return schedule;
}
var NOT_FROZEN2 = {
  active: false,
  window: null,
  windows: [],
  until: null,
  until_window: null,
  on_freeze: null
};
function evaluatePolicy(policy, facts, now) {
  const env = findEnvironmentPolicy(policy, facts.environment);
  const base = {
    environment: facts.environment,
    tier: facts.tier,
    sha: facts.sha,
    evaluated_at: now.toISOString(),
    rollback: { is_rollback: facts.rollback?.is_rollback ?? false, tripped: [] }
  };
  if (!env) {
    return {
      ...base,
      decision: "pending",
      evaluated_decision: "pending",
      mode: "enforce",
      policy_environment: null,
      reasons: [
        `no policy covers environment '${facts.environment}', so it is held: add it under environments: in .github/shipgate.yml on the default branch (a name, or a glob such as 'prod-*')`
      ],
      requirements: [],
      freeze: NOT_FROZEN2,
      break_glass: null,
      rejected_by: [],
      next_evaluation_at: null
    };
  }
  const ctx = {
    sha: facts.sha,
    author: facts.author,
    committers: facts.committers,
    allow_author: env.signoff.allow_author,
    expires_after_ms: env.signoff.expires_after_ms,
    teams: facts.teams,
    now
  };
  const reasons = [];
  const requirements = [];
  const wakeUps = [];
  const tierRules = selectTierRules(env, facts.tier);
  if ("missing" in tierRules) reasons.push(tierRules.missing);
  const tierRuleList = "rules" in tierRules ? tierRules.rules : [];
  for (const { label, rule } of tierRuleList) {
    const result = evaluateQuorum(rule, facts.signoffs, ctx);
    requirements.push(toRequirement("tier", label, result));
    if (result.lapses_at) wakeUps.push(result.lapses_at);
  }
  const tripped = facts.rollback?.is_rollback && env.rollback ? checkRollback(env.rollback, facts.sha, facts.rollback.history, now) : [];
  base.rollback.tripped = tripped;
  const escalation = tripped.length > 0 && env.rollback ? { approvals: 1, from: env.rollback.escalate_to } : null;
  if (escalation) {
    const result = evaluateQuorum(escalation, facts.signoffs, ctx);
    requirements.push(toRequirement("rollback_escalation", "rollback.escalate_to", result));
    for (const t of tripped) {
      reasons.push(`rollback guardrail '${t.rule}' tripped: ${t.message}`);
      if (t.clears_at) wakeUps.push(t.clears_at);
    }
    if (result.lapses_at) wakeUps.push(result.lapses_at);
  }
  const rejected_by = findRejections(facts.signoffs, ctx, [
    ...tierRuleList.map((r) => r.rule),
    ...escalation ? [escalation] : []
  ]);
  const state = env.freeze.length > 0 ? scheduleFor(env.freeze).stateAt(now) : null;
  const freeze = state?.active ? describeFreeze(state) : NOT_FROZEN2;
  let breakGlass = null;
  let breakGlassResult = null;
  if (freeze.active && env.break_glass) {
    const rule = env.break_glass;
    breakGlassResult = evaluateQuorum(rule, facts.signoffs, ctx, {
      kind: "break_glass",
      check: (s) => rule.reason === "required" && !s.reason?.trim() ? "break-glass needs a reason (break_glass.reason: required): /shipgate break-glass <env> <reason>" : null
    });
    requirements.push(toRequirement("break_glass", "break_glass", breakGlassResult));
    const reasonText = selectLatestSignoffs(facts.signoffs, ["break_glass"], now).filter((s) => breakGlassResult.signers.some((c) => c.login === s.login)).map((s) => `${s.login}: ${s.reason ?? ""}`.trim()).join("; ");
    breakGlass = { used: breakGlassResult.satisfied, reason: reasonText || null };
  } else if (!freeze.active && facts.signoffs.some((s) => s.kind === "break_glass")) {
    reasons.push("break-glass sign-offs apply only during a freeze; outside one, the tier rules decide");
  }
  const unmet = requirements.filter((r) => r.kind !== "break_glass" && !r.satisfied);
  let decision;
  if (rejected_by.length > 0) {
    decision = "rejected";
    for (const r of rejected_by) reasons.unshift(`rejected by ${r.login}${r.reason ? `: ${r.reason}` : ""}`);
  } else if (freeze.active && breakGlassResult?.satisfied) {
    decision = "approved";
    reasons.unshift(
      `freeze '${freeze.window}' is active until ${freeze.until}, and break-glass was given by ${breakGlassResult.signers.map((s) => s.login).join(", ")}${breakGlass?.reason ? ` (${breakGlass.reason})` : ""}`
    );
    if (breakGlassResult.lapses_at) wakeUps.push(breakGlassResult.lapses_at);
  } else if (freeze.active) {
    const names = (freeze.windows.length > 1 ? `freezes ${freeze.windows.map((n) => `'${n}'`).join(", ")} are active` : `freeze '${freeze.window}' is active`) + (freeze.until_window && !freeze.windows.includes(freeze.until_window) ? `, followed by '${freeze.until_window}',` : "");
    const glass = env.break_glass ? ` Break-glass needs ${describeQuorum(env.break_glass)}${env.break_glass.reason === "required" ? " with a reason" : ""}: /shipgate break-glass ${facts.environment} <reason>.` : " No break_glass is configured for this environment.";
    if (freeze.on_freeze === "reject") {
      decision = "rejected";
      reasons.unshift(
        `${names} until ${freeze.until} (on_freeze: reject), so the deployment is rejected.${glass}`
      );
    } else {
      decision = "pending";
      reasons.unshift(
        `${names} until ${freeze.until}; the deployment is held until then (on_freeze: hold).${glass}`
      );
      if (freeze.until) wakeUps.push(freeze.until);
    }
    for (const r of unmet) reasons.push(describeUnmet(r));
  } else if ("missing" in tierRules) {
    decision = "pending";
  } else if (unmet.length > 0) {
    decision = "pending";
    for (const r of unmet) reasons.push(describeUnmet(r));
  } else {
    decision = "approved";
    const met = requirements.filter((r) => r.approvals > 0).map((r) => `${r.label}: ${r.have} of ${r.approvals} (${r.signers.join(", ")})`);
    reasons.unshift(
      met.length > 0 ? `every requirement is met: ${met.join("; ")}` : `tier ${facts.tier} needs no sign-off in environment '${env.pattern}'`
    );
  }
  const evaluated = decision;
  let nextEvaluation = decision === "pending" && wakeUps.length > 0 ? wakeUps.sort()[0] : null;
  if (env.mode === "advise" && decision !== "approved") {
    decision = "approved";
    nextEvaluation = null;
    reasons.unshift(
      `advise mode: approved anyway; enforcing this policy would have ${evaluated === "pending" ? "held" : "rejected"} the deployment because: ${reasons.join(" ")}`
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
    next_evaluation_at: nextEvaluation
  };
}
function describeFreeze(state) {
  const decisive = [...state.windows].sort(
    (a, b) => Number(b.window.on_freeze === "reject") - Number(a.window.on_freeze === "reject") || b.ends_at.getTime() - a.ends_at.getTime()
  )[0];
  return {
    active: true,
    window: decisive.window.name,
    windows: state.windows.map((w) => w.window.name),
    until: state.until?.toISOString() ?? null,
    until_window: state.until_window,
    on_freeze: state.on_freeze
  };
}
function selectTierRules(env, tier) {
  if (env.tiers === null) return { rules: [] };
  for (const candidate of TIERS.slice(TIERS.indexOf(tier))) {
    const requirement = env.tiers[candidate];
    if (!requirement) continue;
    const note = candidate === tier ? "" : ` (no rule for ${tier}; the stricter ${candidate} applies)`;
    if (requirement.kind === "quorum")
      return { rules: [{ label: `tiers.${candidate}${note}`, rule: requirement.rule }] };
    return {
      rules: requirement.rules.map((rule, index) => ({
        label: `tiers.${candidate}.all_of[${index}]${note}`,
        rule
      }))
    };
  }
  return {
    missing: `environment '${env.pattern}' has no rule for tier ${tier} or any stricter tier, so the deployment is held: add tiers.${tier} (e.g. { approvals: 1, from: [...] })`
  };
}
function findRejections(signoffs, ctx, rules) {
  const words = selectLatestSignoffs(signoffs, ["approve", "reject"], ctx.now).filter(
    (s) => s.kind === "reject"
  );
  return words.filter(
    (s) => screenSignoff(s, ctx) === null && rules.some((rule) => checkSignerListed(s.login, rule, s, ctx) === null)
  ).map((s) => ({ login: s.login, reason: s.reason?.trim() || null }));
}
function toRequirement(kind, label, result) {
  return {
    kind,
    label,
    approvals: result.approvals,
    from: result.from,
    have: result.have,
    satisfied: result.satisfied,
    signers: result.signers.map((s) => s.login),
    missing: result.missing,
    refused: result.refused
  };
}
function describeQuorum(rule) {
  const who = rule.from === null ? "anyone with write access" : rule.from.join(", ");
  return `${rule.approvals} approval${rule.approvals === 1 ? "" : "s"} from ${who}`;
}
function describeUnmet(r) {
  const have = r.have > 0 ? ` (have ${r.have}: ${r.signers.join(", ")})` : "";
  const what = r.kind === "rollback_escalation" ? "the escalated rollback" : r.label;
  return `${what} needs ${r.missing} more approval${r.missing === 1 ? "" : "s"} from ${r.from === null ? "anyone with write access" : r.from.join(", ")}${have}`;
}

export {
  findEnvironmentPolicy,
  screenSignoff,
  checkSignerListed,
  evaluatePolicy
};
