import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliIo } from '../../../src/cli/io.js';
import { runCli } from '../../../src/cli/main.js';
import { parseRiskModel } from '../../../src/risk/model.js';

function createIo(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), cwd, env: {} };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

/** A small labelled history in the shared layout: bugs come with larger changes. */
function generateCsv(rows: number): string {
  const lines = [',_id,date,bug,__,ns,nd,nf,entrophy,la,ld,lt,fix,ndev,age,nuc,exp,rexp,sexp'];
  for (let i = 0; i < rows; i++) {
    const la = ((i * 37) % 500) + 1;
    const bug = (i * 7919) % 1000 < la * 1.4 ? 1 : 0;
    lines.push(
      `${i},c${i},${1_500_000_000 + i * 60},${bug},${bug},1,${1 + (i % 3)},${1 + (i % 5)},${(i % 4) * 0.5},${la},${i % 30},${100 + (i % 900)},${i % 2},${1 + (i % 9)},${i % 200},${i % 50},${i % 700},${(i % 70) / 3},${i % 300}`,
    );
  }
  return lines.join('\n') + '\n';
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'shipgate-model-cli-'));
  await writeFile(path.join(dir, 'history.csv'), generateCsv(1200));
  await writeFile(
    path.join(dir, 'few-columns.csv'),
    'buggy,la,ld,ent\n1,400,20,1.5\n0,2,1,0\n1,120,3,0.9\n0,5,0,0\n',
  );
  await writeFile(path.join(dir, 'bad-number.csv'), 'bug,la,ld\n0,1,2\n1,lots,2\n');
  await writeFile(path.join(dir, 'no-label.csv'), 'la,ld\n1,2\n');
  await writeFile(path.join(dir, 'ragged.csv'), 'bug,la,ld\n0,1,2\n1,2\n');
  await writeFile(path.join(dir, 'no-date.csv'), 'bug,la,ld\n0,1,2\n1,30,2\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('shipgate model eval', () => {
  it('prints exactly the contract keys as JSON', async () => {
    const { io, stdout, stderr } = createIo(dir);
    expect(await runCli(['model', 'eval', '--data', 'history.csv', '--json'], io)).toBe(0);
    const result = JSON.parse(stdout()) as Record<string, number>;
    expect(Object.keys(result)).toEqual([
      'n',
      'positives',
      'auc',
      'brier',
      'recall_at_20pct_effort',
      'effort_at_20pct_recall',
    ]);
    expect(result.n).toBe(1200);
    expect(result.auc).toBeGreaterThan(0.55);
    expect(stderr()).toBe('');
  });

  it('reports absent feature columns on stderr as unknown, and prints a readable table', async () => {
    const { io, stdout, stderr } = createIo(dir);
    expect(await runCli(['model', 'eval', '--data', 'few-columns.csv'], io)).toBe(0);
    expect(stderr()).toBe(
      'shipgate model: few-columns.csv has no column for ns, nd, nf, lt, fix, ndev, age, nuc, exp, rexp, sexp; these signals are treated as unknown (missing), not zero.\n',
    );
    expect(stdout()).toMatch(/^changes \(n\) +4\nbuggy \(positives\) +2\nAUC +1\.000\n/);
  });

  it.each([
    {
      file: 'bad-number.csv',
      message:
        'shipgate model: bad-number.csv:3: column "la" is "lots", not a number; use a number, or leave the cell empty (or NA) when the signal is unknown.\n',
    },
    {
      file: 'no-label.csv',
      message:
        'shipgate model: no-label.csv:1: no label column: expected "bug" (or "buggy") in the header, found "la", "ld".\n',
    },
    {
      file: 'ragged.csv',
      message:
        'shipgate model: ragged.csv:3: row has 2 fields but the header has 3; fix the row so every row has one value per column.\n',
    },
    {
      file: 'absent.csv',
      message: 'shipgate model: absent.csv: cannot read the file (ENOENT); check the path given to --data.\n',
    },
  ])('exits 2 naming the file, row and column for $file', async ({ file, message }) => {
    const { io, stdout, stderr } = createIo(dir);
    expect(await runCli(['model', 'eval', '--data', file], io)).toBe(2);
    expect(stderr()).toBe(message);
    expect(stdout()).toBe('');
  });

  it.each([
    { argv: ['model', 'eval'], message: /needs --data CSV/ },
    {
      argv: ['model', 'eval', '--data', 'history.csv', '--model', 'nope.json'],
      message: /cannot read --model nope\.json \(ENOENT\)\. Fix: pass a JSON file/,
    },
    {
      argv: ['model', 'eval', '--data', 'history.csv', '--model', 'history.csv'],
      message: /cannot read --model history\.csv \(.*not valid JSON\)/,
    },
    { argv: ['model', 'eval', '--bogus'], message: /Unknown option '--bogus'/ },
    { argv: ['model', 'score'], message: /unknown subcommand 'score'; use eval or train/ },
  ])('exits 2 on usage errors: $argv', async ({ argv, message }) => {
    const { io, stderr } = createIo(dir);
    expect(await runCli(argv, io)).toBe(2);
    expect(stderr()).toMatch(message);
  });
});

