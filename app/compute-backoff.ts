/** The first retry waits about this long. */
export const BACKOFF_BASE_MS = 2_000;
/** No retry waits longer than this. */
export const BACKOFF_CAP_MS = 10 * 60_000;

/**
 * Capped exponential backoff with jitter: attempt n waits between half and all of
 * min(cap, base · 2ⁿ). A `retry-after` from GitHub wins when it is longer.
 */
export function computeBackoff(
  attempts: number,
  random: () => number,
  options: { baseMs?: number; capMs?: number; retryAfterMs?: number | null } = {},
): number {
  const base = options.baseMs ?? BACKOFF_BASE_MS;
  const cap = options.capMs ?? BACKOFF_CAP_MS;
  const ceiling = Math.min(cap, base * 2 ** Math.min(attempts, 30));
  const jittered = Math.round(ceiling / 2 + (ceiling / 2) * random());
  return Math.max(jittered, options.retryAfterMs ?? 0);
}
