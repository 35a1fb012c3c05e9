import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../../src/cli/main.js';
import { createGitFixture, lines, type GitFixture } from './git/git-fixture.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function shipgate(cwd: string, ...argv: string[]): Promise<Run> {
  const run = { stdout: '', stderr: '' };
  const code = await runCli(argv, {
    stdout: (t) => void (run.stdout += t),
    stderr: (t) => void (run.stderr += t),
    cwd,
    env: {},
  });
  return { code, ...run };
}

describe('shipgate assess', () => {
  let fixture: GitFixture;
  let elsewhere: string;
  beforeAll(() => {
    fixture = createGitFixture();
    fixture.commit({
      author: 'Alice',
      date: '2024-03-01T10:00:00Z',
      message: 'start',
      files: { 'api/server.ts': lines('s', 1, 40) },
    });
    fixture.commit({
      author: 'Bob',
      date: '2024-03-02T10:00:00Z',
      message: 'Add users table',
      files: { 'api/server.ts': lines('s', 1, 60), 'db/migrations/001_users.sql': lines('create ', 1, 12) },
    });
    elsewhere = mkdtempSync(path.join(os.tmpdir(), 'shipgate-cli-'));
    writeFileSync(
      path.join(elsewhere, 'keep.yml'),
      'risk:\n  thresholds: { low: 1, medium: 2, high: 3 }\n  low_confidence: keep\n',
    );
    writeFileSync(
      path.join(elsewhere, 'bad.yml'),
      'risk:\n  thresholds: { low: 50, medium: 40, high: 70 }\n  colour: blue\n',
    );
  });
  afterAll(() => {
    fixture.remove();
    rmSync(elsewhere, { recursive: true, force: true });
  });

  it('prints the contract fields with --json', async () => {
    const run = await shipgate(fixture.dir, 'assess', '--json', '--no-cache');
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const result = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(result).toMatchObject({
      score: expect.any(Number),
      probability: expect.any(Number),
      tier: expect.stringMatching(/^(trivial|low|medium|high)$/),
      confidence: 'high',
      missing_signals: [],
      recommendation: expect.stringMatching(/^(promote|review|hold)$/),
    });
    const factors = result.factors as { name: string; value: unknown; contribution: number; text: string }[];
    expect(factors).toContainEqual({
      name: 'diff.migration',
      value: 1,
      contribution: 8,
      text: 'touches a database migration (db/migrations/001_users.sql) (+8)',
    });
    for (const factor of factors) expect(factor.text).toMatch(/\([+-]\d+\)$/);
    expect(result.kamei).toMatchObject({ nf: 2, la: 32, ld: 0, lt: 40, exp: 0, ndev: 1 });
  });

  it('prints a readable report by default, from the repository given with --repo', async () => {
    const run = await shipgate(elsewhere, 'assess', '--repo', fixture.dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^shipgate risk assessment for [0-9a-f]{12}\.\.[0-9a-f]{12} \(1 commit, 2 files\)/,
    );
    expect(run.stdout).toMatch(/recommendation {2}(promote|review|hold)/);
    expect(run.stdout).toContain('  - touches a database migration (db/migrations/001_users.sql) (+8)');
  });

  it('takes thresholds and low_confidence from --config', async () => {
    const run = await shipgate(elsewhere, 'assess', '--repo', fixture.dir, '--config', 'keep.yml', '--json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ tier: 'high', recommendation: 'hold' });
  });

  it.each([
    {
      name: 'an unknown revision',
      args: ['--base', 'v9.9.9'],
      message: /unknown revision 'v9\.9\.9' for --base/,
    },
    { name: 'an unknown option', args: ['--gates-file', 'x'], message: /Unknown option '--gates-file'/ },
    {
      name: 'a bad policy file',
      args: ['--config', '../bad.yml'],
      message: /bad\.yml:3:3: risk\.colour: unknown key 'colour'/,
    },
    {
      name: 'a missing policy file',
      args: ['--config', 'nope.yml'],
      message: /cannot read --config nope\.yml/,
    },
    {
      name: 'a model file that is not a model',
      args: ['--model', '../bad.yml'],
      message: /cannot read --model/,
    },
  ])('exits 2 on $name with a clear message', async ({ args, message }) => {
    const run = await shipgate(path.join(elsewhere, 'sub'), 'assess', '--repo', fixture.dir, ...args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it.each([
    { name: 'outside a git repository', args: [], message: /is not inside a git repository/ },
    {
      name: 'for a --repo that does not exist',
      args: ['--repo', 'no/such/dir'],
      message: /no\/such\/dir is not a directory/,
    },
  ])('exits 2 $name', async ({ args, message }) => {
    const run = await shipgate(elsewhere, 'assess', ...args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });
});
