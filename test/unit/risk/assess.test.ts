import fc from 'fast-check';
import { DEFAULT_RISK_THRESHOLDS } from '../../../src/policy/tiers.js';
import type { RiskSettings } from '../../../src/policy/types.js';
import { assessRisk, computeConfidence, type AssessInput } from '../../../src/risk/assess.js';
import { capAdjustments, type GateResult } from '../../../src/risk/assess-adjustments.js';
import { computeDiffSignals, type DiffFile } from '../../../src/risk/diff-signals.js';
import { KAMEI_FEATURES, type KameiFeature, type KameiVector } from '../../../src/risk/kamei.js';
import { trainRiskModel, type LabelledRow } from '../../../src/risk/train.js';

/** A small model trained on synthetic rows: risk grows with lines added and falls with experience. */
function trainTestModel() {
  let seed = 7;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const rows: LabelledRow[] = [];
  for (let i = 0; i < 3000; i++) {
    const la = Math.floor(Math.exp(random() * 8));
    const exp = Math.floor(Math.exp(random() * 7));
    const sexp = Math.floor(exp * random());
    const ns = 1 + Math.floor(random() * 3);
    const fix = random() < 0.3 ? 1 : 0;
    const logit =
      -2.2 +
      0.6 * Math.log1p(la) -
      0.25 * Math.log1p(exp) -
      0.15 * Math.log1p(sexp) +
      0.4 * fix +
      0.2 * ns -
      0.6;
    const bug = random() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
    rows.push({
      vector: kamei({ la, exp, sexp, ns, fix }),
      bug,
      date: 1_600_000_000 + i * 3600,
      source: 'synthetic',
    });
  }
  return trainRiskModel(rows, { features: ['la', 'ns', 'fix', 'exp', 'sexp'] }).model;
}

const model = trainTestModel();

const RAISE: RiskSettings = { thresholds: DEFAULT_RISK_THRESHOLDS, low_confidence: 'raise' };
const KEEP: RiskSettings = { thresholds: DEFAULT_RISK_THRESHOLDS, low_confidence: 'keep' };

function kamei(values: Partial<KameiVector>): KameiVector {
  const base: KameiVector = {
    ns: 1,
    nd: 1,
    nf: 1,
    entropy: 0,
    la: 20,
    ld: 5,
    lt: 300,
    fix: 0,
    ndev: 3,
    age: 30,
    nuc: 10,
    exp: 50,
    rexp: 20,
    sexp: 10,
  };
  return { ...base, ...values };
}

function input(overrides: Partial<AssessInput> & { files?: DiffFile[] } = {}): AssessInput {
  const {
    files = [
      { path: 'src/a.ts', added: 20, deleted: 5, binary: false },
      { path: 'test/a.test.ts', added: 5, deleted: 0, binary: false },
    ],
    ...rest
  } = overrides;
  return {
    model,
    kamei: kamei({}),
    diff: computeDiffSignals(files),
    config: RAISE,
    missingSignals: [],
    ...rest,
  };
}

const FEATURES = ['la', 'ns', 'fix', 'exp', 'sexp'] as const;

function contributionOf(result: ReturnType<typeof assessRisk>, feature: KameiFeature): number {
  return result.factors.find((f) => f.name === `kamei.${feature}`)?.contribution ?? 0;
}

describe('assessRisk: missing signals never lower the risk', () => {
  it.each(FEATURES.flatMap((feature) => [0, 1, 3, 40, 2000].map((value) => ({ feature, value }))))(
    'a missing $feature scores no lower than $feature = $value when that value does not raise the risk',
    ({ feature, value }) => {
      const known = assessRisk(input({ kamei: kamei({ [feature]: value }) }));
      const missing = assessRisk(
        input({ kamei: kamei({ [feature]: null }), missingSignals: [`kamei.${feature}`] }),
      );
      expect(contributionOf(missing, feature)).toBeGreaterThanOrEqual(0);
      if (contributionOf(known, feature) <= 0) expect(missing.score).toBeGreaterThanOrEqual(known.score);
      expect(missing.missing_signals).toContain(`kamei.${feature}`);
    },
  );

  it('holds for any vector and any set of missing features', () => {
    const value = fc.integer({ min: 0, max: 5000 });
    fc.assert(
      fc.property(
        fc.record({
          la: value,
          ns: fc.integer({ min: 1, max: 9 }),
          exp: value,
          sexp: value,
          fix: fc.constantFrom(0, 1),
        }),
        fc.subarray([...FEATURES], { minLength: 1 }),
        (values, gone) => {
          const known = assessRisk(input({ kamei: kamei(values), config: KEEP }));
          if (gone.some((f) => contributionOf(known, f) > 0)) return true;
          const missing = assessRisk(
            input({
              kamei: kamei({ ...values, ...Object.fromEntries(gone.map((f) => [f, null])) }),
              config: KEEP,
            }),
          );
          return missing.score >= known.score;
        },
      ),
      { seed: 20261122, numRuns: 300 },
    );
  });

  it.each([{ status: 'skip' as const }, { status: 'error' as const }])(
    'a gate that ended with $status is a missing signal and never lowers the score below a passing one',
    ({ status }) => {
      const pass = assessRisk(input({ gates: [{ name: 'tests', status: 'pass', blocking: true }] }));
      const other = assessRisk(input({ gates: [{ name: 'tests', status, blocking: true }] }));
      expect(other.score).toBeGreaterThanOrEqual(pass.score);
      expect(other.missing_signals).toEqual(['gate.tests']);
      expect(other.confidence).toBe('medium');
      expect(pass.confidence).toBe('high');
    },
  );
});

