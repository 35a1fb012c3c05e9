import type { KameiFeature, KameiVector } from './kamei.js';

/** What the explanation may say about the change beyond its numbers. */
export interface ChangeContext {
  /** Subsystems (top-level directories; "." for root files) the change touches. */
  subsystems: string[];
  /** The author's earlier changes in each touched subsystem. */
  authorSubsystemChanges: Record<string, number>;
}

/** "+18", "-3", "+0". */
export function formatPoints(points: number): string {
  return points < 0 ? `-${Math.abs(points)}` : `+${points}`;
}

/** 1240 → "1,240"; fractions to one decimal. */
export function formatCount(value: number): string {
  const rounded = Number.isInteger(value) ? value : Math.round(value * 10) / 10;
  return rounded.toLocaleString('en-US');
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}

function nameSubsystem(subsystem: string): string {
  return subsystem === '.' ? 'the top-level directory' : `${subsystem}/`;
}

/** What a missing feature means, for the factor text. */
const MISSING_WORDS: Record<KameiFeature, string> = {
  ns: 'the number of subsystems',
  nd: 'the number of directories',
  nf: 'the number of files',
  entropy: 'how the edits spread across files',
  la: 'the lines added',
  ld: 'the lines deleted',
  lt: 'the size of the touched files',
  fix: 'whether this is a fix',
  ndev: 'how many developers changed these files',
  age: 'when these files last changed',
  nuc: 'how often these files changed',
  exp: "the author's experience",
  rexp: "the author's recent experience",
  sexp: "the author's experience in these subsystems",
};

/**
 * One Kamei factor in plain words, without the points: e.g. `adds 1,240 lines across 3
 * subsystems`, `author's first change in payments/`. A null value is a missing signal.
 */
export function describeKameiFactor(
  feature: KameiFeature,
  vector: KameiVector,
  context: ChangeContext | undefined,
): string {
  const value = vector[feature];
  if (value === null)
    return `${MISSING_WORDS[feature]} is unknown (missing history), counted at its risky end`;
  const subsystems = context?.subsystems ?? [];
  switch (feature) {
    case 'la':
      return vector.ns !== null && vector.ns > 1
        ? `adds ${plural(value, 'line')} across ${formatCount(vector.ns)} subsystems`
        : `adds ${plural(value, 'line')}`;
    case 'ld':
      return `deletes ${plural(value, 'line')}`;
    case 'lt':
      if (value === 0) return 'touches only new or empty files (no lines before the change)';
      return `touches files that had ${plural(value, 'line')} before the change`;
    case 'nf':
      return `changes ${plural(value, 'file')}`;
    case 'nd':
      return `changes files in ${plural(value, 'directory', 'directories')}`;
    case 'ns':
      return subsystems.length > 0 && subsystems.length <= 4
        ? `spans ${plural(value, 'subsystem')} (${subsystems.map(nameSubsystem).join(', ')})`
        : `spans ${plural(value, 'subsystem')}`;
    case 'entropy':
      return value < 0.5
        ? 'concentrates its edits in one file'
        : `spreads its edits across files (entropy ${formatCount(value)} bits)`;
    case 'fix':
      return value >= 1 ? 'is a bug fix (fixes often need follow-up fixes)' : 'is not a bug fix';
    case 'ndev':
      if (value === 0) return 'touches only files no developer has changed before';
      return `touches files ${plural(value, 'developer')} have changed before`;
    case 'age':
      if (vector.nuc === 0) return 'touches only new files (no earlier change to date)';
      return value < 1
        ? 'touches files changed less than a day before'
        : `touches files last changed ${plural(Math.round(value), 'day')} before, on average`;
    case 'nuc':
      if (value === 0) return 'touches files with no earlier changes';
      return `touches files with ${plural(value, 'earlier change')}`;
    case 'exp':
      return value === 0
        ? "author's first change in this repository"
        : `author has ${plural(value, 'earlier change')}`;
    case 'rexp':
      return `author's recent experience is ${formatCount(value)} (earlier changes weighted by recency)`;
    case 'sexp': {
      if (value === 0 && subsystems.length === 1)
        return `author's first change in ${nameSubsystem(subsystems[0]!)}`;
      if (value === 0) return "author's first change in these subsystems";
      const where = subsystems.length === 1 ? nameSubsystem(subsystems[0]!) : 'these subsystems';
      return `author has ${plural(value, 'earlier change')} in ${where}`;
    }
  }
}
