/** What to do with a deployment that asks to go out during a freeze. */
export type OnFreeze = 'hold' | 'reject';

/** A window that recurs: from each `start` cron occurrence to the next `end` occurrence, in `timezone`. */
export interface RecurringFreezeWindow {
  kind: 'recurring';
  name: string;
  /** Five-field cron expression (minute hour day-of-month month day-of-week), read in `timezone`. */
  start: string;
  end: string;
  /** IANA time zone, e.g. Europe/Berlin. */
  timezone: string;
  on_freeze: OnFreeze;
}

/** A one-off window: `from` (inclusive) to `until` (exclusive). */
export interface AbsoluteFreezeWindow {
  kind: 'absolute';
  name: string;
  /** `YYYY-MM-DD` (local midnight in `timezone`), a local date-time `YYYY-MM-DDTHH:mm[:ss]`, or an ISO timestamp with offset. */
  from: string;
  until: string;
  timezone: string;
  on_freeze: OnFreeze;
}

export type FreezeWindow = RecurringFreezeWindow | AbsoluteFreezeWindow;

/** One window that is active at a given instant. */
export interface ActiveFreeze {
  window: FreezeWindow;
  /** When this occurrence began. */
  started_at: Date;
  /** When this occurrence ends (exclusive). */
  ends_at: Date;
}

/** The freeze state at an instant, across all windows. */
export interface FreezeState {
  active: boolean;
  /** Every window active at the instant, earliest end first. */
  windows: ActiveFreeze[];
  /**
   * When no window is active any more. Overlapping and back-to-back windows are chained:
   * if another window is active at the moment one ends, the freeze goes on until that one ends too.
   * null when not frozen.
   */
  until: Date | null;
  /** The name of the window whose end is `until`. null when not frozen. */
  until_window: string | null;
  /** 'reject' if any active window says reject, else 'hold'. null when not frozen. */
  on_freeze: OnFreeze | null;
}

/** The window key a validation problem is about; the policy validator maps it to a file position. */
export type FreezeProblemKey = 'start' | 'end' | 'timezone' | 'from' | 'until';

/** One thing wrong with a freeze window: what, why and the fix, for the key named. */
export interface FreezeProblem {
  key: FreezeProblemKey;
  message: string;
}

/** One occurrence of a window: from `starts_at` (inclusive) to `ends_at` (exclusive). */
export interface FreezeOccurrence {
  window: FreezeWindow;
  starts_at: Date;
  ends_at: Date;
}

/** Windows compiled for fast, repeated questions about time. Every answer depends only on `now`. */
export interface FreezeSchedule {
  /** The freeze state at `now`. */
  stateAt(now: Date): FreezeState;
  /** The next instant strictly after `now` when any window starts or ends; null when none ever will. */
  nextChangeAfter(now: Date): Date | null;
  /**
   * Occurrences that start strictly after `now` and before `now + horizonMs`, earliest first
   * (at most `limit`, default 100).
   */
  upcoming(now: Date, horizonMs: number, limit?: number): FreezeOccurrence[];
}
