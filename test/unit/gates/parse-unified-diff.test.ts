import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseUnifiedDiff } from '../../../src/gates/parse-unified-diff.js';
import { fixturesDir } from './fixture-context.js';

const expectedAdded = [
  { path: 'docs/with space.md', line: 2, text: 'added here' },
  { path: 'src/config.ts', line: 2, text: 'export const b = 20;' },
  { path: 'src/config.ts', line: 5, text: 'export const e = 5;' },
  { path: 'src/new-file.ts', line: 1, text: 'brand new' },
  { path: 'src/new-file.ts', line: 2, text: 'second' },
  { path: 'src/t\tab.ts', line: 1, text: 'tab' },
];

describe('parseUnifiedDiff', () => {
  it.each(['change.diff', 'change-u0.diff'])('reads the added lines of git diff output (%s)', (file) => {
    const text = readFileSync(path.join(fixturesDir, 'diff', file), 'utf8');
    const parsed = parseUnifiedDiff(text);
    expect(parsed.addedLines).toEqual(expectedAdded);
    expect([...parsed.changedLines.keys()]).toEqual([
      'docs/with space.md',
      'src/config.ts',
      'src/new-file.ts',
      'src/t\tab.ts',
    ]);
    expect([...parsed.changedLines.get('src/config.ts')!]).toEqual([2, 5]);
    expect(parsed.changedLines.has('docs/old.md')).toBe(false);
  });

  it.each([
    {
      name: 'a deleted line that looks like a file header',
      diff: ['--- a/q.sql', '+++ b/q.sql', '@@ -1,2 +1,1 @@', '--- comment', '+select 1;'].join('\n'),
      added: [{ path: 'q.sql', line: 1, text: 'select 1;' }],
    },
    {
      name: 'an added line that looks like a file header',
      diff: ['--- a/notes.md', '+++ b/notes.md', '@@ -0,0 +1,2 @@', '+++ b/fake', '+real'].join('\n'),
      added: [
        { path: 'notes.md', line: 1, text: '++ b/fake' },
        { path: 'notes.md', line: 2, text: 'real' },
      ],
    },
    {
      name: 'several hunks with a "no newline" marker',
      diff: [
        'diff --git a/x.txt b/x.txt',
        '--- a/x.txt',
        '+++ b/x.txt',
        '@@ -3 +3 @@ context',
        '-old',
        '+new',
        '\\ No newline at end of file',
        '@@ -10,0 +11,1 @@',
        '+eleven',
      ].join('\n'),
      added: [
        { path: 'x.txt', line: 3, text: 'new' },
        { path: 'x.txt', line: 11, text: 'eleven' },
      ],
    },
    {
      name: 'CRLF line ends',
      diff: '--- a/w.txt\r\n+++ b/w.txt\r\n@@ -1 +1,2 @@\r\n w\r\n+x\r\n',
      added: [{ path: 'w.txt', line: 2, text: 'x' }],
    },
    { name: 'an empty diff', diff: '', added: [] },
    {
      name: 'a binary file',
      diff: [
        'diff --git a/img.png b/img.png',
        'index 1..2 100644',
        'Binary files a/img.png and b/img.png differ',
      ].join('\n'),
      added: [],
    },
  ])('handles $name', ({ diff, added }) => {
    expect(parseUnifiedDiff(diff).addedLines).toEqual(added);
  });
});
