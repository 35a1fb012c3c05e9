import { FreezeConfigError } from '../../../src/freeze/freeze-config-error.js';
import { parseFreezeInstant } from '../../../src/freeze/parse-freeze-instant.js';

describe('parseFreezeInstant', () => {
  it.each([
    {
      why: 'a date is local midnight (winter, UTC-5)',
      value: '2026-12-20',
      timezone: 'America/New_York',
      expected: '2026-12-20T05:00:00.000Z',
    },
    {
      why: 'a date is local midnight (summer, UTC-4)',
      value: '2026-07-04',
      timezone: 'America/New_York',
      expected: '2026-07-04T04:00:00.000Z',
    },
    {
      why: 'a date in Berlin winter (UTC+1)',
      value: '2027-01-04',
      timezone: 'Europe/Berlin',
      expected: '2027-01-03T23:00:00.000Z',
    },
    { why: 'a date in UTC', value: '2026-12-20', timezone: 'UTC', expected: '2026-12-20T00:00:00.000Z' },
    {
      why: 'a local time without seconds',
      value: '2026-11-10T08:00',
      timezone: 'Europe/Berlin',
      expected: '2026-11-10T07:00:00.000Z',
    },
    {
      why: 'a local time with seconds',
      value: '2026-06-10T08:15:30',
      timezone: 'Europe/Berlin',
      expected: '2026-06-10T06:15:30.000Z',
    },
    {
      why: 'a local time with milliseconds',
      value: '2026-06-10T08:15:30.25',
      timezone: 'UTC',
      expected: '2026-06-10T08:15:30.250Z',
    },
    {
      why: 'Z is that instant, whatever the zone',
      value: '2026-11-20T22:00:00Z',
      timezone: 'Asia/Tokyo',
      expected: '2026-11-20T22:00:00.000Z',
    },
    {
      why: 'an offset is that instant',
      value: '2026-12-20T10:00:00+05:30',
      timezone: 'America/New_York',
      expected: '2026-12-20T04:30:00.000Z',
    },
    {
      why: 'a negative offset without colon',
      value: '2026-12-20T10:00-0500',
      timezone: 'Europe/Berlin',
      expected: '2026-12-20T15:00:00.000Z',
    },
    {
      why: 'a skipped local time is the moment of the change (Berlin 02:30 → 03:00 CEST)',
      value: '2026-03-29T02:30',
      timezone: 'Europe/Berlin',
      expected: '2026-03-29T01:00:00.000Z',
    },
    {
      why: 'the start of the skipped hour is the change too',
      value: '2026-03-29T02:00',
      timezone: 'Europe/Berlin',
      expected: '2026-03-29T01:00:00.000Z',
    },
    {
      why: 'a skipped local time in New York (02:30 → 03:00 EDT)',
      value: '2026-03-08T02:30',
      timezone: 'America/New_York',
      expected: '2026-03-08T07:00:00.000Z',
    },
    {
      why: 'a repeated local time is its first occurrence (Berlin 02:30 CEST)',
      value: '2026-10-25T02:30',
      timezone: 'Europe/Berlin',
      expected: '2026-10-25T00:30:00.000Z',
    },
    {
      why: 'a repeated local time in New York (01:30 EDT)',
      value: '2026-11-01T01:30',
      timezone: 'America/New_York',
      expected: '2026-11-01T05:30:00.000Z',
    },
    {
      why: 'southern hemisphere: Sydney skips 02:00-03:00 in October',
      value: '2026-10-04T02:30',
      timezone: 'Australia/Sydney',
      expected: '2026-10-03T16:00:00.000Z',
    },
    {
      why: 'southern hemisphere: Sydney repeats 02:00-03:00 in April, first at +11:00',
      value: '2026-04-05T02:30',
      timezone: 'Australia/Sydney',
      expected: '2026-04-04T15:30:00.000Z',
    },
    {
      why: 'a half-hour change: Lord Howe skips 02:00-02:30',
      value: '2026-10-04T02:15',
      timezone: 'Australia/Lord_Howe',
      expected: '2026-10-03T15:30:00.000Z',
    },
    {
      why: 'a half-hour change: Lord Howe repeats 01:30-02:00, first at +11:00',
      value: '2026-04-05T01:45',
      timezone: 'Australia/Lord_Howe',
      expected: '2026-04-04T14:45:00.000Z',
    },
    {
      why: 'the first instant after the repeated hour',
      value: '2026-10-25T03:00',
      timezone: 'Europe/Berlin',
      expected: '2026-10-25T02:00:00.000Z',
    },
    {
      why: 'a space may stand for the T',
      value: '2026-12-20 10:00',
      timezone: 'UTC',
      expected: '2026-12-20T10:00:00.000Z',
    },
    {
      why: 'surrounding whitespace is ignored',
      value: ' 2026-12-20 ',
      timezone: 'UTC',
      expected: '2026-12-20T00:00:00.000Z',
    },
  ])('$why: $value in $timezone', ({ value, timezone, expected }) => {
    expect(parseFreezeInstant(value, timezone).toISOString()).toBe(expected);
  });

  const forms =
    'YYYY-MM-DD (local midnight), YYYY-MM-DDTHH:mm or YYYY-MM-DDTHH:mm:ss (local time), or either with Z or an offset such as +01:00 (that exact instant)';
  it.each([
    {
      value: 'next friday',
      timezone: 'UTC',
      message: `'next friday' is not a date or timestamp shipgate reads; write ${forms}`,
    },
    {
      value: '20/12/2026',
      timezone: 'UTC',
      message: `'20/12/2026' is not a date or timestamp shipgate reads; write ${forms}`,
    },
    {
      value: '2026-12-20T10',
      timezone: 'UTC',
      message: `'2026-12-20T10' is not a date or timestamp shipgate reads; write ${forms}`,
    },
    { value: '', timezone: 'UTC', message: `'' is not a date or timestamp shipgate reads; write ${forms}` },
    {
      value: '2026-02-30',
      timezone: 'UTC',
      message:
        "'2026-02-30' is not a real date or time (month 01-12, day within the month, hour 00-23, minute and second 00-59)",
    },
    {
      value: '2026-12-20T24:00',
      timezone: 'UTC',
      message:
        "'2026-12-20T24:00' is not a real date or time (month 01-12, day within the month, hour 00-23, minute and second 00-59)",
    },
    {
      value: '2026-12-20T10:00+25:00',
      timezone: 'UTC',
      message:
        "'2026-12-20T10:00+25:00' has offset +25:00, which is not a real UTC offset (-18:00 to +18:00)",
    },
    {
      value: '1969-12-31',
      timezone: 'UTC',
      message: "'1969-12-31' is before 1970; write a date from 1970 on",
    },
    {
      value: '2026-12-20',
      timezone: 'Europe/Berln',
      message:
        "'2026-12-20' has no offset, so it is read in the window's timezone, but 'Europe/Berln' is not an IANA time zone; use one such as Europe/Berlin",
    },
  ])('rejects $value ($timezone)', ({ value, timezone, message }) => {
    let caught: unknown;
    try {
      parseFreezeInstant(value, timezone);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(FreezeConfigError);
    expect((caught as FreezeConfigError).name).toBe('FreezeConfigError');
    expect((caught as FreezeConfigError).message).toBe(message);
  });
});
