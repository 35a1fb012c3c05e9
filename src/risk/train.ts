import { KAMEI_FEATURES, type KameiFeature, type KameiVector } from './kamei.js';
import {
  computeReliability,
  computeScoreMetrics,
  type ReliabilityBucket,
  type ScoreMetrics,
} from './metrics.js';
import {
  RISK_MODEL_FORMAT,
  calibrateLogit,
  computeKnownFeatureLogit,
  computeRiskLogit,
  transformFeatureValue,
  type FeatureTransform,
  type LinearRiskFeature,
  type RiskLearner,
  type RiskModel,
  type RiskModelFeature,
  type StepRiskFeature,
} from './model.js';
import { fitStumpBoosting } from './train-boost.js';
import { fitLogisticRegression, fitPlattScaling, ModelFitError } from './train-logistic.js';

/** One labelled change for training or evaluation. */
export interface LabelledRow {
  vector: KameiVector;
  bug: 0 | 1;
  /** Commit time, unix seconds: splits are time-ordered on it. */
  date: number;
  /** Lines to review for effort-aware metrics; defaults to la + ld. */
  effort?: number;
  /** Which project or file the row came from; time-ordered slices are taken per source. */
  source?: string;
}

/**
 * How rows are weighted while fitting: `none` (as given), `source` (every source the same total
 * weight), `source-class` (every source and class the same total weight, so differences in bug
 * rate between projects cannot leak into the weights; calibration restores the base rate).
 */
export type RowBalance = 'none' | 'source' | 'source-class';

export interface TrainOptions {
  /** `additive-boosting` (boosted one-feature stumps, the default) or `logistic-regression`. */
  learner?: RiskLearner;
  balance?: RowBalance;
  /** Newest fraction of each source's rows held out to fit the Platt calibration (default 0.2). */
  calibrationFraction?: number;
  /** Refit on all rows after calibrating on the held-out slice (default true). */
  refit?: boolean;
  /** Features to use (default all 14 Kamei features). */
  features?: readonly KameiFeature[];
  /** logistic-regression: L2 penalty on the standardised weights (default 0.01). */
  l2?: number;
  /** additive-boosting: rounds, learning rate, steps per feature, leaf penalty, least leaf weight. */
  rounds?: number;
  learningRate?: number;
  bins?: number;
  lambda?: number;
  minLeafWeight?: number;
  /** Names recorded in the artifact's training.sources (default: the distinct row sources). */
  sources?: string[];
  /** Extra evaluation records to store in training.evaluation. */
  evaluation?: Record<string, unknown>;
}

export interface TrainResult {
  model: RiskModel;
  /** Metrics of the calibrated model on the held-out calibration slice. */
  metrics: ScoreMetrics;
  reliability: ReliabilityBucket[];
  /** Rows used to fit the features and to fit the calibration. */
  split: { fit: number; calibration: number };
}

export const DEFAULT_TRAIN_OPTIONS = {
  learner: 'additive-boosting',
  balance: 'source-class',
  calibrationFraction: 0.2,
  refit: true,
  l2: 0.01,
  rounds: 200,
  learningRate: 0.1,
  bins: 16,
  lambda: 1,
  minLeafWeight: 50,
} as const satisfies TrainOptions;

type Settings = Required<Omit<TrainOptions, 'sources' | 'evaluation' | 'features'>> & {
  features: readonly KameiFeature[];
};

/** Raw value transform per feature: counts and spans are heavy-tailed, so log1p; `fix` is 0/1. */
export const FEATURE_TRANSFORMS: Record<KameiFeature, FeatureTransform> = Object.fromEntries(
  KAMEI_FEATURES.map((f) => [f, f === 'fix' ? 'identity' : 'log1p']),
) as Record<KameiFeature, FeatureTransform>;

/** Lines to review for a row: its effort, or la + ld (missing counts as 0). */
export function computeRowEffort(row: LabelledRow): number {
  return row.effort ?? Math.max(0, row.vector.la ?? 0) + Math.max(0, row.vector.ld ?? 0);
}

function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return 0;
  const position = (sorted.length - 1) * q;
  const lo = Math.floor(position);
  const hi = Math.ceil(position);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (position - lo);
}

const round = (v: number, digits = 8) => Number(v.toPrecision(digits));

/** Splits rows into (older, newest fraction) per source, by date; ties keep input order. */
export function splitNewestBySource(
  rows: LabelledRow[],
  fraction: number,
): { older: LabelledRow[]; newest: LabelledRow[] } {
  const bySource = new Map<string, LabelledRow[]>();
  for (const row of rows) {
    const key = row.source ?? '';
    const list = bySource.get(key) ?? [];
    list.push(row);
    bySource.set(key, list);
  }
  const older: LabelledRow[] = [];
  const newest: LabelledRow[] = [];
  for (const list of bySource.values()) {
    const sorted = [...list].sort((a, b) => a.date - b.date);
    const cut = sorted.length - Math.round(sorted.length * fraction);
    older.push(...sorted.slice(0, cut));
    newest.push(...sorted.slice(cut));
  }
  return { older, newest };
}

