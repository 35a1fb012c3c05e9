import { parseDuration as parseDurationText } from '../policy/duration.js';

/** Thrown when a duration such as `5m` cannot be read. */
export class DurationError extends Error {
  override name = 'DurationError';
}

/** True when `text` is a duration with units (`30s`, `5m`, `1h30m`, `2d`, `250ms`). */
export function isDuration(text: string): boolean {
  return parseDurationText(text) !== null;
}

/** Reads `30s`, `5m`, `1h30m`, `2d` or `250ms` as milliseconds; a bare number is seconds. */
export function parseDuration(text: string | number): number {
  if (typeof text === 'number') {
    if (!Number.isFinite(text) || text < 0)
      throw new DurationError(`duration ${text} must be a positive number of seconds`);
    return text * 1000;
  }
  const trimmed = text.trim();
  if (/^\d+(?:\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  const ms = parseDurationText(trimmed);
  if (ms === null) {
    throw new DurationError(
      `'${text}' is not a duration: write a number followed by ms, s, m, h or d, for example 30s, 5m or 1h30m`,
    );
  }
  return ms;
}
