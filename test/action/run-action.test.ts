import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Octokit } from '@octokit/rest';
import nock from 'nock';
import { parse as parseYaml } from 'yaml';
import { readActionSettings } from '../../action/inputs.js';
import { runAction, type ActionDeps } from '../../action/run-action.js';
import { decodeRiskReport } from '../../src/report/risk-report-markers.js';
import { createGitFixture, lines, type GitFixture } from '../unit/risk/git/git-fixture.js';

const junit = (failures: number, total: number) => `<?xml version="1.0" encoding="UTF-8"?>
<testsuite name="checkout" tests="${total}" failures="${failures}" errors="0" skipped="0" time="0.5">
${Array.from({ length: total }, (_, i) =>
  i < failures
    ? `  <testcase classname="checkout.CartTest" name="adds item ${i}" file="src/cart.ts" line="${i + 1}" time="0.01"><failure message="expected 2 got ${i}">AssertionError: expected 2 got ${i}</failure></testcase>`
    : `  <testcase classname="checkout.CartTest" name="passes ${i}" time="0.01"/>`,
).join('\n')}
</testsuite>
`;

const policy = `gates:
  tests: { junit: "reports/*.xml", blocking: true, max_annotations: 200 }
  secrets: {}
`;

let fixture: GitFixture;
let base: string;
let head: string;

beforeAll(() => {
  fixture = createGitFixture('shipgate-action-');
  base = fixture.commit({
    author: 'Ada',
    date: '2026-10-01T10:00:00Z',
    message: 'Add cart',
    files: { 'src/cart.ts': lines('export const a', 1, 40), '.github/shipgate.yml': policy },
  });
  head = fixture.commit({
    author: 'Ben',
    date: '2026-10-02T10:00:00Z',
    message: 'Change cart totals',
    files: { 'src/cart.ts': lines('export const b', 1, 60), 'reports/junit.xml': junit(120, 130) },
  });
});
afterAll(() => fixture.remove());

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});

function settingsFor(extra: Record<string, string> = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'shipgate-event-'));
  const eventPath = path.join(dir, 'event.json');
  writeFileSync(
    eventPath,
    JSON.stringify({ pull_request: { number: 7, base: { sha: base }, head: { sha: head } } }),
  );
  return readActionSettings({
    GITHUB_WORKSPACE: fixture.dir,
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_API_URL: 'https://api.github.com',
    RUNNER_TEMP: dir,
    SHIPGATE_GITHUB_TOKEN: 'test-token',
    ...extra,
  });
}

function depsFor(octokit: Octokit | null) {
  const outputs: Record<string, string> = {};
  const logs: string[] = [];
  const summaries: string[] = [];
  const files: Record<string, string> = {};
  const deps: ActionDeps = {
    octokit,
    now: () => new Date('2026-10-02T12:00:00Z'),
    log: (line) => logs.push(line),
    setOutput: (name, value) => (outputs[name] = value),
    writeSummary: async (markdown) => void summaries.push(markdown),
    writeFile: async (file, text) => void (files[file] = text),
    commandEnv: {},
  };
  return { deps, outputs, logs, summaries, files };
}

