import { compileFreezeSchedule } from '../../../src/freeze/compile-freeze-schedule.js';
import { FreezeConfigError } from '../../../src/freeze/freeze-config-error.js';
import type { FreezeState, FreezeWindow, OnFreeze } from '../../../src/freeze/types.js';

function recurring(
  name: string,
  start: string,
  end: string,
  timezone: string,
  on_freeze: OnFreeze = 'hold',
): FreezeWindow {
  return { kind: 'recurring', name, start, end, timezone, on_freeze };
}
function absolute(
  name: string,
  from: string,
  until: string,
  timezone: string,
  on_freeze: OnFreeze = 'hold',
): FreezeWindow {
  return { kind: 'absolute', name, from, until, timezone, on_freeze };
}

const weekendBerlin = recurring('weekend', '0 17 * * FRI', '0 8 * * MON', 'Europe/Berlin');
const weekendNewYork = recurring('us-weekend', '0 17 * * FRI', '0 8 * * MON', 'America/New_York');

/** The state as plain data: names and ISO strings, so expectations read as written by hand. */
function describeState(state: FreezeState) {
  return {
    active: state.active,
    windows: state.windows.map((w) => ({
      name: w.window.name,
      started_at: w.started_at.toISOString(),
      ends_at: w.ends_at.toISOString(),
    })),
    until: state.until?.toISOString() ?? null,
    until_window: state.until_window,
    on_freeze: state.on_freeze,
  };
}

const notFrozen = { active: false, windows: [], until: null, until_window: null, on_freeze: null };

/** One active window, nothing chained on. */
function frozenBy(name: string, started_at: string, ends_at: string, on_freeze: OnFreeze = 'hold') {
  return {
    active: true,
    windows: [{ name, started_at, ends_at }],
    until: ends_at,
    until_window: name,
    on_freeze,
  };
}

