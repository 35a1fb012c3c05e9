import { IANAZone } from 'luxon';

const DAY_MS = 86_400_000;
const MAX_CACHED_DAYS = 4096;

/** A time zone's UTC offset, in minutes, at an instant (ms). */
export type OffsetLookup = (instantMs: number) => number;

const lookups = new Map<string, OffsetLookup>();
const validity = new Map<string, boolean>();

/** Whether `timezone` is an IANA zone this runtime knows (answers are remembered). */
export function isKnownTimeZone(timezone: string): boolean {
  let known = validity.get(timezone);
  if (known === undefined) {
    known = IANAZone.isValidZone(timezone);
    validity.set(timezone, known);
  }
  return known;
}

/**
 * The offset lookup for a (valid) zone. Asking the runtime for an offset is slow, so offsets are
 * remembered at the start of each UTC day: when a day starts and ends on the same offset, that
 * offset holds for the whole day (zones change offset at most once a day), and only days with a
 * change are asked about the exact instant.
 */
export function createOffsetLookup(timezone: string): OffsetLookup {
  const existing = lookups.get(timezone);
  if (existing) return existing;
  const zone = IANAZone.create(timezone);
  const dayStarts = new Map<number, number>();
  const atDayStart = (day: number): number => {
    let offset = dayStarts.get(day);
    if (offset === undefined) {
      if (dayStarts.size >= MAX_CACHED_DAYS) dayStarts.clear();
      offset = zone.offset(day * DAY_MS);
      dayStarts.set(day, offset);
    }
    return offset;
  };
  const lookup: OffsetLookup = (instantMs) => {
    const day = Math.floor(instantMs / DAY_MS);
    const first = atDayStart(day);
    return first === atDayStart(day + 1) ? first : zone.offset(instantMs);
  };
  lookups.set(timezone, lookup);
  return lookup;
}
