import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { glob } from 'tinyglobby';
import { parseUnifiedDiff } from './parse-unified-diff.js';
import type { ExecOptions, ExecResult, GateContext } from './types.js';

/** Most bytes of each output stream a command keeps (its tail). */
export const outputCapBytes = 1024 * 1024;

export interface NodeContextOptions {
  cwd: string;
  now: Date;
  /** A unified diff of the change (`git diff base...head`); gives added and changed lines. */
  diff?: string;
  /** The environment commands run with (default: this process's). */
  env?: NodeJS.ProcessEnv;
  coverageBaseline?: GateContext['coverageBaseline'];
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** Keeps the last `cap` bytes of a stream. */
function collectTail(cap: number) {
  const chunks: Buffer[] = [];
  let size = 0;
  let dropped = false;
  return {
    push(chunk: Buffer) {
      chunks.push(chunk);
      size += chunk.length;
      while (size > cap && chunks.length > 1) {
        size -= chunks.shift()!.length;
        dropped = true;
      }
    },
    text() {
      let buffer = Buffer.concat(chunks);
      if (buffer.length > cap) [buffer, dropped] = [buffer.subarray(buffer.length - cap), true];
      return (dropped ? '[earlier output cut]\n' : '') + buffer.toString('utf8');
    },
  };
}

function execCommand(command: string, options: ExecOptions, baseEnv: NodeJS.ProcessEnv): Promise<ExecResult> {
  return new Promise((resolve) => {
    const child = spawn(command, {
      cwd: options.cwd,
      env: { ...baseEnv, ...options.env },
      shell: true,
      detached: process.platform !== 'win32',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout = collectTail(outputCapBytes);
    const stderr = collectTail(outputCapBytes);
    let timedOut = false;
    const kill = (signal: NodeJS.Signals) => {
      try {
        if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, signal);
        else child.kill(signal);
      } catch {
        // The process group is already gone.
      }
    };
    let hardKill: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      kill('SIGTERM');
      hardKill = setTimeout(() => kill('SIGKILL'), 2000);
    }, options.timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    const finish = (exitCode: number | null, extra = '') => {
      clearTimeout(timer);
      if (hardKill) clearTimeout(hardKill);
      resolve({ exitCode, stdout: stdout.text(), stderr: stderr.text() + extra, timedOut });
    };
    child.on('error', (error) => finish(127, `${error.message}\n`));
    child.on('close', (code) => finish(timedOut ? null : code));
  });
}

function hashFile(file: string): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    const stream = createReadStream(file);
    stream.on('data', (chunk) => hash.update(chunk));
    stream.on('end', () => resolve(hash.digest('hex')));
    stream.on('error', (error) =>
      isMissing(error) || (error as NodeJS.ErrnoException).code === 'EISDIR' ? resolve(null) : reject(error),
    );
  });
}

/** The gate context over the real file system, tinyglobby and child processes. */
export function createNodeContext(options: NodeContextOptions): GateContext {
  const root = path.resolve(options.cwd);
  const resolve = (file: string) => path.resolve(root, file);
  const context: GateContext = {
    cwd: root,
    now: options.now,
    async readFile(file) {
      try {
        return await readFile(resolve(file), 'utf8');
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },
    async glob(patterns, cwd) {
      const found = await glob(patterns, {
        cwd: resolve(cwd),
        onlyFiles: true,
        dot: true,
        expandDirectories: false,
        ignore: ['**/node_modules/**', '**/.git/**'],
      });
      return found.sort();
    },
    hashFile: (file) => hashFile(resolve(file)),
    exec: (command, execOptions) => execCommand(command, execOptions, options.env ?? process.env),
  };
  if (options.diff !== undefined) {
    const parsed = parseUnifiedDiff(options.diff);
    context.addedLines = parsed.addedLines;
    context.changedLines = parsed.changedLines;
  }
  if (options.coverageBaseline) context.coverageBaseline = options.coverageBaseline;
  return context;
}
