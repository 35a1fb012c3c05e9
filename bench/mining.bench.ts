// Mining speed: the Kamei features of every commit of a generated 20,000-commit repository, with
// one streaming `git log` pass (numstat), and the names-only pass that builds an assessment's
// history state. Target: at least 2,000 commits/s for the full feature pass.
import os from 'node:os';
import { mineHistory } from '../src/risk/git/mine-history.js';
import { openRepository } from '../src/risk/git/open-repository.js';
import { ensureBenchRepository } from '../scripts/gen-repo.js';

const COMMITS = 20_000;
const RUNS = 3;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export async function run(): Promise<Record<string, unknown>> {
  const loadBefore = Number(os.loadavg()[0]!.toFixed(2));
  const { dir, generatedSeconds } = await ensureBenchRepository(COMMITS, 1);
  const repo = await openRepository(dir);
  const features: number[] = [];
  const names: number[] = [];
  let mined = 0;
  let checksum = 0;
  for (let i = 0; i < RUNS; i++) {
    let started = performance.now();
    mined = 0;
    checksum = 0;
    await mineHistory(repo, {
      onCommit: (_commit, vector) => {
        mined++;
        checksum += (vector.la ?? 0) + (vector.nuc ?? 0);
      },
    });
    features.push((performance.now() - started) / 1000);
    started = performance.now();
    await mineHistory(repo, { detail: 'names' });
    names.push((performance.now() - started) / 1000);
  }
  const featureSeconds = median(features);
  const namesSeconds = median(names);
  return {
    // Other work on the machine inflates every figure: the 1-minute load average, before and after.
    load_average: { before: loadBefore, after: Number(os.loadavg()[0]!.toFixed(2)) },
    repository: { commits: COMMITS, seed: 1, generated_seconds: generatedSeconds },
    commits_mined: mined,
    feature_checksum: checksum,
    full_features: {
      seconds_median: Number(featureSeconds.toFixed(3)),
      seconds_runs: features.map((s) => Number(s.toFixed(3))),
      commits_per_second: Math.round(mined / featureSeconds),
    },
    history_state_names_only: {
      seconds_median: Number(namesSeconds.toFixed(3)),
      commits_per_second: Math.round(mined / namesSeconds),
    },
    target_commits_per_second: 2000,
    meets_target: mined / featureSeconds >= 2000,
  };
}
