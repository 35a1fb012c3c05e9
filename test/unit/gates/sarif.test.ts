import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sarifGateSchema } from '../../../src/gates/config.js';
import { judgeSarif, parseSarif, runSarifGate, SarifFormatError } from '../../../src/gates/sarif.js';
import { fixturesDir, makeFixtureContext } from './fixture-context.js';

const read = (file: string) => readFileSync(path.join(fixturesDir, 'sarif', file), 'utf8');
const config = (extra: Record<string, unknown>) =>
  sarifGateSchema.parse({ files: 'sarif/*.sarif', ...extra });
const root = '/home/runner/work/app/app';

describe('parseSarif', () => {
  it.each([
    {
      file: 'codeql.sarif',
      findings: [
        ['CodeQL', 'js/sql-injection', 'error', 'src/db/query.js', 14, false],
        ['CodeQL', 'js/unused-local-variable', 'note', 'src/db/query.js', 30, false],
        ['CodeQL', 'js/sql-injection', 'error', 'src/db/query.js', 50, true],
      ],
    },
    {
      file: 'semgrep.sarif',
      findings: [
        [
          'Semgrep OSS',
          'python.flask.security.audit.render-template-string.render-template-string',
          'error',
          'app/views.py',
          18,
          false,
        ],
        [
          'Semgrep OSS',
          'python.flask.security.audit.debug-enabled.debug-enabled',
          'warning',
          'app/settings.py',
          3,
          false,
        ],
      ],
    },
    {
      file: 'eslint.sarif',
      findings: [
        ['ESLint', 'no-unused-vars', 'warning', 'src/index.js', 3, false],
        ['ESLint', 'no-eval', 'error', 'src/index.js', 12, false],
      ],
    },
    {
      file: 'bandit.sarif',
      findings: [
        ['Bandit', 'B105', 'warning', 'app/config.py', 7, false],
        ['Bandit', 'B101', 'note', 'app/utils.py', 40, false],
      ],
    },
  ])('reads $file: tool, rule, resolved level, repository path, line, suppression', ({ file, findings }) => {
    const parsed = parseSarif(read(file), file, root);
    expect(parsed.map((f) => [f.tool, f.ruleId, f.level, f.path, f.startLine, f.suppressed])).toEqual(
      findings,
    );
  });

  it.each([
    {
      name: 'result level wins',
      result: { level: 'note' },
      rule: { defaultConfiguration: { level: 'error' } },
      level: 'note',
    },
    {
      name: 'rule default next',
      result: {},
      rule: { defaultConfiguration: { level: 'error' } },
      level: 'error',
    },
    { name: 'warning last', result: {}, rule: {}, level: 'warning' },
    {
      name: 'a non-failure kind is none',
      result: { kind: 'pass' },
      rule: { defaultConfiguration: { level: 'error' } },
      level: 'none',
    },
  ])('resolves the level: $name', ({ result, rule, level }) => {
    const log = {
      version: '2.1.0',
      runs: [
        {
          tool: { driver: { name: 'T', rules: [{ id: 'R1', ...rule }] } },
          results: [{ ruleId: 'R1', message: { text: 'm' }, ...result }],
        },
      ],
    };
    expect(parseSarif(JSON.stringify(log), 'x.sarif', root)[0]!.level).toBe(level);
  });

  it('fills message templates, resolves uriBaseId and extension rules, and honours suppression status', () => {
    const log = {
      version: '2.1.0',
      runs: [
        {
          tool: {
            driver: { name: 'T' },
            extensions: [
              {
                name: 'pack',
                rules: [
                  {
                    id: 'X1',
                    defaultConfiguration: { level: 'error' },
                    messageStrings: { default: { text: 'Call to {0} with {1}.' } },
                  },
                ],
              },
            ],
          },
          originalUriBaseIds: { SRC: { uri: 'file:///home/runner/work/app/app/' } },
          results: [
            {
              rule: { id: 'X1', index: 0, toolComponent: { index: 0 } },
              message: { id: 'default', arguments: ['exec', 'user input'] },
              locations: [
                {
                  physicalLocation: {
                    artifactLocation: { uri: 'lib/run%20me.py', uriBaseId: 'SRC' },
                    region: { startLine: 4, endLine: 6 },
                  },
                },
              ],
              suppressions: [{ kind: 'external', status: 'rejected' }],
            },
            { ruleId: 'X1', message: { text: 'no location' } },
          ],
        },
      ],
    };
    const [first, second] = parseSarif(JSON.stringify(log), 'x.sarif', root);
    expect(first).toEqual({
      tool: 'T',
      ruleId: 'X1',
      level: 'error',
      message: 'Call to exec with user input.',
      path: 'lib/run me.py',
      startLine: 4,
      endLine: 6,
      located: true,
      suppressed: false,
    });
    expect(second).toMatchObject({ level: 'error', path: 'x.sarif', startLine: 1, located: false });
  });

  it.each([
    { text: '{"version": "2.1.0", "runs": [ {"tool": ', message: /^x\.sarif: not valid JSON/ },
    { text: '{"version": "1.0.0", "runs": []}', message: /SARIF version '1\.0\.0' is not supported/ },
    { text: '{"version": "2.1.0"}', message: /not a SARIF log: it has no 'runs' array/ },
    { text: '{"version": "2.1.0", "runs": [{"results": []}]}', message: /runs\[0\] has no tool\.driver/ },
  ])('rejects malformed input naming the file: $message', ({ text, message }) => {
    expect(() => parseSarif(text, 'x.sarif', root)).toThrow(SarifFormatError);
    expect(() => parseSarif(text, 'x.sarif', root)).toThrow(message);
  });
});

