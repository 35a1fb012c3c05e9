import { CronExpressionParser } from 'cron-parser';
import fc from 'fast-check';
import { compileFreezeSchedule } from '../../../src/freeze/compile-freeze-schedule.js';
import type { FreezeSchedule, FreezeWindow } from '../../../src/freeze/types.js';

// The schedule against the definition, computed straight from cron-parser in zones without
// daylight saving (where cron-parser's own zone handling is not in question):
// active at t iff the latest start S <= t is followed by its first end E > S only after t;
// the occurrence began at the first start at or after the latest end <= t.
const pairs: [string, string][] = [
  ['0 17 * * FRI', '0 8 * * MON'],
  ['30 12 * * 1-5', '30 13 * * 1-5'],
  ['0 22 * * *', '0 6 * * *'],
  ['0 0 L * *', '0 12 1 * *'],
  ['0 9 * * 2#2', '0 9 * * 4#2'],
  ['0 17 * * *', '0 8 * * MON'],
  ['*/20 * * * *', '10,50 * * * *'],
  ['0 18 24 12 *', '0 8 2 1 *'],
];
const zones = ['UTC', 'Asia/Tokyo', 'Asia/Kolkata'];

function step(expression: string, timezone: string, from: number, direction: 'next' | 'prev'): number {
  const cron = CronExpressionParser.parse(expression, { tz: timezone, currentDate: new Date(from) });
  return (direction === 'next' ? cron.next() : cron.prev()).getTime();
}

function expectedAt(window: { start: string; end: string; timezone: string }, t: number) {
  const latestStart = step(window.start, window.timezone, t + 1, 'prev');
  const end = step(window.end, window.timezone, latestStart, 'next');
  if (end <= t) return { active: false };
  const latestEnd = step(window.end, window.timezone, t + 1, 'prev');
  const began = step(window.start, window.timezone, latestEnd - 1, 'next');
  return {
    active: true,
    started_at: new Date(Math.min(began, latestStart)).toISOString(),
    ends_at: new Date(end).toISOString(),
  };
}

describe('compiled schedules agree with the cron definition', () => {
  const schedules = new Map<string, { window: FreezeWindow; schedule: FreezeSchedule }>();
  const scheduleFor = (pair: number, zone: number) => {
    const key = `${pair}/${zone}`;
    let entry = schedules.get(key);
    if (!entry) {
      const [start, end] = pairs[pair]!;
      const window: FreezeWindow = {
        kind: 'recurring',
        name: key,
        start,
        end,
        timezone: zones[zone]!,
        on_freeze: 'hold',
      };
      entry = { window, schedule: compileFreezeSchedule([window]) };
      schedules.set(key, entry);
    }
    return entry;
  };

  it('for instants in 2026-2028, asked in any order', () => {
    const first = Date.UTC(2026, 0, 1);
    const last = Date.UTC(2028, 11, 31);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: pairs.length - 1 }),
        fc.integer({ min: 0, max: zones.length - 1 }),
        fc.integer({ min: first, max: last }),
        (pair, zone, t) => {
          const { window, schedule } = scheduleFor(pair, zone);
          if (window.kind !== 'recurring') throw new Error('recurring windows only');
          const state = schedule.stateAt(new Date(t));
          const actual = state.active
            ? {
                active: true,
                started_at: state.windows[0]!.started_at.toISOString(),
                ends_at: state.windows[0]!.ends_at.toISOString(),
              }
            : { active: false };
          expect(actual).toEqual(expectedAt(window, t));
        },
      ),
      { seed: 20261122, numRuns: 300 },
    );
  });
});
