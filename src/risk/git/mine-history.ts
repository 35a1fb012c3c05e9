import type { KameiVector } from '../kamei.js';
import { computeKameiFeatures } from './compute-kamei-features.js';
import type { LogCommit } from './file-change.js';
import { applyCommit, createHistoryState, type HistoryState } from './history-state.js';
import type { GitRepository } from './open-repository.js';
import { runGit } from './run-git.js';
import { streamLogCommits, type LogDetail } from './stream-log-commits.js';

export interface MineOptions {
  /** Mine the history reachable from this commit (default HEAD). */
  upTo?: string;
  /** Continue from this state (its head must be an ancestor of upTo): only new commits stream. */
  from?: HistoryState;
  /** Called for every streamed commit with its Kamei features, computed before it is applied. */
  onCommit?: (commit: LogCommit, features: KameiVector) => void;
  /**
   * `numstat` (the default with onCommit) keeps line counts, so per-commit la, ld and lt are known;
   * `names` (the default without) streams paths only, several times faster: the state's line
   * counts are then not kept, and lt must come from the tree (see measureChange).
   */
  detail?: LogDetail;
}

/**
 * Builds the history state with one streaming `git log` pass, oldest first. Without `onCommit`
 * only the state is kept up to date (cheaper); with it, every commit's features are computed too.
 * A state continued with `from` must be streamed with the same detail it was built with.
 */
export async function mineHistory(
  repo: GitRepository,
  options: MineOptions = {},
): Promise<{ state: HistoryState; streamed: number }> {
  const state = options.from ?? createHistoryState();
  const upTo = (
    await runGit(repo.dir, ['rev-parse', '--verify', `${options.upTo ?? 'HEAD'}^{commit}`])
  ).trim();
  const range = state.head ? [`${state.head}..${upTo}`] : [upTo];
  const historyKnown = !repo.shallow;
  let streamed = 0;
  const detail = options.detail ?? (options.onCommit ? 'numstat' : 'names');
  await streamLogCommits(
    repo.dir,
    range,
    (commit) => {
      if (options.onCommit) {
        const features = computeKameiFeatures(
          state,
          { files: commit.files, author: commit.author, time: commit.time, message: commit.message },
          { historyKnown },
        );
        options.onCommit(commit, features);
      }
      applyCommit(state, commit);
      streamed++;
    },
    detail,
  );
  // The state stands for everything reachable from upTo (merges included), whatever streamed last.
  state.head = upTo;
  return { state, streamed };
}
