import type { GitHubPort } from '../src/github/github-port.js';
import type { Verdict } from '../src/policy/verdict.js';
import { renderStatusComment } from '../src/report/render-status-comment.js';
import type { SignOff, StoreOperations } from '../src/store/store.js';

/**
 * Creates or updates shipgate's one status comment for a pull request and environment, listing
 * the sign-offs for `sha` (accepted and refused, with why).
 */
export async function updateStatusComment(
  port: GitHubPort,
  store: StoreOperations,
  target: {
    owner: string;
    repo: string;
    pullNumber: number;
    environment: string;
    sha: string;
    verdict: Verdict | null;
    stale?: { before: string; after: string } | null;
    problem?: string | null;
    waiting?: boolean;
    /** The sign-offs for `sha` as just read (e.g. by the evaluation); read from the store when absent. */
    signoffs?: SignOff[];
  },
  now: Date,
): Promise<number> {
  const { owner, repo, pullNumber, environment, sha } = target;
  const signoffs = target.signoffs ?? (await store.listSignOffs({ owner, repo, sha, environment }));
  const body = renderStatusComment({
    environment,
    sha,
    verdict: target.verdict,
    signoffs,
    stale: target.stale ?? null,
    problem: target.problem ?? null,
    waiting: target.waiting ?? false,
  });
  const key = { owner, repo, pullNumber, environment };
  const existing = await store.getStatusComment(key);
  if (existing !== undefined) {
    await port.updateComment(owner, repo, existing, body);
    return existing;
  }
  const id = await port.createComment(owner, repo, pullNumber, body);
  await store.setStatusComment(key, id, now);
  return id;
}