describe('assessRisk: confidence and tier', () => {
  const history = ['kamei.ndev', 'kamei.age', 'kamei.nuc', 'kamei.exp', 'kamei.rexp', 'kamei.sexp'];
  it.each([
    { missing: [], confidence: 'high' },
    { missing: ['gate.tests'], confidence: 'medium' },
    { missing: ['kamei.exp', 'kamei.sexp'], confidence: 'medium' },
    { missing: ['kamei.exp', 'kamei.sexp', 'kamei.rexp'], confidence: 'low' },
    { missing: ['gate.a', 'gate.b', 'gate.c', 'gate.d'], confidence: 'low' },
    { missing: history, confidence: 'low' },
  ])('$missing → $confidence', ({ missing, confidence }) => {
    expect(computeConfidence(missing)).toBe(confidence);
  });

  it.each([
    { name: 'raise: low confidence raises the tier by one', config: RAISE, raised: true },
    { name: 'keep: low confidence keeps the tier', config: KEEP, raised: false },
  ])('$name', ({ config, raised }) => {
    const vector = kamei({ ndev: null, age: null, nuc: null, rexp: null });
    const result = assessRisk(
      input({
        kamei: vector,
        missingSignals: ['kamei.ndev', 'kamei.age', 'kamei.nuc', 'kamei.rexp'],
        config,
      }),
    );
    expect(result.confidence).toBe('low');
    const order = ['trivial', 'low', 'medium', 'high'];
    expect(order.indexOf(result.tier) - order.indexOf(result.score_tier)).toBe(raised ? 1 : 0);
  });

  it('scores larger changes by newer authors higher', () => {
    const small = assessRisk(input({ kamei: kamei({ la: 2, exp: 2000, sexp: 500 }) }));
    const large = assessRisk(input({ kamei: kamei({ la: 3000, exp: 0, sexp: 0 }) }));
    expect(large.score).toBeGreaterThan(small.score);
  });

  it.each([
    { offsets: [1, 2, 3], tier: 'trivial', recommendation: 'promote' },
    { offsets: [0, 1, 2], tier: 'low', recommendation: 'promote' },
    { offsets: [-1, 0, 1], tier: 'medium', recommendation: 'review' },
    { offsets: [-2, -1, 0], tier: 'high', recommendation: 'hold' },
  ])('thresholds at score + $offsets → $tier, $recommendation', ({ offsets, tier, recommendation }) => {
    const { score } = assessRisk(input());
    const [low, medium, high] = offsets.map((o) => score + o) as [number, number, number];
    const result = assessRisk(
      input({ config: { thresholds: { low, medium, high }, low_confidence: 'raise' } }),
    );
    expect({
      tier: result.tier,
      recommendation: result.recommendation,
      confidence: result.confidence,
    }).toEqual({ tier, recommendation, confidence: 'high' });
  });

  it('maps the score with the policy thresholds', () => {
    const loose = assessRisk(
      input({ config: { thresholds: { low: 90, medium: 95, high: 99 }, low_confidence: 'raise' } }),
    );
    expect(loose.tier).toBe('trivial');
    const strict = assessRisk(
      input({ config: { thresholds: { low: 1, medium: 2, high: 3 }, low_confidence: 'raise' } }),
    );
    expect(strict.tier).toBe('high');
  });
});

