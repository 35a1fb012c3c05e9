import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createEmptyKameiVector, type KameiVector } from '../../../src/risk/kamei.js';
import { formatRiskModel } from '../../../src/risk/model-format.js';
import { parseRiskModel, predictRisk, type RiskLearner } from '../../../src/risk/model.js';
import { evaluateLeaveOneProjectOut } from '../../../src/risk/train-evaluate.js';
import { ModelFitError } from '../../../src/risk/train-logistic.js';
import {
  computeSampleWeights,
  splitNewestBySource,
  trainRiskModel,
  type LabelledRow,
} from '../../../src/risk/train.js';

/** mulberry32: deterministic pseudo-random numbers for generated histories. */
function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Changes whose bug odds grow with lines added and fixes, and shrink with author experience. */
function generateRows(count: number, seed: number, source = 'generated', baseRate = -1.5): LabelledRow[] {
  const random = createRandom(seed);
  return Array.from({ length: count }, (_, i) => {
    const la = Math.floor(Math.exp(random() * 7));
    const exp = Math.floor(Math.exp(random() * 8));
    const fix = random() < 0.3 ? 1 : 0;
    const logit = baseRate + 0.6 * Math.log1p(la) - 0.25 * Math.log1p(exp) + 0.8 * fix;
    const vector: KameiVector = {
      ...createEmptyKameiVector(),
      la,
      ld: Math.floor(Math.exp(random() * 5)),
      nf: 1 + Math.floor(random() * 10),
      fix,
      exp,
      age: random() * 300,
    };
    return {
      vector,
      bug: random() < 1 / (1 + Math.exp(-logit)) ? 1 : 0,
      date: 1_600_000_000 + i * 3600,
      source,
    };
  });
}

const rows = generateRows(3000, 42);
const features = ['la', 'ld', 'nf', 'fix', 'exp', 'age'] as const;

describe('trainRiskModel', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'shipgate-model-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each<{ learner: RiskLearner }>([{ learner: 'additive-boosting' }, { learner: 'logistic-regression' }])(
    '$learner: train → save → load gives the same scores',
    async ({ learner }) => {
      const { model } = trainRiskModel(rows, { learner, features });
      const file = path.join(dir, `${learner}.json`);
      await writeFile(file, formatRiskModel(model));
      const loaded = parseRiskModel(JSON.parse(await readFile(file, 'utf8')));
      expect(loaded).toEqual(model);
      for (const row of rows.slice(0, 200))
        expect(predictRisk(loaded, row.vector)).toEqual(predictRisk(model, row.vector));
    },
  );

  it.each<{ learner: RiskLearner }>([{ learner: 'additive-boosting' }, { learner: 'logistic-regression' }])(
    '$learner: learns the generating signs and is calibrated on the held-out slice',
    ({ learner }) => {
      const result = trainRiskModel(rows, { learner, features });
      expect(result.split).toEqual({ fit: 2400, calibration: 600 });
      expect(result.metrics.n).toBe(600);
      expect(result.metrics.auc).toBeGreaterThan(0.68);
      const base = { ...createEmptyKameiVector(), ld: 10, nf: 3, fix: 0, exp: 100, age: 50 };
      const small = predictRisk(result.model, { ...base, la: 2 });
      const large = predictRisk(result.model, { ...base, la: 800 });
      const senior = predictRisk(result.model, { ...base, la: 50, exp: 2500 });
      const junior = predictRisk(result.model, { ...base, la: 50, exp: 1 });
      expect(large.probability).toBeGreaterThan(small.probability);
      expect(junior.probability).toBeGreaterThan(senior.probability);
      // Calibrated: the mean predicted probability on the held-out slice is near its bug rate.
      const slice = splitNewestBySource(rows, 0.2).newest;
      const meanP =
        slice.reduce((s, r) => s + predictRisk(result.model, r.vector).probability, 0) / slice.length;
      expect(Math.abs(meanP - result.metrics.positives / slice.length)).toBeLessThan(0.06);
      expect(result.reliability.reduce((s, b) => s + b.n, 0)).toBe(600);
    },
  );

  it('is deterministic: the same rows give a byte-identical artifact', () => {
    expect(formatRiskModel(trainRiskModel(rows, { features }).model)).toBe(
      formatRiskModel(trainRiskModel(rows, { features }).model),
    );
  });

  it('records the settings, sources and held-out metrics in the artifact', () => {
    const { model } = trainRiskModel(rows, {
      learner: 'logistic-regression',
      l2: 0.5,
      features,
      sources: ['a.csv'],
    });
    expect(model.training).toMatchObject({
      rows: 3000,
      positives: rows.filter((r) => r.bug === 1).length,
      sources: ['a.csv'],
      settings: { learner: 'logistic-regression', balance: 'source-class', l2: 0.5, refit: true },
      calibrationFraction: 0.2,
    });
    expect(Object.keys(model.training.metrics)).toEqual([
      'auc',
      'brier',
      'recall_at_20pct_effort',
      'effort_at_20pct_recall',
    ]);
  });

  it.each([
    {
      name: 'only clean changes',
      rows: rows.map((r) => ({ ...r, bug: 0 as const })),
      message: /needs both buggy and clean changes to calibrate/,
    },
    {
      name: 'a feature missing in every row',
      rows: rows.map((r) => ({ ...r, vector: { ...r.vector, exp: null } })),
      message: 'feature "exp" is missing in every training row; drop it from the features or supply it.',
    },
  ])('refuses $name with a ModelFitError', ({ rows: input, message }) => {
    expect(() => trainRiskModel(input, { features })).toThrow(ModelFitError);
    expect(() => trainRiskModel(input, { features })).toThrow(message);
  });

  it('trains with some signals missing and treats them as unknown, not zero', () => {
    const holed = rows.map((r, i) => (i % 5 === 0 ? { ...r, vector: { ...r.vector, exp: null } } : r));
    const { model } = trainRiskModel(holed, { features });
    const prediction = predictRisk(model, { ...holed[0]!.vector });
    expect(prediction.missing).toEqual(['exp']);
    expect(prediction.contributions.find((c) => c.feature === 'exp')!.logit).toBeGreaterThanOrEqual(0);
  });
});

