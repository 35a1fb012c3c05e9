import { CronExpressionParser, type CronExpression } from 'cron-parser';
import { createOffsetLookup } from './create-offset-lookup.js';
import { resolveLocalTime } from './resolve-local-time.js';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** Occurrences of a cron expression read on the wall clock of a time zone, as instants (ms). */
export interface ZonedCron {
  /** The first occurrence at or after `instantMs`, or null when none comes within `limitMs`. */
  firstAtOrAfter(instantMs: number, limitMs: number): number | null;
  /** The last occurrence at or before `instantMs`, or null when none came within `limitMs`. */
  lastAtOrBefore(instantMs: number, limitMs: number): number | null;
}

/**
 * Compiles a five-field cron expression (already checked with checkCronExpression) for `timezone`.
 *
 * The expression is matched against local wall-clock times; each matching local time is then
 * placed on the time line with resolveLocalTime, so a time in the hour skipped by a clock change
 * happens at the change, and a time in a repeated hour happens once, at its first occurrence.
 */
export function createZonedCron(expression: string, timezone: string): ZonedCron {
  const offsetAt = createOffsetLookup(timezone);
  const cron: CronExpression = CronExpressionParser.parse(expression.trim(), {
    tz: 'UTC',
    currentDate: new Date(0),
  });

  const offsetsAround = (instantMs: number): number[] => [
    offsetAt(instantMs - DAY_MS),
    offsetAt(instantMs),
    offsetAt(instantMs + DAY_MS),
  ];

  const step = (direction: 'next' | 'prev'): number | null => {
    try {
      return (direction === 'next' ? cron.next() : cron.prev()).getTime();
    } catch {
      // cron-parser gives up on expressions with no further match (its loop limit).
      return null;
    }
  };

  return {
    firstAtOrAfter(instantMs, limitMs) {
      // No local time earlier than this can fall at or after the instant.
      const lowestWall = instantMs + Math.min(...offsetsAround(instantMs)) * MINUTE_MS;
      cron.reset(new Date(lowestWall - 1));
      for (;;) {
        const wall = step('next');
        if (wall === null || wall - lowestWall > limitMs + DAY_MS) return null;
        const instant = resolveLocalTime(wall, offsetAt);
        if (instant >= instantMs) return instant - instantMs > limitMs ? null : instant;
      }
    },
    lastAtOrBefore(instantMs, limitMs) {
      // No local time later than this can fall at or before the instant.
      const highestWall = instantMs + Math.max(...offsetsAround(instantMs)) * MINUTE_MS;
      cron.reset(new Date(highestWall + 1));
      for (;;) {
        const wall = step('prev');
        if (wall === null || highestWall - wall > limitMs + DAY_MS) return null;
        const instant = resolveLocalTime(wall, offsetAt);
        if (instant <= instantMs) return instantMs - instant > limitMs ? null : instant;
      }
    },
  };
}
