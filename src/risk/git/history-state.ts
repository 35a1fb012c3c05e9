import type { LogCommit } from './file-change.js';
import { getSubsystem } from './path-parts.js';

/** What the history says about one file, as of the last streamed commit. */
export interface FileHistory {
  /** Lines now in the file, kept from numstat (added − deleted) as the history streams. */
  lines: number;
  /** Author time (unix seconds) of the last change. */
  lastTime: number;
  /** Indexes of the authors who changed it. */
  devs: number[];
  /** Ordinals of the commits that changed it. */
  commits: number[];
}

/** What the history says about one author. */
export interface AuthorHistory {
  /** Author times of their commits, ascending. */
  times: number[];
  /** Their commits per subsystem. */
  subsystems: Map<string, number>;
}

/** Everything the Kamei history features need, as of one commit. */
export interface HistoryState {
  /** Number of commits streamed so far (also the next commit's ordinal). */
  commits: number;
  /** The last commit applied, or null for an empty state. */
  head: string | null;
  authorIds: Map<string, number>;
  authors: AuthorHistory[];
  files: Map<string, FileHistory>;
}

export function createHistoryState(): HistoryState {
  return { commits: 0, head: null, authorIds: new Map(), authors: [], files: new Map() };
}

/** The author's index, creating an empty history for a new author. */
export function getAuthorIndex(state: HistoryState, author: string): number {
  let index = state.authorIds.get(author);
  if (index === undefined) {
    index = state.authors.length;
    state.authorIds.set(author, index);
    state.authors.push({ times: [], subsystems: new Map() });
  }
  return index;
}

function insertSorted(values: number[], value: number): void {
  let hi = values.length;
  if (hi === 0 || values[hi - 1]! <= value) {
    values.push(value);
    return;
  }
  let lo = 0;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  values.splice(lo, 0, value);
}

/** Adds one commit to the state: file line counts, renames, deletions, developers and experience. */
export function applyCommit(state: HistoryState, commit: LogCommit): void {
  const ordinal = state.commits;
  const authorIndex = getAuthorIndex(state, commit.author);
  const author = state.authors[authorIndex]!;
  insertSorted(author.times, commit.time);
  const subsystems = new Set<string>();
  for (const file of commit.files) {
    subsystems.add(getSubsystem(file.path));
    let history: FileHistory | undefined;
    if (file.oldPath !== undefined) {
      history = state.files.get(file.oldPath);
      state.files.delete(file.oldPath);
    } else {
      history = state.files.get(file.path);
    }
    if (file.removed) {
      state.files.delete(file.path);
      continue;
    }
    if (!history) history = { lines: 0, lastTime: commit.time, devs: [], commits: [] };
    history.lines = Math.max(0, history.lines + file.added - file.deleted);
    history.lastTime = commit.time;
    if (!history.devs.includes(authorIndex)) history.devs.push(authorIndex);
    history.commits.push(ordinal);
    state.files.set(file.path, history);
  }
  for (const subsystem of subsystems)
    author.subsystems.set(subsystem, (author.subsystems.get(subsystem) ?? 0) + 1);
  state.commits = ordinal + 1;
  state.head = commit.hash;
}
