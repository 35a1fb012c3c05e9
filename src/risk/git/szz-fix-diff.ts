import type { GitRepository } from './open-repository.js';
import { runGit } from './run-git.js';

/** The lines a fix deletes or changes in one file, numbered as in the fix's parent. */
export interface FixedFile {
  /** The file's path in the parent. */
  path: string;
  lines: number[];
}

const RECORD = '\x1e';
/** Lines that carry no behaviour: blank, or only a comment marker and text. */
const NOISE = /^\s*(?:$|\/\/|#|\/\*|\*|\*\/|--|;|<!--)/;

/**
 * Parses `git show -U0 --format=<RS>%H` output: for each commit, the old-side line numbers each
 * hunk deletes or modifies, leaving out blank and comment-only lines.
 */
export function parseFixDiffs(text: string): Map<string, FixedFile[]> {
  const result = new Map<string, FixedFile[]>();
  for (const record of text.split(RECORD)) {
    if (!record) continue;
    const newline = record.indexOf('\n');
    const hash = (newline < 0 ? record : record.slice(0, newline)).trim();
    const files: FixedFile[] = [];
    let current: FixedFile | null = null;
    let oldLine = 0;
    for (const line of record.slice(newline + 1).split('\n')) {
      if (line.startsWith('diff --git ')) {
        current = null;
      } else if (line.startsWith('--- ')) {
        const path = line.slice(4);
        current =
          path === '/dev/null' ? null : { path: path.startsWith('a/') ? path.slice(2) : path, lines: [] };
        if (current) files.push(current);
      } else if (line.startsWith('+++ ')) {
        continue;
      } else if (line.startsWith('@@')) {
        const match = /^@@ -(\d+)(?:,(\d+))? /.exec(line);
        oldLine = match ? Number(match[1]) : 0;
      } else if (current && line.startsWith('-')) {
        if (!NOISE.test(line.slice(1))) current.lines.push(oldLine);
        oldLine++;
      }
    }
    result.set(
      hash,
      files.filter((f) => f.lines.length > 0),
    );
  }
  return result;
}

/** The lines each fix deletes or changes, with one `git show` call per batch of fixes. */
export async function readFixDiffs(
  repo: GitRepository,
  fixes: readonly string[],
): Promise<Map<string, FixedFile[]>> {
  const result = new Map<string, FixedFile[]>();
  const batch = 500;
  for (let i = 0; i < fixes.length; i += batch) {
    const text = await runGit(repo.dir, [
      'show',
      '--no-color',
      '--no-ext-diff',
      '--no-textconv',
      '-U0',
      '-M',
      `--format=${RECORD}%H`,
      ...fixes.slice(i, i + batch),
      '--',
    ]);
    for (const [hash, files] of parseFixDiffs(text)) result.set(hash, files);
  }
  return result;
}
