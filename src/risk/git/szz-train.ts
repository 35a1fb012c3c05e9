import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CliIo } from '../../cli/io.js';
import { formatRiskModel } from '../model-format.js';
import { trainRiskModel, type LabelledRow } from '../train.js';
import { ModelFitError } from '../train-logistic.js';
import { openRepository, RepositoryError } from './open-repository.js';
import {
  DEFAULT_LEAVE_OUT_DAYS,
  DEFAULT_LEAVE_OUT_FRACTION,
  labelWithSzz,
  type SzzResult,
} from './szz-label.js';

export interface TrainFromRepositoryOptions {
  /** Where to write the model artifact. */
  out: string;
  json?: boolean;
  now: Date;
  /** Newest fraction of commits left out as not yet labelled (default 0.1). */
  leaveOutFraction?: number;
  /** Commits within this many days before `now` are left out too (default 30). */
  leaveOutDays?: number;
}

/** The SZZ-labelled rows a repository-specific model trains on (left-out commits excluded). */
export function buildSzzRows(result: SzzResult, source: string): LabelledRow[] {
  return result.commits
    .filter((c) => !c.leftOut)
    .map((c) => ({
      vector: c.features,
      bug: c.bug,
      date: c.time,
      effort: (c.features.la ?? 0) + (c.features.ld ?? 0),
      source,
    }));
}

/**
 * `shipgate model train --repo DIR --out FILE`: labels the repository's history with SZZ, leaves
 * out the newest commits, trains a repository-specific model and writes it. Returns the exit code:
 * 2 when the repository cannot be used (not a repository, shallow, too little labelled history).
 */
export async function trainFromRepository(
  dir: string,
  options: TrainFromRepositoryOptions,
  io: CliIo,
): Promise<number> {
  let repo;
  try {
    repo = await openRepository(dir);
  } catch (error) {
    if (error instanceof RepositoryError) {
      io.stderr(`shipgate model train: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  if (repo.shallow) {
    io.stderr(
      `shipgate model train: ${repo.dir} is a shallow clone, so SZZ cannot trace fixes back to the commits that introduced the bugs. ` +
        'Fix: fetch the full history (`git fetch --unshallow`, or `fetch-depth: 0` in actions/checkout).\n',
    );
    return 2;
  }
  const result = await labelWithSzz(repo, {
    now: options.now,
    leaveOutFraction: options.leaveOutFraction ?? DEFAULT_LEAVE_OUT_FRACTION,
    leaveOutDays: options.leaveOutDays ?? DEFAULT_LEAVE_OUT_DAYS,
  });
  const source = path.basename(repo.dir);
  const rows = buildSzzRows(result, source);
  const positives = rows.filter((r) => r.bug === 1).length;
  const summary = {
    repository: repo.dir,
    commits: result.commits.length,
    fix_commits: result.fixes,
    traced_fixes: result.tracedFixes,
    bug_introducing: result.bugIntroducing,
    left_out: {
      total: result.leftOut.total,
      newest_fraction: options.leaveOutFraction ?? DEFAULT_LEAVE_OUT_FRACTION,
      by_fraction: result.leftOut.byFraction,
      days: options.leaveOutDays ?? DEFAULT_LEAVE_OUT_DAYS,
      by_days: result.leftOut.byDays,
    },
    rows: rows.length,
    positives,
  };
  let trained;
  try {
    trained = trainRiskModel(rows, { sources: [source], evaluation: { szz: summary } });
  } catch (error) {
    if (error instanceof ModelFitError) {
      io.stderr(
        `shipgate model train: cannot train on ${repo.dir}: ${error.message} ` +
          `(SZZ labelled ${positives} of ${rows.length} commits as bug-introducing after leaving out the newest ${result.leftOut.total}). ` +
          'Fix: use a repository with a longer history of fix commits, or lower the left-out share.\n',
      );
      return 2;
    }
    throw error;
  }
  const out = path.resolve(io.cwd, options.out);
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, formatRiskModel(trained.model));
  if (options.json) {
    io.stdout(
      JSON.stringify({ ...summary, out, metrics: trained.metrics, split: trained.split }, null, 2) + '\n',
    );
  } else {
    const m = trained.metrics;
    io.stdout(
      [
        `Labelled ${summary.commits} commits of ${repo.dir} with SZZ: ${summary.fix_commits} fix commits (${summary.traced_fixes} traceable), ${summary.bug_introducing} bug-introducing commits.`,
        `Left out the newest ${summary.left_out.total} commits, whose bugs are likely not found yet (newest ${Math.round(summary.left_out.newest_fraction * 100)}%: ${summary.left_out.by_fraction}; last ${summary.left_out.days} days: ${summary.left_out.by_days}).`,
        `Trained on ${summary.rows} commits (${positives} bug-introducing); held-out calibration slice: AUC ${m.auc?.toFixed(3) ?? 'n/a'}, Brier ${m.brier?.toFixed(3) ?? 'n/a'}.`,
        `Wrote ${out}. Use it with \`shipgate assess --model ${options.out}\`.`,
      ].join('\n') + '\n',
    );
  }
  return 0;
}
