import { z } from 'zod';
import { KAMEI_FEATURES, type KameiFeature, type KameiVector } from './kamei.js';
import defaultModelJson from './model/default-model.json' with { type: 'json' };

/**
 * The change-risk model artifact (src/risk/model/default-model.json, or a file written by
 * `shipgate model train`), and prediction from it. Pure: no I/O, no clock.
 *
 * Both learners are additive in the features. For a change with Kamei vector v:
 *   t_i = transform_i(v_i)                          (log1p of the raw value, or the value itself)
 *   c_i = the feature's logit:
 *         logistic-regression: weight_i * (clip_i(t_i) - mean_i) / std_i
 *         additive-boosting:   values_i[k] where k = number of edges_i below t_i (a step function)
 *   L   = intercept + sum_i c_i                     (c_i = 0 for the average training change)
 *   p   = sigmoid(calibration.slope * L + calibration.intercept)    (Platt scaling)
 *   score = round(100 * p)
 * A missing feature (null) contributes max(0, missingLogit_i), where missingLogit_i is the 90th
 * percentile of that feature's logit over the training rows: a missing signal never lowers the
 * risk, and counts as high as nine changes in ten.
 */

export const RISK_MODEL_FORMAT = 'shipgate-risk-model';

const transformSchema = z.enum(['log1p', 'identity']);
export type FeatureTransform = z.infer<typeof transformSchema>;

const linearFeatureSchema = z
  .object({
    name: z.enum(KAMEI_FEATURES),
    /** Applied to the raw value before standardisation; log1p clamps negatives to 0 first. */
    transform: transformSchema,
    /** Transformed values are clipped to this range (the training range) before standardising. */
    clip: z.tuple([z.number(), z.number()]),
    mean: z.number(),
    std: z.number().positive(),
    weight: z.number(),
    /** Logit used, floored at 0, when the signal is missing. */
    missingLogit: z.number(),
  })
  .strict();

const stepFeatureSchema = z
  .object({
    name: z.enum(KAMEI_FEATURES),
    transform: transformSchema,
    /** Ascending thresholds on the transformed value; a value v falls in step #{edges < v}. */
    edges: z.array(z.number()),
    /** The feature's logit in each step: one more entry than edges. */
    values: z.array(z.number()).min(1),
    missingLogit: z.number(),
  })
  .strict();

export type LinearRiskFeature = z.infer<typeof linearFeatureSchema>;
export type StepRiskFeature = z.infer<typeof stepFeatureSchema>;
export type RiskModelFeature = LinearRiskFeature | StepRiskFeature;

const calibrationSchema = z
  .object({
    method: z.literal('platt'),
    slope: z.number(),
    intercept: z.number(),
    /** Brier score of the calibrated probabilities on the held-out slice they were fitted on. */
    brier: z.number().optional(),
    rows: z.number().int().nonnegative().optional(),
  })
  .strict();
export type RiskCalibration = z.infer<typeof calibrationSchema>;

const trainingSchema = z
  .object({
    rows: z.number().int().nonnegative(),
    positives: z.number().int().nonnegative(),
    /** Where the rows came from (file or project names), for the record. */
    sources: z.array(z.string()),
    /** The training settings (learner, penalty, rounds, …), for the record. */
    settings: z.record(z.string(), z.unknown()),
    /** Fraction of the newest rows (per source) held out to fit the calibration. */
    calibrationFraction: z.number().min(0).max(1),
    /** Metrics of the calibrated model on the held-out calibration slice. */
    metrics: z.record(z.string(), z.number().nullable()),
    /** Further evaluations (for the default model: the leave-one-project-out table). */
    evaluation: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

const common = {
  format: z.literal(RISK_MODEL_FORMAT),
  version: z.literal(1),
  intercept: z.number(),
  calibration: calibrationSchema,
  training: trainingSchema,
};

const riskModelSchema = z.discriminatedUnion('learner', [
  z
    .object({
      ...common,
      learner: z.literal('logistic-regression'),
      features: z.array(linearFeatureSchema).min(1),
    })
    .strict(),
  z
    .object({
      ...common,
      learner: z.literal('additive-boosting'),
      features: z.array(stepFeatureSchema).min(1),
    })
    .strict(),
]);

export type RiskModel = z.infer<typeof riskModelSchema>;
export type RiskLearner = RiskModel['learner'];

/** Raised when a model artifact does not match the format; the message names the key. */
export class RiskModelError extends Error {
  override name = 'RiskModelError';
}

/** Validates a parsed JSON value as a risk model; throws RiskModelError naming each bad key. */
export function parseRiskModel(json: unknown): RiskModel {
  const result = riskModelSchema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues
      .slice(0, 8)
      .map((issue) => `  - ${issue.path.length ? issue.path.join('.') : '(top level)'}: ${issue.message}`)
      .join('\n');
    throw new RiskModelError(
      `not a shipgate risk model (format "${RISK_MODEL_FORMAT}", version 1):\n${problems}\n` +
        'Fix: pass a file written by `shipgate model train`, or leave --model out to use the shipped model.',
    );
  }
  const seen = new Set<string>();
  result.data.features.forEach((feature: RiskModelFeature, index: number) => {
    const where = `features.${index} ("${feature.name}")`;
    if (seen.has(feature.name))
      throw new RiskModelError(`${where}: the feature is listed twice; each may appear once.`);
    seen.add(feature.name);
    if ('clip' in feature && !(feature.clip[0] <= feature.clip[1])) {
      throw new RiskModelError(`${where}: clip [${feature.clip.join(', ')}] is not a range (low first).`);
    }
    if ('edges' in feature) {
      if (feature.values.length !== feature.edges.length + 1) {
        throw new RiskModelError(
          `${where}: values has ${feature.values.length} entries but needs one more than edges (${feature.edges.length}).`,
        );
      }
      if (feature.edges.some((edge, k) => k > 0 && !(edge > feature.edges[k - 1]!))) {
        throw new RiskModelError(`${where}: edges must be strictly ascending.`);
      }
    }
  });
  return result.data;
}

export interface RiskContribution {
  feature: KameiFeature;
  /** The raw value, or null when the signal was missing. */
  value: number | null;
  /** This feature's share of the model's logit, relative to the average training change. */
  logit: number;
  /** Score points attributable to this feature; baseline.score + sum of points = score. */
  points: number;
}

export interface RiskPrediction {
  /** Calibrated probability that the change will need a fix. */
  probability: number;
  /** round(100 * probability). */
  score: number;
  /** The average training change (every feature logit zero): its probability and score. */
  baseline: { probability: number; score: number };
  /** One entry per model feature, in model order. */
  contributions: RiskContribution[];
  /** Features the model uses whose signal was missing (null) in the vector. */
  missing: KameiFeature[];
}

function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/** The feature's transform applied to a raw value (log1p clamps negatives to 0 first). */
export function transformFeatureValue(transform: FeatureTransform, raw: number): number {
  return transform === 'log1p' ? Math.log1p(Math.max(0, raw)) : raw;
}

/** The feature's logit for a known raw value. */
export function computeKnownFeatureLogit(feature: RiskModelFeature, raw: number): number {
  const t = transformFeatureValue(feature.transform, raw);
  if ('weight' in feature) {
    const clipped = Math.min(feature.clip[1], Math.max(feature.clip[0], t));
    return (feature.weight * (clipped - feature.mean)) / feature.std;
  }
  let lo = 0;
  let hi = feature.edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (t > feature.edges[mid]!) lo = mid + 1;
    else hi = mid;
  }
  return feature.values[lo]!;
}

