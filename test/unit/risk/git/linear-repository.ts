import { createGitFixture, lines, type GitFixture } from './git-fixture.js';

export const DAY = '2024-01-0';
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x01, 0x02, 0x00, 0xff]);

/**
 * c1 alice  day 1: src/a.ts (a1-a10), src/b.ts (b1-b5), README.md (r1-r2)
 * c2 bob    day 2: src/a.ts a3,a4 → x1-x3 (+3 -2)                       "fix: bug in a"
 * c3 alice  day 4: src/b.ts → lib/b.ts, + b6 (+1); assets/logo.png (binary)
 * c4 carol  day 5: README.md deleted (-2); lib/b.ts b1 → c1, + c2 (+2 -1); src/a.ts + y1-y4
 */
export function buildLinearRepository(): { fixture: GitFixture; hashes: string[] } {
  const fixture = createGitFixture();
  const a10 = lines('a', 1, 10);
  const c1 = fixture.commit({
    author: 'Alice',
    date: `${DAY}1T00:00:00Z`,
    message: 'initial import',
    files: { 'src/a.ts': a10, 'src/b.ts': lines('b', 1, 5), 'README.md': lines('r', 1, 2) },
  });
  const a11 = a10.replace('a3\na4\n', 'x1\nx2\nx3\n');
  const c2 = fixture.commit({
    author: 'Bob',
    date: `${DAY}2T00:00:00Z`,
    message: 'fix: bug in a',
    files: { 'src/a.ts': a11 },
  });
  const c3 = fixture.commit({
    author: 'Alice',
    date: `${DAY}4T00:00:00Z`,
    message: 'move b',
    moves: [['src/b.ts', 'lib/b.ts']],
    files: { 'lib/b.ts': lines('b', 1, 6), 'assets/logo.png': PNG },
  });
  const c4 = fixture.commit({
    author: 'Carol',
    date: `${DAY}5T00:00:00Z`,
    message: 'cleanup',
    files: {
      'README.md': null,
      'lib/b.ts': lines('b', 1, 6).replace('b1\n', 'c1\n') + 'c2\n',
      'src/a.ts': a11 + lines('y', 1, 4),
    },
  });
  return { fixture, hashes: [c1, c2, c3, c4] };
}
