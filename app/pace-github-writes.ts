import type { GitHubPort } from '../src/github/github-port.js';

/**
 * Paces one installation's writes to GitHub. GitHub asks integrations to leave at least a second
 * between content-creating requests (its secondary rate limits), but an approval must not wait
 * behind check runs and comments. So writes go in two lanes:
 *
 * - **decision**: the approve/reject call. It goes at once, never queues, and does not delay
 *   reports (so a stream of decisions cannot starve them).
 * - **report**: check runs, comments, status reports. Each starts at least `gapMs` after the
 *   previous report of the installation started, one at a time, in order. A queued report
 *   with the same key as a newer one (the same comment, the same check run name on a commit) is
 *   replaced by it: its callers get the newer write's outcome, since only the newest shows.
 *
 * At most `maxQueued` reports wait; beyond that a report fails at once with a message that says
 * why, so a flood cannot hold memory or webhook answers without bound.
 */
export interface WritePacer {
  decision<T>(write: () => Promise<T>): Promise<T>;
  report<T>(key: string, write: () => Promise<T>): Promise<T>;
  /** Reports waiting to start. */
  readonly queued: number;
  /** Resolves once no report is waiting or running, or after `timeoutMs`. */
  idle(timeoutMs: number): Promise<void>;
}

export interface WritePacerOptions {
  /** Least time between the starts of two reports (ms). */
  gapMs: number;
  /** Reports allowed to wait (default 200). */
  maxQueued?: number;
  /** Milliseconds on some monotonic clock (default `performance.now`). */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** Thrown for a report refused because too many are waiting. */
export class ReportQueueFullError extends Error {
  override name = 'ReportQueueFullError';
}

interface Waiting {
  key: string;
  write: () => Promise<unknown>;
  settle: { resolve: (value: unknown) => void; reject: (error: unknown) => void }[];
}

export function createWritePacer(options: WritePacerOptions): WritePacer {
  const now = options.now ?? (() => performance.now());
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const maxQueued = options.maxQueued ?? 200;
  const queue: Waiting[] = [];
  let lastStart = -Infinity;
  let running: Promise<void> | null = null;

  const pump = async () => {
    while (queue.length > 0) {
      const wait = lastStart + options.gapMs - now();
      if (wait > 0) await sleep(wait);
      const next = queue.shift()!;
      lastStart = now();
      try {
        const value = await next.write();
        for (const s of next.settle) s.resolve(value);
      } catch (error) {
        for (const s of next.settle) s.reject(error);
      }
    }
  };
  const start = () => {
    running ??= pump().finally(() => {
      running = null;
      if (queue.length > 0) start();
    });
  };

  return {
    decision: (write) => write(),
    report<T>(key: string, write: () => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const settle = { resolve: resolve as (value: unknown) => void, reject };
        const same = queue.findIndex((w) => w.key === key);
        if (same >= 0) {
          const replaced = queue[same]!;
          queue[same] = { key, write, settle: [...replaced.settle, settle] };
        } else if (queue.length >= maxQueued) {
          reject(
            new ReportQueueFullError(
              `not sent: ${queue.length} reports to GitHub are already waiting for this installation (at most one every ${options.gapMs} ms)`,
            ),
          );
          return;
        } else {
          queue.push({ key, write, settle: [settle] });
        }
        start();
      });
    },
    get queued() {
      return queue.length;
    },
    async idle(timeoutMs) {
      const deadline = now() + timeoutMs;
      while (running && now() < deadline) {
        await Promise.race([running, sleep(Math.max(0, Math.min(50, deadline - now())))]);
      }
    },
  };
}

/** Keys for writes that nothing replaces. */
let unique = 0;

/** `port` with its writes paced by `pacer`; reads pass through. */
export function pacePort(port: GitHubPort, pacer: WritePacer): GitHubPort {
  return {
    ...port,
    reviewProtectionRule: (owner, repo, runId, review) =>
      review.state
        ? pacer.decision(() => port.reviewProtectionRule(owner, repo, runId, review))
        : pacer.report(`review:${owner}/${repo}:${runId}:${review.environment_name}`, () =>
            port.reviewProtectionRule(owner, repo, runId, review),
          ),
    createCheckRun: (owner, repo, run) =>
      pacer.report(`check:${owner}/${repo}:${run.head_sha}:${run.name}`, () =>
        port.createCheckRun(owner, repo, run),
      ),
    updateComment: (owner, repo, commentId, body) =>
      pacer.report(`comment:${owner}/${repo}:${commentId}`, () =>
        port.updateComment(owner, repo, commentId, body),
      ),
    // Each new comment and reaction is its own: nothing replaces them.
    createComment: (owner, repo, issueNumber, body) =>
      pacer.report(`new:${(unique += 1)}`, () => port.createComment(owner, repo, issueNumber, body)),
    addReaction: (owner, repo, commentId, content) =>
      pacer.report(`new:${(unique += 1)}`, () => port.addReaction(owner, repo, commentId, content)),
  };
}
