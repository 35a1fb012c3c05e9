import { readFileSync } from 'node:fs';
import path from 'node:path';
import { coverageGateSchema } from '../../../src/gates/config.js';
import {
  CoverageFormatError,
  detectCoverageFormat,
  judgeCoverage,
  parseCoverage,
  runCoverageGate,
  type CoverageFormat,
} from '../../../src/gates/coverage.js';
import { fixturesDir, makeFixtureContext } from './fixture-context.js';

const read = (file: string) => readFileSync(path.join(fixturesDir, 'coverage', file), 'utf8');
const config = (extra: Record<string, unknown>) => coverageGateSchema.parse(extra);

describe('parseCoverage', () => {
  it.each([
    {
      file: 'lcov.info',
      format: 'lcov',
      lines: { total: 8, covered: 5 },
      branches: { total: 2, covered: 1 },
    },
    {
      file: 'coverage.xml',
      format: 'cobertura',
      lines: { total: 6, covered: 5 },
      branches: { total: 2, covered: 1 },
    },
    {
      file: 'coverage-summary.json',
      format: 'istanbul',
      lines: { total: 200, covered: 170 },
      branches: { total: 40, covered: 30 },
    },
  ])('reads $format totals from $file and detects the format', ({ file, format, lines, branches }) => {
    const totals = parseCoverage(read(file), format as CoverageFormat, file);
    expect(totals.lines).toEqual(lines);
    expect(totals.branches).toEqual(branches);
    expect(detectCoverageFormat(read(file))).toBe(format);
  });

  it('keeps per-line hits of lcov and Cobertura, with Cobertura paths joined to their source', () => {
    const lcov = parseCoverage(read('lcov.info'), 'lcov', 'lcov.info');
    expect([...lcov.lineHits.get('src/billing/invoice.ts')!]).toEqual([
      [3, 4],
      [4, 4],
      [5, 0],
      [6, 4],
    ]);
    const cobertura = parseCoverage(read('coverage.xml'), 'cobertura', 'coverage.xml');
    expect([...cobertura.lineHits.keys()]).toEqual(['/home/runner/work/app/app/src/model/train.py']);
  });

  it.each([
    {
      text: 'TN:\nSF:src/a.ts\nDA:1,one\nend_of_record\n',
      format: 'lcov',
      message: /^bad\.info:3: not an lcov tracefile: bad DA line/,
    },
    { text: 'SF:src/a.ts\nDA:1,1\n', format: 'lcov', message: /the last record has no end_of_record/ },
    { text: 'hello\n', format: 'lcov', message: /bad\.info:1: not an lcov tracefile/ },
    { text: '<coverage><packages>', format: 'cobertura', message: /^bad\.info:\d+:\d+: not well-formed XML/ },
    { text: '<report/>', format: 'cobertura', message: /not a Cobertura report/ },
    {
      text: '{"total": {}}',
      format: 'istanbul',
      message: /needs total\.lines\.total and total\.lines\.covered/,
    },
    { text: '{', format: 'istanbul', message: /^bad\.info: not valid JSON/ },
  ])('rejects malformed $format input naming the file', ({ text, format, message }) => {
    expect(() => parseCoverage(text, format as CoverageFormat, 'bad.info')).toThrow(CoverageFormatError);
    expect(() => parseCoverage(text, format as CoverageFormat, 'bad.info')).toThrow(message);
  });
});

