import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findClosedIssues, findIssueReferences, isFixMessage } from '../../../../src/risk/git/detect-fix.js';
import { openRepository } from '../../../../src/risk/git/open-repository.js';
import { parseBlamePorcelain, toLineRanges } from '../../../../src/risk/git/szz-blame.js';
import { parseFixDiffs } from '../../../../src/risk/git/szz-fix-diff.js';
import { labelWithSzz } from '../../../../src/risk/git/szz-label.js';
import { trainFromRepository } from '../../../../src/risk/git/szz-train.js';
import { parseRiskModel } from '../../../../src/risk/model.js';
import { generateRepository, readSeededBugs } from '../../../../scripts/gen-repo.js';
import { createGitFixture, type GitFixture } from './git-fixture.js';

describe('isFixMessage', () => {
  it.each([
    { message: 'fix: wrong sign in total', fix: true },
    { message: 'Fixes a crash on empty input', fix: true },
    { message: 'Bugfix for the parser', fix: true },
    { message: 'hotfix: restore retries', fix: true },
    { message: 'Patched the defect in billing', fix: true },
    { message: 'Add prefix option', fix: false },
    { message: 'Debug logging for suffixes', fix: false },
    { message: 'Update docs\n\nCloses #42', fix: true },
    { message: 'Resolves PAY-17: rounding', fix: true },
    { message: 'Refactor #12 naming', fix: false },
    { message: 'Add crash reporting and regression tests', fix: false },
    { message: 'Use fixtures for the prefix parser', fix: false },
  ])('$message → $fix', ({ message, fix }) => {
    expect(isFixMessage(message)).toBe(fix);
  });

  it.each([
    { message: 'Closes #42 and fixes gh-7', ids: ['#42', 'GH-7'] },
    { message: 'resolves PAY-17', ids: ['PAY-17'] },
    { message: 'mentions #3 only', ids: [] },
  ])('finds the closed issues of "$message"', ({ message, ids }) => {
    expect(findClosedIssues(message)).toEqual(ids);
  });
});

describe('findIssueReferences', () => {
  it.each([
    { message: 'PAY-9: part one, see #12 and gh-4', ids: ['PAY-9', '#12', 'GH-4'] },
    { message: 'decode as UTF-8', ids: ['UTF-8'] },
    { message: 'lower-case pay-9 and a#1 are not ids', ids: [] },
  ])('finds $ids in "$message"', ({ message, ids }) => {
    expect(findIssueReferences(message)).toEqual(ids);
  });
});

describe('SZZ parsing', () => {
  it.each([
    {
      lines: [3, 1, 2, 7, 9, 8],
      ranges: [
        [1, 3],
        [7, 9],
      ],
    },
    { lines: [5], ranges: [[5, 5]] },
    { lines: [], ranges: [] },
  ])('turns $lines into ranges', ({ lines, ranges }) => {
    expect(toLineRanges(lines)).toEqual(ranges);
  });

  it('reads the origin commits from blame porcelain', () => {
    const a = 'a'.repeat(40);
    const b = 'b'.repeat(40);
    const text = `${a} 3 3 1\nauthor X\nfilename f\n\tcode\n${b} 1 4 2\nauthor Y\nfilename f\n\tmore\n${b} 2 5\n\tline\n`;
    expect([...parseBlamePorcelain(text)]).toEqual([a, b]);
  });

  it('collects the deleted and changed old-side lines per file, skipping blank and comment-only lines', () => {
    const hash = 'c'.repeat(40);
    const text = [
      `\x1e${hash}`,
      '',
      'diff --git a/src/calc.ts b/src/calc.ts',
      '--- a/src/calc.ts',
      '+++ b/src/calc.ts',
      '@@ -3 +3 @@',
      '-total = a - b',
      '+total = a + b',
      '@@ -10,3 +10,0 @@',
      '-// old note',
      '-',
      '-return total',
      'diff --git a/new.ts b/new.ts',
      '--- /dev/null',
      '+++ b/new.ts',
      '@@ -0,0 +1 @@',
      '+x',
      '',
    ].join('\n');
    expect(parseFixDiffs(text)).toEqual(new Map([[hash, [{ path: 'src/calc.ts', lines: [3, 12] }]]]));
  });
});

