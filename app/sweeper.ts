import { appendAuditEvent, describeError, type AppDeps } from './app-deps.js';
import { drainOutbox, type DrainResult } from './drain-outbox.js';
import { evaluateRequest } from './evaluate-request.js';
import type { ProtectionRequest } from '../src/store/store.js';

/** A sweeper's claim on a request lasts this long; a crashed replica's claims run out after it. */
export const SWEEP_LEASE_MS = 5 * 60_000;
export const DEFAULT_SWEEP_INTERVAL_MS = 30_000;
/** How many repository environments one pass evaluates at once. */
const SWEEP_CONCURRENCY = 8;

export interface SweepResult {
  claimed: number;
  decided: number;
  pending: number;
  errors: number;
  outbox: DrainResult;
}

/**
 * One pass: re-evaluates the pending requests that are due (a freeze ended, a sign-off expired,
 * a retry after an error, the 30-day limit near), then makes the GitHub calls still owed.
 * Claims use `SKIP LOCKED` and a lease, so replicas never evaluate the same request at once.
 */
export async function runSweep(deps: AppDeps, now: Date, limit = 100): Promise<SweepResult> {
  const result: SweepResult = {
    claimed: 0,
    decided: 0,
    pending: 0,
    errors: 0,
    outbox: { sent: 0, retried: 0, abandoned: 0 },
  };
  // Audit events a replica committed but did not live to chain.
  await deps.store.sealPendingAudit();
  const due = await deps.store.claimDueRequests({
    workerId: deps.workerId,
    now,
    leaseMs: SWEEP_LEASE_MS,
    limit,
  });
  result.claimed = due.length;
  const evaluate = async (request: ProtectionRequest) => {
    try {
      const outcome = await evaluateRequest(deps, request, now, { trigger: 'sweeper', claimed: true });
      if (outcome.kind === 'decided') result.decided += 1;
      else if (outcome.kind === 'pending') result.pending += 1;
      else if (outcome.kind === 'error') result.errors += 1;
    } catch (error) {
      // The store itself failed: let the lease run out so that any replica retries.
      result.errors += 1;
      deps.log.error(`shipgate: sweeping request ${request.id} failed: ${describeError(error)}`);
      try {
        await appendAuditEvent(
          deps.store,
          now,
          'error',
          { repo: `${request.owner}/${request.repo}`, environment: request.environment, sha: request.sha },
          {
            request_id: request.id,
            stage: 'sweep',
            error: describeError(error),
          },
        );
      } catch {
        // Nothing more to do: the store is down.
      }
    }
  };
  // Requests of one repository and environment with pull requests may share a status comment:
  // they are evaluated one after another, in the order claimed. The others go side by side, a few
  // at a time.
  const groups = new Map<string, ProtectionRequest[]>();
  for (const request of due) {
    const key =
      request.pullNumbers.length > 0
        ? `${request.owner}/${request.repo}:${request.environment}`
        : `request:${request.id}`;
    const group = groups.get(key);
    if (group) group.push(request);
    else groups.set(key, [request]);
  }
  const queue = [...groups.values()];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(SWEEP_CONCURRENCY, queue.length) }, async () => {
      for (let i = next++; i < queue.length; i = next++) {
        for (const request of queue[i]!) await evaluate(request);
      }
    }),
  );
  result.outbox = await drainOutbox(deps, now);
  return result;
}

export interface Sweeper {
  /** Runs one pass now (waits for a pass in progress first). */
  runOnce(): Promise<SweepResult>;
  stop(): Promise<void>;
}

/** Runs `runSweep` every `intervalMs`, one pass at a time, with the clock given. */
export function startSweeper(
  deps: AppDeps,
  options: { intervalMs?: number; clock?: () => Date } = {},
): Sweeper {
  const clock = options.clock ?? (() => new Date());
  let running: Promise<SweepResult> | null = null;
  let stopped = false;
  const runOnce = async (): Promise<SweepResult> => {
    while (running) await running.catch(() => undefined);
    running = runSweep(deps, clock());
    try {
      return await running;
    } finally {
      running = null;
    }
  };
  const timer = setInterval(() => {
    if (stopped || running) return;
    runOnce().catch((error) => deps.log.error(`shipgate: sweep failed: ${describeError(error)}`));
  }, options.intervalMs ?? DEFAULT_SWEEP_INTERVAL_MS);
  timer.unref();
  return {
    runOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (running) await running.catch(() => undefined);
    },
  };
}
