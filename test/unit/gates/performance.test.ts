import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performanceGateSchema } from '../../../src/gates/config.js';
import {
  checkMetrics,
  MetricFileError,
  parseMetricFile,
  runPerformanceGate,
} from '../../../src/gates/performance.js';
import { fixturesDir, makeFixtureContext } from './fixture-context.js';

const read = (file: string) => readFileSync(path.join(fixturesDir, 'performance', file), 'utf8');

describe('parseMetricFile', () => {
  it.each([
    {
      file: 'current.json',
      metrics: { accuracy: 0.905, f1: 0.88, 'latency.p95_ms': 131, 'latency.p50_ms': 40, model_mb: 41.5 },
    },
    {
      file: 'baseline.json',
      metrics: { accuracy: 0.93, f1: 0.87, 'latency.p95_ms': 120, 'latency.p50_ms': 41, model_mb: 40 },
    },
    { file: 'benchmark-action.json', metrics: { 'parse 10k rows': 182, 'render page': 35.5 } },
  ])('reads $file', ({ file, metrics }) => {
    expect(parseMetricFile(read(file), file)).toEqual(metrics);
  });

  it.each([
    { text: '{"accuracy": "high"}', message: 'm.json: holds no numeric metric.' },
    { text: '[{"name": 3}]', message: "m.json: entry 0 needs a string 'name' and a number 'value'." },
    { text: '42', message: 'm.json: expected an object of metrics or a list of {name, value}.' },
    { text: '{oops', message: /^m\.json: not valid JSON/ },
  ])('rejects $text naming the file', ({ text, message }) => {
    expect(() => parseMetricFile(text, 'm.json')).toThrow(MetricFileError);
    expect(() => parseMetricFile(text, 'm.json')).toThrow(message);
  });
});

describe('checkMetrics', () => {
  const current = { accuracy: 0.9, p95_ms: 110, errors: 3 };
  const baseline = { accuracy: 1, p95_ms: 100, errors: 4 };
  it.each([
    { rule: { min_ratio: 0.9 }, metric: 'accuracy', ok: true },
    { rule: { min_ratio: 0.95 }, metric: 'accuracy', ok: false },
    { rule: { max_ratio: 1.1 }, metric: 'p95_ms', ok: true },
    { rule: { max_ratio: 1.05 }, metric: 'p95_ms', ok: false },
    { rule: { max_increase: 0.1 }, metric: 'p95_ms', ok: true },
    { rule: { max_increase: 0.05 }, metric: 'p95_ms', ok: false },
    { rule: { max_decrease: 0.25 }, metric: 'errors', ok: true },
    { rule: { max_decrease: 0.2 }, metric: 'errors', ok: false },
    { rule: { max: 120 }, metric: 'p95_ms', ok: true },
    { rule: { max: 100 }, metric: 'p95_ms', ok: false },
    { rule: { min: 0.95 }, metric: 'accuracy', ok: false },
    { rule: { min: 0.9 }, metric: 'accuracy', ok: true },
  ])('$metric with $rule → ok: $ok', ({ rule, metric, ok }) => {
    const checks = checkMetrics(current, baseline, { [metric]: rule });
    expect(checks).toHaveLength(1);
    expect(checks[0]!.ok).toBe(ok);
  });

  it('fails a metric missing from the current file and notes one missing from the baseline', () => {
    const checks = checkMetrics({ b: 1 }, {}, { a: { min: 0 }, b: { min_ratio: 0.9 } });
    expect(checks).toEqual([
      {
        metric: 'a',
        rule: 'present',
        limit: 'in the current file',
        ok: false,
        note: 'missing from the current metrics',
      },
      {
        metric: 'b',
        rule: 'min_ratio',
        current: 1,
        limit: '0.9',
        ok: true,
        note: 'no baseline value: not compared',
      },
    ]);
  });
});

describe('runPerformanceGate', () => {
  const config = (extra: Record<string, unknown>) =>
    performanceGateSchema.parse({
      current: 'performance/current.json',
      baseline: 'performance/baseline.json',
      ...extra,
    });

  it.each([
    {
      name: 'accuracy and latency within bounds',
      metrics: { accuracy: { min_ratio: 0.95 }, 'latency.p95_ms': { max_increase: 0.1 } },
      status: 'pass',
      summary: '2 metric checks passed.',
    },
    {
      name: 'latency rising too much',
      metrics: { accuracy: { min_ratio: 0.95 }, 'latency.p95_ms': { max_increase: 0.05 } },
      status: 'fail',
      summary: '1 metric check failed: latency.p95_ms = 131 (baseline 120) breaks max_increase ≤ 126 (+5%).',
    },
    {
      name: 'an absolute cap on model size',
      metrics: { model_mb: { max: 40 } },
      status: 'fail',
      summary: '1 metric check failed: model_mb = 41.5 breaks max ≤ 40.',
    },
    {
      name: 'a metric the file lacks',
      metrics: { recall: { min: 0.5 } },
      status: 'fail',
      summary: '1 metric check failed: recall is missing from the current metrics.',
    },
  ])('judges $name', async ({ metrics, status, summary }) => {
    const result = await runPerformanceGate(config({ metrics }), makeFixtureContext());
    expect(result.status).toBe(status);
    expect(result.summary).toBe(summary);
  });

  it('reports the configured metrics and a table', async () => {
    const result = await runPerformanceGate(
      config({ metrics: { accuracy: { min_ratio: 0.95 } } }),
      makeFixtureContext(),
    );
    expect(result.metrics).toEqual({ accuracy: 0.905 });
    expect(result.details).toContain(
      '| accuracy | min_ratio | 0.905 | 0.93 | ≥ 0.8835 (0.95 × baseline) | ok |',
    );
  });

  it.each([
    {
      name: 'a missing current file',
      extra: { current: 'perf/now.json', metrics: { a: { min: 1 } } },
      status: 'skip',
      summary: /^gates\.performance\.current: 'perf\/now\.json' does not exist/,
    },
    {
      name: 'a missing baseline with relative rules',
      extra: { baseline: 'perf/base.json', metrics: { accuracy: { min_ratio: 0.9 } } },
      status: 'skip',
      summary: /^gates\.performance\.baseline: 'perf\/base\.json' does not exist/,
    },
    {
      name: 'a missing baseline with absolute rules only',
      extra: { baseline: 'perf/base.json', metrics: { accuracy: { min: 0.9 } } },
      status: 'pass',
      summary: /^1 metric check passed\.$/,
    },
    {
      name: 'a malformed current file',
      extra: { current: 'performance/no-numbers.json.txt', metrics: { accuracy: { min: 0.9 } } },
      status: 'error',
      summary: /^performance\/no-numbers\.json\.txt: holds no numeric metric/,
    },
  ])('reports $name as $status', async ({ extra, status, summary }) => {
    const result = await runPerformanceGate(config(extra), makeFixtureContext());
    expect(result.status).toBe(status);
    expect(result.summary).toMatch(summary);
  });
});
