// `shipgate model eval` over 100,000 labelled rows, end to end (process start, CSV parsing,
// scoring, metrics). The CSV is generated deterministically into bench/tmp/.
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { CliIo } from '../src/cli/io.js';
import { runModelCommand } from '../src/cli/model-command.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const ROWS = 100_000;
const RUNS = 3;

/** mulberry32: a small deterministic PRNG. */
function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Rows shaped like the shared Kamei data (heavy-tailed counts), with a label tied to size. */
function generateCsv(rows: number): string {
  const random = createRandom(20211);
  const heavy = (scale: number) => Math.floor(Math.exp(random() * Math.log(scale + 1)));
  const lines = [',_id,date,bug,__,ns,nd,nf,entrophy,la,ld,lt,fix,ndev,age,nuc,exp,rexp,sexp'];
  for (let i = 0; i < rows; i++) {
    const nf = heavy(50);
    const la = heavy(5000);
    const ld = heavy(2000);
    const fix = random() < 0.3 ? 1 : 0;
    const risk = 1 / (1 + Math.exp(-(Math.log1p(la) * 0.5 + fix * 0.5 - 2.5)));
    const bug = random() < risk ? 1 : 0;
    const id = (i * 2654435761) >>> 0;
    lines.push(
      [
        i,
        id.toString(16).padStart(40, '0'),
        1_400_000_000 + i * 600,
        bug,
        bug,
        Math.min(nf, heavy(4)),
        Math.min(nf, heavy(10)),
        nf,
        (random() * Math.log2(nf + 1)).toFixed(6),
        la,
        ld,
        heavy(20000),
        fix,
        heavy(200),
        (random() * 400).toFixed(6),
        heavy(2000),
        heavy(20000),
        (random() * 800).toFixed(6),
        heavy(3000),
      ].join(','),
    );
  }
  return lines.join('\n') + '\n';
}

export async function run(): Promise<Record<string, unknown>> {
  const dir = path.join(here, 'tmp');
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, 'model-eval-100k.csv');
  await writeFile(file, generateCsv(ROWS));
  const bin = path.join(here, '..', 'bin', 'shipgate.js');
  const seconds: number[] = [];
  let output = '';
  for (let i = 0; i < RUNS; i++) {
    const started = process.hrtime.bigint();
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [bin, 'model', 'eval', '--data', file, '--json'],
      {
        maxBuffer: 1 << 20,
      },
    );
    seconds.push(Number(process.hrtime.bigint() - started) / 1e9);
    output = stdout;
  }
  // In process: reading, CSV parsing, scoring and metrics, without Node and module start-up.
  const inProcess: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const io: CliIo = { stdout: () => undefined, stderr: () => undefined, cwd: dir, env: {} };
    const started = process.hrtime.bigint();
    await runModelCommand(['eval', '--data', file, '--json'], io);
    inProcess.push(Number(process.hrtime.bigint() - started) / 1e9);
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const endToEnd = median(seconds);
  return {
    rows: ROWS,
    runs: RUNS,
    load_average_1m: Number(os.loadavg()[0]!.toFixed(2)),
    seconds_end_to_end: seconds.map((s) => Number(s.toFixed(3))),
    median_seconds_end_to_end: Number(endToEnd.toFixed(3)),
    rows_per_second_end_to_end: Math.round(ROWS / endToEnd),
    median_seconds_in_process: Number(median(inProcess).toFixed(3)),
    rows_per_second_in_process: Math.round(ROWS / median(inProcess)),
    target_seconds: 3,
    within_target: endToEnd < 3,
    metrics: JSON.parse(output) as unknown,
  };
}
