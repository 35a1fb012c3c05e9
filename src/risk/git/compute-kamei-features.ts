import type { KameiVector } from '../kamei.js';
import { isFixMessage } from './detect-fix.js';
import type { FileChange } from './file-change.js';
import type { FileHistory, HistoryState } from './history-state.js';
import { getDirectory, getSubsystem } from './path-parts.js';

/** A change to measure: one commit, or a whole range `base..head` taken as one. */
export interface ChangeSummary {
  files: readonly FileChange[];
  /** Author identity (see identifyAuthor). */
  author: string;
  /** Author time of the (head) commit, unix seconds. */
  time: number;
  /** Commit message(s): the change is a fix when any of them says so. */
  message: string;
}

const DAY = 86_400;
const YEAR = 365.25 * DAY;

/** Shannon entropy (bits) of the modified lines (added + deleted) over the touched files. */
export function computeEntropy(files: readonly FileChange[]): number {
  let total = 0;
  for (const f of files) total += f.added + f.deleted;
  if (total === 0) return 0;
  let entropy = 0;
  for (const f of files) {
    const modified = f.added + f.deleted;
    if (modified > 0) {
      const p = modified / total;
      entropy -= p * Math.log2(p);
    }
  }
  return entropy === 0 ? 0 : entropy;
}

/** Number of values in an ascending array that are strictly greater than `x`. */
function countAbove(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return sorted.length - lo;
}

/**
 * Recent experience: each earlier commit of the author counts 1 / (n + 1), n being how many whole
 * years before `time` it was made (commits dated after `time` count as this year's).
 */
export function computeRecentExperience(times: readonly number[], time: number): number {
  let total = 0;
  let counted = 0;
  for (let years = 0; counted < times.length; years++) {
    const within = countAbove(times, time - (years + 1) * YEAR);
    total += (within - counted) / (years + 1);
    counted = within;
  }
  return total;
}

function findHistory(state: HistoryState, file: FileChange): FileHistory | undefined {
  return state.files.get(file.oldPath ?? file.path);
}

/**
 * The 14 Kamei et al. (2013) features of a change against the history in `state` (which must
 * not include the change itself). lt comes from `linesBefore` when given (the state's line counts
 * are only kept by a numstat stream). When `historyKnown` is false (a shallow clone) the features
 * that need history (ndev, age, nuc, exp, rexp, sexp) are null: missing, never zero.
 */
export function computeKameiFeatures(
  state: HistoryState,
  change: ChangeSummary,
  options: {
    historyKnown: boolean;
    /** Lines of each file before the change, by its old path; when absent the state's counts are used. */
    linesBefore?: ReadonlyMap<string, number>;
  },
): KameiVector {
  const subsystems = new Set<string>();
  const directories = new Set<string>();
  let la = 0;
  let ld = 0;
  let lt = 0;
  for (const file of change.files) {
    subsystems.add(getSubsystem(file.path));
    directories.add(getDirectory(file.path));
    la += file.added;
    ld += file.deleted;
    lt += options.linesBefore
      ? (options.linesBefore.get(file.oldPath ?? file.path) ?? 0)
      : (findHistory(state, file)?.lines ?? 0);
  }
  const vector: KameiVector = {
    ns: subsystems.size,
    nd: directories.size,
    nf: change.files.length,
    entropy: computeEntropy(change.files),
    la,
    ld,
    lt,
    fix: isFixMessage(change.message) ? 1 : 0,
    ndev: null,
    age: null,
    nuc: null,
    exp: null,
    rexp: null,
    sexp: null,
  };
  if (!options.historyKnown) return vector;

  const devs = new Set<number>();
  const commits = new Set<number>();
  let ageSum = 0;
  let aged = 0;
  for (const file of change.files) {
    const history = findHistory(state, file);
    if (!history) continue;
    for (const dev of history.devs) devs.add(dev);
    for (const commit of history.commits) commits.add(commit);
    ageSum += Math.max(0, change.time - history.lastTime) / DAY;
    aged++;
  }
  vector.ndev = devs.size;
  vector.nuc = commits.size;
  vector.age = aged === 0 ? 0 : ageSum / aged;

  const authorIndex = state.authorIds.get(change.author);
  const author = authorIndex === undefined ? undefined : state.authors[authorIndex];
  vector.exp = author?.times.length ?? 0;
  vector.rexp = author ? computeRecentExperience(author.times, change.time) : 0;
  let sexp = 0;
  if (author) for (const subsystem of subsystems) sexp += author.subsystems.get(subsystem) ?? 0;
  vector.sexp = sexp;
  return vector;
}
