import { createOffsetLookup, isKnownTimeZone } from './create-offset-lookup.js';
import { FreezeConfigError } from './freeze-config-error.js';
import { resolveLocalTime } from './resolve-local-time.js';

/** The forms `from` and `until` accept, for messages. */
export const FREEZE_INSTANT_FORMS =
  'YYYY-MM-DD (local midnight), YYYY-MM-DDTHH:mm or YYYY-MM-DDTHH:mm:ss (local time), or either with Z or an offset such as +01:00 (that exact instant)';

const INSTANT_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Reads an absolute window bound.
 *
 * - `YYYY-MM-DD` is midnight at the start of that day in `timezone`.
 * - `YYYY-MM-DDTHH:mm[:ss[.sss]]` (or with a space for the T) without an offset is that local time in `timezone`. A local time
 *   skipped by a clock change means the moment of the change; a repeated one means its first occurrence.
 * - The same with `Z` or an offset (`+01:00`, `-0500`) is that exact instant; `timezone` is not used.
 *
 * Throws FreezeConfigError for anything else, including impossible dates such as 2026-02-30.
 */
export function parseFreezeInstant(value: string, timezone: string): Date {
  const match = INSTANT_PATTERN.exec(value.trim());
  if (!match) {
    throw new FreezeConfigError(
      `'${value}' is not a date or timestamp shipgate reads; write ${FREEZE_INSTANT_FORMS}`,
    );
  }
  const [, y, mo, d, h = '00', mi = '00', s = '00', ms = '0', offset] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  const millis = Number(ms.padEnd(3, '0'));
  const wallMs = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  const check = new Date(wallMs);
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    throw new FreezeConfigError(
      `'${value}' is not a real date or time (month 01-12, day within the month, hour 00-23, minute and second 00-59)`,
    );
  }
  if (year < 1970) {
    throw new FreezeConfigError(`'${value}' is before 1970; write a date from 1970 on`);
  }
  if (offset !== undefined) {
    if (offset === 'Z') return new Date(wallMs);
    const sign = offset.startsWith('-') ? -1 : 1;
    const digits = offset.slice(1).replace(':', '');
    const offsetHours = Number(digits.slice(0, 2));
    const offsetMinutes = Number(digits.slice(2));
    if (offsetHours > 18 || offsetMinutes > 59) {
      throw new FreezeConfigError(
        `'${value}' has offset ${offset}, which is not a real UTC offset (-18:00 to +18:00)`,
      );
    }
    return new Date(wallMs - sign * (offsetHours * 60 + offsetMinutes) * 60_000);
  }
  if (!isKnownTimeZone(timezone)) {
    throw new FreezeConfigError(
      `'${value}' has no offset, so it is read in the window's timezone, but '${timezone}' is not an IANA time zone; use one such as Europe/Berlin`,
    );
  }
  return new Date(resolveLocalTime(wallMs, createOffsetLookup(timezone)));
}
