import type { RiskSettings } from '../policy/types.js';
import { raiseTier, tierForScore, type Tier } from '../policy/tiers.js';
import {
  capAdjustments,
  computeDiffAdjustments,
  computeGateAdjustments,
  DIFF_POINTS_CAP,
  GATE_POINTS_CAP,
  type GateResult,
} from './assess-adjustments.js';
import type { DiffSignals } from './diff-signals.js';
import { describeKameiFactor, formatPoints, type ChangeContext } from './explain-factors.js';
import type { KameiVector } from './kamei.js';
import { predictRisk, type RiskModel } from './model.js';

export interface AssessInput {
  model: RiskModel;
  kamei: KameiVector;
  diff: DiffSignals;
  /** Quality gate results from the Action, when present. */
  gates?: readonly GateResult[];
  /** The policy's `risk:` settings (thresholds and what low confidence does). */
  config: RiskSettings;
  /** Signals the reader could not measure, e.g. `kamei.exp` in a shallow clone. */
  missingSignals: readonly string[];
  context?: ChangeContext;
}

export type Confidence = 'high' | 'medium' | 'low';
export type Recommendation = 'promote' | 'review' | 'hold';

/** One reason behind the score; contributions add up to the score. */
export interface RiskFactor {
  /** `kamei.<feature>`, `diff.<kind>` or `gate.<name>`. */
  name: string;
  value: number | string | null;
  /** Score points this factor adds (negative: it lowers the score). */
  contribution: number;
  /** Plain words, ending in the points, e.g. `touches a database migration (+8)`. */
  text: string;
}

export interface RiskAssessment {
  /** 0-100: the model's score plus the explicit adjustments, clamped. */
  score: number;
  /** The model's calibrated probability that the change will need a fix (Kamei features only). */
  probability: number;
  tier: Tier;
  /** The tier the score alone gives, before the low-confidence raise. */
  score_tier: Tier;
  confidence: Confidence;
  missing_signals: string[];
  /** Largest contribution first. */
  factors: RiskFactor[];
  recommendation: Recommendation;
  /** The score's parts: baseline (an average change) + model factors + diff + gates (before clamping). */
  breakdown: { baseline: number; model: number; diff: number; gates: number };
  /** Why the tier and recommendation are what they are, in plain words. */
  reasons: string[];
}

/** Missing Kamei features at or above this count make confidence low. */
export const LOW_CONFIDENCE_MISSING_FEATURES = 3;
/** Missing signals of any kind at or above this count make confidence low. */
export const LOW_CONFIDENCE_MISSING_SIGNALS = 4;

/** Confidence from the missing signals: none → high, a few → medium, many or much history → low. */
export function computeConfidence(missing: readonly string[]): Confidence {
  const features = missing.filter((m) => m.startsWith('kamei.')).length;
  if (features >= LOW_CONFIDENCE_MISSING_FEATURES || missing.length >= LOW_CONFIDENCE_MISSING_SIGNALS)
    return 'low';
  return missing.length > 0 ? 'medium' : 'high';
}

/**
 * Assesses a change: the model's calibrated score from the Kamei features, plus explicit diff and
 * gate adjustments, mapped to a tier by the policy thresholds. A missing signal never lowers the
 * score (the model counts a missing feature at its risky end, never below zero); low confidence
 * raises the tier by one unless the policy says `low_confidence: keep`.
 */
export function assessRisk(input: AssessInput): RiskAssessment {
  const prediction = predictRisk(input.model, input.kamei);
  const gateResult = computeGateAdjustments(input.gates ?? []);
  const diffAdjustments = capAdjustments(computeDiffAdjustments(input.diff), DIFF_POINTS_CAP);
  const gateAdjustments = capAdjustments(gateResult.adjustments, GATE_POINTS_CAP);

  const missing = [
    ...new Set([
      ...input.missingSignals,
      ...prediction.missing.map((f) => `kamei.${f}`),
      ...gateResult.missing,
    ]),
  ].sort();
  const confidence = computeConfidence(missing);

  const factors: RiskFactor[] = [];
  for (const c of prediction.contributions) {
    if (c.points === 0 && c.value !== null) continue;
    factors.push({
      name: `kamei.${c.feature}`,
      value: c.value,
      contribution: c.points,
      text: `${describeKameiFactor(c.feature, input.kamei, input.context)} (${formatPoints(c.points)})`,
    });
  }
  for (const a of [...diffAdjustments, ...gateAdjustments]) {
    if (a.points === 0) continue;
    factors.push({
      name: a.name,
      value: a.value,
      contribution: a.points,
      text: `${a.text} (${formatPoints(a.points)})`,
    });
  }
  factors.sort((x, y) => Math.abs(y.contribution) - Math.abs(x.contribution) || x.name.localeCompare(y.name));

  const diffPoints = diffAdjustments.reduce((s, a) => s + a.points, 0);
  const gatePoints = gateAdjustments.reduce((s, a) => s + a.points, 0);
  const score = Math.max(0, Math.min(100, prediction.score + diffPoints + gatePoints));
  const scoreTier = tierForScore(score, input.config.thresholds);
  const reasons = [
    `score ${score} is in the ${scoreTier} tier (thresholds low ${input.config.thresholds.low}, medium ${input.config.thresholds.medium}, high ${input.config.thresholds.high})`,
  ];
  let tier = scoreTier;
  if (confidence === 'low') {
    if (input.config.low_confidence === 'raise') {
      tier = raiseTier(scoreTier);
      reasons.push(
        `confidence is low (${missing.length} missing signals), so the tier is raised from ${scoreTier} to ${tier} (risk.low_confidence: raise)`,
      );
    } else {
      reasons.push('confidence is low, and the tier is kept (risk.low_confidence: keep)');
    }
  }
  const blockingFailures = (input.gates ?? [])
    .filter((g) => g.status === 'fail' && g.blocking)
    .map((g) => g.name);
  let recommendation: Recommendation = tier === 'high' ? 'hold' : tier === 'medium' ? 'review' : 'promote';
  if (blockingFailures.length > 0) {
    recommendation = 'hold';
    reasons.push(
      `blocking gate${blockingFailures.length > 1 ? 's' : ''} failed: ${blockingFailures.join(', ')}`,
    );
  }
  return {
    score,
    probability: prediction.probability,
    tier,
    score_tier: scoreTier,
    confidence,
    missing_signals: missing,
    factors,
    recommendation,
    breakdown: {
      baseline: prediction.baseline.score,
      model: prediction.score - prediction.baseline.score,
      diff: diffPoints,
      gates: gatePoints,
    },
    reasons,
  };
}
