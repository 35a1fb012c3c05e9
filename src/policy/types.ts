import type { FreezeWindow } from '../freeze/types.js';
import type { GatesConfig } from '../gates/config.js';
import type { RiskThresholds, Tier } from './tiers.js';

/** One N-of-M rule: `approvals` distinct eligible people out of `from` (logins or `team:org/slug`). */
export interface QuorumRule {
  approvals: number;
  /** Logins and `team:org/slug` entries, as written. null: anyone eligible (a person with write access). */
  from: string[] | null;
}

/** What a tier requires: one quorum, or every part of `all_of`. */
export type TierRequirement = { kind: 'quorum'; rule: QuorumRule } | { kind: 'all_of'; rules: QuorumRule[] };

export interface SignoffSettings {
  /** May the change's author or committers sign off on it? */
  allow_author: boolean;
  /** A sign-off stops counting this long after it was given; null: never. */
  expires_after_ms: number | null;
}

export interface BreakGlassRule extends QuorumRule {
  reason: 'required' | 'optional';
}

export interface RollbackRule {
  /** A rollback this soon after the previous deploy or rollback is escalated. */
  cooldown_ms: number | null;
  /** More than this many rollbacks within `per_ms` is escalated. */
  max: number | null;
  /** The window for `max` and for loop detection. */
  per_ms: number;
  escalate_to: string[];
}

export interface EnvironmentPolicy {
  /** The key as written: a name or a glob such as `prod-*`. */
  pattern: string;
  mode: 'enforce' | 'advise';
  /** null when the environment sets no `tiers`: no sign-off is required. */
  tiers: Partial<Record<Tier, TierRequirement>> | null;
  signoff: SignoffSettings;
  freeze: FreezeWindow[];
  break_glass: BreakGlassRule | null;
  rollback: RollbackRule | null;
}

export interface RiskSettings {
  thresholds: RiskThresholds;
  /** 'raise': low confidence raises the tier by one; 'keep': it does not. */
  low_confidence: 'raise' | 'keep';
}

/** A policy after parsing, `_extends` merging and defaults. */
export interface Policy {
  risk: RiskSettings;
  /** The `gates:` section, as validated by the gates schema (see docs/gates.md). */
  gates: GatesConfig;
  /** In file order; exact names win over globs, then the first matching glob. */
  environments: EnvironmentPolicy[];
}

/** A problem with a policy file, located in it. */
export interface PolicyProblem {
  file: string;
  line: number;
  column: number;
  /** The key path, e.g. `environments.production.tiers.high.approvals`. */
  key: string;
  message: string;
}
