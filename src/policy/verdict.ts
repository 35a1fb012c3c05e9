import type { TrippedGuardrail } from '../rollback/check-rollback.js';
import type { RefusedSignoff } from '../signoff/types.js';
import type { Tier } from './tiers.js';

export type Decision = 'approved' | 'pending' | 'rejected';

/** One requirement and how far it is met. */
export interface RequirementResult {
  kind: 'tier' | 'break_glass' | 'rollback_escalation';
  /** A readable label, e.g. `tiers.high` or `tiers.medium.all_of[1]`. */
  label: string;
  approvals: number;
  from: string[] | null;
  have: number;
  satisfied: boolean;
  /** Who counted. */
  signers: string[];
  missing: number;
  refused: RefusedSignoff[];
}

export interface FreezeVerdict {
  active: boolean;
  /** The active window that decides: a rejecting one first, else the one that ends last. */
  window: string | null;
  /** Every active window. */
  windows: string[];
  /** When no window is active any more: windows that follow on without a gap are chained. */
  until: string | null;
  /** The window whose end is `until` (it may start after the active ones, chained). */
  until_window: string | null;
  on_freeze: 'hold' | 'reject' | null;
}

export interface Verdict {
  decision: Decision;
  /** In advise mode, what enforcing the policy would have decided; equals `decision` otherwise. */
  evaluated_decision: Decision;
  mode: 'enforce' | 'advise';
  environment: string;
  /** The policy key that matched (a name or glob); null when no policy covers the environment. */
  policy_environment: string | null;
  tier: Tier;
  sha: string;
  reasons: string[];
  requirements: RequirementResult[];
  freeze: FreezeVerdict;
  break_glass: { used: boolean; reason: string | null } | null;
  rollback: { is_rollback: boolean; tripped: TrippedGuardrail[] };
  /** Sign-offs that rejected the deployment. */
  rejected_by: { login: string; reason: string | null }[];
  /** When the verdict can change without new input (a freeze ends, a sign-off expires, a cooldown ends). */
  next_evaluation_at: string | null;
  evaluated_at: string;
}