describe('compileFreezeSchedule: stateAt', () => {
  it.each([
    // Europe/Berlin weekend: Fri 17:00 to Mon 08:00 local.
    {
      why: 'winter weekend in Berlin is 16:00Z to 07:00Z',
      windows: [weekendBerlin],
      now: '2026-01-10T12:00:00Z',
      expected: frozenBy('weekend', '2026-01-09T16:00:00.000Z', '2026-01-12T07:00:00.000Z'),
    },
    {
      why: 'summer weekend in Berlin is 15:00Z to 06:00Z',
      windows: [weekendBerlin],
      now: '2026-07-04T12:00:00Z',
      expected: frozenBy('weekend', '2026-07-03T15:00:00.000Z', '2026-07-06T06:00:00.000Z'),
    },
    {
      why: 'a start at exactly now is active',
      windows: [weekendBerlin],
      now: '2026-01-09T16:00:00.000Z',
      expected: frozenBy('weekend', '2026-01-09T16:00:00.000Z', '2026-01-12T07:00:00.000Z'),
    },
    {
      why: 'a millisecond before the start is not',
      windows: [weekendBerlin],
      now: '2026-01-09T15:59:59.999Z',
      expected: notFrozen,
    },
    {
      why: 'an end at exactly now is not active',
      windows: [weekendBerlin],
      now: '2026-01-12T07:00:00.000Z',
      expected: notFrozen,
    },
    {
      why: 'a millisecond before the end is',
      windows: [weekendBerlin],
      now: '2026-01-12T06:59:59.999Z',
      expected: frozenBy('weekend', '2026-01-09T16:00:00.000Z', '2026-01-12T07:00:00.000Z'),
    },
    {
      why: 'a weekday is not frozen',
      windows: [weekendBerlin],
      now: '2026-01-14T12:00:00Z',
      expected: notFrozen,
    },
    // Daylight saving changes inside a window.
    {
      why: 'Berlin weekend across spring forward is 62 h',
      windows: [weekendBerlin],
      now: '2026-03-28T12:00:00Z',
      expected: frozenBy('weekend', '2026-03-27T16:00:00.000Z', '2026-03-30T06:00:00.000Z'),
    },
    {
      why: 'Berlin weekend across fall back is 64 h',
      windows: [weekendBerlin],
      now: '2026-10-24T12:00:00Z',
      expected: frozenBy('weekend', '2026-10-23T15:00:00.000Z', '2026-10-26T07:00:00.000Z'),
    },
    {
      why: 'Berlin weekend across fall back: the repeated hour is inside',
      windows: [weekendBerlin],
      now: '2026-10-25T01:30:00Z',
      expected: frozenBy('weekend', '2026-10-23T15:00:00.000Z', '2026-10-26T07:00:00.000Z'),
    },
    {
      why: 'New York weekend across spring forward is 62 h',
      windows: [weekendNewYork],
      now: '2026-03-07T12:00:00Z',
      expected: frozenBy('us-weekend', '2026-03-06T22:00:00.000Z', '2026-03-09T12:00:00.000Z'),
    },
    {
      why: 'New York weekend across fall back is 64 h',
      windows: [weekendNewYork],
      now: '2026-10-31T12:00:00Z',
      expected: frozenBy('us-weekend', '2026-10-30T21:00:00.000Z', '2026-11-02T13:00:00.000Z'),
    },
    {
      why: 'New York Monday 08:00 EDT ends at 12:00Z',
      windows: [weekendNewYork],
      now: '2026-03-09T12:00:00Z',
      expected: notFrozen,
    },
    // Cron times in the skipped and the repeated hour.
    {
      why: 'Berlin: a normal night, 02:30 CET',
      windows: [recurring('night', '30 2 * * *', '0 4 * * *', 'Europe/Berlin')],
      now: '2026-03-28T02:00:00Z',
      expected: frozenBy('night', '2026-03-28T01:30:00.000Z', '2026-03-28T03:00:00.000Z'),
    },
    {
      why: 'Berlin: skipped 02:30 starts at 03:00 CEST, the moment of the change',
      windows: [recurring('night', '30 2 * * *', '0 4 * * *', 'Europe/Berlin')],
      now: '2026-03-29T01:00:00Z',
      expected: frozenBy('night', '2026-03-29T01:00:00.000Z', '2026-03-29T02:00:00.000Z'),
    },
    {
      why: 'Berlin: not before the change',
      windows: [recurring('night', '30 2 * * *', '0 4 * * *', 'Europe/Berlin')],
      now: '2026-03-29T00:59:59Z',
      expected: notFrozen,
    },
    {
      why: 'Berlin: repeated 02:30 starts once, at 02:30 CEST; the end 03:00 CET makes it 90 min',
      windows: [recurring('night', '30 2 * * *', '0 3 * * *', 'Europe/Berlin')],
      now: '2026-10-25T01:30:00Z',
      expected: frozenBy('night', '2026-10-25T00:30:00.000Z', '2026-10-25T02:00:00.000Z'),
    },
    {
      why: 'New York: skipped 02:30 starts at 03:00 EDT',
      windows: [recurring('night', '30 2 * * *', '30 3 * * *', 'America/New_York')],
      now: '2026-03-08T07:10:00Z',
      expected: frozenBy('night', '2026-03-08T07:00:00.000Z', '2026-03-08T07:30:00.000Z'),
    },
    {
      why: 'New York: repeated 01:30 starts once, at 01:30 EDT',
      windows: [recurring('night', '30 1 * * *', '0 2 * * *', 'America/New_York')],
      now: '2026-11-01T06:30:00Z',
      expected: frozenBy('night', '2026-11-01T05:30:00.000Z', '2026-11-01T07:00:00.000Z'),
    },
    // Year ends.
    {
      why: 'recurring window across the year end',
      windows: [recurring('holidays', '0 18 24 12 *', '0 8 2 1 *', 'America/New_York')],
      now: '2027-01-01T00:00:00Z',
      expected: frozenBy('holidays', '2026-12-24T23:00:00.000Z', '2027-01-02T13:00:00.000Z'),
    },
    {
      why: 'recurring window across the year end, the year after',
      windows: [recurring('holidays', '0 18 24 12 *', '0 8 2 1 *', 'America/New_York')],
      now: '2027-12-31T12:00:00Z',
      expected: frozenBy('holidays', '2027-12-24T23:00:00.000Z', '2028-01-02T13:00:00.000Z'),
    },
    {
      why: 'recurring window across the year end, closed in summer',
      windows: [recurring('holidays', '0 18 24 12 *', '0 8 2 1 *', 'America/New_York')],
      now: '2027-06-01T00:00:00Z',
      expected: notFrozen,
    },
    {
      why: 'absolute dates across the year end',
      windows: [absolute('year-end', '2026-12-20', '2027-01-04', 'America/New_York', 'reject')],
      now: '2027-01-03T12:00:00Z',
      expected: frozenBy('year-end', '2026-12-20T05:00:00.000Z', '2027-01-04T05:00:00.000Z', 'reject'),
    },
    {
      why: 'absolute: from is inclusive',
      windows: [absolute('year-end', '2026-12-20', '2027-01-04', 'America/New_York', 'reject')],
      now: '2026-12-20T05:00:00.000Z',
      expected: frozenBy('year-end', '2026-12-20T05:00:00.000Z', '2027-01-04T05:00:00.000Z', 'reject'),
    },
    {
      why: 'absolute: until is exclusive',
      windows: [absolute('year-end', '2026-12-20', '2027-01-04', 'America/New_York', 'reject')],
      now: '2027-01-04T05:00:00.000Z',
      expected: notFrozen,
    },
    {
      why: 'absolute: the last millisecond is frozen',
      windows: [absolute('year-end', '2026-12-20', '2027-01-04', 'America/New_York', 'reject')],
      now: '2027-01-04T04:59:59.999Z',
      expected: frozenBy('year-end', '2026-12-20T05:00:00.000Z', '2027-01-04T05:00:00.000Z', 'reject'),
    },
    {
      why: 'absolute: local timestamps',
      windows: [absolute('launch', '2026-11-10T08:00', '2026-11-12T20:00', 'Europe/Berlin')],
      now: '2026-11-12T18:59:59Z',
      expected: frozenBy('launch', '2026-11-10T07:00:00.000Z', '2026-11-12T19:00:00.000Z'),
    },
    {
      why: 'absolute: local timestamp until is exclusive',
      windows: [absolute('launch', '2026-11-10T08:00', '2026-11-12T20:00', 'Europe/Berlin')],
      now: '2026-11-12T19:00:00Z',
      expected: notFrozen,
    },
    {
      why: 'absolute: timestamps with Z and an offset',
      windows: [absolute('migration', '2026-11-20T22:00:00Z', '2026-11-21T04:00:00+01:00', 'UTC')],
      now: '2026-11-21T02:59:59Z',
      expected: frozenBy('migration', '2026-11-20T22:00:00.000Z', '2026-11-21T03:00:00.000Z'),
    },
    // Leap days: a start that exists one year in four.
    {
      why: 'a leap-day window is active on 29 February 2028',
      windows: [recurring('leap', '0 0 29 2 *', '0 8 1 3 *', 'Europe/Berlin')],
      now: '2028-02-29T12:00:00Z',
      expected: frozenBy('leap', '2028-02-28T23:00:00.000Z', '2028-03-01T07:00:00.000Z'),
    },
    {
      why: 'a leap-day window is closed in between',
      windows: [recurring('leap', '0 0 29 2 *', '0 8 1 3 *', 'Europe/Berlin')],
      now: '2027-03-01T00:00:00Z',
      expected: notFrozen,
    },
    // Recurring semantics: the most recent start, then the first end after it.
    {
      why: 'a daily start with a weekly end freezes from the first start after the last end',
      windows: [recurring('late', '0 17 * * *', '0 8 * * MON', 'UTC')],
      now: '2026-01-11T10:00:00Z',
      expected: frozenBy('late', '2026-01-05T17:00:00.000Z', '2026-01-12T08:00:00.000Z'),
    },
    {
      why: 'back-to-back occurrences of one window are one occurrence (Mon 00:00 to Sat 00:00)',
      windows: [recurring('weekdays', '0 0 * * 1-5', '0 0 * * 2-6', 'UTC')],
      now: '2026-01-14T12:00:00Z',
      expected: frozenBy('weekdays', '2026-01-12T00:00:00.000Z', '2026-01-17T00:00:00.000Z'),
    },
    {
      why: 'reject is reported',
      windows: [recurring('weekend', '0 17 * * FRI', '0 8 * * MON', 'Europe/Berlin', 'reject')],
      now: '2026-01-10T12:00:00Z',
      expected: frozenBy('weekend', '2026-01-09T16:00:00.000Z', '2026-01-12T07:00:00.000Z', 'reject'),
    },
    { why: 'no windows, no freeze', windows: [], now: '2026-01-10T12:00:00Z', expected: notFrozen },
  ])('$why', ({ windows, now, expected }) => {
    expect(describeState(compileFreezeSchedule(windows).stateAt(new Date(now)))).toEqual(expected);
  });

  // A chain: A overlaps B, B ends exactly when C starts, D starts a second after C ends.
  const chain = [
    absolute('a', '2026-06-01T00:00Z', '2026-06-03T00:00Z', 'UTC'),
    absolute('b', '2026-06-02T00:00Z', '2026-06-05T00:00Z', 'UTC', 'reject'),
    absolute('c', '2026-06-05T00:00Z', '2026-06-06T00:00Z', 'UTC'),
    absolute('d', '2026-06-06T00:00:01Z', '2026-06-07T00:00Z', 'UTC', 'reject'),
  ];
  const a = { name: 'a', started_at: '2026-06-01T00:00:00.000Z', ends_at: '2026-06-03T00:00:00.000Z' };
  const b = { name: 'b', started_at: '2026-06-02T00:00:00.000Z', ends_at: '2026-06-05T00:00:00.000Z' };
  const c = { name: 'c', started_at: '2026-06-05T00:00:00.000Z', ends_at: '2026-06-06T00:00:00.000Z' };
  const d = { name: 'd', started_at: '2026-06-06T00:00:01.000Z', ends_at: '2026-06-07T00:00:00.000Z' };
  const maintenance = absolute('maintenance', '2026-01-12T08:00', '2026-01-12T12:00', 'Europe/Berlin');

  it.each([
    {
      why: 'only a is active, but the freeze chains through b (overlapping) and c (back to back); hold, as only a is active',
      windows: chain,
      now: '2026-06-01T12:00:00Z',
      expected: {
        active: true,
        windows: [a],
        until: '2026-06-06T00:00:00.000Z',
        until_window: 'c',
        on_freeze: 'hold',
      },
    },
    {
      why: 'a and b overlap: earliest end first, and reject because b says so',
      windows: chain,
      now: '2026-06-02T12:00:00Z',
      expected: {
        active: true,
        windows: [a, b],
        until: '2026-06-06T00:00:00.000Z',
        until_window: 'c',
        on_freeze: 'reject',
      },
    },
    {
      why: 'the chain is the same whatever order the windows are listed in',
      windows: [...chain].reverse(),
      now: '2026-06-02T12:00:00Z',
      expected: {
        active: true,
        windows: [a, b],
        until: '2026-06-06T00:00:00.000Z',
        until_window: 'c',
        on_freeze: 'reject',
      },
    },
    {
      why: 'at the instant b ends and c starts, only c is active',
      windows: chain,
      now: '2026-06-05T00:00:00Z',
      expected: {
        active: true,
        windows: [c],
        until: '2026-06-06T00:00:00.000Z',
        until_window: 'c',
        on_freeze: 'hold',
      },
    },
    {
      why: 'the one-second gap before d is not frozen',
      windows: chain,
      now: '2026-06-06T00:00:00Z',
      expected: notFrozen,
    },
    {
      why: 'd alone',
      windows: chain,
      now: '2026-06-06T00:00:01Z',
      expected: {
        active: true,
        windows: [d],
        until: '2026-06-07T00:00:00.000Z',
        until_window: 'd',
        on_freeze: 'reject',
      },
    },
    {
      why: 'a recurring weekend chains into an absolute Monday maintenance that starts as it ends',
      windows: [weekendBerlin, maintenance],
      now: '2026-01-10T12:00:00Z',
      expected: {
        active: true,
        windows: [
          { name: 'weekend', started_at: '2026-01-09T16:00:00.000Z', ends_at: '2026-01-12T07:00:00.000Z' },
        ],
        until: '2026-01-12T11:00:00.000Z',
        until_window: 'maintenance',
        on_freeze: 'hold',
      },
    },
    {
      why: 'Berlin and New York weekends overlap: the freeze lasts until New York Monday 08:00',
      windows: [weekendBerlin, weekendNewYork],
      now: '2026-01-12T06:00:00Z',
      expected: {
        active: true,
        windows: [
          { name: 'weekend', started_at: '2026-01-09T16:00:00.000Z', ends_at: '2026-01-12T07:00:00.000Z' },
          { name: 'us-weekend', started_at: '2026-01-09T22:00:00.000Z', ends_at: '2026-01-12T13:00:00.000Z' },
        ],
        until: '2026-01-12T13:00:00.000Z',
        until_window: 'us-weekend',
        on_freeze: 'hold',
      },
    },
    {
      why: 'windows that keep each other going for ever: until is the first end past now + 366 days',
      windows: [recurring('weekdays', '0 0 * * 1-5', '0 0 * * 2-6', 'UTC'), weekendBerlin],
      now: '2026-09-01T00:00:00Z',
      expected: {
        active: true,
        windows: [
          { name: 'weekdays', started_at: '2026-08-31T00:00:00.000Z', ends_at: '2026-09-05T00:00:00.000Z' },
        ],
        until: '2027-09-04T00:00:00.000Z',
        until_window: 'weekdays',
        on_freeze: 'hold',
      },
    },
    {
      why: 'two windows ending together: until_window is the first listed',
      windows: [
        absolute('first', '2026-06-01T00:00Z', '2026-06-03T00:00Z', 'UTC'),
        absolute('second', '2026-06-02T00:00Z', '2026-06-03T00:00Z', 'UTC'),
      ],
      now: '2026-06-02T12:00:00Z',
      expected: {
        active: true,
        windows: [
          { name: 'first', started_at: '2026-06-01T00:00:00.000Z', ends_at: '2026-06-03T00:00:00.000Z' },
          { name: 'second', started_at: '2026-06-02T00:00:00.000Z', ends_at: '2026-06-03T00:00:00.000Z' },
        ],
        until: '2026-06-03T00:00:00.000Z',
        until_window: 'first',
        on_freeze: 'hold',
      },
    },
  ])('$why', ({ windows, now, expected }) => {
    expect(describeState(compileFreezeSchedule(windows).stateAt(new Date(now)))).toEqual(expected);
  });

  it('gives the same answers whatever order instants are asked in (the cache is invisible)', () => {
    const windows = [
      weekendBerlin,
      weekendNewYork,
      recurring('night', '30 2 * * *', '0 3 * * *', 'Europe/Berlin'),
      recurring('weekdays', '0 0 * * 1-4', '0 0 * * 2-5', 'UTC'),
      absolute('year-end', '2026-12-20', '2027-01-04', 'America/New_York'),
    ];
    const instants: Date[] = [];
    for (
      let t = Date.parse('2026-09-01T00:00:00Z');
      t < Date.parse('2027-01-15T00:00:00Z');
      t += 6 * 3_600_000 + 7 * 60_000
    )
      instants.push(new Date(t));
    const forward = compileFreezeSchedule(windows);
    const backward = compileFreezeSchedule(windows);
    const fresh = (now: Date) => describeState(compileFreezeSchedule(windows).stateAt(now));
    const inOrder = instants.map((now) => describeState(forward.stateAt(now)));
    const reversed = [...instants]
      .reverse()
      .map((now) => describeState(backward.stateAt(now)))
      .reverse();
    expect(reversed).toEqual(inOrder);
    for (const i of [0, 100, 333, instants.length - 1]) expect(fresh(instants[i]!)).toEqual(inOrder[i]);
  });

  it('refuses an invalid Date as now', () => {
    const schedule = compileFreezeSchedule([weekendBerlin]);
    expect(() => schedule.stateAt(new Date('not a date'))).toThrow(
      new RangeError('freeze schedule: now is an invalid Date; pass the instant to evaluate'),
    );
  });

  it('refuses invalid windows with a FreezeConfigError naming the window and the key', () => {
    expect(() =>
      compileFreezeSchedule([recurring('weekend', '0 17 * * FRI', '0 8 * * MON', 'Europe/Berln')]),
    ).toThrow(
      new FreezeConfigError(
        "freeze window 'weekend' is invalid: timezone: 'Europe/Berln' is not an IANA time zone; did you mean Europe/Berlin? Use a name from the tz database such as Europe/Berlin, America/New_York or UTC",
      ),
    );
  });
});

