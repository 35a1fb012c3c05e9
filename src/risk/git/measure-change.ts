import type { KameiFeature, KameiVector } from '../kamei.js';
import { computeKameiFeatures } from './compute-kamei-features.js';
import type { FileChange } from './file-change.js';
import { createHistoryState } from './history-state.js';
import { loadHistory, type HistorySource, type LoadedHistory } from './load-history.js';
import { openRepository, RepositoryError, resolveCommit, type GitRepository } from './open-repository.js';
import { parseNumstat } from './parse-numstat.js';
import { getSubsystem } from './path-parts.js';
import { runGit } from './run-git.js';
import { identifyAuthor } from './stream-log-commits.js';

/** Features that need the history before the change; absent in a shallow clone. */
export const HISTORY_FEATURES: readonly KameiFeature[] = ['ndev', 'age', 'nuc', 'exp', 'rexp', 'sexp'];

/** A change `base..head` measured against the local history. */
export interface MeasuredChange {
  repo: GitRepository;
  /** The base commit, or null when the change is a root commit measured against the empty tree. */
  base: string | null;
  head: string;
  /** The commit the change is diffed from: merge-base(base, head), as a pull request shows it (or the empty tree). */
  mergeBase: string;
  /** Commits in the change (merge-base..head). */
  commits: number;
  files: FileChange[];
  kamei: KameiVector;
  /** Signals that could not be measured, e.g. `kamei.exp` in a shallow clone. */
  missingSignals: string[];
  /** What the explanation needs in plain words. */
  context: {
    author: string;
    subsystems: string[];
    /** The author's earlier changes per touched subsystem. */
    authorSubsystemChanges: Record<string, number>;
  };
  history: { source: HistorySource; streamed: number; commits: number };
}

const RECORD = '\x1e';
/** Git's empty tree: the "before" of a root commit. */
export const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

/**
 * The common case in one git call: the repository and both revisions. Returns null when any of
 * them fails, and the caller then resolves them one by one to say exactly which.
 */
async function resolveQuickly(
  dir: string,
  options: { base?: string; head: string },
): Promise<{ repo: GitRepository; base: string; head: string } | null> {
  const base = options.base ?? `${options.head}~1`;
  // Revisions that look like options take the careful path (rev-parse --verify --end-of-options).
  if (options.head.startsWith('-') || base.startsWith('-')) return null;
  try {
    const output = await runGit(dir, [
      'rev-parse',
      '--path-format=absolute',
      '--show-toplevel',
      '--git-common-dir',
      '--is-shallow-repository',
      `${options.head}^{commit}`,
      `${base}^{commit}`,
    ]);
    const lines = output.trimEnd().split('\n');
    if (lines.length !== 5 || lines.some((line) => !line)) return null;
    const [top, gitDir, shallow, head, baseCommit] = lines as [string, string, string, string, string];
    return { repo: { dir: top, gitDir, shallow: shallow === 'true' }, head, base: baseCommit };
  } catch {
    return null;
  }
}

async function hasParent(repo: GitRepository, commit: string): Promise<boolean> {
  const line = (await runGit(repo.dir, ['rev-list', '--parents', '-n', '1', commit])).trim();
  return line.split(' ').length > 1;
}

/** Lines of the touched files (by their old paths) in `commit`'s tree, with one git call. */
async function countLinesAt(
  repo: GitRepository,
  commit: string,
  files: readonly FileChange[],
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const paths = [...new Set(files.map((f) => f.oldPath ?? f.path))];
  if (commit === EMPTY_TREE || paths.length === 0) return counts;
  const text = await runGit(repo.dir, [
    '--literal-pathspecs',
    'diff',
    '-z',
    '--no-renames',
    '--numstat',
    EMPTY_TREE,
    commit,
    '--',
    ...paths,
  ]);
  for (const file of parseNumstat(text.split('\0'))) counts.set(file.path, file.added);
  return counts;
}

