import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { KameiVector } from '../../../../src/risk/kamei.js';
import type { LogCommit } from '../../../../src/risk/git/file-change.js';
import { mineHistory } from '../../../../src/risk/git/mine-history.js';
import { openRepository } from '../../../../src/risk/git/open-repository.js';
import { createGitFixture, lines, type GitFixture } from './git-fixture.js';
import { buildLinearRepository, DAY } from './linear-repository.js';

function vector(v: KameiVector): KameiVector {
  return v;
}

describe('mineHistory on a linear history (renames, binary and deleted files)', () => {
  let fixture: GitFixture;
  let mined: { commit: LogCommit; features: KameiVector }[];
  beforeAll(async () => {
    const built = buildLinearRepository();
    fixture = built.fixture;
    mined = [];
    const repo = await openRepository(fixture.dir);
    await mineHistory(repo, { onCommit: (commit, features) => mined.push({ commit, features }) });
  });
  afterAll(() => fixture.remove());

  it('streams every commit, oldest first', () => {
    expect(mined.map((m) => m.commit.message.trim())).toEqual([
      'initial import',
      'fix: bug in a',
      'move b',
      'cleanup',
    ]);
  });

  it.each([
    {
      name: 'c1, the root commit',
      index: 0,
      expected: vector({
        ns: 2,
        nd: 2,
        nf: 3,
        entropy: expect.closeTo(1.3328204045850196, 9) as unknown as number,
        la: 17,
        ld: 0,
        lt: 0,
        fix: 0,
        ndev: 0,
        age: 0,
        nuc: 0,
        exp: 0,
        rexp: 0,
        sexp: 0,
      }),
    },
    {
      name: 'c2, a fix by a second author',
      index: 1,
      expected: vector({
        ns: 1,
        nd: 1,
        nf: 1,
        entropy: 0,
        la: 3,
        ld: 2,
        lt: 10,
        fix: 1,
        ndev: 1,
        age: 1,
        nuc: 1,
        exp: 0,
        rexp: 0,
        sexp: 0,
      }),
    },
    {
      name: 'c3, a rename (history follows the file) and a binary file',
      index: 2,
      expected: vector({
        ns: 2,
        nd: 2,
        nf: 2,
        entropy: 0,
        la: 1,
        ld: 0,
        lt: 5,
        fix: 0,
        ndev: 1,
        age: 3,
        nuc: 1,
        exp: 1,
        rexp: 1,
        sexp: 0,
      }),
    },
    {
      name: 'c4, a deletion plus edits across three subsystems',
      index: 3,
      expected: vector({
        ns: 3,
        nd: 3,
        nf: 3,
        entropy: expect.closeTo(1.5304930567574826, 9) as unknown as number,
        la: 6,
        ld: 3,
        lt: 19,
        fix: 0,
        ndev: 2,
        age: expect.closeTo(8 / 3, 9) as unknown as number,
        nuc: 3,
        exp: 0,
        rexp: 0,
        sexp: 0,
      }),
    },
  ])('computes the Kamei features of $name', ({ index, expected }) => {
    expect(mined[index]!.features).toEqual(expected);
  });

  it.each([
    {
      index: 2,
      path: 'lib/b.ts',
      expected: {
        path: 'lib/b.ts',
        oldPath: 'src/b.ts',
        added: 1,
        deleted: 0,
        binary: false,
        removed: false,
      },
    },
    {
      index: 2,
      path: 'assets/logo.png',
      expected: { path: 'assets/logo.png', added: 0, deleted: 0, binary: true, removed: false },
    },
    {
      index: 3,
      path: 'README.md',
      expected: { path: 'README.md', added: 0, deleted: 2, binary: false, removed: true },
    },
  ])('reports $path in commit $index as git does', ({ index, path: file, expected }) => {
    expect(mined[index]!.commit.files.find((f) => f.path === file)).toEqual(expected);
  });
});

describe('mineHistory with merges', () => {
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
      message: 'feature work',
      files: { 'x/a.txt': lines('a', 1, 4) },
    });
    fixture.git('checkout', '-q', 'main');
    fixture.commit({
      author: 'Carol',
      date: `${DAY}3T00:00:00Z`,
      message: 'main work',
      files: { 'y/b.txt': lines('b', 1, 2) },
    });
    fixture.merge('feature', { author: 'Alice', date: `${DAY}4T00:00:00Z`, message: 'Merge feature' });
    fixture.commit({
      author: 'Dave',
      date: `${DAY}5T00:00:00Z`,
      message: 'touch both',
      files: { 'x/a.txt': lines('a', 1, 5), 'y/b.txt': lines('b', 1, 3) },
    });
  });
  afterAll(() => fixture.remove());

  it('leaves merge commits out and counts the branch commits once', async () => {
    const repo = await openRepository(fixture.dir);
    const seen: { message: string; features: KameiVector }[] = [];
    const { streamed, state } = await mineHistory(repo, {
      onCommit: (c, f) => seen.push({ message: c.message.trim(), features: f }),
    });
    expect(streamed).toBe(4);
    expect(seen.map((s) => s.message)).toEqual(['start', 'feature work', 'main work', 'touch both']);
    expect(seen[3]!.features).toEqual({
      ns: 2,
      nd: 2,
      nf: 2,
      entropy: 1,
      la: 2,
      ld: 0,
      lt: 6,
      fix: 0,
      ndev: 3,
      age: 2.5,
      nuc: 3,
      exp: 0,
      rexp: 0,
      sexp: 0,
    });
    expect(state.head).toBe(fixture.git('rev-parse', 'HEAD').trim());
  });
});

describe('mineHistory on a shallow clone', () => {
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

  it('reports history features as missing (null), never zero, and keeps what the diff gives', async () => {
    const repo = await openRepository(clone);
    expect(repo.shallow).toBe(true);
    const seen: KameiVector[] = [];
    await mineHistory(repo, { onCommit: (_c, f) => seen.push(f) });
    expect(seen).toHaveLength(2);
    expect(seen[1]).toEqual({
      ns: 3,
      nd: 3,
      nf: 3,
      entropy: expect.closeTo(1.5304930567574826, 9),
      la: 6,
      ld: 3,
      lt: 19,
      fix: 0,
      ndev: null,
      age: null,
      nuc: null,
      exp: null,
      rexp: null,
      sexp: null,
    });
  });
});