describe('compileFreezeSchedule: nextChangeAfter', () => {
  it.each([
    {
      why: 'during the weekend: its end',
      windows: [weekendBerlin],
      now: '2026-01-10T12:00:00Z',
      expected: '2026-01-12T07:00:00.000Z',
    },
    {
      why: 'at the end: the next start',
      windows: [weekendBerlin],
      now: '2026-01-12T07:00:00Z',
      expected: '2026-01-16T16:00:00.000Z',
    },
    {
      why: 'at a start: strictly after, so its end',
      windows: [weekendBerlin],
      now: '2026-01-09T16:00:00Z',
      expected: '2026-01-12T07:00:00.000Z',
    },
    {
      why: 'the next start in summer time',
      windows: [weekendBerlin],
      now: '2026-03-30T06:00:00Z',
      expected: '2026-04-03T15:00:00.000Z',
    },
    {
      why: 'the skipped 02:30 starts at the change',
      windows: [recurring('night', '30 2 * * *', '0 4 * * *', 'Europe/Berlin')],
      now: '2026-03-28T04:00:00Z',
      expected: '2026-03-29T01:00:00.000Z',
    },
    {
      why: 'the repeated 02:30 fires once: after its end comes the next day',
      windows: [recurring('night', '30 2 * * *', '0 3 * * *', 'Europe/Berlin')],
      now: '2026-10-25T02:00:00Z',
      expected: '2026-10-26T01:30:00.000Z',
    },
    {
      why: 'the earliest change of all windows',
      windows: [weekendBerlin, weekendNewYork],
      now: '2026-01-09T17:00:00Z',
      expected: '2026-01-09T22:00:00.000Z',
    },
    {
      why: 'an absolute window ahead: its start',
      windows: [absolute('year-end', '2026-12-20', '2027-01-04', 'America/New_York')],
      now: '2026-12-01T00:00:00Z',
      expected: '2026-12-20T05:00:00.000Z',
    },
    {
      why: 'an absolute window in the past: never',
      windows: [absolute('year-end', '2026-12-20', '2027-01-04', 'America/New_York')],
      now: '2027-01-04T05:00:00Z',
      expected: null,
    },
    {
      why: 'a yearly window months ahead',
      windows: [recurring('holidays', '0 18 24 12 *', '0 8 2 1 *', 'America/New_York')],
      now: '2027-01-02T13:00:00Z',
      expected: '2027-12-24T23:00:00.000Z',
    },
    { why: 'no windows: never', windows: [], now: '2027-01-04T05:00:00Z', expected: null },
    {
      why: 'a leap-day window: the next one is four years on',
      windows: [recurring('leap', '0 0 29 2 *', '0 8 1 3 *', 'Europe/Berlin')],
      now: '2028-03-01T07:00:00Z',
      expected: '2032-02-28T23:00:00.000Z',
    },
  ])('$why', ({ windows, now, expected }) => {
    expect(compileFreezeSchedule(windows).nextChangeAfter(new Date(now))?.toISOString() ?? null).toBe(
      expected,
    );
  });
});

