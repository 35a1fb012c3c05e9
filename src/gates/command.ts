import path from 'node:path';
import type { CommandGateConfig } from './config.js';
import { formatNumber } from './gate-result.js';
import { parseDuration } from './parse-duration.js';
import type { ExecResult, GateContext, GateResult } from './types.js';

/** The last `count` lines of command output (trailing blank lines dropped), without terminal colour codes. */
export function tailLines(text: string, count: number): string[] {
  // eslint-disable-next-line no-control-regex
  const plain = text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r(?!\n)/g, '\n');
  const lines = plain.split(/\r?\n/);
  while (lines.length && lines[lines.length - 1]!.trim() === '') lines.pop();
  return lines.slice(-count);
}

function fence(lines: string[]): string {
  const body = lines.join('\n');
  const longest = Math.max(2, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const marks = '`'.repeat(longest + 1);
  return `${marks}text\n${body}\n${marks}`;
}

/** Judges a finished command by its exit code and timeout. */
export function judgeCommand(
  config: CommandGateConfig,
  result: ExecResult,
  elapsedMs: number,
  timeoutMs: number,
): GateResult {
  const seconds = formatNumber(elapsedMs / 1000, 2);
  let status: GateResult['status'];
  let summary: string;
  if (result.timedOut) {
    status = 'fail';
    summary = `\`${config.run}\` did not finish within ${config.timeout} and was stopped. Make it faster or raise the timeout of command '${config.name}'.`;
  } else if (result.exitCode === 0) {
    status = 'pass';
    summary = `\`${config.run}\` succeeded in ${seconds} s.`;
  } else {
    status = 'fail';
    summary =
      result.exitCode === null
        ? `\`${config.run}\` was ended by a signal after ${seconds} s.`
        : `\`${config.run}\` exited with code ${result.exitCode} after ${seconds} s.`;
  }
  const stdout = tailLines(result.stdout, 50);
  const stderr = tailLines(result.stderr, 50);
  const parts = [
    `Ran \`${config.run}\`${config.working_directory ? ` in \`${config.working_directory}\`` : ''} (timeout ${config.timeout}).`,
  ];
  if (stdout.length) parts.push('', `Last ${stdout.length} lines of output:`, '', fence(stdout));
  if (stderr.length) parts.push('', `Last ${stderr.length} lines of error output:`, '', fence(stderr));
  if (!stdout.length && !stderr.length) parts.push('', 'It printed nothing.');
  return {
    gate: config.name,
    status,
    blocking: config.blocking,
    summary,
    details: parts.join('\n'),
    annotations: [],
    metrics: {
      duration_seconds: elapsedMs / 1000,
      timeout_seconds: timeoutMs / 1000,
      ...(result.exitCode !== null ? { exit_code: result.exitCode } : {}),
    },
  };
}

/** Runs one command gate through the context's `exec`, with the policy's timeout. */
export async function runCommandGate(config: CommandGateConfig, ctx: GateContext): Promise<GateResult> {
  const timeoutMs = parseDuration(config.timeout);
  const cwd = config.working_directory ? path.resolve(ctx.cwd, config.working_directory) : ctx.cwd;
  const started = performance.now();
  const options = config.env ? { timeoutMs, cwd, env: config.env } : { timeoutMs, cwd };
  const result = await ctx.exec(config.run, options);
  return judgeCommand(config, result, performance.now() - started, timeoutMs);
}
