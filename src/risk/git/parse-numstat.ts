import type { FileChange } from './file-change.js';

/**
 * Parses the NUL-separated tail of `git log -z --numstat --summary` or `git diff -z --numstat
 * --summary` for one commit: numstat entries (`A\tD\tpath`, or `A\tD\t` followed by the old and
 * new path for a rename), then the summary lines (` delete mode … path`).
 */
export function parseNumstat(tokens: readonly string[]): FileChange[] {
  const files: FileChange[] = [];
  const removed = new Set<string>();
  for (let i = 0; i < tokens.length; i++) {
    let token = tokens[i]!;
    if (token.startsWith('\n')) token = token.slice(1);
    if (token === '') continue;
    if (token.startsWith(' ')) {
      for (const line of token.split('\n')) {
        const match = /^ delete mode \d+ (.*)$/.exec(line);
        if (match) removed.add(match[1]!);
      }
      continue;
    }
    const first = token.indexOf('\t');
    const second = token.indexOf('\t', first + 1);
    if (first < 0 || second < 0) continue;
    const addedText = token.slice(0, first);
    const deletedText = token.slice(first + 1, second);
    const binary = addedText === '-' && deletedText === '-';
    const added = binary ? 0 : Number(addedText);
    const deleted = binary ? 0 : Number(deletedText);
    let path = token.slice(second + 1);
    let oldPath: string | undefined;
    if (path === '') {
      oldPath = tokens[i + 1];
      path = tokens[i + 2] ?? '';
      i += 2;
    }
    const change: FileChange = { path, added, deleted, binary, removed: false };
    if (oldPath !== undefined && oldPath !== path) change.oldPath = oldPath;
    files.push(change);
  }
  if (removed.size > 0) {
    for (const file of files) if (file.oldPath === undefined && removed.has(file.path)) file.removed = true;
  }
  return files;
}