describe('computeSampleWeights', () => {
  const input = [
    { source: 'a', bug: 1 },
    { source: 'a', bug: 0 },
    { source: 'a', bug: 0 },
    { source: 'b', bug: 0 },
  ].map((r) => ({ ...r, vector: createEmptyKameiVector(), date: 0 }) as LabelledRow);
  it.each([
    { balance: 'none' as const, weights: [1, 1, 1, 1] },
    // two sources, 2 rows each on average: a's three rows share 2, b's one row gets 2
    { balance: 'source' as const, weights: [2 / 3, 2 / 3, 2 / 3, 2] },
    // three groups (a/1, a/0, b/0), 4/3 each
    { balance: 'source-class' as const, weights: [4 / 3, 2 / 3, 2 / 3, 4 / 3] },
  ])('$balance', ({ balance, weights }) => {
    expect(Array.from(computeSampleWeights(input, balance))).toEqual(
      weights.map((w) => expect.closeTo(w, 12)),
    );
  });
});

describe('evaluateLeaveOneProjectOut', () => {
  it('tests each project on its newest 20% with a model trained on the others, next to LApredict', () => {
    const projects = new Map([
      ['alpha', generateRows(1500, 1, 'alpha', -2)],
      ['beta', generateRows(1500, 2, 'beta', -1)],
      ['gamma', generateRows(1500, 3, 'gamma', -0.5)],
    ]);
    const table = evaluateLeaveOneProjectOut(projects, { features, learner: 'logistic-regression' });
    expect(table.projects.map((p) => [p.project, p.n])).toEqual([
      ['alpha', 300],
      ['beta', 300],
      ['gamma', 300],
    ]);
    for (const p of table.projects) {
      expect(p.auc).toBeGreaterThan(0.6);
      expect(p.laAuc).toBeGreaterThan(0.55);
    }
    expect(table.meanAuc).toBeCloseTo(table.projects.reduce((s, p) => s + p.auc!, 0) / 3, 12);
    // The generator also ties bugs to experience and fixes, which lines added alone cannot see.
    expect(table.meanAuc!).toBeGreaterThan(table.meanLaAuc!);
  });
});
