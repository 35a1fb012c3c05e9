import { createZonedCron, type ZonedCron } from './create-zoned-cron.js';
import { parseFreezeInstant } from './parse-freeze-instant.js';
import type { AbsoluteFreezeWindow, FreezeWindow, RecurringFreezeWindow } from './types.js';

const DAY_MS = 86_400_000;
/** An occurrence lasts at most this long (validation rejects windows whose end does not follow in time). */
export const MAX_OCCURRENCE_MS = 366 * DAY_MS;
/** How far to look for the next start: a Feb 29 start can be 8 years away (2096 → 2104). */
const START_SEARCH_MS = 9 * 366 * DAY_MS;
/** How far ahead of the asked instant occurrences are computed in one go. */
const HORIZON_MS = 35 * DAY_MS;
/** How far back to look for the start of an occurrence under way (one occurrence lasts at most a year). */
const LOOKBACK_MS = MAX_OCCURRENCE_MS + DAY_MS;
/** How far behind the asked instant the cached range starts, so nearby earlier instants hit it too. */
const BEHIND_MS = DAY_MS;
/** Occurrences computed ahead of the asked instant in one go, at most (for windows that recur often). */
const MAX_AHEAD = 64;
/** Past this many cached occurrences the cache is rebuilt around the asked instant. */
const MAX_CACHED = 2048;
/** Back-to-back occurrences merged in one go before the merge is handed back unfinished. */
const MAX_MERGE_STEPS = 4096;

/** One occurrence: `start` (inclusive) to `end` (exclusive), in ms. */
export interface Occurrence {
  start: number;
  end: number;
}

/** Answers, for one window, which occurrence covers or follows an instant. */
export interface WindowTimeline {
  readonly window: FreezeWindow;
  /** The occurrence with start ≤ t < end, or null. */
  occurrenceAt(t: number): Occurrence | null;
  /** The first occurrence that ends after t (the one covering t, else the next to start), or null. */
  occurrenceEndingAfter(t: number): Occurrence | null;
}

/**
 * Builds the timeline of one (valid) window. Back-to-back occurrences of the same window (an
 * end at the very instant of the next start) form one occurrence.
 */
export function createWindowTimeline(window: FreezeWindow): WindowTimeline {
  return window.kind === 'absolute' ? createAbsoluteTimeline(window) : createRecurringTimeline(window);
}

function createAbsoluteTimeline(window: AbsoluteFreezeWindow): WindowTimeline {
  const occurrence: Occurrence = {
    start: parseFreezeInstant(window.from, window.timezone).getTime(),
    end: parseFreezeInstant(window.until, window.timezone).getTime(),
  };
  return {
    window,
    occurrenceAt: (t) => (occurrence.start <= t && t < occurrence.end ? occurrence : null),
    occurrenceEndingAfter: (t) => (t < occurrence.end ? occurrence : null),
  };
}

/** The first end strictly after start `s`; a window whose end never comes is cut at MAX_OCCURRENCE_MS. */
export function findEndAfter(end: ZonedCron, s: number): number {
  return end.firstAtOrAfter(s + 1, MAX_OCCURRENCE_MS) ?? s + MAX_OCCURRENCE_MS;
}