describe('judgeSarif', () => {
  const findings = [
    ...parseSarif(read('codeql.sarif'), 'codeql.sarif', root),
    ...parseSarif(read('eslint.sarif'), 'eslint.sarif', root),
  ];

  it.each([
    {
      fail_on: 'error',
      status: 'fail',
      failing: 2,
      summary: '2 results at or above gates.sarif.fail_on (error): 2 error, 1 warning, 1 note.',
    },
    {
      fail_on: 'warning',
      status: 'fail',
      failing: 3,
      summary: '3 results at or above gates.sarif.fail_on (warning): 2 error, 1 warning, 1 note.',
    },
    {
      fail_on: 'note',
      status: 'fail',
      failing: 4,
      summary: '4 results at or above gates.sarif.fail_on (note): 2 error, 1 warning, 1 note.',
    },
    {
      fail_on: 'none',
      status: 'pass',
      failing: 0,
      summary: 'No result at or above gates.sarif.fail_on (none): 2 error, 1 warning, 1 note.',
    },
  ])('fail_on $fail_on → $status', ({ fail_on, status, failing, summary }) => {
    const result = judgeSarif(findings, ['a', 'b'], config({ fail_on }), undefined);
    expect(result.status).toBe(status);
    expect(result.summary).toBe(summary);
    expect(result.metrics).toMatchObject({ sarif_failing: failing, sarif_suppressed: 1, sarif_results: 4 });
    expect(result.annotations.map((a) => a.level)).toEqual(['failure', 'failure', 'warning', 'notice']);
  });

  it.each([
    { name: 'touching the error line', changed: [['src/index.js', [12]]], status: 'fail', judged: 1 },
    {
      name: 'touching a line inside a multi-line region',
      changed: [['src/db/query.js', [14]]],
      status: 'fail',
      judged: 1,
    },
    { name: 'touching only warning lines', changed: [['src/index.js', [3]]], status: 'pass', judged: 1 },
    { name: 'touching other files', changed: [['README.md', [1]]], status: 'pass', judged: 0 },
  ])('only_changed_lines: $name', ({ changed, status, judged }) => {
    const changedLines = new Map(changed.map(([p, lines]) => [p as string, new Set(lines as number[])]));
    const result = judgeSarif(findings, ['a'], config({ only_changed_lines: true }), changedLines);
    expect(result.status).toBe(status);
    expect(result.annotations).toHaveLength(judged);
    expect(result.summary).toContain('on changed lines');
  });

  it('judges every result, and says so, when only_changed_lines is set but no diff is known', () => {
    const result = judgeSarif(findings, ['a'], config({ only_changed_lines: true }), undefined);
    expect(result.status).toBe('fail');
    expect(result.details).toContain('no diff is known, so every result was judged');
  });

  it('caps annotations at max_annotations, most severe first', () => {
    const result = judgeSarif(findings, ['a'], config({ max_annotations: 1 }), undefined);
    expect(result.annotations).toEqual([
      {
        path: 'src/db/query.js',
        start_line: 14,
        end_line: 14,
        level: 'failure',
        title: 'CodeQL: js/sql-injection',
        message: 'This query string depends on a [user-provided value](1).',
      },
    ]);
    expect(result.details).toContain('Annotated the first 1 of 4 results');
  });
});

describe('runSarifGate', () => {
  it('reads every matching file', async () => {
    const result = await runSarifGate(config({ blocking: true }), makeFixtureContext());
    expect(result).toMatchObject({ gate: 'sarif', status: 'fail', blocking: true });
    expect(result.metrics).toEqual({
      sarif_results: 8,
      sarif_errors: 3,
      sarif_warnings: 3,
      sarif_notes: 2,
      sarif_suppressed: 1,
      sarif_failing: 3,
    });
    expect(result.details).toContain('| CodeQL | js/sql-injection | error | 1 |');
  });

  it('skips, naming the glob, when no file matches', async () => {
    const result = await runSarifGate(config({ files: 'scan/*.sarif' }), makeFixtureContext());
    expect(result.status).toBe('skip');
    expect(result.summary).toMatch(/^gates\.sarif\.files: 'scan\/\*\.sarif' matched no file/);
  });

  it('is an error naming the file when one is malformed', async () => {
    const result = await runSarifGate(
      config({ files: ['sarif/*.sarif', 'sarif/truncated.sarif.txt'] }),
      makeFixtureContext(),
    );
    expect(result.status).toBe('error');
    expect(result.summary).toMatch(/^sarif\/truncated\.sarif\.txt: not valid JSON/);
  });
});
