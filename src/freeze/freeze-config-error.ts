import type { FreezeProblem } from './types.js';

/** Raised when freeze configuration cannot be used at all: an unreadable instant or an invalid window. */
export class FreezeConfigError extends Error {
  override name = 'FreezeConfigError';
  /** The problems found, when the error comes from validating a window. */
  readonly problems: FreezeProblem[];

  constructor(message: string, problems: FreezeProblem[] = []) {
    super(message);
    this.problems = problems;
  }
}
