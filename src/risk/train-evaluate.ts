import { computeAuc, computeScoreMetrics, type ScoreMetrics } from './metrics.js';
import { calibrateLogit, computeRiskLogit } from './model.js';
import {
  computeRowEffort,
  splitNewestBySource,
  trainRiskModel,
  type LabelledRow,
  type TrainOptions,
} from './train.js';

export interface LeaveOneOutRow {
  project: string;
  /** Rows and positives in the held-out test slice (newest 20% of the project by date). */
  n: number;
  positives: number;
  /** AUC of the model trained on the other projects. */
  auc: number | null;
  /** AUC of LApredict (rank by lines added only) on the same slice. */
  laAuc: number | null;
  metrics: ScoreMetrics;
}

export interface LeaveOneOutTable {
  testFraction: number;
  projects: LeaveOneOutRow[];
  meanAuc: number | null;
  meanLaAuc: number | null;
  /** Projects where the model's AUC is above LApredict's. */
  winsOverLa: number;
}

function mean(values: (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length ? known.reduce((a, b) => a + b, 0) / known.length : null;
}

/**
 * Leave-one-project-out evaluation: for each project, train on all the others (with `options`)
 * and test on the newest `testFraction` of the held-out project, by date.
 */
export function evaluateLeaveOneProjectOut(
  projects: ReadonlyMap<string, LabelledRow[]>,
  options: TrainOptions = {},
  testFraction = 0.2,
): LeaveOneOutTable {
  const names = [...projects.keys()].sort();
  const rows: LeaveOneOutRow[] = names.map((project) => {
    const training = names
      .filter((n) => n !== project)
      .flatMap((n) => projects.get(n)!.map((r) => ({ ...r, source: n })));
    const { model } = trainRiskModel(training, options);
    const { newest: test } = splitNewestBySource(
      projects.get(project)!.map((r) => ({ ...r, source: project })),
      testFraction,
    );
    const labels = test.map((r) => r.bug);
    const probabilities = test.map((r) => calibrateLogit(model, computeRiskLogit(model, r.vector)));
    const metrics = computeScoreMetrics(probabilities, labels, test.map(computeRowEffort));
    const laAuc = computeAuc(
      test.map((r) => r.vector.la ?? 0),
      labels,
    );
    return { project, n: test.length, positives: metrics.positives, auc: metrics.auc, laAuc, metrics };
  });
  return {
    testFraction,
    projects: rows,
    meanAuc: mean(rows.map((r) => r.auc)),
    meanLaAuc: mean(rows.map((r) => r.laAuc)),
    winsOverLa: rows.filter((r) => r.auc !== null && r.laAuc !== null && r.auc > r.laAuc).length,
  };
}
