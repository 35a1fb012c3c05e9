import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateRepository } from '../../../../scripts/gen-repo.js';

describe('scripts/gen-repo.ts', () => {
  let work: string;
  let a: string, b: string, c: string;
  beforeAll(async () => {
    work = mkdtempSync(path.join(os.tmpdir(), 'shipgate-gen-'));
    [a, b, c] = ['a', 'b', 'c'].map((name) => path.join(work, name)) as [string, string, string];
    await generateRepository(a, { commits: 300, seed: 3 });
    await generateRepository(b, { commits: 300, seed: 3 });
    await generateRepository(c, { commits: 300, seed: 4 });
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  const git = (dir: string, ...args: string[]) =>
    execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();

  it('writes the same history for the same seed, and a different one for another seed', () => {
    expect(git(a, 'rev-parse', 'HEAD')).toBe(git(b, 'rev-parse', 'HEAD'));
    expect(git(a, 'rev-parse', 'HEAD')).not.toBe(git(c, 'rev-parse', 'HEAD'));
    expect(Number(git(a, 'rev-list', '--count', 'HEAD'))).toBe(300);
  });

  it.each([
    {
      what: 'several authors',
      args: ['log', '--format=%ae'],
      check: (out: string) => new Set(out.split('\n')).size >= 5,
    },
    {
      what: 'renames',
      args: ['log', '--format=', '--diff-filter=R', '--name-only', '-M'],
      check: (out: string) => out.length > 0,
    },
    {
      what: 'deletions',
      args: ['log', '--format=', '--diff-filter=D', '--name-only'],
      check: (out: string) => out.length > 0,
    },
    {
      what: 'binary files',
      args: ['log', '--format=', '--numstat'],
      check: (out: string) => /^-\t-\t/m.test(out),
    },
    { what: 'fix commits', args: ['log', '--format=%s'], check: (out: string) => /\bfix/i.test(out) },
  ])('has $what', ({ args, check }) => {
    expect(check(git(a, ...args))).toBe(true);
  });
});