function createRecurringTimeline(window: RecurringFreezeWindow): WindowTimeline {
  const start = createZonedCron(window.start, window.timezone);
  const end = createZonedCron(window.end, window.timezone);

  // The cache: every occurrence overlapping [from, coveredUntil) is in `occurrences`, sorted and
  // final. Nothing starts in [cursor, coveredUntil); coveredUntil is the next start (or Infinity).
  let occurrences: Occurrence[] = [];
  let from = Number.POSITIVE_INFINITY;
  let coveredUntil = Number.NEGATIVE_INFINITY;
  let cursor = 0;

  const findStart = (t: number): number =>
    start.firstAtOrAfter(t, START_SEARCH_MS) ?? Number.POSITIVE_INFINITY;

  /** Takes the next start (coveredUntil) and every occurrence that follows it back to back. */
  const advance = (): void => {
    let s = coveredUntil;
    const last = occurrences.at(-1);
    let occurrence: Occurrence;
    if (last && last.end === s) {
      occurrence = last;
    } else {
      occurrence = { start: s, end: s };
      occurrences.push(occurrence);
    }
    for (let steps = 0; steps < MAX_MERGE_STEPS && s === occurrence.end; steps += 1) {
      occurrence.end = findEndAfter(end, s);
      cursor = occurrence.end;
      s = findStart(cursor);
    }
    coveredUntil = s;
  };

  /** The start of the occurrence under way at t (merging back-to-back ones), or null when none is. */
  const findBeginning = (t: number): { began: number; latestStart: number } | null => {
    const latestStart = start.lastAtOrBefore(t, LOOKBACK_MS);
    if (latestStart === null) return null;
    let latestEnd = end.lastAtOrBefore(t, LOOKBACK_MS);
    if (latestEnd !== null && latestStart < latestEnd) return null;
    // Every start since the latest end shares the same end; the first of them began it.
    let began = Math.min(findStart(latestEnd ?? t - LOOKBACK_MS), latestStart);
    for (let steps = 0; steps < MAX_MERGE_STEPS && latestEnd !== null && began === latestEnd; steps += 1) {
      // An occurrence ended at the very instant this one began: they are one, if one was under way.
      const before = began - 1;
      const previousStart = start.lastAtOrBefore(before, LOOKBACK_MS);
      const previousEnd = end.lastAtOrBefore(before, LOOKBACK_MS);
      if (previousStart === null || (previousEnd !== null && previousStart < previousEnd)) break;
      latestEnd = previousEnd;
      began = Math.min(findStart(previousEnd ?? before - LOOKBACK_MS), previousStart);
    }
    return { began, latestStart };
  };

  const rebuild = (t: number): void => {
    from = t - BEHIND_MS;
    occurrences = [];
    cursor = from;
    const underWay = findBeginning(from);
    if (underWay) {
      const occurrence = { start: underWay.began, end: findEndAfter(end, underWay.latestStart) };
      occurrences.push(occurrence);
      cursor = occurrence.end;
    }
    coveredUntil = findStart(cursor);
    if (occurrences.length > 0 && occurrences[0]!.end === coveredUntil) advance();
  };

  const ensureCovered = (t: number): void => {
    if (t < from || t > coveredUntil + HORIZON_MS || occurrences.length > MAX_CACHED) rebuild(t);
    // Cover t itself, then up to a few weeks ahead so that later questions hit the cache.
    const target = Math.max(t, from + BEHIND_MS + HORIZON_MS);
    let ahead = 0;
    while (
      coveredUntil !== Number.POSITIVE_INFINITY &&
      (coveredUntil <= t || (coveredUntil <= target && ahead < MAX_AHEAD))
    ) {
      if (coveredUntil > t) ahead += 1;
      advance();
    }
  };

  /** Index of the last cached occurrence starting at or before t, or -1. */
  const findIndex = (t: number): number => {
    let low = 0;
    let high = occurrences.length - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (occurrences[mid]!.start <= t) {
        found = mid;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return found;
  };

  return {
    window,
    occurrenceAt(t) {
      if (t < from || t >= coveredUntil) ensureCovered(t);
      const index = findIndex(t);
      const occurrence = index >= 0 ? occurrences[index]! : null;
      return occurrence && t < occurrence.end ? occurrence : null;
    },
    occurrenceEndingAfter(t) {
      if (t < from || t >= coveredUntil) ensureCovered(t);
      const index = findIndex(t);
      const covering = index >= 0 ? occurrences[index]! : null;
      if (covering && t < covering.end) return covering;
      const next = occurrences[index + 1];
      if (next) return next;
      // Nothing cached after t: the next occurrence starts at coveredUntil.
      if (coveredUntil === Number.POSITIVE_INFINITY) return null;
      const s = coveredUntil;
      advance();
      return occurrences[findIndex(s)] ?? null;
    },
  };
}