describe('shipgate model train --data', () => {
  it('trains, writes a model that eval can load, and prints its held-out metrics', async () => {
    const trained = createIo(dir);
    expect(
      await runCli(
        ['model', 'train', '--data', 'history.csv', '--out', 'out/model.json', '--json'],
        trained.io,
      ),
    ).toBe(0);
    const report = JSON.parse(trained.stdout()) as {
      out: string;
      learner: string;
      split: unknown;
      metrics: { n: number };
    };
    expect(report.out).toBe(path.join(dir, 'out/model.json'));
    expect(report.learner).toBe('additive-boosting');
    expect(report.split).toEqual({ fit: 960, calibration: 240 });
    expect(report.metrics.n).toBe(240);
    const model = parseRiskModel(JSON.parse(await readFile(report.out, 'utf8')));
    expect(model.training.sources).toEqual(['history.csv']);
    const evaluated = createIo(dir);
    expect(
      await runCli(
        ['model', 'eval', '--data', 'history.csv', '--model', 'out/model.json', '--json'],
        evaluated.io,
      ),
    ).toBe(0);
    expect(JSON.parse(evaluated.stdout()).auc).toBeGreaterThan(0.6);
  });

  it.each([
    { argv: ['--data', 'history.csv'], message: /needs --out FILE/ },
    { argv: ['--out', 'm.json'], message: /needs exactly one of --data CSV\.\.\. or --repo DIR/ },
    { argv: ['--data', 'history.csv', '--repo', '.', '--out', 'm.json'], message: /needs exactly one of/ },
    {
      argv: ['--data', 'history.csv', '--out', 'm.json', '--learner', 'forest'],
      message: /--learner forest is not known; use one of additive-boosting, logistic-regression/,
    },
    { argv: ['--data', 'no-date.csv', '--out', 'm.json'], message: /no-date\.csv:1: no "date" column/ },
    { argv: ['--data', 'few-columns.csv', '--out', 'm.json'], message: /no "date" column/ },
  ])('exits 2 on $argv', async ({ argv, message }) => {
    const { io, stderr } = createIo(dir);
    expect(await runCli(['model', 'train', ...argv], io)).toBe(2);
    expect(stderr()).toMatch(message);
  });
});

const sharedData = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../shared/data/jit/issta21',
);
const haveSharedData = existsSync(path.join(sharedData, 'jdt_k_feature.csv'));
if (!haveSharedData) {
  console.warn(
    `Skipping the shared-data model checks: ${sharedData} is absent (it sits next to the project checkout).`,
  );
}
(haveSharedData ? describe : describe.skip)('the shipped model on the shared labelled data', () => {
  it('scores the jdt project well above chance', async () => {
    const { io, stdout } = createIo(sharedData);
    expect(await runCli(['model', 'eval', '--data', 'jdt_k_feature.csv', '--json'], io)).toBe(0);
    const result = JSON.parse(stdout()) as Record<string, number>;
    expect(result.n).toBe(3279);
    expect(result.positives).toBe(1602);
    expect(result.auc).toBeGreaterThan(0.7);
  });
});
