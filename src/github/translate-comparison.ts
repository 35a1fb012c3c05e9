import type { DiffFile } from '../risk/diff-signals.js';
import { isFixMessage } from '../risk/git/detect-fix.js';
import { computeEntropy } from '../risk/git/compute-kamei-features.js';
import { getDirectory, getSubsystem } from '../risk/git/path-parts.js';
import { createEmptyKameiVector, type KameiVector } from '../risk/kamei.js';
import type { Comparison } from './github-port.js';

/** GitHub's compare API lists at most this many files; a change with more is measured in part. */
export const COMPARE_FILE_LIMIT = 300;

/** What the compare API tells about a change, as risk features. */
export interface ComparisonFeatures {
  kamei: KameiVector;
  files: DiffFile[];
  /** Signals the compare API cannot give: the history features, and a truncated file list. */
  missingSignals: string[];
}

/** The history features GitHub's compare API cannot give: they need the repository's past. */
const HISTORY_SIGNALS = [
  'kamei.lt',
  'kamei.ndev',
  'kamei.age',
  'kamei.nuc',
  'kamei.exp',
  'kamei.rexp',
  'kamei.sexp',
];

/**
 * Translates a comparison (`base...head`) into the size, diffusion and purpose features (la, ld,
 * nf, ns, nd, entropy, fix) and the changed files for diff signals. The history features stay
 * missing (null), which lowers confidence and, under `risk.low_confidence: raise`, raises the tier.
 */
export function translateComparison(comparison: Comparison): ComparisonFeatures {
  const files: DiffFile[] = comparison.files.map((f) => ({
    path: f.filename,
    ...(f.previous_filename ? { oldPath: f.previous_filename } : {}),
    added: f.additions,
    deleted: f.deletions,
    // GitHub sends no patch and no line counts for a binary file.
    binary: f.patch === undefined && f.changes === 0 && f.status !== 'removed' && f.status !== 'renamed',
  }));
  const kamei = createEmptyKameiVector();
  kamei.nf = files.length;
  kamei.ns = new Set(files.map((f) => getSubsystem(f.path))).size;
  kamei.nd = new Set(files.map((f) => getDirectory(f.path))).size;
  kamei.la = files.reduce((sum, f) => sum + f.added, 0);
  kamei.ld = files.reduce((sum, f) => sum + f.deleted, 0);
  kamei.entropy = computeEntropy(files.map((f) => ({ ...f, removed: false })));
  kamei.fix = comparison.commits.some((c) => isFixMessage(c.message)) ? 1 : 0;
  const missingSignals = [...HISTORY_SIGNALS];
  if (comparison.files.length >= COMPARE_FILE_LIMIT) missingSignals.push('diff.files_truncated');
  return { kamei, files, missingSignals };
}
