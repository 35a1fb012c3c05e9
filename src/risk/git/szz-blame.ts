import type { GitRepository } from './open-repository.js';
import { runGit } from './run-git.js';

/** Turns sorted line numbers into `-L start,end` ranges. */
export function toLineRanges(lines: readonly number[]): [number, number][] {
  const sorted = [...new Set(lines)].sort((a, b) => a - b);
  const ranges: [number, number][] = [];
  for (const line of sorted) {
    const last = ranges[ranges.length - 1];
    if (last && line === last[1] + 1) last[1] = line;
    else ranges.push([line, line]);
  }
  return ranges;
}

/** The commits `git blame --porcelain` names as the origin of the blamed lines. */
export function parseBlamePorcelain(text: string): Set<string> {
  const commits = new Set<string>();
  for (const line of text.split('\n')) {
    const match = /^([0-9a-f]{40}|[0-9a-f]{64}) \d+ \d+/.exec(line);
    if (match) commits.add(match[1]!);
  }
  return commits;
}

/**
 * The commits that last touched `lines` of `path` as of `commit`: one `git blame --porcelain`
 * call per file, all ranges at once, ignoring whitespace changes (-w).
 */
export async function blameLines(
  repo: GitRepository,
  commit: string,
  path: string,
  lines: readonly number[],
): Promise<Set<string>> {
  const ranges = toLineRanges(lines).flatMap(([a, b]) => ['-L', `${a},${b}`]);
  if (ranges.length === 0) return new Set();
  const text = await runGit(repo.dir, ['blame', '--porcelain', '-w', ...ranges, commit, '--', path]);
  return parseBlamePorcelain(text);
}
