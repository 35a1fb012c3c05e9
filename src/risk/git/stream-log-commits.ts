import type { LogCommit } from './file-change.js';
import { parseNameStatus } from './parse-name-status.js';
import { parseNumstat } from './parse-numstat.js';
import { streamGit } from './run-git.js';

const RECORD = '\x1e';

/**
 * The `git log` format shipgate streams: a record separator, then hash, parents, author e-mail,
 * author name, author time and the raw message, NUL-separated. With `-z --numstat --summary -M`
 * the file list follows each header.
 */
export const LOG_FORMAT = `--format=${RECORD}%H%x00%P%x00%aE%x00%aN%x00%at%x00%B%x00`;

/**
 * How much each commit's file list says: `numstat` gives line counts (git diffs every blob, the
 * slower form, needed for per-commit features); `names` gives paths, renames and deletions only
 * (several times faster, enough for the history state an assessment needs).
 */
export type LogDetail = 'numstat' | 'names';

/** Arguments of the history stream, oldest first; merges are left out (see docs/risk-assess.md). */
export function buildLogArgs(range: readonly string[], detail: LogDetail = 'numstat'): string[] {
  const files = detail === 'numstat' ? ['--numstat', '--summary'] : ['--name-status'];
  return [
    'log',
    '-z',
    '--reverse',
    '--date-order',
    '--no-merges',
    ...files,
    '-M',
    LOG_FORMAT,
    ...range,
    '--',
  ];
}

/** Parses one record of the stream (the text between two record separators). */
export function parseLogRecord(record: string, detail: LogDetail = 'numstat'): LogCommit {
  const fields: string[] = [];
  let start = 0;
  for (let k = 0; k < 6; k++) {
    const end = record.indexOf('\0', start);
    if (end < 0) throw new Error(`malformed git log record: ${JSON.stringify(record.slice(0, 80))}`);
    fields.push(record.slice(start, end));
    start = end + 1;
  }
  const [hash, parents, email, name, time, message] = fields as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  return {
    hash,
    parents: parents ? parents.split(' ') : [],
    author: identifyAuthor(email, name),
    time: Number(time),
    message,
    files: (detail === 'numstat' ? parseNumstat : parseNameStatus)(record.slice(start).split('\0')),
  };
}

/** The identity shipgate counts experience under: the lower-cased e-mail, else the name. */
export function identifyAuthor(email: string, name: string): string {
  const trimmed = email.trim().toLowerCase();
  return trimmed || name.trim();
}

/**
 * Streams the non-merge commits of `range` (e.g. `['HEAD']` or `['abc..def']`), oldest first,
 * with one `git log` call, calling `onCommit` for each.
 */
export async function streamLogCommits(
  dir: string,
  range: readonly string[],
  onCommit: (commit: LogCommit) => void,
  detail: LogDetail = 'numstat',
): Promise<void> {
  let pending = '';
  await streamGit(dir, buildLogArgs(range, detail), (chunk) => {
    pending += chunk;
    let cut = pending.indexOf(RECORD, 1);
    let begin = 0;
    while (cut >= 0) {
      const record = pending.slice(begin + 1, cut);
      if (record) onCommit(parseLogRecord(record, detail));
      begin = cut;
      cut = pending.indexOf(RECORD, cut + 1);
    }
    pending = pending.slice(begin);
  });
  if (pending.length > 1) onCommit(parseLogRecord(pending.slice(1), detail));
}
