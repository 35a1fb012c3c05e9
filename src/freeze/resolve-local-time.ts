import type { OffsetLookup } from './create-offset-lookup.js';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/**
 * The instant at which the wall clock in `zone` shows `wallMs` (a local date-time written as if it
 * were UTC milliseconds).
 *
 * - A local time that occurs once maps to that instant.
 * - A local time that occurs twice (the repeated hour when clocks go back) maps to its first
 *   occurrence, so a daily time in that hour happens once.
 * - A local time that never occurs (the skipped hour when clocks go forward) maps to the instant
 *   the clocks change, e.g. 02:30 on the spring-forward day in Europe/Berlin maps to 03:00 local.
 *
 * The mapping never decreases: a later local time never maps to an earlier instant.
 */
export function resolveLocalTime(wallMs: number, offsetAt: OffsetLookup): number {
  const before = offsetAt(wallMs - DAY_MS);
  const middle = offsetAt(wallMs);
  const after = offsetAt(wallMs + DAY_MS);
  let best = Number.POSITIVE_INFINITY;
  for (const offset of [before, middle, after]) {
    const instant = wallMs - offset * MINUTE_MS;
    if (instant < best && offsetAt(instant) === offset) best = instant;
  }
  if (best !== Number.POSITIVE_INFINITY) return best;
  return findOffsetChange(wallMs, offsetAt, Math.min(before, middle, after), Math.max(before, middle, after));
}

/** The first instant (to the second) in the gap around `wallMs` at which the zone's offset has changed. */
function findOffsetChange(
  wallMs: number,
  offsetAt: OffsetLookup,
  lowOffset: number,
  highOffset: number,
): number {
  // Before the change the zone uses the lower offset, after it the higher one, so the change lies
  // between the instant this wall time would be under each of them.
  let low = Math.floor((wallMs - highOffset * MINUTE_MS) / 1000);
  let high = Math.ceil((wallMs - lowOffset * MINUTE_MS) / 1000);
  const offsetBefore = offsetAt(low * 1000);
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (offsetAt(mid * 1000) === offsetBefore) low = mid;
    else high = mid;
  }
  return high * 1000;
}

/** The local wall-clock time of `instantMs` in `zone`, written as if it were UTC milliseconds. */
export function toLocalTime(instantMs: number, offsetAt: OffsetLookup): number {
  return instantMs + offsetAt(instantMs) * MINUTE_MS;
}
