import { translateComparison } from '../../src/github/translate-comparison.js';
import type { Comparison, ComparedFile } from '../../src/github/github-port.js';

function file(
  filename: string,
  additions: number,
  deletions: number,
  extra: Partial<ComparedFile> = {},
): ComparedFile {
  return {
    filename,
    status: 'modified',
    additions,
    deletions,
    changes: additions + deletions,
    patch: '@@',
    ...extra,
  };
}

function comparison(files: ComparedFile[], messages: string[] = ['feat: add']): Comparison {
  return {
    status: 'ahead',
    ahead_by: messages.length,
    behind_by: 0,
    files,
    commits: messages.map((message, i) => ({
      sha: String(i).repeat(40),
      message,
      author_login: null,
      committer_login: null,
    })),
  };
}

describe('translateComparison', () => {
  it.each([
    {
      name: 'one root file',
      input: comparison([file('README.md', 3, 1)]),
      kamei: { nf: 1, ns: 1, nd: 1, la: 3, ld: 1, entropy: 0, fix: 0 },
    },
    {
      name: 'two subsystems, even spread, a fix',
      input: comparison(
        [file('src/a/x.ts', 5, 5), file('test/y.ts', 10, 0)],
        ['feat: x', 'fix: crash on empty cart'],
      ),
      kamei: { nf: 2, ns: 2, nd: 2, la: 15, ld: 5, entropy: 1, fix: 1 },
    },
    {
      name: 'three files in one directory',
      input: comparison([file('src/a.ts', 1, 0), file('src/b.ts', 1, 0), file('src/c.ts', 2, 0)]),
      kamei: { nf: 3, ns: 1, nd: 1, la: 4, ld: 0, entropy: 1.5, fix: 0 },
    },
  ])('measures $name', ({ input, kamei }) => {
    const result = translateComparison(input);
    expect(result.kamei).toEqual({
      ...kamei,
      lt: null,
      ndev: null,
      age: null,
      nuc: null,
      exp: null,
      rexp: null,
      sexp: null,
    });
    expect(result.missingSignals).toEqual([
      'kamei.lt',
      'kamei.ndev',
      'kamei.age',
      'kamei.nuc',
      'kamei.exp',
      'kamei.rexp',
      'kamei.sexp',
    ]);
  });

  it.each([
    {
      name: 'a binary file (no patch, no counts)',
      f: file('logo.png', 0, 0, { patch: undefined, changes: 0 }),
      binary: true,
    },
    { name: 'a text file', f: file('a.txt', 1, 0), binary: false },
    {
      name: 'a removed empty file',
      f: file('empty', 0, 0, { patch: undefined, changes: 0, status: 'removed' }),
      binary: false,
    },
  ])('marks $name', ({ f, binary }) => {
    expect(translateComparison(comparison([f])).files[0]!.binary).toBe(binary);
  });

  it('keeps renames and says when GitHub cut the file list', () => {
    const files = Array.from({ length: 300 }, (_, i) => file(`f${i}.ts`, 1, 0));
    files[0] = file('new.ts', 1, 0, { previous_filename: 'old.ts', status: 'renamed' });
    const result = translateComparison(comparison(files));
    expect(result.files[0]).toEqual({
      path: 'new.ts',
      oldPath: 'old.ts',
      added: 1,
      deleted: 0,
      binary: false,
    });
    expect(result.missingSignals).toContain('diff.files_truncated');
  });
});