describe('the Action', () => {
  it('posts the check run with gates, score and the machine-readable report, annotations in batches of 50', async () => {
    const settings = settingsFor();
    const octokit = new Octokit({ auth: 'test-token', baseUrl: 'https://api.github.com' });
    const bodies: Record<string, unknown>[] = [];
    const api = nock('https://api.github.com')
      .get(`/repos/acme/shop/commits/${head}/check-runs`)
      .query({ check_name: 'shipgate / risk', filter: 'latest' })
      .reply(200, { total_count: 0, check_runs: [] })
      .post('/repos/acme/shop/check-runs', (body) => {
        bodies.push(body);
        return body.name === 'shipgate / risk' && body.head_sha === head && body.status === 'completed';
      })
      .reply(201, { id: 99, html_url: 'https://github.com/acme/shop/runs/99' })
      .patch('/repos/acme/shop/check-runs/99', (body) => {
        bodies.push(body);
        return true;
      })
      .times(2)
      .reply(200, { id: 99, html_url: 'https://github.com/acme/shop/runs/99' });

    const { deps, outputs, summaries, files } = depsFor(octokit);
    const outcome = await runAction(settings, deps);
    expect(api.isDone()).toBe(true);

    expect(outcome.conclusion).toBe('failure');
    const [created, second, third] = bodies as {
      conclusion?: string;
      output: { title: string; summary: string; text: string; annotations?: unknown[] };
    }[];
    expect(created!.conclusion).toBe('failure');
    expect(created!.output.title).toMatch(
      /^Risk \d+\/100 \((trivial|low|medium|high)\) · (promote|review|hold) · 1 gate failing$/,
    );
    expect(created!.output.summary).toContain('| tests | ❌ fail | blocking |');
    expect(created!.output.annotations).toHaveLength(50);
    expect(second!.output.annotations).toHaveLength(50);
    expect(third!.output.annotations).toHaveLength(20);
    expect(created!.output.annotations![0]).toEqual({
      path: 'src/cart.ts',
      start_line: 1,
      end_line: 1,
      annotation_level: 'failure',
      title: expect.stringContaining('adds item 0'),
      message: expect.stringContaining('expected 2 got 0'),
    });

    const report = decodeRiskReport(created!.output.text);
    expect(report).toMatchObject({
      sha: head,
      base_sha: base,
      failed_gates: ['tests'],
      conclusion: 'failure',
    });
    expect(report!.score).toBe(Number(outputs.risk_score));

    expect(Object.keys(outputs).sort()).toEqual([
      'failed_gates',
      'recommendation',
      'report_path',
      'risk_score',
      'risk_tier',
    ]);
    expect(outputs.failed_gates).toBe('tests');
    expect(JSON.parse(files[outputs.report_path!]!)).toEqual(report);
    expect(summaries[0]).toBe(created!.output.summary);
  });

  it('updates its earlier check run instead of adding another', async () => {
    const settings = settingsFor({ SHIPGATE_GATES: 'secrets' });
    const octokit = new Octokit({ auth: 'test-token', baseUrl: 'https://api.github.com' });
    nock('https://api.github.com')
      .get(`/repos/acme/shop/commits/${head}/check-runs`)
      .query(true)
      .reply(200, {
        total_count: 2,
        check_runs: [
          { id: 5, app: { slug: 'someone-else' } },
          { id: 6, app: { slug: 'github-actions' } },
        ],
      })
      .patch(
        '/repos/acme/shop/check-runs/6',
        (body) => body.status === 'completed' && body.conclusion !== 'failure',
      )
      .reply(200, { id: 6, html_url: 'https://github.com/acme/shop/runs/6' });
    const { deps, outputs } = depsFor(octokit);
    const outcome = await runAction(settings, deps);
    expect(outcome.checkRun).toEqual({ id: 6, url: 'https://github.com/acme/shop/runs/6' });
    expect(outputs.failed_gates).toBe('');
  });

  it('dry-run writes nothing to GitHub and prints what it would post', async () => {
    const settings = settingsFor({ SHIPGATE_DRY_RUN: 'true', SHIPGATE_GITHUB_TOKEN: '' });
    const { deps, logs, outputs } = depsFor(null);
    const outcome = await runAction(settings, deps);
    expect(outcome.checkRun).toBeNull();
    expect(logs[0]).toContain(
      `dry-run: would post check run 'shipgate / risk' on ${head} with conclusion failure`,
    );
    expect(outputs.risk_tier).toMatch(/^(trivial|low|medium|high)$/);
  });

  it('fail-on: never reports a failing blocking gate as neutral', async () => {
    const settings = settingsFor({ SHIPGATE_DRY_RUN: 'true', SHIPGATE_FAIL_ON: 'never' });
    const { deps } = depsFor(null);
    expect((await runAction(settings, deps)).conclusion).toBe('neutral');
  });

  it.each([
    [
      { SHIPGATE_FAIL_ON: 'sometimes' },
      "input fail-on is 'sometimes'; use blocking-gates, high-risk or never",
    ],
    [{ SHIPGATE_DRY_RUN: 'yes' }, "input dry-run is 'yes'; use true or false"],
    [{ SHIPGATE_GITHUB_TOKEN: '' }, 'input github-token is empty'],
  ])('rejects bad input %j', (env, message) => {
    expect(() => settingsFor(env)).toThrow(message);
  });
});

describe('action.yml', () => {
  const action = parseYaml(readFileSync('action.yml', 'utf8')) as {
    inputs: Record<string, { description: string; default?: string }>;
    outputs: Record<string, { value: string }>;
    runs: { using: string; steps: { id: string; run: string; env: Record<string, string> }[] };
  };
  const inputsSource = readFileSync('action/inputs.ts', 'utf8');

  it('is a composite action that runs the committed bundle', () => {
    expect(action.runs.using).toBe('composite');
    expect(action.runs.steps[0]!.run).toBe('node "${{ github.action_path }}/dist/index.cjs"');
  });

  it.each(Object.keys(action.inputs))(
    'maps input %s to an environment variable that inputs.ts reads',
    (input) => {
      const variable = `SHIPGATE_${input.toUpperCase().replace(/-/g, '_')}`;
      expect(action.runs.steps[0]!.env[variable]).toBe(`\${{ inputs.${input} }}`);
      expect(inputsSource).toContain(`env.${variable}`);
      expect(action.inputs[input]!.description.length).toBeGreaterThan(10);
      expect(action.inputs[input]).toHaveProperty('default');
    },
  );

  it('declares exactly the outputs the Action sets, each from the step', () => {
    expect(Object.keys(action.outputs).sort()).toEqual([
      'failed_gates',
      'recommendation',
      'report_path',
      'risk_score',
      'risk_tier',
    ]);
    for (const [name, output] of Object.entries(action.outputs))
      expect(output.value).toBe(`\${{ steps.shipgate.outputs.${name} }}`);
  });
});