describe('judgeCoverage', () => {
  const current = parseCoverage(read('lcov.info'), 'lcov', 'lcov.info');
  const baseline = {
    totals: parseCoverage(read('base-lcov.info'), 'lcov', 'base.info'),
    source: 'base.info',
  };

  it.each([
    { name: 'no thresholds', extra: {}, status: 'pass', summary: 'Line coverage 62.5%, branches 50%.' },
    { name: 'min met', extra: { min: 60 }, status: 'pass', summary: 'Line coverage 62.5%, branches 50%.' },
    {
      name: 'min missed',
      extra: { min: 80 },
      status: 'fail',
      summary: 'line coverage 62.5% is below gates.coverage.min (80%).',
    },
    {
      name: 'branches missed',
      extra: { min_branches: 60 },
      status: 'fail',
      summary: 'branch coverage 50% is below gates.coverage.min_branches (60%).',
    },
    {
      name: 'drop too large',
      extra: { max_drop: 2 },
      withBaseline: true,
      status: 'fail',
      summary: 'line coverage fell 25 points (87.5% → 62.5%), more than gates.coverage.max_drop (2).',
    },
    {
      name: 'drop allowed',
      extra: { max_drop: 30 },
      withBaseline: true,
      status: 'pass',
      summary: 'Line coverage 62.5% (baseline 87.5%), branches 50%.',
    },
    {
      name: 'drop without baseline',
      extra: { max_drop: 2 },
      status: 'pass',
      summary: 'Line coverage 62.5%, branches 50%.',
      details: /No baseline coverage was available, so gates.coverage.max_drop was not checked/,
    },
  ])('judges $name', ({ extra, withBaseline, status, summary, details }) => {
    const result = judgeCoverage(
      { current, sources: ['lcov.info'], root: '/repo', ...(withBaseline ? { baseline } : {}) },
      config({ lcov: 'lcov.info', ...extra }),
    );
    expect(result.status).toBe(status);
    expect(result.summary).toBe(summary);
    if (details) expect(result.details).toMatch(details);
  });

  it('measures and annotates changed lines that no test ran', () => {
    const changedLines = new Map([
      ['src/billing/invoice.ts', new Set([4, 5, 9])],
      ['src/billing/tax.ts', new Set([2, 3, 4])],
    ]);
    const result = judgeCoverage(
      { current, sources: ['lcov.info'], root: '/repo', changedLines },
      config({ lcov: 'lcov.info', min_patch: 50 }),
    );
    expect(result.metrics!.patch_lines_pct).toBe(40);
    expect(result.status).toBe('fail');
    expect(result.summary).toBe('coverage of changed lines 40% is below gates.coverage.min_patch (50%).');
    expect(result.annotations).toEqual([
      {
        path: 'src/billing/invoice.ts',
        start_line: 5,
        end_line: 5,
        level: 'notice',
        title: 'Changed lines not covered',
        message: 'Line 5 changed and no test ran it.',
      },
      {
        path: 'src/billing/tax.ts',
        start_line: 3,
        end_line: 4,
        level: 'notice',
        title: 'Changed lines not covered',
        message: 'Lines 3–4 changed and no test ran them.',
      },
    ]);
  });

  it('maps absolute Cobertura paths to repository paths for changed lines', () => {
    const cobertura = parseCoverage(read('coverage.xml'), 'cobertura', 'coverage.xml');
    const result = judgeCoverage(
      {
        current: cobertura,
        sources: ['coverage.xml'],
        root: '/home/runner/work/app/app',
        changedLines: new Map([['src/model/train.py', new Set([5, 6])]]),
      },
      config({ cobertura: 'coverage.xml' }),
    );
    expect(result.metrics!.patch_lines_pct).toBe(50);
    expect(result.annotations.map((a) => [a.path, a.start_line])).toEqual([['src/model/train.py', 6]]);
  });
});

describe('runCoverageGate', () => {
  it.each([
    {
      name: 'istanbul summary against a summary baseline',
      extra: {
        istanbul: 'coverage/coverage-summary.json',
        min: 80,
        max_drop: 2,
        baseline: 'coverage/base-summary.json',
      },
      status: 'fail',
      summary: 'line coverage fell 5 points (90% → 85%), more than gates.coverage.max_drop (2).',
      metrics: { lines_pct: 85, baseline_lines_pct: 90, lines_drop: 5, branches_pct: 75 },
    },
    {
      name: 'Cobertura against an lcov baseline',
      extra: {
        cobertura: 'coverage/coverage.xml',
        min: 80,
        max_drop: 5,
        baseline: 'coverage/base-lcov.info',
      },
      status: 'pass',
      summary: 'Line coverage 83.33% (baseline 87.5%), branches 50%.',
      metrics: { baseline_lines_pct: 87.5 },
    },
    {
      name: 'lcov and istanbul together',
      extra: { lcov: 'coverage/lcov.info', istanbul: 'coverage/coverage-summary.json', min: 80 },
      status: 'pass',
      summary: 'Line coverage 84.13%, branches 73.81%.',
      metrics: { lines_pct: (175 / 208) * 100 },
    },
  ])('judges $name', async ({ extra, status, summary, metrics }) => {
    const result = await runCoverageGate(config(extra), makeFixtureContext());
    expect(result).toMatchObject({ gate: 'coverage', status, metrics });
    expect(result.summary).toBe(summary);
  });

  it('uses a baseline handed in by the shell when the policy names no file', async () => {
    const result = await runCoverageGate(
      config({ lcov: 'coverage/lcov.info', max_drop: 1 }),
      makeFixtureContext({
        coverageBaseline: { source: 'base commit 1a2b3c4', text: read('base-lcov.info') },
      }),
    );
    expect(result.status).toBe('fail');
    expect(result.details).toContain('baseline: `base commit 1a2b3c4`');
  });

  it.each([
    {
      name: 'no report',
      extra: { lcov: 'coverage/missing.info' },
      status: 'skip',
      summary: /^gates\.coverage\.lcov: 'coverage\/missing\.info' matched no file/,
    },
    {
      name: 'a missing baseline',
      extra: { lcov: 'coverage/lcov.info', baseline: 'coverage/nope.json' },
      status: 'skip',
      summary: /^gates\.coverage\.baseline: 'coverage\/nope\.json' does not exist/,
    },
    {
      name: 'a malformed report',
      extra: { lcov: 'coverage/broken.info' },
      status: 'error',
      summary: /^coverage\/broken\.info:3: /,
    },
    {
      name: 'a baseline in no known format',
      extra: { lcov: 'coverage/lcov.info', baseline: 'junit/not-junit.xml.txt' },
      status: 'error',
      summary: /^junit\/not-junit\.xml\.txt: not a Cobertura report/,
    },
  ])('reports $name as $status', async ({ extra, status, summary }) => {
    const result = await runCoverageGate(config(extra), makeFixtureContext());
    expect(result.status).toBe(status);
    expect(result.summary).toMatch(summary);
  });
});
