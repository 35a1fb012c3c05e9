import type { DiffSignals, TouchKind } from './diff-signals.js';

/**
 * Explicit score adjustments for what the Kamei model cannot see. The public training data has no
 * columns for these, so they are not learned: they are fixed, documented points added on top of
 * the model's score (docs/risk-assess.md explains each value). None is negative: a signal that is
 * absent never lowers the risk.
 */
export const TOUCH_POINTS: Record<TouchKind, number> = {
  migration: 8,
  infrastructure: 8,
  security: 8,
  ci: 5,
  dependency: 4,
  configuration: 3,
};
/** Added when the change has binary files. */
export const BINARY_POINTS = 2;
/** Added when at least UNTESTED_MIN_LINES non-test lines change and no test lines do. */
export const UNTESTED_POINTS = 4;
export const UNTESTED_MIN_LINES = 20;
/** The diff adjustments together add at most this much. */
export const DIFF_POINTS_CAP = 25;

/** A quality gate's outcome, as the Action passes it in. */
export interface GateResult {
  name: string;
  status: 'pass' | 'fail' | 'skip' | 'error';
  /** A failing blocking gate stops the deploy by policy. */
  blocking: boolean;
}

/** Added per failing gate: blocking and advisory. */
export const BLOCKING_FAILURE_POINTS = 15;
export const ADVISORY_FAILURE_POINTS = 5;
/** The gate adjustments together add at most this much. */
export const GATE_POINTS_CAP = 30;

/** One explicit adjustment, before the caps. */
export interface Adjustment {
  name: string;
  value: number | string;
  points: number;
  text: string;
}

const TOUCH_WORDS: Record<TouchKind, string> = {
  migration: 'a database migration',
  infrastructure: 'infrastructure-as-code',
  security: 'security-sensitive code',
  ci: 'the CI/workflow definition',
  dependency: 'dependencies',
  configuration: 'configuration',
};

function listPaths(paths: readonly string[]): string {
  const shown = paths.slice(0, 3).join(', ');
  return paths.length > 3 ? `${shown} and ${paths.length - 3} more` : shown;
}

/** The diff adjustments that apply to a change, in a fixed order. */
export function computeDiffAdjustments(diff: DiffSignals): Adjustment[] {
  const adjustments: Adjustment[] = [];
  for (const kind of Object.keys(TOUCH_POINTS) as TouchKind[]) {
    const paths = diff.touches[kind];
    if (paths.length === 0) continue;
    adjustments.push({
      name: `diff.${kind}`,
      value: paths.length,
      points: TOUCH_POINTS[kind],
      text: `touches ${TOUCH_WORDS[kind]} (${listPaths(paths)})`,
    });
  }
  if (diff.binaryFiles.length > 0) {
    adjustments.push({
      name: 'diff.binary',
      value: diff.binaryFiles.length,
      points: BINARY_POINTS,
      text: `changes ${diff.binaryFiles.length === 1 ? 'a binary file' : `${diff.binaryFiles.length} binary files`} that cannot be reviewed line by line (${listPaths(diff.binaryFiles)})`,
    });
  }
  if (diff.testLines === 0 && diff.nonTestLines >= UNTESTED_MIN_LINES) {
    adjustments.push({
      name: 'diff.untested',
      value: 0,
      points: UNTESTED_POINTS,
      text: `changes ${diff.nonTestLines.toLocaleString('en-US')} lines of code and no test lines`,
    });
  }
  return adjustments;
}

/** The gate adjustments, and the gates whose result is a missing signal (skipped or errored). */
export function computeGateAdjustments(gates: readonly GateResult[]): {
  adjustments: Adjustment[];
  missing: string[];
} {
  const adjustments: Adjustment[] = [];
  const missing: string[] = [];
  for (const gate of gates) {
    if (gate.status === 'fail') {
      adjustments.push({
        name: `gate.${gate.name}`,
        value: 'fail',
        points: gate.blocking ? BLOCKING_FAILURE_POINTS : ADVISORY_FAILURE_POINTS,
        text: `the ${gate.blocking ? 'blocking' : 'advisory'} gate "${gate.name}" failed`,
      });
    } else if (gate.status === 'skip' || gate.status === 'error') {
      missing.push(`gate.${gate.name}`);
    }
  }
  return { adjustments, missing };
}

/** Scales the points of a group of adjustments down (largest first) so they add up to at most `cap`. */
export function capAdjustments(adjustments: readonly Adjustment[], cap: number): Adjustment[] {
  let left = cap;
  const order = adjustments.map((a, i) => ({ a, i })).sort((x, y) => y.a.points - x.a.points || x.i - y.i);
  const capped = new Map<number, number>();
  for (const { a, i } of order) {
    const points = Math.min(a.points, Math.max(0, left));
    capped.set(i, points);
    left -= points;
  }
  return adjustments.map((a, i) => ({ ...a, points: capped.get(i)! }));
}
