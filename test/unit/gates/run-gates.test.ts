import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gatesSchema } from '../../../src/gates/config.js';
import { createNodeContext } from '../../../src/gates/node-context.js';
import { listBlockingFailures, runGates } from '../../../src/gates/run-gates.js';
import type { GateResult } from '../../../src/gates/types.js';
import { fixturesDir, makeFixtureContext, now } from './fixture-context.js';

const config = gatesSchema.parse({
  tests: { junit: 'junit/*.xml', min_pass_rate: 50, blocking: true },
  coverage: { lcov: 'coverage/lcov.info', min: 60 },
  sarif: { files: 'sarif/*.sarif', fail_on: 'error', only_changed_lines: true },
  dependencies: { npm_audit: 'dependencies/npm-audit.json', severity: 'critical', blocking: true },
  secrets: {},
  integrity: { manifest: 'integrity/artifacts/SHA256SUMS' },
  performance: {
    current: 'performance/current.json',
    baseline: 'performance/baseline.json',
    metrics: { accuracy: { min_ratio: 0.95 } },
  },
  command: [
    { name: 'lint', run: 'node -e "process.exit(0)"' },
    { name: 'typecheck', run: 'node -e "process.exit(2)"', blocking: true },
  ],
});

const statuses = (results: GateResult[]) => results.map((r) => [r.gate, r.status]);

describe('runGates', () => {
  it('runs every configured gate in order over a real diff', async () => {
    const diff = readFileSync(path.join(fixturesDir, 'diff', 'change.diff'), 'utf8');
    const results = await runGates(config, createNodeContext({ cwd: fixturesDir, now, diff }));
    expect(statuses(results)).toEqual([
      ['tests', 'pass'],
      ['coverage', 'pass'],
      ['sarif', 'pass'],
      ['dependencies', 'fail'],
      ['secrets', 'pass'],
      ['integrity', 'pass'],
      ['performance', 'pass'],
      ['lint', 'pass'],
      ['typecheck', 'fail'],
    ]);
    expect(listBlockingFailures(results).map((r) => r.gate)).toEqual(['dependencies', 'typecheck']);
  });

  it.each([
    {
      only: ['sarif', 'typecheck'],
      gates: [
        ['sarif', 'fail'],
        ['typecheck', 'fail'],
      ],
    },
    {
      only: ['command'],
      gates: [
        ['lint', 'pass'],
        ['typecheck', 'fail'],
      ],
    },
    { only: ['secrets'], gates: [['secrets', 'skip']] },
    { only: [' tests ', ''], gates: [['tests', 'pass']] },
  ])('runs only $only', async ({ only, gates }) => {
    expect(statuses(await runGates(config, makeFixtureContext(), only))).toEqual(gates);
  });

  it('reports a requested gate that is not configured, naming the configured ones', async () => {
    const results = await runGates(gatesSchema.parse({ secrets: {} }), makeFixtureContext(), [
      'lint',
      'secrets',
    ]);
    expect(statuses(results)).toEqual([
      ['lint', 'error'],
      ['secrets', 'skip'],
    ]);
    expect(results[0]!.summary).toBe(
      "Gate 'lint' is not configured: the policy's gates: section has secrets. Fix the gates list or add gates.lint to the policy.",
    );
  });

  it('turns a gate that throws into an error and runs the rest', async () => {
    const ctx = makeFixtureContext();
    ctx.readFile = async (file) => {
      if (file.endsWith('current.json'))
        throw Object.assign(new Error(`EACCES: permission denied, open '${file}'`), { code: 'EACCES' });
      return null;
    };
    const results = await runGates(
      gatesSchema.parse({
        performance: { current: 'performance/current.json', metrics: { a: { min: 1 } }, blocking: true },
        integrity: { manifest: 'nope' },
      }),
      ctx,
    );
    expect(statuses(results)).toEqual([
      ['integrity', 'skip'],
      ['performance', 'error'],
    ]);
    expect(results[1]).toMatchObject({
      blocking: true,
      summary:
        "The performance gate could not run: Error: EACCES: permission denied, open 'performance/current.json'",
    });
    expect(listBlockingFailures(results).map((r) => r.gate)).toEqual(['performance']);
  });

  it.each([
    { required: false, status: 'skip' },
    { required: true, status: 'fail' },
  ])('makes a missing input $status when required is $required', async ({ required, status }) => {
    const gates = gatesSchema.parse({ tests: { junit: 'reports/*.xml', required, blocking: true } });
    const [result] = await runGates(gates, makeFixtureContext());
    expect(result!.status).toBe(status);
    expect(result!.summary).toMatch(/^gates\.tests\.junit: 'reports\/\*\.xml' matched no file/);
    expect(listBlockingFailures([result!])).toHaveLength(required ? 1 : 0);
    if (required)
      expect(result!.summary).toMatch(/\(gates\.tests\.required is set, so a missing input fails\.\)$/);
  });

  it('runs nothing for an empty gates section', async () => {
    expect(await runGates(gatesSchema.parse({}), makeFixtureContext())).toEqual([]);
  });
});
