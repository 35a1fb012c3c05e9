// Where the App's time goes for one deployment_protection_rule webhook: the handler runs in this
// process, one webhook at a time, with the store and the GitHub port wrapped in timers. Calls
// made in parallel overlap, so the categories can add up to more than the handler's wall time.
import pg from 'pg';
import { Probot, ProbotOctokit } from 'probot';
import { handleProtectionRequest } from '../app/handle-protection-request.js';
import { loadPolicy } from '../app/load-policy.js';
import { createAppDeps } from '../app/shipgate-app.js';
import type { AuditSigner } from '../src/audit/audit-signer.js';
import { buildAuditRecord } from '../src/audit/build-audit-record.js';
import type { GitHubPort } from '../src/github/github-port.js';
import { openPgliteStore } from '../src/store/open-pglite-store.js';
import { openPostgresStore } from '../src/store/open-postgres-store.js';
import type { Store, StoreOperations } from '../src/store/store.js';
import type { FakeGitHub } from '../test/e2e/fake-github.js';
import { percentile, requestedEvent, round } from './app-workload.js';

type Tally = Map<string, { calls: number; ms: number }>;

function add(tally: Tally, name: string, ms: number): void {
  const entry = tally.get(name) ?? { calls: 0, ms: 0 };
  entry.calls += 1;
  entry.ms += ms;
  tally.set(name, entry);
}

function timeMethods<T extends object>(target: T, prefix: string, tally: Tally): T {
  return new Proxy(target, {
    get(obj, key, receiver) {
      const value = Reflect.get(obj, key, receiver) as unknown;
      if (typeof value !== 'function' || typeof key !== 'string') return value;
      return async (...args: unknown[]) => {
        const started = performance.now();
        try {
          return await (value as (...a: unknown[]) => Promise<unknown>).apply(obj, args);
        } finally {
          add(tally, `${prefix}${key}`, performance.now() - started);
        }
      };
    },
  });
}

/**
 * A store whose every call is timed; a transaction hands its callback a timed store too, and
 * counts only its own time (BEGIN, COMMIT, waiting for a connection), not the calls inside it.
 */
function timeStore(store: StoreOperations, tally: Tally, outer?: { ms: number }): StoreOperations {
  return new Proxy(store, {
    get(obj, key, receiver) {
      const value = Reflect.get(obj, key, receiver) as unknown;
      if (typeof value !== 'function' || typeof key !== 'string') return value;
      return async (...args: unknown[]) => {
        const inner = { ms: 0 };
        const call = value as (...a: unknown[]) => Promise<unknown>;
        let wrapped = args;
        if (key === 'transaction') {
          const fn = args[0] as (tx: StoreOperations) => unknown;
          wrapped = [(tx: StoreOperations) => fn(timeStore(tx, tally, inner))];
        } else if (key === 'withRequestLock') {
          const fn = args[1] as (request: unknown, tx: StoreOperations) => unknown;
          wrapped = [
            args[0],
            (request: unknown, tx: StoreOperations) => fn(request, timeStore(tx, tally, inner)),
          ];
        }
        const started = performance.now();
        try {
          return await call.apply(obj, wrapped);
        } finally {
          const elapsed = performance.now() - started;
          if (outer) outer.ms += elapsed;
          add(tally, key === 'appendAudit' ? 'audit.appendAudit' : `store.${key}`, elapsed - inner.ms);
        }
      };
    },
  });
}

function summarise(tally: Tally, handled: number) {
  const rows = [...tally.entries()]
    .map(([name, t]) => ({
      name,
      calls_per_webhook: round(t.calls / handled, 2),
      ms_per_webhook: round(t.ms / handled, 3),
    }))
    .sort((a, b) => b.ms_per_webhook - a.ms_per_webhook);
  const sum = (prefix: string) =>
    round(
      rows.filter((r) => r.name.startsWith(prefix)).reduce((s, r) => s + r.ms_per_webhook, 0),
      3,
    );
  const count = (prefix: string) =>
    round(
      rows.filter((r) => r.name.startsWith(prefix)).reduce((s, r) => s + r.calls_per_webhook, 0),
      2,
    );
  return {
    github: { calls: count('github.'), ms: sum('github.') },
    store: { calls: count('store.'), ms: sum('store.') },
    audit: { calls: count('audit.'), ms: sum('audit.') },
    calls: rows,
  };
}

