import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CsvDataError } from '../risk/csv-kamei.js';
import { readKameiCsvFile } from '../risk/csv-io.js';
import { computeScoreMetrics, type ScoreMetrics } from '../risk/metrics.js';
import { formatRiskModel } from '../risk/model-format.js';
import {
  calibrateLogit,
  computeRiskLogit,
  loadDefaultModel,
  parseRiskModel,
  RiskModelError,
  type RiskLearner,
  type RiskModel,
} from '../risk/model.js';
import { computeRowEffort, trainRiskModel, type LabelledRow } from '../risk/train.js';
import { ModelFitError } from '../risk/train-logistic.js';
import { UsageError, type CliIo } from './io.js';

const HELP = `usage: shipgate model eval --data CSV... [--model FILE] [--json]
       shipgate model train --data CSV... --out FILE [--learner NAME] [--json]
       shipgate model train --repo DIR --out FILE [--json]

eval   scores labelled changes with the shipped model (or --model FILE) and prints
       n, positives, auc, brier, recall_at_20pct_effort and effort_at_20pct_recall
       (effort = la + ld).
train  trains a calibrated model: from labelled CSV (--data, needs a date column), or
       from a repository's history labelled with SZZ (--repo).

  --data CSV      labelled Kamei-feature CSV (repeat for several files). Columns: bug (or
                  buggy), date (unix seconds), ns nd nf entropy (or entrophy, ent) la ld lt
                  fix ndev age nuc exp rexp sexp (or aexp arexp asexp). A missing feature
                  column is an unknown signal, not zero; empty or NA cells likewise.
  --model FILE    a model written by \`shipgate model train\` (default: the shipped model)
  --out FILE      where train writes the model
  --learner NAME  additive-boosting (default) or logistic-regression
  --repo DIR      a local git repository with full history
  --json          print JSON instead of a table
`;

const LEARNERS: RiskLearner[] = ['additive-boosting', 'logistic-regression'];

async function readModelFile(file: string, io: CliIo): Promise<RiskModel> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path.resolve(io.cwd, file), 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new UsageError(
      `cannot read --model ${file} (${reason}). Fix: pass a JSON file written by \`shipgate model train\`.`,
    );
  }
  try {
    return parseRiskModel(json);
  } catch (error) {
    if (error instanceof RiskModelError) throw new UsageError(`--model ${file}: ${error.message}`);
    throw error;
  }
}

/** Reads every --data file; reports feature columns that are absent (unknown, not zero) on stderr. */
async function readDataFiles(files: string[], io: CliIo, needDate: boolean): Promise<LabelledRow[]> {
  const rows: LabelledRow[] = [];
  for (const file of files) {
    let csv;
    try {
      csv = await readKameiCsvFile(path.resolve(io.cwd, file), file);
    } catch (error) {
      if (error instanceof CsvDataError) throw new UsageError(error.message);
      throw error;
    }
    if (csv.missingFeatures.length > 0) {
      io.stderr(
        `shipgate model: ${file} has no column for ${csv.missingFeatures.join(', ')}; ` +
          'these signals are treated as unknown (missing), not zero.\n',
      );
    }
    if (needDate && !csv.hasDate) {
      throw new UsageError(
        `${file}:1: no "date" column; training splits rows by time (the newest 20% calibrate the model). Fix: add a date column with unix seconds.`,
      );
    }
    for (const row of csv.rows) rows.push(row);
  }
  return rows;
}

/** Scores rows with a model and computes the evaluation metrics. */
export function evaluateRiskModel(model: RiskModel, rows: LabelledRow[]): ScoreMetrics {
  const probabilities = new Float64Array(rows.length);
  const labels = new Uint8Array(rows.length);
  const efforts = new Float64Array(rows.length);
  rows.forEach((row, i) => {
    probabilities[i] = calibrateLogit(model, computeRiskLogit(model, row.vector));
    labels[i] = row.bug;
    efforts[i] = computeRowEffort(row);
  });
  return computeScoreMetrics(probabilities, labels, efforts);
}

function formatValue(value: number | null, whyMissing: string): string {
  return value === null ? `n/a (${whyMissing})` : value.toFixed(3);
}

