import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { TestsGateConfig } from './config.js';
import { escapeTableCell, formatNumber, makeErrorResult, makeSkipResult } from './gate-result.js';
import { readMatchedFiles } from './read-matched-files.js';
import { toRepoPath } from './to-repo-path.js';
import type { Annotation, GateContext, GateResult } from './types.js';

export type TestOutcome = 'passed' | 'failed' | 'errored' | 'skipped' | 'flaky';

export interface TestCase {
  suite: string;
  classname: string;
  name: string;
  outcome: TestOutcome;
  /** Seconds, when the report gives it. */
  time?: number;
  file?: string;
  line?: number;
  /** The failure or error message, and its body (stack trace), when the test did not pass. */
  message?: string;
  body?: string;
}

export interface JunitReport {
  /** The report file, for messages and as the annotation path when a test names no file. */
  source: string;
  cases: TestCase[];
}

/** Thrown when a file is not a JUnit XML report; the message names the file and the problem. */
export class JunitFormatError extends Error {
  override name = 'JunitFormatError';
}

type XmlNode = Record<string, unknown>;

const arrayTags = new Set([
  'testsuite',
  'testcase',
  'failure',
  'error',
  'skipped',
  'flakyFailure',
  'flakyError',
  'rerunFailure',
  'rerunError',
  'stackTrace',
]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  attributesGroupName: '@',
  textNodeName: '#text',
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: false,
  processEntities: true,
  isArray: (tagName) => arrayTags.has(tagName),
});

function attr(node: XmlNode, name: string): string | undefined {
  const attrs = node['@'] as Record<string, string> | undefined;
  const value = attrs?.[name];
  return value === undefined ? undefined : String(value);
}

function children(node: XmlNode, tag: string): XmlNode[] {
  const value = node[tag];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map((item) =>
    typeof item === 'object' && item !== null ? (item as XmlNode) : { '#text': String(item) },
  );
}

function textOf(node: XmlNode): string {
  const text = node['#text'];
  return typeof text === 'string' ? text.trim() : '';
}

/** Finds `<file>:<line>` in a stack trace (jest-junit names the file but not the line). */
function findLineInTrace(trace: string, file: string): number | undefined {
  const escaped = file.replace(/^\.\//, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`(?:^|[\\s(/])${escaped}:(\\d+)`, 'm').exec(trace);
  return match ? Number(match[1]) : undefined;
}

function readCase(node: XmlNode, suite: string, lineIsZeroBased: boolean): TestCase {
  const failure = children(node, 'failure')[0];
  const error = children(node, 'error')[0];
  const skipped = children(node, 'skipped')[0];
  const flaky = children(node, 'flakyFailure')[0] ?? children(node, 'flakyError')[0];
  let outcome: TestOutcome = 'passed';
  let problem: XmlNode | undefined;
  if (failure) [outcome, problem] = ['failed', failure];
  else if (error) [outcome, problem] = ['errored', error];
  else if (skipped) [outcome, problem] = ['skipped', skipped];
  else if (flaky) [outcome, problem] = ['flaky', flaky];
  const timeText = attr(node, 'time');
  const lineText = attr(node, 'line');
  const line =
    lineText !== undefined && /^\d+$/.test(lineText)
      ? Number(lineText) + (lineIsZeroBased ? 1 : 0)
      : undefined;
  const testCase: TestCase = {
    suite,
    classname: attr(node, 'classname') ?? '',
    name: attr(node, 'name') ?? '(unnamed test)',
    outcome,
  };
  if (timeText !== undefined && Number.isFinite(Number(timeText.replace(/,/g, '')))) {
    testCase.time = Number(timeText.replace(/,/g, ''));
  }
  const file = attr(node, 'file');
  if (file) testCase.file = file;
  if (line !== undefined && line > 0) testCase.line = line;
  if (problem) {
    const body = textOf(problem) || textOf(children(problem, 'stackTrace')[0] ?? {});
    const message = attr(problem, 'message') || body.split('\n')[0] || attr(problem, 'type');
    if (message) testCase.message = message;
    if (body) testCase.body = body;
    if (testCase.file && testCase.line === undefined && body) {
      const found = findLineInTrace(body, testCase.file);
      if (found !== undefined) testCase.line = found;
    }
  }
  return testCase;
}

function readSuite(node: XmlNode, parentName: string, out: TestCase[], parentIsPytest: boolean): void {
  const name = attr(node, 'name') ?? parentName;
  // pytest writes 0-based line numbers into the `line` attribute.
  const isPytest = parentIsPytest || name === 'pytest';
  for (const testCase of children(node, 'testcase')) out.push(readCase(testCase, name, isPytest));
  for (const nested of children(node, 'testsuite')) readSuite(nested, name, out, isPytest);
}

/** Reads a JUnit XML report (maven-surefire, jest-junit, pytest and friends) into test cases. */
export function parseJunitReport(xml: string, source: string): JunitReport {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new JunitFormatError(
      `${source}:${valid.err.line}:${valid.err.col}: not well-formed XML (${valid.err.msg}).`,
    );
  }
  const document = parser.parse(xml) as XmlNode;
  const cases: TestCase[] = [];
  if (document.testsuites !== undefined) {
    const root = (typeof document.testsuites === 'object' ? document.testsuites : {}) as XmlNode;
    for (const suite of children(root, 'testsuite')) readSuite(suite, '', cases, false);
  } else if (document.testsuite !== undefined) {
    for (const suite of children(document, 'testsuite')) readSuite(suite, '', cases, false);
  } else {
    const root = Object.keys(document).find((key) => !key.startsWith('?')) ?? '(none)';
    throw new JunitFormatError(
      `${source}: not a JUnit report: the root element is <${root}>, expected <testsuites> or <testsuite>.`,
    );
  }
  return { source, cases };
}

