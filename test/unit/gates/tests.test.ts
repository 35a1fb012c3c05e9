import { readFileSync } from 'node:fs';
import path from 'node:path';
import { testsGateSchema } from '../../../src/gates/config.js';
import { countTests, JunitFormatError, parseJunitReport, runTestsGate } from '../../../src/gates/tests.js';
import { fixturesDir, makeFixtureContext } from './fixture-context.js';

const read = (file: string) => readFileSync(path.join(fixturesDir, 'junit', file), 'utf8');
const config = (extra: Record<string, unknown>) => testsGateSchema.parse({ junit: 'junit/*.xml', ...extra });

describe('parseJunitReport', () => {
  it.each([
    {
      file: 'surefire-TEST-com.acme.billing.InvoiceTest.xml',
      counts: { total: 6, passed: 2, failed: 1, errored: 1, skipped: 1, flaky: 1 },
      passRate: 60,
    },
    {
      file: 'jest-junit.xml',
      counts: { total: 4, passed: 2, failed: 1, errored: 0, skipped: 1, flaky: 0 },
      passRate: (2 / 3) * 100,
    },
    {
      file: 'pytest-xunit1.xml',
      counts: { total: 3, passed: 1, failed: 1, errored: 0, skipped: 1, flaky: 0 },
      passRate: 50,
    },
    {
      file: 'phpunit-nested.xml',
      counts: { total: 3, passed: 2, failed: 1, errored: 0, skipped: 0, flaky: 0 },
      passRate: (2 / 3) * 100,
    },
  ])('counts outcomes in $file', ({ file, counts, passRate }) => {
    const report = parseJunitReport(read(file), file);
    expect(countTests([report], true)).toEqual({ ...counts, passRate });
  });

  it('keeps the details of a failed surefire test and of a flaky one', () => {
    const { cases } = parseJunitReport(read('surefire-TEST-com.acme.billing.InvoiceTest.xml'), 'r.xml');
    expect(cases.find((c) => c.name === 'appliesDiscount')).toMatchObject({
      outcome: 'failed',
      classname: 'com.acme.billing.InvoiceTest',
      message: 'expected: <90.00> but was: <100.00>',
      time: 0.034,
    });
    expect(cases.find((c) => c.name === 'appliesDiscount')!.body).toContain('InvoiceTest.java:42');
    expect(cases.find((c) => c.name === 'sendsEmail')).toMatchObject({
      outcome: 'flaky',
      message: 'Connection reset',
    });
  });

  it('reads pytest line numbers as 0-based and jest-junit messages from the failure body', () => {
    const pytest = parseJunitReport(read('pytest-xunit1.xml'), 'p.xml').cases;
    expect(pytest.find((c) => c.name === 'test_accuracy')).toMatchObject({
      file: 'tests/test_model.py',
      line: 21,
    });
    const jest = parseJunitReport(read('jest-junit.xml'), 'j.xml').cases;
    expect(jest.find((c) => c.outcome === 'failed')).toMatchObject({
      file: 'src/config/parse-config.test.ts',
      message: 'Error: expect(received).toThrow(expected)',
    });
  });

  it('reads nested suites with their own suite names', () => {
    const { cases } = parseJunitReport(read('phpunit-nested.xml'), 'n.xml');
    expect(cases.map((c) => [c.suite, c.name, c.line])).toEqual([
      ['Tests\\Unit\\CartTest', 'testAdd', 12],
      ['Tests\\Unit\\CartTest', 'testRemove', 20],
      ['Tests\\Unit\\PriceTest', 'testFormat', 9],
    ]);
  });

  it.each([
    { file: 'broken.xml.txt', message: /broken\.xml\.txt:\d+:\d+: not well-formed XML/ },
    {
      file: 'not-junit.xml.txt',
      message: /not-junit\.xml\.txt: not a JUnit report: the root element is <project>/,
    },
  ])('rejects $file naming the file', ({ file, message }) => {
    expect(() => parseJunitReport(read(file), file)).toThrow(JunitFormatError);
    expect(() => parseJunitReport(read(file), file)).toThrow(message);
  });
});

