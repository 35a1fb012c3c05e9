import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { measureChange } from '../../../../src/risk/git/measure-change.js';
import { RepositoryError } from '../../../../src/risk/git/open-repository.js';
import { createGitFixture, lines, type GitFixture } from './git-fixture.js';
import { buildLinearRepository, DAY } from './linear-repository.js';

describe('measureChange over base..head', () => {
  let fixture: GitFixture;
  let hashes: string[];
  beforeAll(() => {
    ({ fixture, hashes } = buildLinearRepository());
  });
  afterAll(() => fixture.remove());

  it.each([
    {
      name: 'one commit (the default: head against its parent)',
      base: undefined,
      head: 'HEAD',
      commits: 1,
      kamei: { ns: 3, nd: 3, nf: 3, la: 6, ld: 3, lt: 19, fix: 0, ndev: 2, nuc: 3, exp: 0, rexp: 0, sexp: 0 },
      age: 8 / 3,
    },
    {
      // c2..c4 as a whole: README.md deleted (-2), src/b.ts → lib/b.ts (+3 -1), logo.png added
      // (binary), src/a.ts (+4); history up to c2 only; author Carol (head).
      name: 'several commits as one change',
      base: 'HEAD~2',
      head: 'HEAD',
      commits: 2,
      kamei: { ns: 4, nd: 4, nf: 4, la: 7, ld: 3, lt: 18, fix: 0, ndev: 2, nuc: 2, exp: 0, rexp: 0, sexp: 0 },
      age: 11 / 3,
    },
    {
      // c1..c2 by Bob: a fix, against c1's history (Alice's files).
      name: 'a fix commit',
      base: 'HEAD~3',
      head: 'HEAD~2',
      commits: 1,
      kamei: { ns: 1, nd: 1, nf: 1, la: 3, ld: 2, lt: 10, fix: 1, ndev: 1, nuc: 1, exp: 0, rexp: 0, sexp: 0 },
      age: 1,
    },
  ])('measures $name', async ({ base, head, commits, kamei, age }) => {
    const change = await measureChange(fixture.dir, { base, head, cache: false });
    expect(change.commits).toBe(commits);
    expect(change.kamei).toEqual({ ...kamei, entropy: expect.any(Number), age: expect.closeTo(age, 9) });
    expect(change.missingSignals).toEqual([]);
  });

  it('measures the root commit against the empty tree', async () => {
    const root = fixture.git('rev-list', '--max-parents=0', 'HEAD').trim();
    const change = await measureChange(fixture.dir, { head: root, cache: false });
    expect(change.base).toBeNull();
    expect(change.kamei).toMatchObject({ nf: 3, la: 17, ld: 0, lt: 0, exp: 0, ndev: 0 });
  });

  it('reports the files of a multi-commit change with renames and binaries', async () => {
    const change = await measureChange(fixture.dir, { base: hashes[1]!, head: hashes[3]!, cache: false });
    expect(change.files).toEqual([
      { path: 'README.md', added: 0, deleted: 2, binary: false, removed: true },
      { path: 'assets/logo.png', added: 0, deleted: 0, binary: true, removed: false },
      { path: 'lib/b.ts', oldPath: 'src/b.ts', added: 3, deleted: 1, binary: false, removed: false },
      { path: 'src/a.ts', added: 4, deleted: 0, binary: false, removed: false },
    ]);
    expect(change.context).toEqual({
      author: 'carol@example.org',
      subsystems: ['.', 'assets', 'lib', 'src'],
      authorSubsystemChanges: { '.': 0, assets: 0, lib: 0, src: 0 },
    });
  });

  it.each([
    {
      name: 'an unknown --base',
      options: { base: 'no-such-branch', head: 'HEAD' },
      message: /unknown revision 'no-such-branch' for --base/,
    },
    {
      name: 'an unknown --head',
      options: { base: 'HEAD~1', head: 'nope' },
      message: /unknown revision 'nope' for --head/,
    },
    {
      name: 'a head already in base',
      options: { base: 'HEAD', head: 'HEAD~1' },
      message: /adds nothing to --base HEAD/,
    },
  ])('refuses $name with a RepositoryError that says how to fix it', async ({ options, message }) => {
    const attempt = measureChange(fixture.dir, { ...options, cache: false });
    await expect(attempt).rejects.toThrow(RepositoryError);
    await expect(attempt).rejects.toThrow(message);
  });

  it('refuses a directory that is not a git repository', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'shipgate-nogit-'));
    try {
      await expect(measureChange(dir, { head: 'HEAD' })).rejects.toThrow(
        /is not inside a git repository.*--repo DIR/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('measureChange across a merge', () => {
  let fixture: GitFixture;
  beforeAll(() => {
    fixture = createGitFixture();
    fixture.commit({
      author: 'Alice',
      date: `${DAY}1T00:00:00Z`,
      message: 'start',
      files: { 'x/a.txt': lines('a', 1, 3) },
    });
    fixture.git('checkout', '-q', '-b', 'feature');
    fixture.commit({
      author: 'Bob',
      date: `${DAY}2T00:00:00Z`,
      message: 'fix #7 in a',
      files: { 'x/a.txt': lines('a', 1, 4) },
    });
    fixture.git('checkout', '-q', 'main');
    fixture.commit({
      author: 'Carol',
      date: `${DAY}3T00:00:00Z`,
      message: 'main work',
      files: { 'y/b.txt': lines('b', 1, 2) },
    });
    fixture.git('tag', 'base');
    fixture.merge('feature', { author: 'Alice', date: `${DAY}4T00:00:00Z`, message: 'Merge feature' });
    fixture.commit({
      author: 'Dave',
      date: `${DAY}5T00:00:00Z`,
      message: 'touch both',
      files: { 'x/a.txt': lines('a', 1, 5), 'y/b.txt': lines('b', 1, 3) },
    });
  });
  afterAll(() => fixture.remove());

  it('takes the merged branch into the change and measures it against the history up to base', async () => {
    const change = await measureChange(fixture.dir, { base: 'base', head: 'HEAD', cache: false });
    expect(change.commits).toBe(3);
    expect(change.kamei).toEqual({
      ns: 2,
      nd: 2,
      nf: 2,
      entropy: expect.closeTo(0.9182958340544896, 9),
      la: 3,
      ld: 0,
      lt: 5,
      fix: 1,
      ndev: 2,
      age: 3,
      nuc: 2,
      exp: 0,
      rexp: 0,
      sexp: 0,
    });
  });

  it('diffs a branch from where it left base, as a pull request shows it', async () => {
    const change = await measureChange(fixture.dir, { base: 'base', head: 'feature', cache: false });
    expect(change.mergeBase).toBe(fixture.git('rev-parse', 'HEAD~3').trim());
    expect(change.files.map((f) => f.path)).toEqual(['x/a.txt']);
    expect(change.kamei).toMatchObject({ nf: 1, la: 1, lt: 3, fix: 1, ndev: 1, nuc: 1, exp: 0 });
  });
});

describe('measureChange on a shallow clone', () => {
  let fixture: GitFixture;
  let clone: string;
  beforeAll(() => {
    fixture = buildLinearRepository().fixture;
    clone = path.join(mkdtempSync(path.join(os.tmpdir(), 'shipgate-shallow-')), 'clone');
    execFileSync('git', ['clone', '-q', '--depth', '2', `file://${fixture.dir}`, clone]);
  });
  afterAll(() => {
    fixture.remove();
    rmSync(path.dirname(clone), { recursive: true, force: true });
  });

  it('reports the history features as missing signals and still measures the diff and lt', async () => {
    const change = await measureChange(clone, { head: 'HEAD', cache: false });
    expect(change.repo.shallow).toBe(true);
    expect(change.missingSignals).toEqual([
      'kamei.ndev',
      'kamei.age',
      'kamei.nuc',
      'kamei.exp',
      'kamei.rexp',
      'kamei.sexp',
    ]);
    expect(change.kamei).toMatchObject({
      nf: 3,
      la: 6,
      ld: 3,
      lt: 19,
      ndev: null,
      age: null,
      nuc: null,
      exp: null,
      rexp: null,
      sexp: null,
    });
  });

  it('says to fetch more history when the base is beyond the shallow boundary', async () => {
    await expect(measureChange(clone, { base: 'HEAD~3', head: 'HEAD', cache: false })).rejects.toThrow(
      /shallow.*git fetch --unshallow/,
    );
  });
});

describe('measureChange with the history cache', () => {
  let fixture: GitFixture;
  beforeAll(() => {
    fixture = buildLinearRepository().fixture;
  });
  afterAll(() => fixture.remove());

  it('streams the history once, then reads it from the cache, then streams only new commits', async () => {
    const first = await measureChange(fixture.dir, { head: 'HEAD' });
    expect(first.history).toEqual({ source: 'full', streamed: 3, commits: 3 });
    const second = await measureChange(fixture.dir, { head: 'HEAD' });
    expect(second.history).toEqual({ source: 'cache', streamed: 0, commits: 3 });
    expect(second.kamei).toEqual(first.kamei);

    fixture.commit({
      author: 'Alice',
      date: `${DAY}6T00:00:00Z`,
      message: 'more',
      files: { 'lib/b.ts': lines('d', 1, 3) },
    });
    const third = await measureChange(fixture.dir, { head: 'HEAD' });
    expect(third.history).toEqual({ source: 'incremental', streamed: 1, commits: 4 });
    const uncached = await measureChange(fixture.dir, { head: 'HEAD', cache: false });
    expect(third.kamei).toEqual(uncached.kamei);
    expect(third.kamei).toMatchObject({ exp: 2, sexp: 1, ndev: 2, nuc: 3 });
  });
});
