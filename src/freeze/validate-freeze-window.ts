import { checkCronExpression } from './check-cron-expression.js';
import { createOffsetLookup, isKnownTimeZone } from './create-offset-lookup.js';
import { createZonedCron } from './create-zoned-cron.js';
import { MAX_OCCURRENCE_MS } from './create-window-timeline.js';
import { FreezeConfigError } from './freeze-config-error.js';
import { parseFreezeInstant } from './parse-freeze-instant.js';
import { toLocalTime } from './resolve-local-time.js';
import { suggestTimeZone } from './suggest-time-zone.js';
import type { AbsoluteFreezeWindow, FreezeProblem, FreezeWindow, RecurringFreezeWindow } from './types.js';

/** Where the check that every start is followed by an end begins: a fixed instant, so validation is repeatable. */
const CHECK_FROM_MS = Date.UTC(2024, 0, 1);
/** How many occurrences, and how many back-to-back hops within one, the check walks at most. */
const CHECK_OCCURRENCES = 8;
const CHECK_MERGE_STEPS = 200;
const CHECK_SPAN_MS = 400 * 86_400_000;
const START_SEARCH_MS = 9 * 366 * 86_400_000;

/**
 * Lists what is wrong with a freeze window, each problem keyed by the window key it is about.
 * An empty list means the window can be compiled.
 */
export function validateFreezeWindow(window: FreezeWindow): FreezeProblem[] {
  const problems: FreezeProblem[] = [];
  const zoneValid = isKnownTimeZone(window.timezone);
  if (!zoneValid) problems.push({ key: 'timezone', message: describeBadTimeZone(window.timezone) });
  if (window.kind === 'recurring') problems.push(...validateRecurring(window, zoneValid));
  else problems.push(...validateAbsolute(window, zoneValid));
  return problems;
}

function describeBadTimeZone(timezone: string): string {
  const suggestion = suggestTimeZone(timezone);
  const fix = 'a name from the tz database such as Europe/Berlin, America/New_York or UTC';
  return suggestion
    ? `'${timezone}' is not an IANA time zone; did you mean ${suggestion}? Use ${fix}`
    : `'${timezone}' is not an IANA time zone; use ${fix}`;
}

function validateRecurring(window: RecurringFreezeWindow, zoneValid: boolean): FreezeProblem[] {
  const problems: FreezeProblem[] = [];
  const startProblem = checkCronExpression(window.start);
  const endProblem = checkCronExpression(window.end);
  if (startProblem !== null) problems.push({ key: 'start', message: `start ${startProblem}` });
  if (endProblem !== null) problems.push({ key: 'end', message: `end ${endProblem}` });
  if (problems.length > 0 || !zoneValid) return problems;
  const closing = checkWindowCloses(window);
  if (closing !== null) problems.push({ key: 'end', message: closing });
  return problems;
}

/**
 * Walks occurrences from a fixed instant and checks that each start is followed by an end within
 * 366 days, and that the window does not run on for ever through back-to-back occurrences.
 */
function checkWindowCloses(window: RecurringFreezeWindow): string | null {
  const start = createZonedCron(window.start, window.timezone);
  const end = createZonedCron(window.end, window.timezone);
  const fix = `pick an end that comes after every start, e.g. start "0 17 * * FRI" with end "0 8 * * MON"`;
  let cursor = CHECK_FROM_MS;
  for (let count = 0; count < CHECK_OCCURRENCES && cursor < CHECK_FROM_MS + CHECK_SPAN_MS; count += 1) {
    const began = start.firstAtOrAfter(cursor, START_SEARCH_MS);
    if (began === null) return null;
    let s = began;
    for (let steps = 0; ; steps += 1) {
      const e = end.firstAtOrAfter(s + 1, MAX_OCCURRENCE_MS);
      if (e === null) {
        return `end '${window.end}' does not follow start '${window.start}' within 366 days (after the start at ${formatLocal(s, window.timezone)} the next end is over a year away), so the window would not close; ${fix}`;
      }
      const next = start.firstAtOrAfter(e, START_SEARCH_MS);
      if (next !== e) {
        cursor = e;
        break;
      }
      if (steps >= CHECK_MERGE_STEPS || e - began > MAX_OCCURRENCE_MS) {
        return `the window never closes: each end '${window.end}' falls at the very moment of a new start '${window.start}', so the freeze runs on without a break; make the end fall between two starts, e.g. start "0 17 * * FRI" with end "0 8 * * MON"`;
      }
      s = e;
    }
  }
  return null;
}

function formatLocal(instantMs: number, timezone: string): string {
  const local = new Date(toLocalTime(instantMs, createOffsetLookup(timezone)))
    .toISOString()
    .slice(0, 16)
    .replace('T', ' ');
  return `${local} ${timezone}`;
}

function validateAbsolute(window: AbsoluteFreezeWindow, zoneValid: boolean): FreezeProblem[] {
  const problems: FreezeProblem[] = [];
  // With an invalid zone, still check the form (the zone is reported on its own).
  const zone = zoneValid ? window.timezone : 'UTC';
  const from = readInstant(window.from, zone, 'from', problems);
  const until = readInstant(window.until, zone, 'until', problems);
  if (from !== null && until !== null && until.getTime() <= from.getTime()) {
    problems.push({
      key: 'until',
      message: `until '${window.until}' is not after from '${window.from}' (until is exclusive, so the window would never be active); set until later than from`,
    });
  }
  return problems;
}

function readInstant(
  value: string,
  timezone: string,
  key: 'from' | 'until',
  problems: FreezeProblem[],
): Date | null {
  try {
    return parseFreezeInstant(value, timezone);
  } catch (error) {
    if (!(error instanceof FreezeConfigError)) throw error;
    problems.push({ key, message: `${key} ${error.message}` });
    return null;
  }
}
