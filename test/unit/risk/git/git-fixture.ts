import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A throw-away git repository with deterministic authors and dates, for the git reader's tests. */
export interface GitFixture {
  dir: string;
  git(...args: string[]): string;
  /** Writes (string or bytes) or deletes (null) files, stages everything, commits; returns the hash. */
  commit(options: CommitOptions): string;
  /** Merges `branch` into the current branch with a merge commit; returns its hash. */
  merge(branch: string, options: Omit<CommitOptions, 'files' | 'moves'>): string;
  remove(): void;
}

export interface CommitOptions {
  author: string;
  /** ISO time, e.g. 2024-01-01T00:00:00Z. */
  date: string;
  message: string;
  files?: Record<string, string | Buffer | null>;
  /** [from, to] renames done with `git mv` before the writes. */
  moves?: [string, string][];
}

export function lines(prefix: string, from: number, to: number): string {
  const out: string[] = [];
  for (let i = from; i <= to; i++) out.push(`${prefix}${i}`);
  return out.join('\n') + '\n';
}

export function createGitFixture(name = 'shipgate-git-'): GitFixture {
  const dir = mkdtempSync(path.join(os.tmpdir(), name));
  const baseEnv = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: dir, LC_ALL: 'C' };
  const run = (args: string[], env: NodeJS.ProcessEnv = baseEnv) =>
    execFileSync('git', args, { cwd: dir, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const identity = (options: { author: string; date: string }): NodeJS.ProcessEnv => {
    const email = `${options.author.toLowerCase()}@example.org`;
    return {
      ...baseEnv,
      GIT_AUTHOR_NAME: options.author,
      GIT_AUTHOR_EMAIL: email,
      GIT_AUTHOR_DATE: options.date,
      GIT_COMMITTER_NAME: options.author,
      GIT_COMMITTER_EMAIL: email,
      GIT_COMMITTER_DATE: options.date,
    };
  };
  run(['init', '-q', '-b', 'main']);
  run(['config', 'commit.gpgsign', 'false']);
  return {
    dir,
    git: (...args) => run(args),
    commit(options) {
      for (const [from, to] of options.moves ?? []) {
        mkdirSync(path.dirname(path.join(dir, to)), { recursive: true });
        run(['mv', from, to]);
      }
      for (const [file, content] of Object.entries(options.files ?? {})) {
        const full = path.join(dir, file);
        if (content === null) {
          run(['rm', '-q', file]);
          continue;
        }
        mkdirSync(path.dirname(full), { recursive: true });
        writeFileSync(full, content);
      }
      run(['add', '-A']);
      run(['commit', '-q', '--allow-empty', '-m', options.message], identity(options));
      return run(['rev-parse', 'HEAD']).trim();
    },
    merge(branch, options) {
      run(['merge', '-q', '--no-ff', '-m', options.message, branch], identity(options));
      return run(['rev-parse', 'HEAD']).trim();
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
