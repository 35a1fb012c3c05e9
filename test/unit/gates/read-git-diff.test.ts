import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseUnifiedDiff } from '../../../src/gates/parse-unified-diff.js';
import { GitDiffError, readGitDiff } from '../../../src/gates/read-git-diff.js';

describe('readGitDiff', () => {
  let dir: string;
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=shipgate', '-c', 'user.email=shipgate@example.com', ...args], {
      cwd: dir,
      encoding: 'utf8',
    }).trim();

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'shipgate-diff-'));
    git('init', '-q', '-b', 'main');
    await writeFile(path.join(dir, 'app.ts'), 'one\ntwo\nthree\n');
    git('add', '-A');
    git('commit', '-qm', 'base');
    git('checkout', '-qb', 'feature');
    await writeFile(path.join(dir, 'app.ts'), 'one\n2\nthree\nfour\n');
    await writeFile(path.join(dir, 'new file.ts'), 'hello\n');
    git('add', '-A');
    git('commit', '-qm', 'change');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads the change since the merge base as added lines', async () => {
    const diff = await readGitDiff({ cwd: dir, base: 'main', head: 'feature' });
    expect(parseUnifiedDiff(diff).addedLines).toEqual([
      { path: 'app.ts', line: 2, text: '2' },
      { path: 'app.ts', line: 4, text: 'four' },
      { path: 'new file.ts', line: 1, text: 'hello' },
    ]);
  });

  it.each([{ base: 'no-such-ref' }, { base: 'main', head: 'missing-head' }])(
    'says what failed and how to fix it for $base…$head',
    async (refs) => {
      const promise = readGitDiff({ cwd: dir, ...refs });
      await expect(promise).rejects.toThrow(GitDiffError);
      await expect(readGitDiff({ cwd: dir, ...refs })).rejects.toThrow(
        /failed in .*Fetch both commits first/,
      );
    },
  );
});
