import { execFile } from 'node:child_process';

/** Thrown when git cannot produce the diff; the message names the refs and git's own words. */
export class GitDiffError extends Error {
  override name = 'GitDiffError';
}

export interface GitDiffOptions {
  /** The repository (any folder inside it). */
  cwd: string;
  /** The base commit or ref (for a pull request: its base SHA). */
  base: string;
  /** The head commit or ref (default: HEAD). */
  head?: string;
}

/**
 * The change between the merge base of `base` and `head`, and `head` (`git diff base...head`),
 * as a zero-context unified diff for `parseUnifiedDiff` or `createNodeContext({ diff })`.
 */
export function readGitDiff({ cwd, base, head = 'HEAD' }: GitDiffOptions): Promise<string> {
  const args = [
    '-c',
    'core.quotePath=true',
    'diff',
    '--no-color',
    '--no-ext-diff',
    '--no-renames',
    '-U0',
    `${base}...${head}`,
    '--',
  ];
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      { cwd, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error) {
          const said = (stderr || error.message).trim().split('\n')[0];
          reject(
            new GitDiffError(
              `git diff ${base}...${head} failed in ${cwd}: ${said}. Fetch both commits first (for example actions/checkout with fetch-depth: 0).`,
            ),
          );
          return;
        }
        resolve(stdout);
      },
    );
  });
}