/** Sample weights for `balance`, scaled so that they average 1. */
export function computeSampleWeights(rows: LabelledRow[], balance: RowBalance): Float64Array {
  const weights = new Float64Array(rows.length).fill(1);
  if (balance === 'none') return weights;
  const key = (row: LabelledRow) =>
    balance === 'source-class' ? `${row.source ?? ''}\u0000${row.bug}` : (row.source ?? '');
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(key(row), (counts.get(key(row)) ?? 0) + 1);
  const perGroup = rows.length / counts.size;
  rows.forEach((row, i) => (weights[i] = perGroup / counts.get(key(row))!));
  return weights;
}

/** Transformed values per feature (NaN where the signal is missing). */
function transformColumns(rows: LabelledRow[], names: readonly KameiFeature[]): Float64Array[] {
  return names.map((name) => {
    const column = new Float64Array(rows.length);
    rows.forEach((row, i) => {
      const v = row.vector[name];
      column[i] =
        v === null || !Number.isFinite(v) ? NaN : transformFeatureValue(FEATURE_TRANSFORMS[name], v);
    });
    if (column.every((v) => Number.isNaN(v))) {
      throw new ModelFitError(
        `feature "${name}" is missing in every training row; drop it from the features or supply it.`,
      );
    }
    return column;
  });
}

/** The 90th percentile of a feature's logit over the rows where it is known (used when missing). */
function computeMissingLogit(feature: RiskModelFeature, rows: LabelledRow[]): number {
  const logits = rows
    .map((r) => r.vector[feature.name])
    .filter((v): v is number => v !== null && Number.isFinite(v))
    .map((v) => computeKnownFeatureLogit(feature, v));
  return round(Math.max(0, quantile(Float64Array.from(logits).sort(), 0.9)));
}

interface FeatureFit {
  intercept: number;
  features: RiskModelFeature[];
}

function fitLinearFeatures(rows: LabelledRow[], settings: Settings): FeatureFit {
  const columns = transformColumns(rows, settings.features);
  const d = columns.length;
  const stats = columns.map((column) => {
    const known = column.filter((v) => !Number.isNaN(v)).sort();
    const clip: [number, number] = [round(quantile(known, 0.001)), round(quantile(known, 0.999))];
    let sum = 0;
    for (const t of known) sum += Math.min(clip[1], Math.max(clip[0], t));
    const mean = sum / known.length;
    let squares = 0;
    for (const t of known) squares += (Math.min(clip[1], Math.max(clip[0], t)) - mean) ** 2;
    return { clip, mean: round(mean), std: round(Math.sqrt(squares / known.length) || 1) };
  });
  const x = new Float64Array(rows.length * d);
  for (let i = 0; i < rows.length; i++) {
    for (let j = 0; j < d; j++) {
      const t = columns[j]![i]!;
      if (Number.isNaN(t)) continue; // missing while training: the mean (z = 0)
      const s = stats[j]!;
      x[i * d + j] = (Math.min(s.clip[1], Math.max(s.clip[0], t)) - s.mean) / s.std;
    }
  }
  const labels = Uint8Array.from(rows, (r) => r.bug);
  const fit = fitLogisticRegression(
    x,
    labels,
    d,
    { l2: settings.l2 },
    computeSampleWeights(rows, settings.balance),
  );
  const features = settings.features.map((name, j): LinearRiskFeature => {
    const feature = {
      name,
      transform: FEATURE_TRANSFORMS[name],
      ...stats[j]!,
      weight: round(fit.weights[j]!),
      missingLogit: 0,
    };
    return { ...feature, missingLogit: computeMissingLogit(feature, rows) };
  });
  return { intercept: round(fit.intercept), features };
}

function fitStepFeatures(rows: LabelledRow[], settings: Settings): FeatureFit {
  const columns = transformColumns(rows, settings.features);
  const labels = Uint8Array.from(rows, (r) => r.bug);
  const fit = fitStumpBoosting(columns, labels, computeSampleWeights(rows, settings.balance), settings);
  const features = settings.features.map((name, j): StepRiskFeature => {
    const step = fit.steps[j]!;
    const feature = {
      name,
      transform: FEATURE_TRANSFORMS[name],
      edges: step.edges.map((e) => round(e)),
      values: step.values.map((v) => round(v, 6)),
      missingLogit: 0,
    };
    return { ...feature, missingLogit: computeMissingLogit(feature, rows) };
  });
  return { intercept: round(fit.intercept), features };
}

