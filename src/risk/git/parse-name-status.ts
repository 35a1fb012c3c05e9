import type { FileChange } from './file-change.js';

/**
 * Parses the NUL-separated tail of `git log -z --name-status -M` for one commit: a status letter
 * (A, M, D, T, or R/C with a score) and the path, or for R/C the old and the new path. Line counts
 * are not part of this form: `added` and `deleted` are 0.
 */
export function parseNameStatus(tokens: readonly string[]): FileChange[] {
  const files: FileChange[] = [];
  for (let i = 0; i < tokens.length; i++) {
    let status = tokens[i]!;
    if (status.startsWith('\n')) status = status.slice(1);
    if (status === '') continue;
    const kind = status[0];
    if (kind === 'R' || kind === 'C') {
      const oldPath = tokens[i + 1] ?? '';
      const path = tokens[i + 2] ?? '';
      i += 2;
      files.push(
        kind === 'R'
          ? { path, oldPath, added: 0, deleted: 0, binary: false, removed: false }
          : { path, added: 0, deleted: 0, binary: false, removed: false },
      );
      continue;
    }
    const path = tokens[i + 1] ?? '';
    i += 1;
    files.push({ path, added: 0, deleted: 0, binary: false, removed: kind === 'D' });
  }
  return files;
}
