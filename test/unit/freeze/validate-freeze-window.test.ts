import { validateFreezeWindow } from '../../../src/freeze/validate-freeze-window.js';
import type { FreezeProblem, FreezeWindow } from '../../../src/freeze/types.js';

function recurring(start: string, end: string, timezone = 'Europe/Berlin'): FreezeWindow {
  return { kind: 'recurring', name: 'weekend', start, end, timezone, on_freeze: 'hold' };
}
function absolute(from: string, until: string, timezone = 'America/New_York'): FreezeWindow {
  return { kind: 'absolute', name: 'year-end', from, until, timezone, on_freeze: 'reject' };
}

const example = '"0 17 * * FRI" (Fridays at 17:00)';
const dayOfWeek =
  'the day-of-week field takes 0-7 or SUN-SAT (0 and 7 are Sunday), with 5L or 5#2 for the last or second Friday';
const tzFix = 'a name from the tz database such as Europe/Berlin, America/New_York or UTC';
const forms =
  'YYYY-MM-DD (local midnight), YYYY-MM-DDTHH:mm or YYYY-MM-DDTHH:mm:ss (local time), or either with Z or an offset such as +01:00 (that exact instant)';
const closeFix = 'e.g. start "0 17 * * FRI" with end "0 8 * * MON"';

