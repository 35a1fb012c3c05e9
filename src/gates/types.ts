/** The outcome of one gate: `skip` means its input was missing (a missing signal, never a pass). */
export type GateStatus = 'pass' | 'fail' | 'skip' | 'error';

/** A GitHub check-run annotation. Paths are relative to the repository root. */
export interface Annotation {
  path: string;
  start_line: number;
  end_line: number;
  level: 'notice' | 'warning' | 'failure';
  title: string;
  message: string;
}

/** What one gate reports: data for the check run, the job summary and the risk model. */
export interface GateResult {
  /** The gate kind (`tests`, `coverage`, …) or, for `command`, the command's name. */
  gate: string;
  status: GateStatus;
  /** A blocking gate's `fail` or `error` fails the check run; an advisory one only reports. */
  blocking: boolean;
  /** One line. */
  summary: string;
  /** Markdown. */
  details: string;
  annotations: Annotation[];
  metrics?: Record<string, number>;
}

/** One line a change adds, as read from a unified diff. */
export interface AddedLine {
  path: string;
  line: number;
  text: string;
}

export interface ExecOptions {
  timeoutMs: number;
  cwd: string;
  env?: Record<string, string>;
}

export interface ExecResult {
  /** `null` when the process was ended by a signal (for example after a timeout). */
  exitCode: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** A coverage report handed in by the shell for the base commit (for example from an artifact). */
export interface CoverageBaselineInput {
  /** Where it came from, for messages (`base commit 1a2b3c4: coverage/lcov.info`). */
  source: string;
  /** The report's text, in any supported format (lcov, Cobertura, istanbul summary). */
  text: string;
}

/**
 * Everything a gate may touch of the outside world. `src/gates/node-context.ts` provides the real
 * one; tests build their own. Relative paths are resolved against `cwd`.
 */
export interface GateContext {
  /** The repository root: annotation paths are made relative to it. */
  cwd: string;
  /** The file's text, or `null` when it does not exist. */
  readFile(path: string): Promise<string | null>;
  /** Files (not directories) matching the patterns under `cwd`, relative to it, sorted. */
  glob(patterns: string[], cwd: string): Promise<string[]>;
  /** The file's SHA-256 as lowercase hex, or `null` when it does not exist. */
  hashFile(path: string): Promise<string | null>;
  /** Runs a shell command. Never throws for a failing command: see `exitCode` and `timedOut`. */
  exec(command: string, options: ExecOptions): Promise<ExecResult>;
  /** Lines of the new version touched by the change, by path. Absent when no diff is known. */
  changedLines?: Map<string, Set<number>>;
  /** Lines the change adds. Absent when no diff is known. */
  addedLines?: AddedLine[];
  /** Coverage of the base commit, when the shell has one and the policy names no baseline file. */
  coverageBaseline?: CoverageBaselineInput;
  now: Date;
}
