import type { AddedLine } from './types.js';

export interface ParsedDiff {
  /** Every line the change adds, in diff order. */
  addedLines: AddedLine[];
  /** New-version line numbers the change adds or modifies, by path. */
  changedLines: Map<string, Set<number>>;
}

const hunkHeader = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/** Reads a path from a `+++ b/path` or `diff --git` header, undoing git's C-style quoting. */
function readHeaderPath(raw: string): string | null {
  let value = raw.replace(/\t.*$/, '').trim();
  if (value.startsWith('"') && value.endsWith('"')) value = unquoteGitPath(value.slice(1, -1));
  if (value === '/dev/null') return null;
  return value.replace(/^[a-z]\//, '');
}

function unquoteGitPath(text: string): string {
  const bytes: number[] = [];
  const simple: Record<string, number> = { n: 10, t: 9, r: 13, '"': 34, '\\': 92, a: 7, b: 8, f: 12, v: 11 };
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i]!;
    if (ch !== '\\') {
      bytes.push(...Buffer.from(ch, 'utf8'));
      continue;
    }
    const next = text[i + 1] ?? '';
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(text.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(simple[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/**
 * Reads a unified diff (`git diff`, any context size) into the lines it adds and the changed-line
 * map gates use. Deleted files add nothing; binary files and mode changes are ignored.
 */
export function parseUnifiedDiff(text: string): ParsedDiff {
  const addedLines: AddedLine[] = [];
  const changedLines = new Map<string, Set<number>>();
  let path: string | null = null;
  let newLine = 0;
  let oldLeft = 0;
  let newLeft = 0;

  for (const line of text.split(/\r?\n/)) {
    if (oldLeft > 0 || newLeft > 0) {
      const mark = line[0];
      if (mark === '\\') continue;
      if (mark === '+' && newLeft > 0) {
        if (path !== null) {
          addedLines.push({ path, line: newLine, text: line.slice(1) });
          let set = changedLines.get(path);
          if (!set) changedLines.set(path, (set = new Set()));
          set.add(newLine);
        }
        newLine += 1;
        newLeft -= 1;
        continue;
      }
      if (mark === '-' && oldLeft > 0) {
        oldLeft -= 1;
        continue;
      }
      if ((mark === ' ' || line === '') && oldLeft > 0 && newLeft > 0) {
        newLine += 1;
        oldLeft -= 1;
        newLeft -= 1;
        continue;
      }
      // Anything else ends a hunk whose counts did not add up; read it as a header.
      oldLeft = 0;
      newLeft = 0;
    }
    if (line.startsWith('diff --git ')) {
      const match = /^diff --git (?:"(?:[^"\\]|\\.)*"|\S+) ("(?:[^"\\]|\\.)*"|\S+)$/.exec(line);
      path = match ? readHeaderPath(match[1]!) : null;
    } else if (line.startsWith('+++ ')) {
      path = readHeaderPath(line.slice(4));
    } else {
      const match = hunkHeader.exec(line);
      if (match) {
        oldLeft = match[1] === undefined ? 1 : Number(match[1]);
        newLine = Number(match[2]);
        newLeft = match[3] === undefined ? 1 : Number(match[3]);
      }
    }
  }
  return { addedLines, changedLines };
}