describe('labelWithSzz on a repository with a known bug-introducing commit', () => {
  let fixture: GitFixture;
  let hashes: Record<string, string>;
  beforeAll(() => {
    fixture = createGitFixture();
    const calc = (sign: string, extra = '') =>
      `export function total(a, b) {\n  const x = 1;\n  return a ${sign} b;\n}\n${extra}`;
    hashes = {
      c1: fixture.commit({
        author: 'Alice',
        date: '2024-01-01T00:00:00Z',
        message: 'add calc',
        files: { 'src/calc.ts': calc('+') },
      }),
      c2: fixture.commit({
        author: 'Bob',
        date: '2024-01-02T00:00:00Z',
        message: 'change total',
        files: { 'src/calc.ts': calc('-') },
      }),
      c3: fixture.commit({
        author: 'Carol',
        date: '2024-01-03T00:00:00Z',
        message: 'add notes',
        files: { 'src/other.ts': '// a note\nexport const y = 2;\n' },
      }),
      c4: fixture.commit({
        author: 'Alice',
        date: '2024-01-04T00:00:00Z',
        message: 'fix: wrong sign in total',
        files: { 'src/calc.ts': calc('+'), 'src/other.ts': 'export const y = 2;\n' },
      }),
      c5: fixture.commit({
        author: 'Dave',
        date: '2024-01-05T00:00:00Z',
        message: 'docs',
        files: { 'README.md': 'hello\n' },
      }),
    };
  });
  afterAll(() => fixture.remove());

  it.each([
    {
      name: 'the newest 20%',
      options: { leaveOutFraction: 0.2, leaveOutDays: 0, now: new Date('2030-01-01T00:00:00Z') },
      leftOut: ['c5'],
    },
    {
      name: 'the last 2 days before now',
      options: { leaveOutFraction: 0, leaveOutDays: 2, now: new Date('2024-01-06T00:00:00Z') },
      leftOut: ['c5'],
    },
    {
      name: 'both',
      options: { leaveOutFraction: 0.2, leaveOutDays: 3, now: new Date('2024-01-06T00:00:00Z') },
      leftOut: ['c4', 'c5'],
    },
  ])(
    'labels the commit whose line the fix changed, not the comment-only one; leaves out $name',
    async ({ options, leftOut }) => {
      const repo = await openRepository(fixture.dir);
      const result = await labelWithSzz(repo, options);
      const byName = Object.fromEntries(Object.entries(hashes).map(([name, hash]) => [hash, name]));
      const labels = Object.fromEntries(result.commits.map((c) => [byName[c.hash], c.bug]));
      expect(labels).toEqual({ c1: 0, c2: 1, c3: 0, c4: 0, c5: 0 });
      expect(result.fixes).toBe(1);
      expect(result.bugIntroducing).toBe(1);
      expect(result.commits.filter((c) => c.leftOut).map((c) => byName[c.hash])).toEqual(leftOut);
      expect(result.commits.find((c) => c.hash === hashes.c4)!.features.fix).toBe(1);
    },
  );
});

describe('labelWithSzz with linked issues', () => {
  let fixture: GitFixture;
  let hashes: Record<string, string>;
  beforeAll(() => {
    fixture = createGitFixture();
    const file = (a: string, b: string) => `const a = ${a};\nconst b = ${b};\n`;
    hashes = {
      c1: fixture.commit({
        author: 'Alice',
        date: '2024-01-01T00:00:00Z',
        message: 'start',
        files: { 'x.ts': file('1', '2') },
      }),
      c2: fixture.commit({
        author: 'Bob',
        date: '2024-01-02T00:00:00Z',
        message: 'tune b',
        files: { 'x.ts': file('1', '3') },
      }),
      c3: fixture.commit({
        author: 'Carol',
        date: '2024-01-03T00:00:00Z',
        message: 'PAY-9: part one',
        files: { 'x.ts': file('1', '4') },
      }),
      c4: fixture.commit({
        author: 'Carol',
        date: '2024-01-04T00:00:00Z',
        message: 'Resolves PAY-9',
        files: { 'x.ts': file('5', '4') },
      }),
      c5: fixture.commit({
        author: 'Dave',
        date: '2024-01-05T00:00:00Z',
        message: 'decode as UTF-8',
        files: { 'x.ts': file('6', '4') },
      }),
    };
  });
  afterAll(() => fixture.remove());

  it('treats a commit that mentions an issue a fix closed as part of the fix', async () => {
    const repo = await openRepository(fixture.dir);
    const result = await labelWithSzz(repo, {
      leaveOutFraction: 0,
      leaveOutDays: 0,
      now: new Date('2030-01-01T00:00:00Z'),
    });
    const byName = Object.fromEntries(Object.entries(hashes).map(([name, hash]) => [hash, name]));
    const summary = Object.fromEntries(
      result.commits.map((c) => [byName[c.hash], { fix: c.fix, bug: c.bug }]),
    );
    expect(summary).toEqual({
      c1: { fix: false, bug: 1 },
      c2: { fix: false, bug: 1 },
      c3: { fix: true, bug: 0 },
      c4: { fix: true, bug: 0 },
      c5: { fix: false, bug: 0 },
    });
    expect(result.fixes).toBe(2);
  });
});