describe('validateFreezeWindow', () => {
  it.each<{ why: string; window: FreezeWindow; expected: FreezeProblem[] }>([
    { why: 'a weekend in Berlin is valid', window: recurring('0 17 * * FRI', '0 8 * * MON'), expected: [] },
    {
      why: 'last Friday to first Monday is valid',
      window: recurring('0 17 * * 5L', '0 8 * * 1#1', 'UTC'),
      expected: [],
    },
    {
      why: 'a leap-day start is valid when an end follows it',
      window: recurring('0 0 29 2 *', '0 8 1 3 *'),
      expected: [],
    },
    { why: 'a year-end range is valid', window: absolute('2026-12-20', '2027-01-04'), expected: [] },
    {
      why: 'a seconds field is refused',
      window: recurring('0 0 17 * * FRI', '0 8 * * MON'),
      expected: [
        {
          key: 'start',
          message:
            'start \'0 0 17 * * FRI\' has 6 fields, but freeze windows use five (minute hour day-of-month month day-of-week) with no seconds field; drop the first field, e.g. "0 17 * * FRI"',
        },
      ],
    },
    {
      why: 'too few fields',
      window: recurring('0 17 * *', '0 8 * * MON'),
      expected: [
        {
          key: 'start',
          message: `start '0 17 * *' has 4 fields; write exactly five (minute hour day-of-month month day-of-week), e.g. ${example}`,
        },
      ],
    },
    {
      why: 'an empty expression',
      window: recurring('0 17 * * FRI', ' '),
      expected: [
        {
          key: 'end',
          message: `end is empty; write five cron fields (minute hour day-of-month month day-of-week), e.g. ${example}`,
        },
      ],
    },
    {
      why: 'shortcuts are refused, with the five-field form',
      window: recurring('@daily', '@reboot'),
      expected: [
        {
          key: 'start',
          message:
            'start \'@daily\' is a shortcut shipgate does not read; write the five fields instead: "0 0 * * *"',
        },
        {
          key: 'end',
          message: `end '@reboot' is not a cron expression; write five fields (minute hour day-of-month month day-of-week), e.g. ${example}`,
        },
      ],
    },
    {
      why: 'minute and hour out of range name the field',
      window: recurring('60 17 * * FRI', '0 24 * * MON'),
      expected: [
        {
          key: 'start',
          message: `start minute field '60' is not valid (Constraint error, got value 60 expected range 0-59); the minute field takes 0-59, e.g. ${example}`,
        },
        {
          key: 'end',
          message: `end hour field '24' is not valid (Constraint error, got value 24 expected range 0-23); the hour field takes 0-23, e.g. ${example}`,
        },
      ],
    },
    {
      why: 'day-of-month and month out of range name the field',
      window: recurring('0 17 32 * *', '0 8 * 13 *'),
      expected: [
        {
          key: 'start',
          message: `start day-of-month field '32' is not valid (Constraint error, got value 32 expected range 1-31); the day-of-month field takes 1-31, or L for the last day, e.g. ${example}`,
        },
        {
          key: 'end',
          message: `end month field '13' is not valid (Constraint error, got value 13 expected range 1-12); the month field takes 1-12 or JAN-DEC, e.g. ${example}`,
        },
      ],
    },
    {
      why: 'a misspelt day name and a day-of-week out of range',
      window: recurring('0 17 * * FRY', '0 8 * * 8'),
      expected: [
        {
          key: 'start',
          message: `start day-of-week field 'FRY' is not valid (Validation error, cannot resolve alias "fry"); ${dayOfWeek}, e.g. ${example}`,
        },
        {
          key: 'end',
          message: `end day-of-week field '8' is not valid (Constraint error, got value 8 expected range 0-7); ${dayOfWeek}, e.g. ${example}`,
        },
      ],
    },
    {
      why: 'a range that wraps around the week',
      window: recurring('0 17 * * FRI-SUN', '0 8 * * MON'),
      expected: [
        {
          key: 'start',
          message: `start day-of-week field 'FRI-SUN' is not valid (Invalid range: 5-0, min(5) > max(0)); ${dayOfWeek}, e.g. ${example}`,
        },
      ],
    },
    {
      why: 'a date that never exists',
      window: recurring('0 0 30 2 *', '0 8 * * MON'),
      expected: [
        {
          key: 'start',
          message:
            'start \'0 0 30 2 *\' never matches a date (Invalid explicit day of month definition); check the day-of-month and month fields together, e.g. "0 0 30 4 *" for 30 April',
        },
      ],
    },
    {
      why: 'hashed values are refused',
      window: recurring('H 17 * * FRI', '0 8 * * MON'),
      expected: [
        {
          key: 'start',
          message: `start minute field 'H' uses H (a hashed, pseudo-random value), which a freeze cannot use; write the exact minute (0-59), e.g. ${example}`,
        },
      ],
    },
    {
      why: 'an end that never follows a start within 366 days',
      window: recurring('0 0 * * *', '0 0 29 2 *'),
      expected: [
        {
          key: 'end',
          message: `end '0 0 29 2 *' does not follow start '0 0 * * *' within 366 days (after the start at 2024-02-29 00:00 Europe/Berlin the next end is over a year away), so the window would not close; pick an end that comes after every start, ${closeFix}`,
        },
      ],
    },
    {
      why: 'the same start and end never close',
      window: recurring('0 17 * * FRI', '0 17 * * FRI'),
      expected: [
        {
          key: 'end',
          message: `the window never closes: each end '0 17 * * FRI' falls at the very moment of a new start '0 17 * * FRI', so the freeze runs on without a break; make the end fall between two starts, ${closeFix}`,
        },
      ],
    },
    {
      why: 'every end falling on a start never closes',
      window: recurring('0 * * * *', '0 */2 * * *', 'UTC'),
      expected: [
        {
          key: 'end',
          message: `the window never closes: each end '0 */2 * * *' falls at the very moment of a new start '0 * * * *', so the freeze runs on without a break; make the end fall between two starts, ${closeFix}`,
        },
      ],
    },
    {
      why: 'a misspelt zone gets a close match',
      window: recurring('0 17 * * FRI', '0 8 * * MON', 'Europe/Berln'),
      expected: [
        {
          key: 'timezone',
          message: `'Europe/Berln' is not an IANA time zone; did you mean Europe/Berlin? Use ${tzFix}`,
        },
      ],
    },
    {
      why: 'a city alone gets its zone',
      window: recurring('0 17 * * FRI', '0 8 * * MON', 'new york'),
      expected: [
        {
          key: 'timezone',
          message: `'new york' is not an IANA time zone; did you mean America/New_York? Use ${tzFix}`,
        },
      ],
    },
    {
      why: 'an abbreviation is not a zone',
      window: recurring('0 17 * * FRI', '0 8 * * MON', 'CEST'),
      expected: [{ key: 'timezone', message: `'CEST' is not an IANA time zone; use ${tzFix}` }],
    },
    {
      why: 'until before from',
      window: absolute('2027-01-04', '2026-12-20'),
      expected: [
        {
          key: 'until',
          message:
            "until '2026-12-20' is not after from '2027-01-04' (until is exclusive, so the window would never be active); set until later than from",
        },
      ],
    },
    {
      why: 'until equal to from (an empty window), written differently',
      window: absolute('2026-12-20T10:00', '2026-12-20T10:00:00-05:00'),
      expected: [
        {
          key: 'until',
          message:
            "until '2026-12-20T10:00:00-05:00' is not after from '2026-12-20T10:00' (until is exclusive, so the window would never be active); set until later than from",
        },
      ],
    },
    {
      why: 'unreadable and impossible dates',
      window: absolute('Dec 20', '2026-13-01'),
      expected: [
        { key: 'from', message: `from 'Dec 20' is not a date or timestamp shipgate reads; write ${forms}` },
        {
          key: 'until',
          message:
            "until '2026-13-01' is not a real date or time (month 01-12, day within the month, hour 00-23, minute and second 00-59)",
        },
      ],
    },
    {
      why: 'a bad zone is reported once, and the dates are still checked',
      window: absolute('2026-12-20', 'soon', 'America/NewYork'),
      expected: [
        {
          key: 'timezone',
          message: `'America/NewYork' is not an IANA time zone; did you mean America/New_York? Use ${tzFix}`,
        },
        { key: 'until', message: `until 'soon' is not a date or timestamp shipgate reads; write ${forms}` },
      ],
    },
  ])('$why', ({ window, expected }) => {
    expect(validateFreezeWindow(window)).toEqual(expected);
  });
});