describe('runTestsGate', () => {
  it.each([
    {
      name: 'all reports, 100% required',
      config: config({ blocking: true }),
      status: 'fail',
      summary: /pass rate 61\.54% is below gates\.tests\.min_pass_rate \(100%\)/,
      metrics: {
        tests_total: 16,
        tests_passed: 7,
        tests_failed: 4,
        tests_errored: 1,
        tests_skipped: 3,
        tests_flaky: 1,
        pass_rate: (8 / 13) * 100,
      },
    },
    {
      name: 'a low bar',
      config: config({ min_pass_rate: 55 }),
      status: 'pass',
      summary: /^13 tests ran: 7 passed, 4 failed, 1 errored, 3 skipped, 1 flaky; pass rate 61\.54%\.$/,
      metrics: { tests_total: 16, pass_rate: (8 / 13) * 100 },
    },
    {
      name: 'flaky tests not allowed',
      config: config({ min_pass_rate: 55, allow_flaky: false }),
      status: 'fail',
      summary: /pass rate 53\.85% is below gates\.tests\.min_pass_rate \(55%\)/,
      metrics: { pass_rate: (7 / 13) * 100 },
    },
    {
      name: 'one passing report but too few tests',
      config: config({ junit: 'junit/jest-junit.xml', min_pass_rate: 0, min_tests: 10 }),
      status: 'fail',
      summary: /3 tests ran, fewer than gates\.tests\.min_tests \(10\)/,
      metrics: { tests_total: 4 },
    },
  ])('judges $name', async ({ config: gateConfig, status, summary, metrics }) => {
    const result = await runTestsGate(gateConfig, makeFixtureContext());
    expect(result).toMatchObject({ gate: 'tests', status, blocking: gateConfig.blocking, metrics });
    expect(result.summary).toMatch(summary);
  });

  it('annotates failed tests at their file and line, or at the report when they name none', async () => {
    const result = await runTestsGate(config({}), makeFixtureContext());
    expect(result.annotations.map((a) => [a.path, a.start_line, a.title])).toEqual([
      [
        'src/config/parse-config.test.ts',
        27,
        'Test failed: parseConfig rejects unknown keys › parseConfig rejects unknown keys',
      ],
      ['tests/Unit/CartTest.php', 20, 'Test failed: Tests.Unit.CartTest › testRemove'],
      ['tests/test_model.py', 21, 'Test failed: tests.test_model › test_accuracy'],
      [
        'junit/surefire-TEST-com.acme.billing.InvoiceTest.xml',
        1,
        'Test failed: com.acme.billing.InvoiceTest › appliesDiscount',
      ],
      [
        'junit/surefire-TEST-com.acme.billing.InvoiceTest.xml',
        1,
        'Test errored: com.acme.billing.InvoiceTest › roundsHalfEven',
      ],
    ]);
    expect(result.annotations[2]!.message).toContain('AssertionError: assert 0.81 >= 0.9');
    expect(result.annotations.every((a) => a.level === 'failure')).toBe(true);
    expect(result.details).toContain('| junit/pytest-xunit1.xml | 3 | 1 | 0 | 1 |');
  });

  it('caps annotations at max_annotations', async () => {
    const result = await runTestsGate(config({ max_annotations: 2 }), makeFixtureContext());
    expect(result.annotations).toHaveLength(2);
  });

  it('skips, naming the glob, when no report matches', async () => {
    const result = await runTestsGate(
      config({ junit: ['reports/**/*.xml', 'build/*.xml'] }),
      makeFixtureContext(),
    );
    expect(result.status).toBe('skip');
    expect(result.summary).toMatch(
      /^gates\.tests\.junit: 'reports\/\*\*\/\*\.xml', 'build\/\*\.xml' matched no file/,
    );
  });

  it('is an error naming the file when a report is malformed', async () => {
    const result = await runTestsGate(config({ junit: 'junit/*.txt', blocking: true }), makeFixtureContext());
    expect(result).toMatchObject({ status: 'error', blocking: true });
    expect(result.summary).toMatch(/^junit\/broken\.xml\.txt:\d+:\d+: not well-formed XML/);
  });
});