describe('labelWithSzz against the seeded bugs of a generated repository', () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(path.join(os.tmpdir(), 'shipgate-szz-truth-'));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('finds the commits that introduced the lines the seeded fixes repair', async () => {
    const dir = path.join(work, 'repo');
    await generateRepository(dir, { commits: 400, seed: 11 });
    const seeded = readSeededBugs(dir);
    const result = await labelWithSzz(await openRepository(dir), {
      leaveOutFraction: 0,
      leaveOutDays: 0,
      now: new Date('2030-01-01T00:00:00Z'),
    });
    const labelled = new Set(result.commits.filter((c) => c.bug === 1).map((c) => c.hash));
    const fixes = new Set(result.commits.filter((c) => c.fix).map((c) => c.hash));
    const introducing = new Set(seeded.map((s) => s.introducing));
    const found = [...introducing].filter((hash) => labelled.has(hash)).length;
    expect(seeded.length).toBeGreaterThan(30);
    expect(seeded.every((s) => fixes.has(s.fix))).toBe(true);
    expect(found / introducing.size).toBeGreaterThanOrEqual(0.95);
    // The fixes' other edits label some commits that the generator did not seed: SZZ's known noise.
    expect(found / labelled.size).toBeGreaterThanOrEqual(0.5);
  });
});

describe('trainFromRepository', () => {
  const io = () => {
    const out = { stdout: '', stderr: '' };
    return {
      out,
      io: {
        stdout: (t: string) => void (out.stdout += t),
        stderr: (t: string) => void (out.stderr += t),
        cwd: os.tmpdir(),
        env: {},
      },
    };
  };
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(path.join(os.tmpdir(), 'shipgate-szz-'));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('labels a generated history, leaves out the newest commits, trains and writes a loadable model', async () => {
    const dir = path.join(work, 'repo');
    await generateRepository(dir, { commits: 600, seed: 7 });
    const { out, io: cli } = io();
    const file = path.join(work, 'model.json');
    const code = await trainFromRepository(
      dir,
      { out: file, json: true, now: new Date('2026-01-01T00:00:00Z') },
      cli,
    );
    expect(out.stderr).toBe('');
    expect(code).toBe(0);
    const summary = JSON.parse(out.stdout) as {
      commits: number;
      rows: number;
      positives: number;
      left_out: { total: number };
    };
    expect(summary.commits).toBe(600);
    expect(summary.left_out.total).toBe(60);
    expect(summary.rows).toBe(540);
    expect(summary.positives).toBeGreaterThan(0);
    const model = parseRiskModel(JSON.parse(readFileSync(file, 'utf8')));
    expect(model.training.rows).toBe(540);
  });

  it.each([
    {
      name: 'a directory that is not a repository',
      make: (dir: string) => dir,
      message: /not inside a git repository/,
    },
    {
      name: 'a shallow clone',
      make: (dir: string) => {
        const origin = createGitFixture();
        origin.commit({
          author: 'A',
          date: '2024-01-01T00:00:00Z',
          message: 'one',
          files: { 'a.txt': 'a\n' },
        });
        origin.commit({
          author: 'A',
          date: '2024-01-02T00:00:00Z',
          message: 'two',
          files: { 'a.txt': 'b\n' },
        });
        const clone = path.join(dir, 'clone');
        execFileSync('git', ['clone', '-q', '--depth', '1', `file://${origin.dir}`, clone]);
        origin.remove();
        return clone;
      },
      message: /shallow clone.*git fetch --unshallow/,
    },
  ])('exits 2 on $name, saying how to fix it', async ({ make, message }) => {
    const dir = mkdtempSync(path.join(work, 'case-'));
    const { out, io: cli } = io();
    const code = await trainFromRepository(
      make(dir),
      { out: path.join(dir, 'm.json'), now: new Date('2026-01-01T00:00:00Z') },
      cli,
    );
    expect(code).toBe(2);
    expect(out.stderr).toMatch(message);
  });
});
