import { mkdir, readFile, readdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { HistoryState } from './history-state.js';

/** Bump when the cached state's meaning changes: older snapshots are then ignored. */
export const HISTORY_CACHE_VERSION = 1;
const KEEP_SNAPSHOTS = 3;

interface SnapshotFile {
  format: 'shipgate-history';
  version: number;
  head: string;
  commits: number;
  /** [author, ascending times, [subsystem, commits][]] */
  authors: [string, number[], [string, number][]][];
  /** [path, lines, lastTime, developer indexes, commit ordinals] */
  files: [string, number, number, number[], number[]][];
}

/**
 * Where the snapshots live: `<git-dir>/shipgate/history-v<version>/<commit>.json`, or
 * `history-v<version>-shallow/` for a shallow clone, so that a snapshot built without the full
 * history is never taken for a complete one after `git fetch --unshallow`.
 */
export function getCacheDir(gitDir: string, shallow = false): string {
  return path.join(gitDir, 'shipgate', `history-v${HISTORY_CACHE_VERSION}${shallow ? '-shallow' : ''}`);
}

export function serialiseHistory(state: HistoryState): string {
  if (!state.head) throw new Error('cannot cache a history state without a head commit');
  const names = [...state.authorIds.entries()].sort((a, b) => a[1] - b[1]).map(([name]) => name);
  const snapshot: SnapshotFile = {
    format: 'shipgate-history',
    version: HISTORY_CACHE_VERSION,
    head: state.head,
    commits: state.commits,
    authors: state.authors.map((a, i) => [names[i]!, a.times, [...a.subsystems.entries()]]),
    files: [...state.files.entries()].map(([p, f]) => [p, f.lines, f.lastTime, f.devs, f.commits]),
  };
  return JSON.stringify(snapshot);
}

/** Parses a snapshot, or returns null when it is not one of this version. */
export function deserialiseHistory(text: string): HistoryState | null {
  let snapshot: SnapshotFile;
  try {
    snapshot = JSON.parse(text) as SnapshotFile;
  } catch {
    return null;
  }
  if (snapshot?.format !== 'shipgate-history' || snapshot.version !== HISTORY_CACHE_VERSION) return null;
  const state: HistoryState = {
    commits: snapshot.commits,
    head: snapshot.head,
    authorIds: new Map(),
    authors: [],
    files: new Map(),
  };
  snapshot.authors.forEach(([name, times, subsystems], i) => {
    state.authorIds.set(name, i);
    state.authors.push({ times, subsystems: new Map(subsystems) });
  });
  for (const [p, lines, lastTime, devs, commits] of snapshot.files)
    state.files.set(p, { lines, lastTime, devs, commits });
  return state;
}

/** Reads the snapshot taken at `commit`, or null when there is none (or it is unreadable). */
export async function readSnapshot(
  gitDir: string,
  shallow: boolean,
  commit: string,
): Promise<HistoryState | null> {
  try {
    const state = deserialiseHistory(
      await readFile(path.join(getCacheDir(gitDir, shallow), `${commit}.json`), 'utf8'),
    );
    return state && state.head === commit ? state : null;
  } catch {
    return null;
  }
}

/** Commits that have a snapshot, newest file first. */
export async function listSnapshots(gitDir: string, shallow: boolean): Promise<string[]> {
  const dir = getCacheDir(gitDir, shallow);
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => /^[0-9a-f]{40,64}\.json$/.test(n));
  } catch {
    return [];
  }
  const dated = await Promise.all(
    names.map(async (n) => ({ n, t: (await stat(path.join(dir, n)).catch(() => null))?.mtimeMs ?? 0 })),
  );
  return dated.sort((a, b) => b.t - a.t).map((d) => d.n.replace(/\.json$/, ''));
}

/** Writes the snapshot atomically and keeps only the newest few. Failures to cache are not fatal. */
export async function writeSnapshot(gitDir: string, shallow: boolean, state: HistoryState): Promise<boolean> {
  const dir = getCacheDir(gitDir, shallow);
  try {
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, `${state.head}.json`);
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, serialiseHistory(state));
    await rename(temporary, file);
    const snapshots = await listSnapshots(gitDir, shallow);
    for (const old of snapshots.slice(KEEP_SNAPSHOTS))
      await unlink(path.join(dir, `${old}.json`)).catch(() => {});
    return true;
  } catch {
    return false;
  }
}
