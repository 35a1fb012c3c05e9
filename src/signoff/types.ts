/** A person's word on a deployment, as recorded from a PR comment or a check-run button. */
export interface Signoff {
  login: string;
  at: Date;
  /** approve and reject count toward the tier; break_glass toward break-glass; revoke withdraws the person's earlier word. */
  kind: 'approve' | 'reject' | 'break_glass' | 'revoke';
  /** The commit the sign-off was given for. A sign-off for another commit does not count. Absent: the deployed commit. */
  sha?: string;
  reason?: string;
  /** The account is a bot (GitHub's user type); logins ending in [bot] are bots regardless. */
  is_bot?: boolean;
  /** Whether the person has write access; used only by rules without `from`. Absent: unknown, which does not count. */
  can_write?: boolean;
}

/** Everything eligibility depends on, besides the rule itself. */
export interface SignoffContext {
  sha: string;
  author: string | null;
  committers: string[];
  allow_author: boolean;
  expires_after_ms: number | null;
  /** Team members by `org/slug` (case-insensitive). A team missing here cannot be checked, and its members do not count. */
  teams: Record<string, string[]>;
  now: Date;
}

/** A person whose sign-off counts toward a rule. */
export interface CountedSigner {
  login: string;
  at: string;
  /** When this sign-off stops counting; null: never. */
  expires_at: string | null;
}

/** A sign-off that did not count, and why. */
export interface RefusedSignoff {
  login: string;
  reason: string;
}

export interface QuorumResult {
  approvals: number;
  from: string[] | null;
  have: number;
  satisfied: boolean;
  signers: CountedSigner[];
  missing: number;
  refused: RefusedSignoff[];
  /** When this rule stops being satisfied because a counted sign-off expires; null when it does not. */
  lapses_at: string | null;
}