function renderMetrics(metrics: ScoreMetrics): string {
  const needsBoth = 'needs buggy and clean rows';
  const needsEffort = 'needs buggy rows and known la/ld';
  const lines: [string, string][] = [
    ['changes (n)', String(metrics.n)],
    ['buggy (positives)', String(metrics.positives)],
    ['AUC', formatValue(metrics.auc, needsBoth)],
    ['Brier score', formatValue(metrics.brier, 'needs rows')],
    ['recall at 20% effort', formatValue(metrics.recall_at_20pct_effort, needsEffort)],
    ['effort at 20% recall', formatValue(metrics.effort_at_20pct_recall, needsEffort)],
  ];
  return lines.map(([k, v]) => `${k.padEnd(22)} ${v}`).join('\n') + '\n';
}

async function runEval(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseOptions(argv, {
    data: { type: 'string', multiple: true },
    model: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  const data = (values.data as string[] | undefined) ?? [];
  if (data.length === 0) throw new UsageError('model eval needs --data CSV (one or more labelled files).');
  const model = values.model ? await readModelFile(values.model as string, io) : loadDefaultModel();
  const rows = await readDataFiles(data, io, false);
  const metrics = evaluateRiskModel(model, rows);
  io.stdout(values.json ? JSON.stringify(metrics, null, 2) + '\n' : renderMetrics(metrics));
  return 0;
}

async function runTrain(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseOptions(argv, {
    data: { type: 'string', multiple: true },
    repo: { type: 'string' },
    out: { type: 'string' },
    learner: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  const data = (values.data as string[] | undefined) ?? [];
  const out = values.out as string | undefined;
  const repo = values.repo as string | undefined;
  if (!out) throw new UsageError('model train needs --out FILE: where to write the model.');
  if (data.length > 0 === (repo !== undefined)) {
    throw new UsageError('model train needs exactly one of --data CSV... or --repo DIR.');
  }
  const learner = values.learner as string | undefined;
  if (learner !== undefined && !LEARNERS.includes(learner as RiskLearner)) {
    throw new UsageError(`--learner ${learner} is not known; use one of ${LEARNERS.join(', ')}.`);
  }
  if (repo !== undefined) {
    if (learner !== undefined) throw new UsageError('--learner applies to --data training only.');
    const { trainFromRepository } = await import('../risk/git/szz-train.js');
    return trainFromRepository(
      path.resolve(io.cwd, repo),
      { out, json: values.json as boolean, now: new Date() },
      io,
    );
  }
  const rows = await readDataFiles(data, io, true);
  let trained;
  try {
    trained = trainRiskModel(rows, {
      sources: data,
      ...(learner ? { learner: learner as RiskLearner } : {}),
    });
  } catch (error) {
    if (error instanceof ModelFitError)
      throw new UsageError(`cannot train on ${data.join(', ')}: ${error.message}`);
    throw error;
  }
  const file = path.resolve(io.cwd, out);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, formatRiskModel(trained.model));
  if (values.json) {
    const report = {
      out: file,
      learner: trained.model.learner,
      rows: rows.length,
      split: trained.split,
      metrics: trained.metrics,
    };
    io.stdout(JSON.stringify(report, null, 2) + '\n');
  } else {
    io.stdout(
      `Trained a model (${trained.model.learner}) on ${trained.split.fit} changes; calibrated on the newest ` +
        `${trained.split.calibration} (per file, by date). Metrics on that held-out slice:\n` +
        renderMetrics(trained.metrics) +
        `Wrote ${file}. Use it with \`shipgate model eval --model ${out}\` or \`shipgate assess --model ${out}\`.\n`,
    );
  }
  return 0;
}

type OptionSpec = Record<string, { type: 'string' | 'boolean'; multiple?: boolean; default?: boolean }>;

function parseOptions(argv: string[], options: OptionSpec) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${HELP}`);
  }
}

/** `shipgate model eval|train`: evaluates or trains change-risk models. */
export async function runModelCommand(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (
    sub === undefined ||
    sub === '--help' ||
    sub === '-h' ||
    rest.includes('--help') ||
    rest.includes('-h')
  ) {
    io.stdout(HELP);
    return sub === undefined ? 2 : 0;
  }
  if (sub === 'eval') return runEval(rest, io);
  if (sub === 'train') return runTrain(rest, io);
  throw new UsageError(`unknown subcommand '${sub}'; use eval or train.\n${HELP}`);
}