describe('assessRisk: adjustments and explanations', () => {
  it('adds the documented points for what the diff touches, and says so in plain words', () => {
    const plain = assessRisk(input());
    const touched = assessRisk(
      input({
        files: [
          { path: 'src/a.ts', added: 20, deleted: 5, binary: false },
          { path: 'test/a.test.ts', added: 5, deleted: 0, binary: false },
          { path: 'db/migrations/001_users.sql', added: 10, deleted: 0, binary: false },
        ],
      }),
    );
    expect(touched.score - plain.score).toBe(8);
    expect(touched.factors).toContainEqual({
      name: 'diff.migration',
      value: 1,
      contribution: 8,
      text: 'touches a database migration (db/migrations/001_users.sql) (+8)',
    });
  });

  it('caps the diff adjustments', () => {
    const everything = assessRisk(
      input({
        files: [
          'db/migrations/1.sql',
          'infra/main.tf',
          'src/auth/login.ts',
          '.github/workflows/ci.yml',
          'package.json',
          'config/app.yml',
        ].map((path) => ({ path, added: 30, deleted: 0, binary: false })),
      }),
    );
    expect(everything.breakdown.diff).toBe(25);
    expect(
      everything.factors.filter((f) => f.name.startsWith('diff.')).reduce((s, f) => s + f.contribution, 0),
    ).toBe(25);
  });

  it.each([
    {
      name: 'a failing blocking gate',
      gates: [{ name: 'tests', status: 'fail', blocking: true }],
      points: 15,
      recommendation: 'hold',
      text: 'the blocking gate "tests" failed (+15)',
    },
    {
      name: 'a failing advisory gate',
      gates: [{ name: 'perf', status: 'fail', blocking: false }],
      points: 5,
      recommendation: 'promote',
      text: 'the advisory gate "perf" failed (+5)',
    },
    {
      name: 'passing gates',
      gates: [{ name: 'tests', status: 'pass', blocking: true }],
      points: 0,
      recommendation: 'promote',
      text: null,
    },
  ] as { name: string; gates: GateResult[]; points: number; recommendation: string; text: string | null }[])(
    '$name adds $points points',
    ({ gates, points, recommendation, text }) => {
      const base = assessRisk(input({ kamei: kamei({ la: 1, exp: 2000, sexp: 500 }) }));
      const result = assessRisk(input({ kamei: kamei({ la: 1, exp: 2000, sexp: 500 }), gates }));
      expect(result.score - base.score).toBe(points);
      expect(result.breakdown.gates).toBe(points);
      expect(result.recommendation).toBe(recommendation);
      if (text) expect(result.factors.map((f) => f.text)).toContain(text);
    },
  );

  it('explains the model factors in plain words with their points, largest first', () => {
    const result = assessRisk(
      input({
        kamei: kamei({ la: 1240, ns: 3, exp: 0, sexp: 0 }),
        context: { subsystems: ['payments'], authorSubsystemChanges: { payments: 0 } },
      }),
    );
    const texts = result.factors.map((f) => f.text);
    expect(texts.find((t) => t.startsWith('adds'))).toMatch(
      /^adds 1,240 lines across 3 subsystems \(\+\d+\)$/,
    );
    expect(
      result.factors.find((f) => f.name === 'kamei.sexp')?.text ?? "author's first change in payments/ (+0)",
    ).toMatch(/^author's first change in payments\/ \([+-]\d+\)$/);
    expect(result.factors.find((f) => f.name === 'kamei.exp')!.text).toMatch(
      /^author's first change in this repository \(\+\d+\)$/,
    );
    const sizes = result.factors.map((f) => Math.abs(f.contribution));
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    expect(
      result.breakdown.baseline + result.breakdown.model + result.breakdown.diff + result.breakdown.gates,
    ).toBe(result.score);
  });

  it('keeps the factors of every feature the model uses, in the Kamei names', () => {
    const result = assessRisk(input({ kamei: kamei({ la: 3000 }) }));
    for (const factor of result.factors.filter((f) => f.name.startsWith('kamei.'))) {
      expect(KAMEI_FEATURES).toContain(factor.name.slice('kamei.'.length));
    }
  });
});

describe('capAdjustments', () => {
  it.each([
    { points: [8, 8, 8, 5], cap: 25, expected: [8, 8, 8, 1] },
    { points: [3, 8], cap: 10, expected: [2, 8] },
    { points: [4], cap: 25, expected: [4] },
  ])('$points capped at $cap → $expected', ({ points, cap, expected }) => {
    const adjustments = points.map((p, i) => ({ name: `a${i}`, value: 1, points: p, text: '' }));
    expect(capAdjustments(adjustments, cap).map((a) => a.points)).toEqual(expected);
  });
});