export interface TestCounts {
  total: number;
  passed: number;
  failed: number;
  errored: number;
  skipped: number;
  flaky: number;
  /** passed / (total − skipped) × 100, flaky counted as passed when allowed; 100 when nothing ran. */
  passRate: number;
}

/** Counts outcomes across reports. */
export function countTests(reports: JunitReport[], allowFlaky: boolean): TestCounts {
  const counts = { total: 0, passed: 0, failed: 0, errored: 0, skipped: 0, flaky: 0 };
  for (const report of reports) {
    for (const testCase of report.cases) {
      counts.total += 1;
      counts[testCase.outcome] += 1;
    }
  }
  const ran = counts.total - counts.skipped;
  const good = counts.passed + (allowFlaky ? counts.flaky : 0);
  return { ...counts, passRate: ran === 0 ? 100 : (good / ran) * 100 };
}

function describeCase(testCase: TestCase): string {
  return [testCase.classname, testCase.name].filter(Boolean).join(' › ');
}

/** Judges parsed JUnit reports against the `gates.tests` policy. */
export function judgeTests(reports: JunitReport[], config: TestsGateConfig, root: string): GateResult {
  const counts = countTests(reports, config.allow_flaky);
  const ran = counts.total - counts.skipped;
  const problems: string[] = [];
  if (ran < config.min_tests) {
    problems.push(
      `${ran} test${ran === 1 ? '' : 's'} ran, fewer than gates.tests.min_tests (${config.min_tests})`,
    );
  }
  if (counts.passRate < config.min_pass_rate) {
    problems.push(
      `pass rate ${formatNumber(counts.passRate)}% is below gates.tests.min_pass_rate (${config.min_pass_rate}%)`,
    );
  }
  const bad = reports.flatMap((report) =>
    report.cases
      .filter(
        (c) =>
          c.outcome === 'failed' || c.outcome === 'errored' || (!config.allow_flaky && c.outcome === 'flaky'),
      )
      .map((testCase) => ({ report, testCase })),
  );
  const annotations: Annotation[] = bad.slice(0, config.max_annotations).map(({ report, testCase }) => {
    const line = testCase.file && testCase.line ? testCase.line : 1;
    const kind =
      testCase.outcome === 'errored' ? 'errored' : testCase.outcome === 'flaky' ? 'is flaky' : 'failed';
    return {
      path: toRepoPath(testCase.file ?? report.source, root),
      start_line: line,
      end_line: line,
      level: 'failure',
      title: `Test ${kind}: ${describeCase(testCase)}`.slice(0, 255),
      message:
        [testCase.message, testCase.body].filter(Boolean).join('\n\n').slice(0, 4000) || `The test ${kind}.`,
    };
  });

  const status = problems.length > 0 ? 'fail' : 'pass';
  const tally = [
    `${counts.passed} passed`,
    `${counts.failed} failed`,
    `${counts.errored} errored`,
    `${counts.skipped} skipped`,
    ...(counts.flaky ? [`${counts.flaky} flaky`] : []),
  ].join(', ');
  const summary =
    status === 'pass'
      ? `${ran} tests ran: ${tally}; pass rate ${formatNumber(counts.passRate)}%.`
      : `${problems.join('; ')} (${tally}).`;
  const lines = [
    `| report | tests | failed | errored | skipped |`,
    `| --- | ---: | ---: | ---: | ---: |`,
    ...reports.map((report) => {
      const c = countTests([report], config.allow_flaky);
      return `| ${escapeTableCell(toRepoPath(report.source, root))} | ${c.total} | ${c.failed} | ${c.errored} | ${c.skipped} |`;
    }),
  ];
  if (bad.length > 0) {
    lines.push('', `**Failing tests** (${bad.length}):`, '');
    for (const { testCase } of bad.slice(0, 50)) {
      const message = testCase.message ? ` — ${escapeTableCell(testCase.message).slice(0, 200)}` : '';
      lines.push(`- \`${describeCase(testCase).replace(/`/g, "'")}\` ${testCase.outcome}${message}`);
    }
    if (bad.length > 50) lines.push(`- … and ${bad.length - 50} more`);
  }
  return {
    gate: 'tests',
    status,
    blocking: config.blocking,
    summary,
    details: lines.join('\n'),
    annotations,
    metrics: {
      tests_total: counts.total,
      tests_passed: counts.passed,
      tests_failed: counts.failed,
      tests_errored: counts.errored,
      tests_skipped: counts.skipped,
      tests_flaky: counts.flaky,
      pass_rate: counts.passRate,
    },
  };
}

/** Runs the tests gate: reads the JUnit reports the policy names and judges them. */
export async function runTestsGate(config: TestsGateConfig, ctx: GateContext): Promise<GateResult> {
  const matched = await readMatchedFiles(ctx, config.junit, 'gates.tests.junit');
  if (matched.missing !== undefined) return makeSkipResult('tests', config.blocking, matched.missing);
  const reports: JunitReport[] = [];
  for (const file of matched.files) {
    try {
      reports.push(parseJunitReport(file.text, file.path));
    } catch (error) {
      if (error instanceof JunitFormatError) return makeErrorResult('tests', config.blocking, error.message);
      throw error;
    }
  }
  return judgeTests(reports, config, ctx.cwd);
}
