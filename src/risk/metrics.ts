/**
 * Quality metrics for change-risk scores. Pure.
 *
 * Effort-aware metrics rank changes by predicted risk per line changed, p / (effort + 1),
 * highest first (ties: smaller effort first, then input order), as effort-aware just-in-time
 * defect prediction does (Kamei et al. 2013; Yang et al. 2016): a reviewer with a fixed budget of
 * lines to read gets the most likely bugs per line. `effort` is lines added + lines deleted; the
 * +1 keeps changes with no changed lines (renames, mode changes) finite.
 */

/** Area under the ROC curve (Mann–Whitney U with mid-ranks for ties); null without both classes. */
export function computeAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number | null {
  const n = scores.length;
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let positives = 0;
  let rankSum = 0;
  for (let start = 0; start < n;) {
    let end = start + 1;
    while (end < n && scores[order[end]!] === scores[order[start]!]) end++;
    const midRank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) {
      if (labels[order[k]!] === 1) {
        positives++;
        rankSum += midRank;
      }
    }
    start = end;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return null;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Mean squared difference between probability and label; null for no rows. */
export function computeBrier(probabilities: ArrayLike<number>, labels: ArrayLike<number>): number | null {
  if (probabilities.length === 0) return null;
  let sum = 0;
  for (let i = 0; i < probabilities.length; i++) sum += (probabilities[i]! - labels[i]!) ** 2;
  return sum / probabilities.length;
}

/** Row indices in effort-aware inspection order: p / (effort + 1) descending. */
export function rankByRiskPerEffort(probabilities: ArrayLike<number>, efforts: ArrayLike<number>): number[] {
  const density = Array.from(
    { length: probabilities.length },
    (_, i) => probabilities[i]! / (efforts[i]! + 1),
  );
  return density
    .map((_, i) => i)
    .sort((a, b) => density[b]! - density[a]! || efforts[a]! - efforts[b]! || a - b);
}

/**
 * Share of buggy changes found when inspecting changes in effort-aware order until the lines read
 * would exceed 20% of all changed lines (only whole changes count). Null without positives or
 * without any changed lines (la and ld unknown or zero everywhere).
 */
export function computeRecallAt20PctEffort(
  probabilities: ArrayLike<number>,
  labels: ArrayLike<number>,
  efforts: ArrayLike<number>,
  order: number[] = rankByRiskPerEffort(probabilities, efforts),
): number | null {
  let totalEffort = 0;
  let totalPositives = 0;
  for (let i = 0; i < labels.length; i++) {
    totalEffort += efforts[i]!;
    totalPositives += labels[i] === 1 ? 1 : 0;
  }
  if (totalPositives === 0 || totalEffort === 0) return null;
  const budget = 0.2 * totalEffort;
  let spent = 0;
  let found = 0;
  for (const i of order) {
    if (spent + efforts[i]! > budget) break;
    spent += efforts[i]!;
    if (labels[i] === 1) found++;
  }
  return found / totalPositives;
}

/**
 * Share of all changed lines read, in effort-aware order, until at least 20% of the buggy changes
 * are found (the shortest such prefix). Null without positives or without any changed lines.
 */
export function computeEffortAt20PctRecall(
  probabilities: ArrayLike<number>,
  labels: ArrayLike<number>,
  efforts: ArrayLike<number>,
  order: number[] = rankByRiskPerEffort(probabilities, efforts),
): number | null {
  let totalEffort = 0;
  let totalPositives = 0;
  for (let i = 0; i < labels.length; i++) {
    totalEffort += efforts[i]!;
    totalPositives += labels[i] === 1 ? 1 : 0;
  }
  if (totalPositives === 0 || totalEffort === 0) return null;
  const needed = Math.ceil(0.2 * totalPositives);
  let spent = 0;
  let found = 0;
  for (const i of order) {
    spent += efforts[i]!;
    if (labels[i] === 1) found++;
    if (found >= needed) break;
  }
  return spent / totalEffort;
}

export interface ReliabilityBucket {
  /** Probabilities in [from, to) (the last bucket includes 1). */
  from: number;
  to: number;
  n: number;
  meanProbability: number | null;
  observedRate: number | null;
}

/** Calibration table: `buckets` equal-width probability bins with mean prediction and observed rate. */
export function computeReliability(
  probabilities: ArrayLike<number>,
  labels: ArrayLike<number>,
  buckets = 10,
): ReliabilityBucket[] {
  const n = new Array<number>(buckets).fill(0);
  const sumP = new Array<number>(buckets).fill(0);
  const sumY = new Array<number>(buckets).fill(0);
  for (let i = 0; i < probabilities.length; i++) {
    const b = Math.min(buckets - 1, Math.max(0, Math.floor(probabilities[i]! * buckets)));
    n[b]!++;
    sumP[b]! += probabilities[i]!;
    sumY[b]! += labels[i]!;
  }
  return n.map((count, b) => ({
    from: b / buckets,
    to: (b + 1) / buckets,
    n: count,
    meanProbability: count ? sumP[b]! / count : null,
    observedRate: count ? sumY[b]! / count : null,
  }));
}

export interface ScoreMetrics {
  n: number;
  positives: number;
  auc: number | null;
  brier: number | null;
  recall_at_20pct_effort: number | null;
  effort_at_20pct_recall: number | null;
}

/** The standard set printed by `shipgate model eval`. */
export function computeScoreMetrics(
  probabilities: ArrayLike<number>,
  labels: ArrayLike<number>,
  efforts: ArrayLike<number>,
): ScoreMetrics {
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i] === 1 ? 1 : 0;
  const order = rankByRiskPerEffort(probabilities, efforts);
  return {
    n: labels.length,
    positives,
    auc: computeAuc(probabilities, labels),
    brier: computeBrier(probabilities, labels),
    recall_at_20pct_effort: computeRecallAt20PctEffort(probabilities, labels, efforts, order),
    effort_at_20pct_recall: computeEffortAt20PctRecall(probabilities, labels, efforts, order),
  };
}
