import { parse } from 'yaml';
import { z } from 'zod';
import { gatesSchema, listCommands } from '../../../src/gates/config.js';

const example = `
tests:    { junit: "reports/**/*.xml", min_pass_rate: 100, blocking: true }
coverage: { lcov: "coverage/lcov.info", min: 80, max_drop: 2, baseline: "coverage/base-summary.json" }
sarif:    { files: "scan/*.sarif", fail_on: error, only_changed_lines: true }
dependencies: { npm_audit: "audit.json", severity: high, allow: [ { id: GHSA-xxxx-xxxx-xxxx, until: 2027-01-31, reason: "no fix yet" } ] }
secrets:  { allow: [ "test/fixtures/**" ] }
integrity: { manifest: "artifacts/SHA256SUMS", root: "artifacts" }
performance: { current: "perf/current.json", baseline: "perf/baseline.json", metrics: { accuracy: { min_ratio: 0.95 }, p95_ms: { max_increase: 0.10 } } }
command:  [ { name: typecheck, run: "npm run typecheck", timeout: 5m, blocking: true } ]
`;

function issuesOf(input: unknown): Array<{ path: string; message: string }> {
  const result = gatesSchema.safeParse(input);
  if (result.success) return [];
  return result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

describe('gatesSchema', () => {
  it('reads the documented example with its defaults', () => {
    const config = gatesSchema.parse(parse(example));
    expect(config.tests).toEqual({
      junit: 'reports/**/*.xml',
      min_pass_rate: 100,
      min_tests: 1,
      allow_flaky: true,
      max_annotations: 50,
      required: false,
      blocking: true,
    });
    expect(config.sarif).toEqual({
      files: 'scan/*.sarif',
      fail_on: 'error',
      only_changed_lines: true,
      max_annotations: 1000,
      required: false,
      blocking: false,
    });
    expect(config.dependencies).toMatchObject({
      severity: 'high',
      unknown_severity: 'high',
      allow: [{ id: 'GHSA-xxxx-xxxx-xxxx', until: '2027-01-31', reason: 'no fix yet' }],
      required: false,
      blocking: false,
    });
    expect(config.secrets).toEqual({
      allow: ['test/fixtures/**'],
      allow_fingerprints: [],
      entropy: 3.5,
      required: false,
      blocking: false,
    });
    expect(config.integrity).toEqual({
      manifest: 'artifacts/SHA256SUMS',
      root: 'artifacts',
      allow_unlisted: false,
      ignore: [],
      required: false,
      blocking: false,
    });
    expect(listCommands(config)).toEqual([
      { name: 'typecheck', run: 'npm run typecheck', timeout: '5m', blocking: true },
    ]);
  });

  it('accepts an empty section and a single command object', () => {
    expect(gatesSchema.parse({})).toEqual({});
    const config = gatesSchema.parse({ command: { run: 'make lint' } });
    expect(listCommands(config)).toEqual([
      { name: 'command', run: 'make lint', timeout: '10m', blocking: false },
    ]);
  });

  it.each([
    { name: 'an unknown gate', input: { lint: {} }, path: '', message: /Unrecognized key: "lint"/ },
    {
      name: 'an unknown key in a gate',
      input: { tests: { junit: 'a.xml', min_pass: 90 } },
      path: 'tests',
      message: /Unrecognized key: "min_pass"/,
    },
    {
      name: 'a pass rate above 100',
      input: { tests: { junit: 'a.xml', min_pass_rate: 120 } },
      path: 'tests.min_pass_rate',
      message: /<=100/,
    },
    {
      name: 'coverage without a report',
      input: { coverage: { min: 80 } },
      path: 'coverage',
      message: /set one of lcov, cobertura or istanbul/,
    },
    {
      name: 'an unknown SARIF level',
      input: { sarif: { files: 'x', fail_on: 'critical' } },
      path: 'sarif.fail_on',
      message: /error.*warning.*note.*none/,
    },
    {
      name: 'an allowance without expiry',
      input: { dependencies: { npm_audit: 'a.json', allow: [{ id: 'GHSA-1', reason: 'x' }] } },
      path: 'dependencies.allow.0.until',
      message: /./,
    },
    {
      name: 'an allowance with a bad date',
      input: {
        dependencies: { npm_audit: 'a.json', allow: [{ id: 'GHSA-1', until: '31/01/2027', reason: 'x' }] },
      },
      path: 'dependencies.allow.0.until',
      message: /date/i,
    },
    {
      name: 'dependencies without a report',
      input: { dependencies: { severity: 'low' } },
      path: 'dependencies',
      message: /set one of npm_audit, osv_scanner or pip_audit/,
    },
    {
      name: 'a bad fingerprint',
      input: { secrets: { allow_fingerprints: ['abc'] } },
      path: 'secrets.allow_fingerprints.0',
      message: /12 hex characters/,
    },
    {
      name: 'a metric rule without bounds',
      input: { performance: { current: 'c.json', metrics: { a: {} } } },
      path: 'performance.metrics.a',
      message: /at least one of min_ratio/,
    },
    {
      name: 'no metrics',
      input: { performance: { current: 'c.json', metrics: {} } },
      path: 'performance.metrics',
      message: /names no metric/,
    },
    {
      name: 'a bad timeout',
      input: { command: [{ name: 'a', run: 'x', timeout: '5 minutes' }] },
      path: 'command.0.timeout',
      message: /duration such as 30s/,
    },
    {
      name: 'two commands with one name',
      input: {
        command: [
          { name: 'lint', run: 'a' },
          { name: 'lint', run: 'b' },
        ],
      },
      path: 'command.1.name',
      message: /command name 'lint' is used twice/,
    },
    {
      name: 'a command named like a gate kind',
      input: { command: { name: 'tests', run: 'a' } },
      path: 'command.name',
      message: /is a gate kind/,
    },
    {
      name: 'a command name with spaces',
      input: { command: { name: 'type check', run: 'a' } },
      path: 'command.name',
      message: /letters, digits/,
    },
  ])('rejects $name at $path', ({ input, path, message }) => {
    const issues = issuesOf(input);
    expect(issues.length).toBeGreaterThan(0);
    expect(issues[0]!.path).toBe(path);
    expect(issues[0]!.message).toMatch(message);
  });

  it('converts to JSON Schema for editors and the policy file schema', () => {
    const schema = z.toJSONSchema(gatesSchema, { io: 'input' }) as {
      properties: Record<string, unknown>;
      additionalProperties: boolean;
    };
    expect(Object.keys(schema.properties)).toEqual([
      'tests',
      'coverage',
      'sarif',
      'dependencies',
      'secrets',
      'integrity',
      'performance',
      'command',
    ]);
    expect(schema.additionalProperties).toBe(false);
  });
});
