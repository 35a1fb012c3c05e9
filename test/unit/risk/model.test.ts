import fc from 'fast-check';
import { createEmptyKameiVector, KAMEI_FEATURES, type KameiVector } from '../../../src/risk/kamei.js';
import { formatRiskModel } from '../../../src/risk/model-format.js';
import {
  loadDefaultModel,
  parseRiskModel,
  predictRisk,
  RiskModelError,
  type RiskModel,
} from '../../../src/risk/model.js';

const training = {
  rows: 10,
  positives: 5,
  sources: ['t'],
  settings: {},
  calibrationFraction: 0.2,
  metrics: {},
};
const calibration = { method: 'platt' as const, slope: 1, intercept: 0 };

const linearModel: RiskModel = {
  format: 'shipgate-risk-model',
  version: 1,
  learner: 'logistic-regression',
  intercept: -1,
  features: [
    { name: 'la', transform: 'log1p', clip: [0, 10], mean: 1, std: 2, weight: 0.8, missingLogit: 0.6 },
    {
      name: 'fix',
      transform: 'identity',
      clip: [0, 1],
      mean: 0.5,
      std: 0.5,
      weight: -0.4,
      missingLogit: -0.1,
    },
  ],
  calibration,
  training,
};

const stepModel: RiskModel = {
  format: 'shipgate-risk-model',
  version: 1,
  learner: 'additive-boosting',
  intercept: -0.5,
  features: [
    { name: 'la', transform: 'log1p', edges: [1, 2], values: [-0.5, 0, 0.7], missingLogit: 0.7 },
    { name: 'exp', transform: 'log1p', edges: [Math.log1p(19)], values: [0.2, -0.3], missingLogit: 0.2 },
  ],
  calibration: { method: 'platt', slope: 2, intercept: 0.1 },
  training,
};

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const vector = (values: Partial<KameiVector>): KameiVector => ({ ...createEmptyKameiVector(), ...values });

describe('predictRisk', () => {
  it.each([
    {
      name: 'logistic: la at log1p 3, a fix',
      model: linearModel,
      input: { la: Math.expm1(3), fix: 1 },
      // la: 0.8 × (3 − 1) / 2 = 0.8; fix: −0.4 × (1 − 0.5) / 0.5 = −0.4; L = −0.6
      logits: [0.8, -0.4],
      probability: sigmoid(-0.6),
      score: 35,
      baseline: 27,
      // secant slope (35.434 − 26.894) / 0.4 = 21.35: shares 17.08 and −8.54 → 17 and −9
      points: [17, -9],
      missing: [],
    },
    {
      name: 'logistic: values beyond the clip count as the clip',
      model: linearModel,
      input: { la: 1e9, fix: 0 },
      // la: 0.8 × (10 − 1) / 2 = 3.6; fix: −0.4 × (0 − 0.5) / 0.5 = 0.4; L = 3
      logits: [3.6, 0.4],
      probability: sigmoid(3),
      score: 95,
      baseline: 27,
      points: [61, 7],
      missing: [],
    },
    {
      name: 'logistic: missing signals never count below zero',
      model: linearModel,
      input: {},
      // la missing → max(0, 0.6); fix missing → max(0, −0.1) = 0; L = −0.4
      logits: [0.6, 0],
      probability: sigmoid(-0.4),
      score: 40,
      baseline: 27,
      points: [13, 0],
      missing: ['la', 'fix'],
    },
    {
      name: 'steps: la in the top step, exp in the low step',
      model: stepModel,
      // log1p(20) = 3.04 > 2 → 0.7; log1p(10) = 2.40 ≤ log1p(19) → 0.2; L = 0.4; p = sigmoid(2 × 0.4 + 0.1)
      input: { la: 20, exp: 10 },
      logits: [0.7, 0.2],
      probability: sigmoid(0.9),
      score: 71,
      baseline: 29,
      points: [33, 9],
      missing: [],
    },
    {
      name: 'steps: a value on an edge belongs to the lower step',
      model: stepModel,
      // la 0 → −0.5; exp exactly on its edge log1p(19) → 0.2; L = −0.8
      input: { la: 0, exp: 19 },
      logits: [-0.5, 0.2],
      probability: sigmoid(2 * -0.8 + 0.1),
      score: 18,
      baseline: 29,
      // secant slope (18.24 − 28.91) / −0.3 = 35.54: shares −17.77 and 7.11 → −18 and 7
      points: [-18, 7],
      missing: [],
    },
  ])('$name', ({ model, input, logits, probability, score, baseline, points, missing }) => {
    const prediction = predictRisk(model, vector(input));
    expect(prediction.contributions.map((c) => c.logit)).toEqual(logits.map((l) => expect.closeTo(l, 12)));
    expect(prediction.probability).toBeCloseTo(probability, 12);
    expect(prediction.score).toBe(score);
    expect(prediction.baseline.score).toBe(baseline);
    expect(prediction.contributions.map((c) => c.points)).toEqual(points);
    expect(prediction.missing).toEqual(missing);
    expect(prediction.baseline.score + points.reduce((a, b) => a + b, 0)).toBe(score);
  });

  const arbitraryVector = fc.record(
    Object.fromEntries(
      KAMEI_FEATURES.map((f) => [
        f,
        fc.option(fc.double({ min: 0, max: 1e6, noNaN: true }), { nil: null, freq: 4 }),
      ]),
    ) as Record<(typeof KAMEI_FEATURES)[number], fc.Arbitrary<number | null>>,
  );

  it('explains every score exactly: baseline + points = score (shipped model, any vector)', () => {
    const model = loadDefaultModel();
    fc.assert(
      fc.property(arbitraryVector, (v) => {
        const p = predictRisk(model, v);
        return p.baseline.score + p.contributions.reduce((sum, c) => sum + c.points, 0) === p.score;
      }),
      { numRuns: 500, seed: 7 },
    );
  });

  it('never lowers the risk for a missing signal (shipped model, any vector)', () => {
    const model = loadDefaultModel();
    fc.assert(
      fc.property(arbitraryVector, fc.constantFrom(...KAMEI_FEATURES), (v, feature) => {
        const hidden = predictRisk(model, { ...v, [feature]: null });
        const contribution = hidden.contributions.find((c) => c.feature === feature)!;
        return contribution.logit >= 0 && hidden.missing.includes(feature);
      }),
      { numRuns: 500, seed: 11 },
    );
    const nothingKnown = predictRisk(model, createEmptyKameiVector());
    expect(nothingKnown.score).toBeGreaterThanOrEqual(nothingKnown.baseline.score);
    expect(nothingKnown.missing).toEqual([...KAMEI_FEATURES]);
  });
});

