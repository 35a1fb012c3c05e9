// Freeze schedule speed: stateAt calls per second for 10 mixed windows, with `now` moving
// through a month, as the App evaluates deployment requests.
import { compileFreezeSchedule } from '../src/freeze/compile-freeze-schedule.js';
import type { FreezeWindow } from '../src/freeze/types.js';

const WINDOWS: FreezeWindow[] = [
  {
    kind: 'recurring',
    name: 'weekend',
    start: '0 17 * * FRI',
    end: '0 8 * * MON',
    timezone: 'Europe/Berlin',
    on_freeze: 'hold',
  },
  {
    kind: 'recurring',
    name: 'us-weekend',
    start: '0 17 * * FRI',
    end: '0 8 * * MON',
    timezone: 'America/New_York',
    on_freeze: 'hold',
  },
  {
    kind: 'recurring',
    name: 'nightly',
    start: '0 22 * * *',
    end: '0 6 * * *',
    timezone: 'Asia/Tokyo',
    on_freeze: 'hold',
  },
  {
    kind: 'recurring',
    name: 'lunch',
    start: '30 12 * * 1-5',
    end: '30 13 * * 1-5',
    timezone: 'Europe/London',
    on_freeze: 'hold',
  },
  {
    kind: 'recurring',
    name: 'month-end',
    start: '0 0 L * *',
    end: '0 12 1 * *',
    timezone: 'UTC',
    on_freeze: 'reject',
  },
  {
    kind: 'recurring',
    name: 'patch-tuesday',
    start: '0 9 * * 2#2',
    end: '0 9 * * 4#2',
    timezone: 'America/Los_Angeles',
    on_freeze: 'hold',
  },
  {
    kind: 'recurring',
    name: 'holidays',
    start: '0 18 24 12 *',
    end: '0 8 2 1 *',
    timezone: 'America/New_York',
    on_freeze: 'reject',
  },
  {
    kind: 'absolute',
    name: 'year-end',
    from: '2026-12-20',
    until: '2027-01-04',
    timezone: 'America/New_York',
    on_freeze: 'reject',
  },
  {
    kind: 'absolute',
    name: 'launch',
    from: '2026-11-10T08:00',
    until: '2026-11-12T20:00',
    timezone: 'Europe/Berlin',
    on_freeze: 'hold',
  },
  {
    kind: 'absolute',
    name: 'migration',
    from: '2026-11-20T22:00:00Z',
    until: '2026-11-21T04:00:00Z',
    timezone: 'UTC',
    on_freeze: 'hold',
  },
];

const MONTH_START = Date.UTC(2026, 10, 1);
const MONTH_MS = 30 * 86_400_000;

function measure(
  label: string,
  calls: number,
  pickInstant: (i: number) => number,
): { calls_per_second: number; frozen_share: number } {
  const schedule = compileFreezeSchedule(WINDOWS);
  const instants = Array.from({ length: calls }, (_, i) => new Date(pickInstant(i)));
  // Warm up: the first calls compute each window's occurrences and let the JIT settle.
  for (let i = 0; i < 20_000; i += 1) schedule.stateAt(instants[i % instants.length]!);
  let frozen = 0;
  const started = process.hrtime.bigint();
  for (const now of instants) if (schedule.stateAt(now).active) frozen += 1;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(`  ${label}: ${Math.round(calls / seconds).toLocaleString('en')} stateAt/s`);
  return { calls_per_second: Math.round(calls / seconds), frozen_share: Number((frozen / calls).toFixed(3)) };
}

export async function run(): Promise<Record<string, unknown>> {
  const calls = 1_000_000;
  // A fixed pseudo-random sequence, so every run asks about the same instants.
  let seed = 42;
  const random = (): number => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const compileStarted = process.hrtime.bigint();
  const schedule = compileFreezeSchedule(WINDOWS);
  schedule.stateAt(new Date(MONTH_START));
  const firstCallMs = Number(process.hrtime.bigint() - compileStarted) / 1e6;
  return {
    windows: WINDOWS.length,
    calls,
    month: '2026-11',
    compile_and_first_call_ms: Number(firstCallMs.toFixed(1)),
    sweep: measure(
      'now sweeping through the month',
      calls,
      (i) => MONTH_START + Math.floor((i / calls) * MONTH_MS),
    ),
    random: measure(
      'now at random instants in the month',
      calls,
      () => MONTH_START + Math.floor(random() * MONTH_MS),
    ),
  };
}
