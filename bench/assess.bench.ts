// `shipgate assess` on one change (HEAD~1..HEAD) of the generated 20,000-commit repository, run as
// the real CLI in a child process: cold (no history cache) and cached. Targets: cold < 2 s,
// cached < 0.5 s.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBenchRepository } from '../scripts/gen-repo.js';
import { DEFAULT_RISK_THRESHOLDS } from '../src/policy/tiers.js';
import { assessRisk } from '../src/risk/assess.js';
import { computeDiffSignals } from '../src/risk/diff-signals.js';
import { measureChange } from '../src/risk/git/measure-change.js';
import { loadDefaultModel } from '../src/risk/model.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function timeCli(dir: string, extra: string[] = []): { seconds: number; output: string } {
  const started = performance.now();
  const output = execFileSync(
    process.execPath,
    [path.join(root, 'bin/shipgate.js'), 'assess', '--repo', dir, '--json', ...extra],
    {
      encoding: 'utf8',
    },
  );
  return { seconds: (performance.now() - started) / 1000, output };
}

export async function run(): Promise<Record<string, unknown>> {
  const loadBefore = Number(os.loadavg()[0]!.toFixed(2));
  const { dir } = await ensureBenchRepository(20_000, 1);
  const cache = path.join(dir, '.git', 'shipgate');
  timeCli(dir, ['--no-cache']); // warm the OS file cache and the TypeScript transform cache
  const cold: number[] = [];
  const cached: number[] = [];
  let sample = '';
  for (let i = 0; i < RUNS; i++) {
    rmSync(cache, { recursive: true, force: true });
    cold.push(timeCli(dir).seconds);
    const warm = timeCli(dir);
    cached.push(warm.seconds);
    sample = warm.output;
  }
  const started = performance.now();
  execFileSync(process.execPath, [path.join(root, 'bin/shipgate.js'), '--help'], { encoding: 'utf8' });
  const startup = (performance.now() - started) / 1000;
  // The same cached assessment in this process: git calls, cache read and scoring, without the
  // CLI's start-up (Node, the TypeScript loader and module loading).
  const inProcess: number[] = [];
  const model = loadDefaultModel();
  for (let i = 0; i < RUNS; i++) {
    const begin = performance.now();
    const change = await measureChange(dir, { head: 'HEAD' });
    assessRisk({
      model,
      kamei: change.kamei,
      diff: computeDiffSignals(change.files),
      config: { thresholds: DEFAULT_RISK_THRESHOLDS, low_confidence: 'raise' },
      missingSignals: change.missingSignals,
      context: change.context,
    });
    inProcess.push((performance.now() - begin) / 1000);
  }
  const result = JSON.parse(sample) as {
    score: number;
    tier: string;
    history: { source: string; commits: number };
  };
  return {
    // Other work on the machine inflates every figure: the 1-minute load average, before and after.
    load_average: { before: loadBefore, after: Number(os.loadavg()[0]!.toFixed(2)) },
    repository: { commits: 20_000, seed: 1 },
    change: 'HEAD~1..HEAD',
    cold_seconds_median: Number(median(cold).toFixed(3)),
    cold_seconds_runs: cold.map((s) => Number(s.toFixed(3))),
    cached_seconds_median: Number(median(cached).toFixed(3)),
    cached_seconds_runs: cached.map((s) => Number(s.toFixed(3))),
    cli_startup_seconds: Number(startup.toFixed(3)),
    in_process_cached_seconds_median: Number(median(inProcess).toFixed(3)),
    sample: { score: result.score, tier: result.tier, history: result.history },
    targets: { cold_seconds: 2, cached_seconds: 0.5 },
    meets_targets: median(cold) < 2 && median(cached) < 0.5,
  };
}
