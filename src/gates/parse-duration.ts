const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const durationPattern = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d))+$/;
const partPattern = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/g;

/** Thrown when a duration such as `5m` cannot be read. */
export class DurationError extends Error {
  override name = 'DurationError';
}

/** True when `text` is a duration `parseDuration` accepts (`30s`, `5m`, `1h30m`, `2d`, `250ms`). */
export function isDuration(text: string): boolean {
  return durationPattern.test(text.trim());
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
  if (!durationPattern.test(trimmed)) {
    throw new DurationError(
      `'${text}' is not a duration: write a number followed by ms, s, m, h or d, for example 30s, 5m or 1h30m`,
    );
  }
  let total = 0;
  for (const match of trimmed.matchAll(partPattern)) total += Number(match[1]) * units[match[2]!]!;
  return total;
}