describe('parseRiskModel', () => {
  it('accepts both learners and survives a format/parse round trip', () => {
    for (const model of [linearModel, stepModel]) {
      expect(parseRiskModel(JSON.parse(formatRiskModel(model)))).toEqual(model);
    }
  });

  it.each([
    { name: 'not an object', json: 'model', message: /\(top level\)/ },
    {
      name: 'wrong format',
      json: { ...linearModel, format: 'other' },
      message: /format: Invalid input: expected "shipgate-risk-model"/,
    },
    { name: 'unknown learner', json: { ...linearModel, learner: 'forest' }, message: /learner/ },
    {
      name: 'unknown feature',
      json: { ...linearModel, features: [{ ...linearModel.features[0]!, name: 'churn' }] },
      message: /features\.0\.name/,
    },
    { name: 'extra key', json: { ...linearModel, extra: 1 }, message: /extra/ },
    {
      name: 'zero std',
      json: { ...linearModel, features: [{ ...linearModel.features[0]!, std: 0 }] },
      message: /features\.0\.std/,
    },
    {
      name: 'duplicate feature',
      json: { ...linearModel, features: [linearModel.features[0], linearModel.features[0]] },
      message: 'features.1 ("la"): the feature is listed twice; each may appear once.',
    },
    {
      name: 'values not one longer than edges',
      json: { ...stepModel, features: [{ ...stepModel.features[0]!, values: [1, 2] }] },
      message: 'features.0 ("la"): values has 2 entries but needs one more than edges (2).',
    },
    {
      name: 'edges not ascending',
      json: { ...stepModel, features: [{ ...stepModel.features[0]!, edges: [2, 1] }] },
      message: 'features.0 ("la"): edges must be strictly ascending.',
    },
    {
      name: 'clip upside down',
      json: { ...linearModel, features: [{ ...linearModel.features[0]!, clip: [5, 1] }] },
      message: 'features.0 ("la"): clip [5, 1] is not a range (low first).',
    },
  ])('rejects $name with a message naming the key', ({ json, message }) => {
    let caught: unknown;
    try {
      parseRiskModel(json);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(RiskModelError);
    expect((caught as Error).name).toBe('RiskModelError');
    expect((caught as Error).message).toMatch(message);
  });
});