/** The feature's logit for a raw value, or for a missing one (never below zero). */
export function computeFeatureLogit(feature: RiskModelFeature, raw: number | null): number {
  if (raw === null || !Number.isFinite(raw)) return Math.max(0, feature.missingLogit);
  return computeKnownFeatureLogit(feature, raw);
}

/** The uncalibrated logit of a vector (intercept plus every feature's logit). */
export function computeRiskLogit(model: RiskModel, vector: KameiVector): number {
  let logit = model.intercept;
  for (const feature of model.features as RiskModelFeature[]) {
    logit += computeFeatureLogit(feature, vector[feature.name] ?? null);
  }
  return logit;
}

/** Calibrated probability for an uncalibrated logit. */
export function calibrateLogit(model: RiskModel, logit: number): number {
  return sigmoid(model.calibration.slope * logit + model.calibration.intercept);
}

/**
 * Splits `total` integer points across real-valued shares so that they add up exactly
 * (largest remainder; ties go to the earlier feature).
 */
function apportionPoints(shares: number[], total: number): number[] {
  const floors = shares.map((s) => Math.floor(s));
  let left = total - floors.reduce((a, b) => a + b, 0);
  const order = shares
    .map((s, i) => ({ i, rest: s - Math.floor(s) }))
    .sort((a, b) => (left >= 0 ? b.rest - a.rest : a.rest - b.rest) || a.i - b.i);
  const points = [...floors];
  for (let k = 0; left !== 0 && order.length > 0; k = (k + 1) % order.length) {
    const step = left > 0 ? 1 : -1;
    points[order[k]!.i]! += step;
    left -= step;
  }
  return points;
}

/**
 * Scores one change. Points: with L0 the baseline logit (the intercept) and L the change's logit,
 * each feature gets c_i × (100·p(L) − 100·p(L0)) / (L − L0) — its logit times the secant slope of
 * the calibrated curve (the derivative at L0 when L = L0) — then rounded so that
 * baseline.score + Σ points = score exactly.
 */
export function predictRisk(model: RiskModel, vector: KameiVector): RiskPrediction {
  const features: RiskModelFeature[] = model.features;
  const logits = features.map((f) => computeFeatureLogit(f, vector[f.name] ?? null));
  const missing = features
    .filter((f) => {
      const v = vector[f.name];
      return v === null || v === undefined || !Number.isFinite(v);
    })
    .map((f) => f.name);
  const baseLogit = model.intercept;
  const logit = logits.reduce((a, b) => a + b, baseLogit);
  const probability = calibrateLogit(model, logit);
  const baseProbability = calibrateLogit(model, baseLogit);
  const score = Math.round(100 * probability);
  const baseScore = Math.round(100 * baseProbability);
  const delta = logit - baseLogit;
  const slope =
    Math.abs(delta) > 1e-9
      ? (100 * (probability - baseProbability)) / delta
      : 100 * model.calibration.slope * baseProbability * (1 - baseProbability);
  const points = apportionPoints(
    logits.map((c) => c * slope),
    score - baseScore,
  );
  return {
    probability,
    score,
    baseline: { probability: baseProbability, score: baseScore },
    contributions: features.map((f, i) => ({
      feature: f.name,
      value: vector[f.name] ?? null,
      logit: logits[i]!,
      points: points[i]!,
    })),
    missing,
  };
}

let defaultModel: RiskModel | undefined;

/** The shipped model (src/risk/model/default-model.json, retrained by `npm run train-model`). */
export function loadDefaultModel(): RiskModel {
  defaultModel ??= parseRiskModel(defaultModelJson);
  return defaultModel;
}