function fitFeatures(rows: LabelledRow[], settings: Settings): FeatureFit {
  return settings.learner === 'logistic-regression'
    ? fitLinearFeatures(rows, settings)
    : fitStepFeatures(rows, settings);
}

function roundMetric(value: number | null): number | null {
  return value === null ? null : Number(value.toFixed(4));
}

/**
 * Trains a calibrated risk model. Deterministic for the same rows and options. The newest
 * `calibrationFraction` of each source (by date) is held out; the features are fitted on the rest
 * and Platt scaling on the held-out slice; then (with `refit`) the features are refitted on all
 * rows, keeping the calibration. The metrics describe the held-out slice.
 */
export function trainRiskModel(rows: LabelledRow[], options: TrainOptions = {}): TrainResult {
  const settings: Settings = {
    ...DEFAULT_TRAIN_OPTIONS,
    ...stripUndefined(options),
    features: options.features ?? KAMEI_FEATURES,
  };
  delete (settings as TrainOptions).sources;
  delete (settings as TrainOptions).evaluation;
  const fraction = settings.calibrationFraction;
  const { older, newest } = splitNewestBySource(rows, fraction);
  if (!newest.some((r) => r.bug === 1) || !newest.some((r) => r.bug === 0)) {
    throw new ModelFitError(
      `the newest ${Math.round(fraction * 100)}% of rows (${newest.length}) needs both buggy and clean changes to calibrate the model; supply more labelled history.`,
    );
  }
  if (!older.some((r) => r.bug === 1) || !older.some((r) => r.bug === 0)) {
    throw new ModelFitError(
      `the older rows (${older.length}) need both buggy and clean changes to fit the model; supply more labelled history.`,
    );
  }
  const first = fitFeatures(older, settings);
  const identity = { method: 'platt' as const, slope: 1, intercept: 0 };
  const draft = assembleModel(first, identity, rows, options, settings, {});
  const heldLogits = newest.map((r) => computeRiskLogit(draft, r.vector));
  const labels = newest.map((r) => r.bug);
  const platt = fitPlattScaling(heldLogits, labels);
  const calibration = {
    method: 'platt' as const,
    slope: round(platt.slope),
    intercept: round(platt.intercept),
  };
  const probabilities = heldLogits.map((l) => calibrateLogit({ ...draft, calibration }, l));
  const metrics = computeScoreMetrics(probabilities, labels, newest.map(computeRowEffort));
  const reliability = computeReliability(probabilities, labels);
  const final = settings.refit ? fitFeatures(rows, settings) : first;
  const model = assembleModel(
    final,
    {
      ...calibration,
      ...(metrics.brier === null ? {} : { brier: roundMetric(metrics.brier)! }),
      rows: newest.length,
    },
    rows,
    options,
    settings,
    {
      auc: roundMetric(metrics.auc),
      brier: roundMetric(metrics.brier),
      recall_at_20pct_effort: roundMetric(metrics.recall_at_20pct_effort),
      effort_at_20pct_recall: roundMetric(metrics.effort_at_20pct_recall),
    },
  );
  return { model, metrics, reliability, split: { fit: older.length, calibration: newest.length } };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function assembleModel(
  fit: FeatureFit,
  calibration: RiskModel['calibration'],
  rows: LabelledRow[],
  options: TrainOptions,
  settings: Settings,
  metrics: Record<string, number | null>,
): RiskModel {
  const sources = options.sources ?? [...new Set(rows.map((r) => r.source ?? ''))].filter((s) => s !== '');
  const recorded =
    settings.learner === 'logistic-regression'
      ? { learner: settings.learner, balance: settings.balance, l2: settings.l2, refit: settings.refit }
      : {
          learner: settings.learner,
          balance: settings.balance,
          rounds: settings.rounds,
          learningRate: settings.learningRate,
          bins: settings.bins,
          lambda: settings.lambda,
          minLeafWeight: settings.minLeafWeight,
          refit: settings.refit,
        };
  const training = {
    rows: rows.length,
    positives: rows.filter((r) => r.bug === 1).length,
    sources,
    settings: recorded,
    calibrationFraction: settings.calibrationFraction,
    metrics,
    ...(options.evaluation ? { evaluation: options.evaluation } : {}),
  };
  const common = {
    format: RISK_MODEL_FORMAT as typeof RISK_MODEL_FORMAT,
    version: 1 as const,
    intercept: fit.intercept,
    calibration,
    training,
  };
  return settings.learner === 'logistic-regression'
    ? { ...common, learner: 'logistic-regression', features: fit.features as LinearRiskFeature[] }
    : { ...common, learner: 'additive-boosting', features: fit.features as StepRiskFeature[] };
}
