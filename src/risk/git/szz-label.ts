import type { KameiVector } from '../kamei.js';
import { findClosedIssues, findIssueReferences, isFixMessage } from './detect-fix.js';
import { mineHistory } from './mine-history.js';
import type { GitRepository } from './open-repository.js';
import { blameLines } from './szz-blame.js';
import { readFixDiffs } from './szz-fix-diff.js';

/** One mined commit with its features and its SZZ label. */
export interface SzzCommit {
  hash: string;
  time: number;
  features: KameiVector;
  /** 1 when a later fix's deleted or changed lines trace back to this commit. */
  bug: 0 | 1;
  /** The message says the commit is a fix, or it mentions an issue that a fix closed. */
  fix: boolean;
  /** Left out of training: too recent for its bugs to have been found. */
  leftOut: boolean;
}

export interface SzzOptions {
  /** Leave out this newest fraction of commits (default 0.1). */
  leaveOutFraction?: number;
  /** Also leave out commits made within this many days before `now` (default 30). */
  leaveOutDays?: number;
  now: Date;
  /** Blame calls run at once (default 4). */
  concurrency?: number;
}

export interface SzzResult {
  commits: SzzCommit[];
  fixes: number;
  /** Fixes whose changed lines could be traced (text files with deleted or changed lines). */
  tracedFixes: number;
  bugIntroducing: number;
  leftOut: { total: number; byFraction: number; byDays: number };
}

export const DEFAULT_LEAVE_OUT_FRACTION = 0.1;
export const DEFAULT_LEAVE_OUT_DAYS = 30;

async function runPool<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * Labels a repository's history with SZZ: mines every non-merge commit's Kamei features (one
 * streaming pass), finds fixing commits from their messages and the issues those close, blames the lines each fix deletes or
 * changes on the fix's parent, and labels the blamed commits bug=1. The newest commits, whose bugs
 * are mostly not found yet, are marked `leftOut`.
 */
export async function labelWithSzz(repo: GitRepository, options: SzzOptions): Promise<SzzResult> {
  const commits: SzzCommit[] = [];
  const index = new Map<string, SzzCommit>();
  const parents = new Map<string, string>();
  const references = new Map<SzzCommit, string[]>();
  const bugIssues = new Set<string>();
  await mineHistory(repo, {
    onCommit: (commit, features) => {
      const entry: SzzCommit = {
        hash: commit.hash,
        time: commit.time,
        features,
        bug: 0,
        fix: isFixMessage(commit.message),
        leftOut: false,
      };
      commits.push(entry);
      index.set(commit.hash, entry);
      if (commit.parents.length === 1) parents.set(commit.hash, commit.parents[0]!);
      if (entry.fix) for (const id of findClosedIssues(commit.message)) bugIssues.add(id);
      const mentioned = findIssueReferences(commit.message);
      if (mentioned.length > 0) references.set(entry, mentioned);
    },
  });
  // Linked issues: a commit that mentions an issue some fix closed is part of that fix.
  for (const [entry, ids] of references)
    if (!entry.fix && ids.some((id) => bugIssues.has(id))) entry.fix = true;

  const fixes = commits.filter((c) => c.fix && parents.has(c.hash));
  const diffs = await readFixDiffs(
    repo,
    fixes.map((f) => f.hash),
  );
  const jobs = fixes.flatMap((fix) =>
    (diffs.get(fix.hash) ?? []).map((file) => ({ fix, parent: parents.get(fix.hash)!, file })),
  );
  const traced = new Set(jobs.map((j) => j.fix.hash));
  await runPool(jobs, options.concurrency ?? 4, async ({ fix, parent, file }) => {
    for (const origin of await blameLines(repo, parent, file.path, file.lines)) {
      const introducing = index.get(origin);
      if (introducing && introducing !== fix && introducing.time <= fix.time) introducing.bug = 1;
    }
  });

  const byTime = [...commits].sort((a, b) => a.time - b.time);
  const fraction = options.leaveOutFraction ?? DEFAULT_LEAVE_OUT_FRACTION;
  const byFraction = Math.ceil(byTime.length * Math.min(1, Math.max(0, fraction)));
  const cutoff = options.now.getTime() / 1000 - (options.leaveOutDays ?? DEFAULT_LEAVE_OUT_DAYS) * 86_400;
  let byDays = 0;
  byTime.forEach((c, i) => {
    const recent = c.time > cutoff;
    if (recent) byDays++;
    if (recent || i >= byTime.length - byFraction) c.leftOut = true;
  });
  return {
    commits,
    fixes: fixes.length,
    tracedFixes: traced.size,
    bugIntroducing: commits.filter((c) => c.bug === 1).length,
    leftOut: { total: commits.filter((c) => c.leftOut).length, byFraction, byDays },
  };
}
