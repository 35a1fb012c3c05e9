import { execFile, spawn } from 'node:child_process';

/** Raised when a git command fails; keeps the arguments, the exit code and git's own message. */
export class GitCommandError extends Error {
  override name = 'GitCommandError';
  constructor(
    readonly args: readonly string[],
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(`git ${args.join(' ')} failed (exit ${exitCode}): ${stderr.trim() || 'no message'}`);
  }
}

/** Environment for every git call: no pager, no prompts, a stable language for messages. */
function gitEnv(): NodeJS.ProcessEnv {
  return { ...process.env, GIT_PAGER: 'cat', GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C', LANG: 'C' };
}

/** Runs git in `dir` and returns its standard output. */
export function runGit(dir: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      ['-c', 'core.quotepath=off', ...args],
      { cwd: dir, env: gitEnv(), maxBuffer: 1024 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error) {
          const code = typeof error.code === 'number' ? error.code : null;
          reject(new GitCommandError(args, code, stderr || error.message));
          return;
        }
        resolve(stdout);
      },
    );
  });
}

/** Runs git in `dir` and hands its standard output to `onChunk` as it arrives. */
export function streamGit(
  dir: string,
  args: readonly string[],
  onChunk: (chunk: string) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['-c', 'core.quotepath=off', ...args], {
      cwd: dir,
      env: gitEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let failure: unknown = null;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      if (failure) return;
      try {
        onChunk(chunk);
      } catch (error) {
        failure = error;
        child.kill();
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', (error) => reject(new GitCommandError(args, null, error.message)));
    child.on('close', (code) => {
      if (failure) reject(failure);
      else if (code !== 0) reject(new GitCommandError(args, code, stderr));
      else resolve();
    });
  });
}
