// The Action's bundle: its size, and the cold start of `node dist/index.cjs` in dry-run on a small repository
// (process start to exit, including git and the risk assessment).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export async function run(): Promise<Record<string, unknown>> {
  const bundle = path.join(root, 'dist', 'index.cjs');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'shipgate-action-bench-'));
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: dir,
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'a',
        GIT_AUTHOR_EMAIL: 'a@x',
        GIT_COMMITTER_NAME: 'a',
        GIT_COMMITTER_EMAIL: 'a@x',
      },
    });
  git('init', '-q', '-b', 'main');
  for (let i = 0; i < 20; i++) {
    writeFileSync(path.join(dir, `file-${i % 5}.ts`), `export const v = ${i};\n`.repeat(i + 1));
    git('add', '-A');
    git('commit', '-q', '-m', `change ${i}`);
  }
  const times: number[] = [];
  const env = {
    ...process.env,
    GITHUB_WORKSPACE: dir,
    GITHUB_REPOSITORY: 'acme/bench',
    SHIPGATE_DRY_RUN: 'true',
    RUNNER_TEMP: dir,
    GITHUB_OUTPUT: path.join(dir, 'out'),
  };
  for (let i = 0; i < 7; i++) {
    writeFileSync(env.GITHUB_OUTPUT, '');
    const started = performance.now();
    const result = spawnSync(process.execPath, [bundle], { cwd: dir, env, encoding: 'utf8' });
    times.push(performance.now() - started);
    if (result.status !== 0) throw new Error(`the bundle failed: ${result.stdout}\n${result.stderr}`);
  }
  rmSync(dir, { recursive: true, force: true });
  times.sort((a, b) => a - b);
  const bytes = statSync(bundle).size;
  return {
    bundle_bytes: bytes,
    bundle_gzip_bytes: gzipSync(readFileSync(bundle)).length,
    cold_start_ms_median: Math.round(times[Math.floor(times.length / 2)]!),
    cold_start_ms_min: Math.round(times[0]!),
    cold_start_ms_max: Math.round(times[times.length - 1]!),
    runs: times.length,
    target_ms: 300,
  };
}
