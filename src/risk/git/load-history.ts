import { listSnapshots, readSnapshot, writeSnapshot } from './history-cache.js';
import type { HistoryState } from './history-state.js';
import { mineHistory } from './mine-history.js';
import { isAncestor, type GitRepository } from './open-repository.js';

/** How the state was obtained: a snapshot at the commit, a snapshot plus new commits, or a full pass. */
export type HistorySource = 'cache' | 'incremental' | 'full';

export interface LoadedHistory {
  state: HistoryState;
  source: HistorySource;
  /** Commits streamed from git for this call (0 on a cache hit). */
  streamed: number;
}

/**
 * The history state as of `commit` (a full hash), from the cache under the git directory when
 * possible: an exact snapshot is used as is; a snapshot of an ancestor streams only the newer
 * commits; otherwise the whole history streams once. The result is cached for next time.
 */
export async function loadHistory(
  repo: GitRepository,
  commit: string,
  options: { cache: boolean } = { cache: true },
): Promise<LoadedHistory> {
  if (options.cache) {
    const exact = await readSnapshot(repo.gitDir, repo.shallow, commit);
    if (exact) return { state: exact, source: 'cache', streamed: 0 };
    for (const candidate of await listSnapshots(repo.gitDir, repo.shallow)) {
      if (!(await isAncestor(repo, candidate, commit))) continue;
      const from = await readSnapshot(repo.gitDir, repo.shallow, candidate);
      if (!from) continue;
      const { state, streamed } = await mineHistory(repo, { upTo: commit, from });
      await writeSnapshot(repo.gitDir, repo.shallow, state);
      return { state, source: 'incremental', streamed };
    }
  }
  const { state, streamed } = await mineHistory(repo, { upTo: commit });
  if (options.cache) await writeSnapshot(repo.gitDir, repo.shallow, state);
  return { state, source: 'full', streamed };
}