/** Runs `count` webhooks through the handler in this process and reports where the time went. */
export async function profileHandler(
  github: FakeGitHub,
  signer: AuditSigner,
  appPrivateKey: string,
  count: number,
): Promise<Record<string, unknown>> {
  const url = process.env.DATABASE_URL;
  const schema = `sg_bench_profile_${process.pid}`;
  const store: Store = url
    ? await openPostgresStore({ connectionString: url, schema, signer, maxConnections: 10 })
    : await openPgliteStore({ signer });
  const Octokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
    ...options,
    retry: { enabled: false },
    throttle: { ...(options.throttle as object), enabled: false },
  }));
  const probot = new Probot({
    appId: '123',
    privateKey: appPrivateKey,
    baseUrl: github.baseUrl,
    Octokit,
    logLevel: 'fatal',
  });
  const tally: Tally = new Map();
  const base = createAppDeps(probot, { store, workerId: 'bench-profile' });
  const deps = {
    ...base,
    store: timeStore(store, tally) as Store,
    portFor: async (id: number) => timeMethods<GitHubPort>(await base.portFor(id), 'github.', tally),
  };
  try {
    const firstRun = 9_000_000;
    const walls: number[] = [];
    for (let i = -20; i < count; i += 1) {
      if (i === 0) tally.clear();
      const runId = firstRun + 20 + i;
      github.addRun('acme', 'web', runId, 'c'.repeat(40));
      const payload = JSON.parse(requestedEvent(github.baseUrl, runId)) as never;
      const started = performance.now();
      const result = await handleProtectionRequest(deps, payload, `profile-${runId}`, new Date());
      if (i >= 0) walls.push(performance.now() - started);
      if (result.status !== 'handled' || result.outcome?.kind !== 'decided') {
        throw new Error(`profile: webhook for run ${runId} was not decided: ${JSON.stringify(result)}`);
      }
    }
    walls.sort((a, b) => a - b);
    const handlerMs = walls.reduce((s, w) => s + w, 0) / walls.length;
    const parts = summarise(tally, walls.length);

    // The pieces of own computation, measured alone.
    const port = await base.portFor(1);
    const signStarted = performance.now();
    let head = { seq: 0, hash: '0'.repeat(64) };
    for (let i = 0; i < 1000; i += 1) {
      const record = buildAuditRecord(
        head,
        {
          at: new Date(),
          kind: 'verdict',
          repo: 'acme/web',
          environment: 'production',
          sha: 'c'.repeat(40),
          actor: 'shipgate',
          data: { i, reasons: ['x'] },
        },
        signer,
      );
      head = { seq: record.seq, hash: record.hash };
    }
    const signMs = (performance.now() - signStarted) / 1000;
    const policyStarted = performance.now();
    for (let i = 0; i < 50; i += 1) await loadPolicy(port, 'acme', 'web');
    const policyMs = (performance.now() - policyStarted) / 50;
    return {
      store: store.adapter,
      webhooks: walls.length,
      handler_ms: {
        mean: round(handlerMs),
        p50: round(percentile(walls, 50)),
        p99: round(percentile(walls, 99)),
      },
      github_ms_per_webhook: parts.github.ms,
      github_calls_per_webhook: parts.github.calls,
      store_ms_per_webhook: parts.store.ms,
      store_calls_per_webhook: parts.store.calls,
      audit_ms_per_webhook: parts.audit.ms,
      audit_appends_per_webhook: parts.audit.calls,
      other_ms_per_webhook: round(handlerMs - parts.github.ms - parts.store.ms - parts.audit.ms),
      sign_one_audit_record_ms: round(signMs, 3),
      load_and_parse_policy_ms: round(policyMs, 3),
      calls: parts.calls,
      note: 'store.transaction counts only its own time (BEGIN, COMMIT, connection), not the calls inside it; parallel calls overlap; other = handler wall time minus GitHub, store and audit time (policy evaluation, risk assessment, rendering, Octokit overhead)',
    };
  } finally {
    await store.close();
    if (url) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    }
  }
}
