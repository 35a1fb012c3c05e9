// Store throughput: audit appends/s and decide transitions/s, on the embedded store (PGlite,
// on disk) and, when DATABASE_URL is set, on PostgreSQL (one pool and two pools as two replicas).
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createAuditSigner } from '../src/audit/audit-signer.js';
import { verifyAuditChain } from '../src/audit/verify-audit-chain.js';
import { openPgliteStore } from '../src/store/open-pglite-store.js';
import { openPostgresStore } from '../src/store/open-postgres-store.js';
import type { ProtectionRequestInput, Store } from '../src/store/store.js';

const signer = createAuditSigner(generateKeyPairSync('ed25519').privateKey);
const appends = Number(process.env.SHIPGATE_BENCH_N ?? 1000);
const decisions = appends;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Runs `count` operations with `concurrency` in flight, spread over `stores`; returns ops/s and latency. */
async function measure(
  stores: Store[],
  count: number,
  concurrency: number,
  op: (store: Store, i: number) => Promise<unknown>,
) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      const store = stores[worker % stores.length]!;
      for (let i = next++; i < count; i = next++) {
        const t = performance.now();
        await op(store, i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    ops: count,
    concurrency,
    per_second: round(count / seconds, 1),
    p50_ms: round(percentile(latencies, 50)),
    p99_ms: round(percentile(latencies, 99)),
  };
}

function request(i: number, tag: string): ProtectionRequestInput {
  return {
    owner: 'acme',
    repo: `bench-${tag}`,
    installationId: 1,
    environment: 'production',
    runId: 10_000_000 + i,
    deploymentId: 20_000_000 + i,
    sha: 'a'.repeat(40),
    ref: 'refs/heads/main',
    pullNumbers: [1],
    callbackUrl: `https://api.github.com/repos/acme/bench/actions/runs/${10_000_000 + i}/deployment_protection_rule`,
    deliveryId: `bench-${tag}-${i}`,
    createdAt: new Date(),
    nextEvaluationAt: null,
  };
}

async function benchStores(stores: Store[], concurrency: number, tag: string) {
  const at = new Date();
  const audit = await measure(stores, appends, concurrency, (s, i) =>
    s.appendAudit({
      at,
      kind: 'verdict',
      repo: 'acme/web',
      environment: 'production',
      actor: 'shipgate',
      data: { i, decision: 'approved' },
    }),
  );
  const ids: number[] = [];
  for (let i = 0; i < decisions; i += 1)
    ids.push((await stores[0]!.upsertRequest(request(i, tag))).request.id);
  const decide = await measure(stores, decisions, concurrency, (s, i) =>
    s.decideRequest({
      requestId: ids[i]!,
      state: 'approved',
      comment: 'approved: 2 of 3 signed',
      decidedAt: at,
      call: { environment_name: 'production', state: 'approved', comment: 'approved' },
    }),
  );
  const started = performance.now();
  const records = await stores[0]!.listAudit();
  const read = performance.now() - started;
  const verifyStarted = performance.now();
  const verified = verifyAuditChain(records, [signer], { expectedHead: await stores[0]!.getAuditHead() });
  const verifySeconds = (performance.now() - verifyStarted) / 1000;
  if (!verified.ok) throw new Error(`the benchmark's chain does not verify: ${verified.message}`);
  return {
    audit_append: audit,
    decide_transition: decide,
    audit_read_ms: round(read),
    audit_verify_records_per_second: round(records.length / verifySeconds, 0),
  };
}

/** 10,000 due requests, claimed in pages of 500 by two replicas at once: time for one full pass, and overlap. */
async function benchSweeperClaim(url: string, schema: string, open: (schema: string) => Promise<Store>) {
  const pending = 10_000;
  const stores = [await open(schema), await open(schema)];
  const pool = new pg.Pool({ connectionString: url, options: `-c search_path=${schema}`, max: 1 });
  try {
    const due = new Date('2026-11-21T10:00:00.000Z');
    await pool.query(
      `INSERT INTO protection_requests (owner, repo, installation_id, environment, run_id, sha, callback_url, delivery_id,
         created_at, updated_at, next_evaluation_at)
       SELECT 'acme', 'sweep', 1, 'production', n, repeat('a', 40), 'https://api.github.com/x', 'sweep-' || n, $1, $1, $1
       FROM generate_series(1, $2) AS n`,
      [due, pending],
    );
    const now = new Date(due.getTime() + 1000);
    const seen = new Map<number, string>();
    let duplicates = 0;
    const started = performance.now();
    await Promise.all(
      stores.map(async (store, r) => {
        for (;;) {
          const page = await store.claimDueRequests({
            workerId: `replica-${r}`,
            now,
            leaseMs: 60_000,
            limit: 500,
          });
          if (page.length === 0) return;
          for (const request of page) {
            if (seen.has(request.id)) duplicates += 1;
            seen.set(request.id, `replica-${r}`);
          }
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    return {
      pending,
      replicas: 2,
      page: 500,
      claimed: seen.size,
      claimed_twice: duplicates,
      pass_seconds: round(seconds, 3),
      per_replica: [0, 1].map((r) => [...seen.values()].filter((w) => w === `replica-${r}`).length),
    };
  } finally {
    await pool.end();
    await Promise.all(stores.map((s) => s.close()));
  }
}

export async function run(): Promise<Record<string, unknown>> {
  const figures: Record<string, unknown> = { operations_per_case: appends };

  const dir = mkdtempSync(path.join(os.tmpdir(), 'shipgate-bench-'));
  try {
    let t = performance.now();
    const store = await openPgliteStore({ dataDir: dir, signer });
    const openMs = performance.now() - t;
    try {
      figures.pglite_on_disk = {
        open_and_migrate_ms: round(openMs),
        ...(await benchStores([store], 1, 'pglite-1')),
      };
      figures.pglite_on_disk_concurrency_8 = await benchStores([store], 8, 'pglite-8');
    } finally {
      t = performance.now();
      await store.close();
      (figures.pglite_on_disk as Record<string, unknown>).close_ms = round(performance.now() - t);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const url = process.env.DATABASE_URL;
  if (!url) {
    figures.postgres = 'skipped: DATABASE_URL is unset';
    return figures;
  }
  const schemas: string[] = [];
  const open = async (schema: string) =>
    openPostgresStore({ connectionString: url, schema, signer, maxConnections: 8 });
  try {
    for (const [name, replicas, concurrency] of [
      ['postgres_1_replica_sequential', 1, 1],
      ['postgres_1_replica_concurrency_8', 1, 8],
      ['postgres_2_replicas_concurrency_8', 2, 8],
    ] as const) {
      const schema = `sg_bench_${process.pid}_${schemas.length}`;
      schemas.push(schema);
      const stores = [await open(schema)];
      for (let r = 1; r < replicas; r += 1) stores.push(await open(schema));
      try {
        figures[name] = await benchStores(stores, concurrency, name);
      } finally {
        await Promise.all(stores.map((s) => s.close()));
      }
    }
    const sweepSchema = `sg_bench_${process.pid}_sweep`;
    schemas.push(sweepSchema);
    figures.postgres_sweeper_claim = await benchSweeperClaim(url, sweepSchema, open);
  } finally {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  }
  return figures;
}