describe('compileFreezeSchedule: upcoming', () => {
  const yearEnd = absolute('year-end', '2026-12-20', '2027-01-04', 'America/New_York', 'reject');
  const DAY = 86_400_000;
  it.each([
    {
      why: 'weekends and the year-end freeze in the next three weeks, earliest first',
      windows: [weekendBerlin, yearEnd],
      now: '2026-12-15T00:00:00Z',
      horizonMs: 21 * DAY,
      limit: undefined,
      expected: [
        ['weekend', '2026-12-18T16:00:00.000Z', '2026-12-21T07:00:00.000Z'],
        ['year-end', '2026-12-20T05:00:00.000Z', '2027-01-04T05:00:00.000Z'],
        ['weekend', '2026-12-25T16:00:00.000Z', '2026-12-28T07:00:00.000Z'],
        ['weekend', '2027-01-01T16:00:00.000Z', '2027-01-04T07:00:00.000Z'],
      ],
    },
    {
      why: 'a window under way is not upcoming',
      windows: [weekendBerlin, yearEnd],
      now: '2026-12-19T00:00:00Z',
      horizonMs: 7 * DAY,
      limit: undefined,
      expected: [
        ['year-end', '2026-12-20T05:00:00.000Z', '2027-01-04T05:00:00.000Z'],
        ['weekend', '2026-12-25T16:00:00.000Z', '2026-12-28T07:00:00.000Z'],
      ],
    },
    {
      why: 'limit keeps the earliest',
      windows: [weekendBerlin, yearEnd],
      now: '2026-12-15T00:00:00Z',
      horizonMs: 21 * DAY,
      limit: 2,
      expected: [
        ['weekend', '2026-12-18T16:00:00.000Z', '2026-12-21T07:00:00.000Z'],
        ['year-end', '2026-12-20T05:00:00.000Z', '2027-01-04T05:00:00.000Z'],
      ],
    },
    {
      why: 'a start exactly at the horizon is left out',
      windows: [weekendBerlin],
      now: '2026-12-11T16:00:00Z',
      horizonMs: 7 * DAY,
      limit: undefined,
      expected: [],
    },
  ])('$why', ({ windows, now, horizonMs, limit, expected }) => {
    const found = compileFreezeSchedule(windows).upcoming(new Date(now), horizonMs, limit);
    expect(found.map((o) => [o.window.name, o.starts_at.toISOString(), o.ends_at.toISOString()])).toEqual(
      expected,
    );
  });
});
