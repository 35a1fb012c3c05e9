import { stat } from 'node:fs/promises';
import { GitCommandError, runGit } from './run-git.js';

/** A local git repository shipgate reads. */
export interface GitRepository {
  /** The working tree's top directory. */
  dir: string;
  /** The common git directory (absolute), where shipgate keeps its history cache. */
  gitDir: string;
  /** The clone is shallow: history before its boundary is absent. */
  shallow: boolean;
}

/** Raised when the repository or a revision cannot be read; the message says what and how to fix it. */
export class RepositoryError extends Error {
  override name = 'RepositoryError';
}

/** Opens the repository containing `dir`, or throws RepositoryError when there is none. */
export async function openRepository(dir: string): Promise<GitRepository> {
  let output: string;
  try {
    output = await runGit(dir, [
      'rev-parse',
      '--path-format=absolute',
      '--show-toplevel',
      '--git-common-dir',
      '--is-shallow-repository',
    ]);
  } catch (error) {
    if (error instanceof GitCommandError && error.exitCode !== null) {
      throw new RepositoryError(
        `${dir} is not inside a git repository (${error.stderr.trim().split('\n')[0] || 'git rev-parse failed'}). ` +
          'Fix: run shipgate inside a clone, or pass --repo DIR pointing at one.',
      );
    }
    if (!(await stat(dir).catch(() => null))?.isDirectory()) {
      throw new RepositoryError(`${dir} is not a directory. Fix: pass --repo DIR pointing at a clone.`);
    }
    const reason = error instanceof GitCommandError ? error.stderr.trim() : String(error);
    throw new RepositoryError(`cannot run git in ${dir} (${reason}). Fix: install git and put it on PATH.`);
  }
  const [top, gitDir, shallow] = output.trimEnd().split('\n');
  return { dir: top!, gitDir: gitDir!, shallow: shallow === 'true' };
}

/** Resolves a revision to a commit hash, or throws RepositoryError naming it. */
export async function resolveCommit(repo: GitRepository, revision: string, option: string): Promise<string> {
  try {
    return (
      await runGit(repo.dir, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${revision}^{commit}`])
    ).trim();
  } catch {
    const hint = repo.shallow
      ? ' The clone is shallow, so older commits are absent: fetch more history (`git fetch --unshallow`, or `fetch-depth: 0` in actions/checkout).'
      : ' Fix: pass a branch, tag or commit that exists (see `git log --oneline`).';
    throw new RepositoryError(`unknown revision '${revision}' for ${option} in ${repo.dir}.${hint}`);
  }
}

/** Whether `ancestor` is an ancestor of (or equal to) `commit`. */
export async function isAncestor(repo: GitRepository, ancestor: string, commit: string): Promise<boolean> {
  try {
    await runGit(repo.dir, ['merge-base', '--is-ancestor', ancestor, commit]);
    return true;
  } catch {
    // Exit 1 means "not an ancestor"; any other failure (e.g. a commit no longer present) as well.
    return false;
  }
}
