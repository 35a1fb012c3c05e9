import { evaluateLeaveOneProjectOut, type LeaveOneOutTable } from './train-evaluate.js';
import { DEFAULT_TRAIN_OPTIONS, trainRiskModel, type LabelledRow, type TrainOptions } from './train.js';

/** The candidate learner: boosted one-feature stumps (an additive model). */
export const BOOSTED_MODEL_TRAIN_OPTIONS: TrainOptions = {
  ...DEFAULT_TRAIN_OPTIONS,
  learner: 'additive-boosting',
};

/** The baseline learner: logistic regression on log1p-transformed, standardised features. */
export const BASELINE_MODEL_TRAIN_OPTIONS: TrainOptions = {
  ...DEFAULT_TRAIN_OPTIONS,
  learner: 'logistic-regression',
};

const round = (v: number | null) => (v === null ? null : Number(v.toFixed(4)));

/** The leave-one-project-out table with snake_case keys and 4-decimal figures, for artifacts. */
export function summariseLeaveOneOut(table: LeaveOneOutTable) {
  return {
    projects: table.projects.map((row) => ({
      project: row.project,
      n: row.n,
      positives: row.positives,
      auc: round(row.auc),
      la_auc: round(row.laAuc),
      brier: round(row.metrics.brier),
      recall_at_20pct_effort: round(row.metrics.recall_at_20pct_effort),
      effort_at_20pct_recall: round(row.metrics.effort_at_20pct_recall),
    })),
    mean_auc: round(table.meanAuc),
    mean_la_auc: round(table.meanLaAuc),
    wins_over_la: table.winsOverLa,
  };
}

/**
 * Evaluates both learners leave-one-project-out, keeps the boosted learner only if its mean AUC
 * beats the logistic baseline, and trains the shipped model with it on every project. The
 * artifact records both LOPO tables.
 */
export function trainDefaultRiskModel(projects: ReadonlyMap<string, LabelledRow[]>) {
  const boosted = evaluateLeaveOneProjectOut(projects, BOOSTED_MODEL_TRAIN_OPTIONS);
  const baseline = evaluateLeaveOneProjectOut(projects, BASELINE_MODEL_TRAIN_OPTIONS);
  const boostedWins = (boosted.meanAuc ?? 0) > (baseline.meanAuc ?? 0);
  const chosen = boostedWins ? BOOSTED_MODEL_TRAIN_OPTIONS : BASELINE_MODEL_TRAIN_OPTIONS;
  const evaluation = {
    protocol: `leave one project out: train on the other projects, test on the newest ${Math.round(boosted.testFraction * 100)}% (by date) of the held-out project; la_auc is LApredict (lines added only) on the same rows`,
    chosen: chosen.learner,
    additive_boosting: summariseLeaveOneOut(boosted),
    logistic_regression: summariseLeaveOneOut(baseline),
  };
  const names = [...projects.keys()].sort();
  const rows = names.flatMap((name) => projects.get(name)!.map((row) => ({ ...row, source: name })));
  const result = trainRiskModel(rows, {
    ...chosen,
    sources: names,
    evaluation: { leave_one_project_out: evaluation },
  });
  const quality = {
    model: {
      learner: result.model.learner,
      features: result.model.features.map((f) => f.name),
      settings: result.model.training.settings,
      rows: result.model.training.rows,
      positives: result.model.training.positives,
    },
    leave_one_project_out: evaluation,
    calibration_slice: {
      rows: result.split.calibration,
      ...result.model.training.metrics,
      reliability: result.reliability.map((b) => ({
        from: b.from,
        to: b.to,
        n: b.n,
        mean_probability: round(b.meanProbability),
        observed_rate: round(b.observedRate),
      })),
    },
  };
  return { result, quality };
}
