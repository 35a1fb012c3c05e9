import { createWindowTimeline, type Occurrence, type WindowTimeline } from './create-window-timeline.js';
import { FreezeConfigError } from './freeze-config-error.js';
import type { ActiveFreeze, FreezeOccurrence, FreezeSchedule, FreezeState, FreezeWindow } from './types.js';
import { validateFreezeWindow } from './validate-freeze-window.js';

/**
 * Chaining through overlapping or back-to-back windows stops at the first end this far past
 * `now`: windows that keep each other going for ever (a weekday window and a weekend window that
 * overlap) report that end instead of searching for one that never comes.
 */
const MAX_CHAIN_MS = 366 * 86_400_000;

const NOT_FROZEN: Readonly<FreezeState> = Object.freeze({
  active: false,
  windows: [],
  until: null,
  until_window: null,
  on_freeze: null,
});

/**
 * Compiles freeze windows into a schedule that answers questions about time quickly. Each
 * recurring window's occurrences are computed for a few weeks around the asked instant, cached,
 * and searched by bisection; the cache moves when an instant outside it is asked about.
 *
 * Throws FreezeConfigError when a window is invalid (see validateFreezeWindow).
 */
export function compileFreezeSchedule(windows: FreezeWindow[]): FreezeSchedule {
  for (const window of windows) {
    const problems = validateFreezeWindow(window);
    if (problems.length > 0) {
      const detail = problems.map((p) => `${p.key}: ${p.message}`).join('; ');
      throw new FreezeConfigError(`freeze window '${window.name}' is invalid: ${detail}`, problems);
    }
  }
  const timelines: WindowTimeline[] = windows.map(createWindowTimeline);

  return {
    stateAt(now) {
      const t = readInstant(now);
      const active: { timeline: WindowTimeline; occurrence: Occurrence }[] = [];
      for (const timeline of timelines) {
        const occurrence = timeline.occurrenceAt(t);
        if (occurrence) active.push({ timeline, occurrence });
      }
      if (active.length === 0) return { ...NOT_FROZEN, windows: [] };

      let reject = false;
      const frozen: ActiveFreeze[] = [...active]
        .sort((a, b) => a.occurrence.end - b.occurrence.end)
        .map(({ timeline, occurrence }) => {
          if (timeline.window.on_freeze === 'reject') reject = true;
          return {
            window: timeline.window,
            started_at: new Date(occurrence.start),
            ends_at: new Date(occurrence.end),
          };
        });
      // The latest end among them (the first window in policy order on a tie), then chained on.
      let last = active[0]!;
      for (const entry of active) if (entry.occurrence.end > last.occurrence.end) last = entry;
      const { until, window } = chainUntil(
        timelines,
        last.occurrence.end,
        last.timeline.window,
        t + MAX_CHAIN_MS,
      );
      return {
        active: true,
        windows: frozen,
        until: new Date(until),
        until_window: window.name,
        on_freeze: reject ? 'reject' : 'hold',
      };
    },

    nextChangeAfter(now) {
      const t = readInstant(now);
      let next = Number.POSITIVE_INFINITY;
      for (const timeline of timelines) {
        const occurrence = timeline.occurrenceEndingAfter(t);
        if (!occurrence) continue;
        const change = occurrence.start > t ? occurrence.start : occurrence.end;
        if (change < next) next = change;
      }
      return next === Number.POSITIVE_INFINITY ? null : new Date(next);
    },

    upcoming(now, horizonMs, limit = 100) {
      const t = readInstant(now);
      const stop = t + horizonMs;
      const found: { index: number; occurrence: Occurrence }[] = [];
      timelines.forEach((timeline, index) => {
        let cursor = t;
        for (let count = 0; count < limit; count += 1) {
          let occurrence = timeline.occurrenceEndingAfter(cursor);
          if (occurrence && occurrence.start <= t)
            occurrence = timeline.occurrenceEndingAfter(occurrence.end);
          if (!occurrence || occurrence.start >= stop) break;
          found.push({ index, occurrence: { start: occurrence.start, end: occurrence.end } });
          cursor = occurrence.end;
        }
      });
      found.sort((a, b) => a.occurrence.start - b.occurrence.start || a.index - b.index);
      return found.slice(0, limit).map(({ index, occurrence }): FreezeOccurrence => ({
        window: timelines[index]!.window,
        starts_at: new Date(occurrence.start),
        ends_at: new Date(occurrence.end),
      }));
    },
  };
}

/** The instant of `now` in ms; an invalid Date is a caller's mistake, not a time to answer for. */
function readInstant(now: Date): number {
  const t = now.getTime();
  if (Number.isNaN(t))
    throw new RangeError('freeze schedule: now is an invalid Date; pass the instant to evaluate');
  return t;
}

/**
 * Follows the freeze past `end` while another occurrence is under way at the moment the current
 * one ends (overlapping or back to back), and returns when none is any more and whose end that
 * is. Stops at the first end at or past `limit`.
 */
function chainUntil(
  timelines: WindowTimeline[],
  end: number,
  window: FreezeWindow,
  limit: number,
): { until: number; window: FreezeWindow } {
  let until = end;
  let untilWindow = window;
  while (until < limit) {
    let later = until;
    let laterWindow = untilWindow;
    for (const timeline of timelines) {
      const occurrence = timeline.occurrenceAt(until);
      if (occurrence && occurrence.end > later) {
        later = occurrence.end;
        laterWindow = timeline.window;
      }
    }
    if (later === until) break;
    until = later;
    untilWindow = laterWindow;
  }
  return { until, window: untilWindow };
}
