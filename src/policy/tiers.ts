/** Risk tiers, from least to most risky. */
export const TIERS = ['trivial', 'low', 'medium', 'high'] as const;
export type Tier = (typeof TIERS)[number];

/** Score thresholds (0-100): a score at or above `low` is low, at or above `medium` is medium, and so on. */
export interface RiskThresholds {
  low: number;
  medium: number;
  high: number;
}

export const DEFAULT_RISK_THRESHOLDS: RiskThresholds = { low: 20, medium: 45, high: 70 };

/** Maps a 0-100 risk score to its tier: below `low` is trivial. */
export function tierForScore(score: number, thresholds: RiskThresholds = DEFAULT_RISK_THRESHOLDS): Tier {
  if (score >= thresholds.high) return 'high';
  if (score >= thresholds.medium) return 'medium';
  if (score >= thresholds.low) return 'low';
  return 'trivial';
}

/** The tier one step riskier (high stays high). */
export function raiseTier(tier: Tier, steps = 1): Tier {
  const index = Math.min(TIERS.indexOf(tier) + steps, TIERS.length - 1);
  return TIERS[index]!;
}

/** The riskier of two tiers. */
export function maxTier(a: Tier, b: Tier): Tier {
  return TIERS.indexOf(a) >= TIERS.indexOf(b) ? a : b;
}

export function isTier(value: unknown): value is Tier {
  return typeof value === 'string' && (TIERS as readonly string[]).includes(value);
}
