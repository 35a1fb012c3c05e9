import {
  computeAuc,
  computeBrier,
  computeEffortAt20PctRecall,
  computeRecallAt20PctEffort,
  computeReliability,
  computeScoreMetrics,
  rankByRiskPerEffort,
} from '../../../src/risk/metrics.js';

describe('computeAuc', () => {
  it.each([
    { name: 'perfect ranking', scores: [0.1, 0.2, 0.8, 0.9], labels: [0, 0, 1, 1], auc: 1 },
    { name: 'reversed ranking', scores: [0.9, 0.8, 0.2, 0.1], labels: [0, 0, 1, 1], auc: 0 },
    // pairs (pos,neg): (0.8,0.1)=1 (0.8,0.8)=0.5 (0.3,0.1)=1 (0.3,0.8)=0 → 2.5/4
    { name: 'a tie counts one half', scores: [0.1, 0.8, 0.8, 0.3], labels: [0, 0, 1, 1], auc: 0.625 },
    { name: 'all tied', scores: [0.5, 0.5, 0.5], labels: [1, 0, 0], auc: 0.5 },
    // positives 3 and 1 against negatives 2, 2, 0: (3>2,3>2,3>0)=3, (1<2,1<2,1>0)=1 → 4/6
    { name: 'integer scores', scores: [3, 2, 2, 1, 0], labels: [1, 0, 0, 1, 0], auc: 4 / 6 },
    { name: 'one class only', scores: [0.2, 0.4], labels: [1, 1], auc: null },
    { name: 'no rows', scores: [], labels: [], auc: null },
  ])('$name', ({ scores, labels, auc }) => {
    const result = computeAuc(scores, labels);
    if (auc === null) expect(result).toBeNull();
    else expect(result).toBeCloseTo(auc, 12);
  });
});

describe('computeBrier', () => {
  it.each([
    { probabilities: [1, 0], labels: [1, 0], brier: 0 },
    { probabilities: [0.5, 0.5], labels: [1, 0], brier: 0.25 },
    // (0.9-1)^2 + (0.2-0)^2 + (0.6-0)^2 = 0.01 + 0.04 + 0.36 = 0.41 → /3
    { probabilities: [0.9, 0.2, 0.6], labels: [1, 0, 0], brier: 0.41 / 3 },
    { probabilities: [], labels: [], brier: null },
  ])('$probabilities vs $labels → $brier', ({ probabilities, labels, brier }) => {
    const result = computeBrier(probabilities, labels);
    if (brier === null) expect(result).toBeNull();
    else expect(result).toBeCloseTo(brier, 12);
  });
});

// Five changes. Risk per line p/(effort+1): a 0.9/10=0.09, b 0.8/2=0.4, c 0.5/51=0.0098,
// d 0.4/1=0.4 (ties b; smaller effort first → d), e 0.1/39=0.0026. Order: d, b, a, c, e.
// Total effort 0+1+9+50+38 = 98; 20% = 19.6.
const effortCase = {
  probabilities: [0.9, 0.8, 0.5, 0.4, 0.1],
  labels: [1, 0, 1, 0, 1],
  efforts: [9, 1, 50, 0, 38],
};

describe('effort-aware metrics', () => {
  it('ranks by risk per line, ties to the smaller change, then input order', () => {
    expect(rankByRiskPerEffort(effortCase.probabilities, effortCase.efforts)).toEqual([3, 1, 0, 2, 4]);
    expect(rankByRiskPerEffort([0.5, 0.5], [4, 4])).toEqual([0, 1]);
  });

  it.each([
    // Recall: d (0), b (1), a (9) fit in 19.6 lines; c (50) does not: found a → 1 of 3 buggy.
    // Effort: 20% of 3 buggy needs 1; the first buggy change in order is a, after d and b: 10 lines of 98.
    { name: 'hand-computed case', ...effortCase, recall: 1 / 3, effort: 10 / 98 },
    {
      name: 'no changed lines at all (la and ld unknown)',
      probabilities: [0.2, 0.3],
      labels: [1, 0],
      efforts: [0, 0],
      recall: null,
      effort: null,
    },
    {
      name: 'no buggy changes',
      probabilities: [0.2, 0.3],
      labels: [0, 0],
      efforts: [5, 5],
      recall: null,
      effort: null,
    },
    // Order 4, 0, 1, 2, 3. Recall: 0 + 1 lines fit in 2 (of 10), the next 2 do not → 2 of 5.
    // Effort: 20% of 5 needs 1; the first change read (4) is buggy and has no lines → 0.
    {
      name: 'all buggy',
      probabilities: [0.5, 0.5, 0.5, 0.5, 0.5],
      labels: [1, 1, 1, 1, 1],
      efforts: [1, 2, 3, 4, 0],
      recall: 0.4,
      effort: 0,
    },
  ])('$name', ({ probabilities, labels, efforts, recall, effort }) => {
    const r = computeRecallAt20PctEffort(probabilities, labels, efforts);
    const e = computeEffortAt20PctRecall(probabilities, labels, efforts);
    if (recall === null) expect(r).toBeNull();
    else expect(r).toBeCloseTo(recall, 12);
    if (effort === null) expect(e).toBeNull();
    else expect(e).toBeCloseTo(effort, 12);
  });

  it('gathers the standard set with the exact keys the CLI prints', () => {
    const metrics = computeScoreMetrics(effortCase.probabilities, effortCase.labels, effortCase.efforts);
    expect(Object.keys(metrics)).toEqual([
      'n',
      'positives',
      'auc',
      'brier',
      'recall_at_20pct_effort',
      'effort_at_20pct_recall',
    ]);
    expect(metrics.n).toBe(5);
    expect(metrics.positives).toBe(3);
    // positives a .9, c .5, e .1 vs negatives b .8, d .4: (1,1) (0,1) (0,0) → 3/6
    expect(metrics.auc).toBeCloseTo(0.5, 12);
  });
});

describe('computeReliability', () => {
  it('buckets probabilities and reports mean prediction and observed rate', () => {
    const buckets = computeReliability([0.05, 0.15, 0.12, 0.95, 1], [0, 1, 0, 1, 1], 10);
    expect(buckets).toHaveLength(10);
    expect(buckets[0]).toEqual({ from: 0, to: 0.1, n: 1, meanProbability: 0.05, observedRate: 0 });
    expect(buckets[1]!.n).toBe(2);
    expect(buckets[1]!.meanProbability).toBeCloseTo(0.135, 12);
    expect(buckets[1]!.observedRate).toBe(0.5);
    expect(buckets[5]).toEqual({ from: 0.5, to: 0.6, n: 0, meanProbability: null, observedRate: null });
    expect(buckets[9]!.n).toBe(2);
    expect(buckets[9]!.observedRate).toBe(1);
  });
});