/**
 * Measures `base..head` in the repository at `dir`: the Kamei features of the change as a whole
 * (the diff merge-base..head, the head commit's author and time, fix when any commit message says
 * so) against the history up to `base`.
 */
export async function measureChange(
  dir: string,
  options: { base?: string; head: string; cache?: boolean },
): Promise<MeasuredChange> {
  const resolved = await resolveQuickly(dir, options);
  const repo = resolved?.repo ?? (await openRepository(dir));
  const head = resolved?.head ?? (await resolveCommit(repo, options.head, '--head'));
  // Without an explicit base the change is the head commit: against its first parent, or, for a
  // root commit, against the empty tree.
  const rootChange =
    !resolved && options.base === undefined && !(await hasParent(repo, head)) && !repo.shallow;
  const base = rootChange
    ? null
    : (resolved?.base ?? (await resolveCommit(repo, options.base ?? `${options.head}~1`, '--base')));
  let mergeBase = EMPTY_TREE;
  if (base !== null && options.base === undefined) {
    mergeBase = base; // the head's own parent
  } else if (base !== null) {
    try {
      mergeBase = (await runGit(repo.dir, ['merge-base', base, head])).trim();
    } catch {
      throw new RepositoryError(
        `${options.base} and ${options.head} share no history in ${repo.dir}, so there is no change to assess.` +
          (repo.shallow
            ? ' The clone is shallow: fetch more history (`git fetch --unshallow`).'
            : ' Fix: pick a --base the --head branched from.'),
      );
    }
  }
  if (mergeBase === head) {
    throw new RepositoryError(
      `--head ${options.head} adds nothing to --base ${options.base} (it is already contained in it). ` +
        'Fix: pass the older commit as --base and the newer one as --head.',
    );
  }
  const [diffText, logText, loaded] = await Promise.all([
    runGit(repo.dir, [
      'diff',
      '-z',
      '--no-ext-diff',
      '--no-textconv',
      '--numstat',
      '--summary',
      '-M',
      mergeBase,
      head,
      '--',
    ]),
    runGit(repo.dir, [
      'log',
      '-z',
      `--format=${RECORD}%aE%x00%aN%x00%at%x00%B`,
      base === null ? head : `${mergeBase}..${head}`,
      '--',
    ]),
    base === null
      ? Promise.resolve<LoadedHistory>({ state: createHistoryState(), source: 'full', streamed: 0 })
      : loadHistory(repo, base, { cache: options.cache ?? true }),
  ]);
  const files = parseNumstat(diffText.split('\0'));
  const linesBefore = await countLinesAt(repo, mergeBase, files);
  const records = logText
    .split(RECORD)
    .filter((r) => r.length > 0)
    .map((r) => r.replace(/\0$/, '').split('\0'));
  const [email = '', name = '', time = '0'] = records[0] ?? [];
  const author = identifyAuthor(email, name);
  const message = records.map((r) => r.slice(3).join('\0')).join('\n');
  const kamei = computeKameiFeatures(
    loaded.state,
    { files, author, time: Number(time), message },
    { historyKnown: !repo.shallow, linesBefore },
  );
  const subsystems = [...new Set(files.map((f) => getSubsystem(f.path)))].sort();
  const authorIndex = loaded.state.authorIds.get(author);
  const authorHistory = authorIndex === undefined ? undefined : loaded.state.authors[authorIndex];
  const authorSubsystemChanges = Object.fromEntries(
    subsystems.map((s) => [s, authorHistory?.subsystems.get(s) ?? 0]),
  );
  const missingSignals = repo.shallow ? HISTORY_FEATURES.map((f) => `kamei.${f}`) : [];
  return {
    repo,
    base,
    head,
    mergeBase,
    commits: records.length,
    files,
    kamei,
    missingSignals,
    context: { author, subsystems, authorSubsystemChanges },
    history: { source: loaded.source, streamed: loaded.streamed, commits: loaded.state.commits },
  };
}
