// The App under load: webhook in → decision out over real HTTP, against the fake GitHub of
// test/e2e/ with no added latency. Each replica is its own process (bench/app-replica.ts).
// Scenarios: one replica on PGlite, one on PostgreSQL, two on PostgreSQL (separate processes and
// pools, one database); PostgreSQL ones need DATABASE_URL and are reported as skipped without it.
// Each scenario: a latency phase (one webhook at a time) and a throughput phase (many in flight),
// then checks: every run answered exactly once, and the audit chain verifies. A profile phase
// runs the handler in this process with timed store and GitHub ports, to show where time goes.
// Bounded: SHIPGATE_BENCH_APP_N webhooks per phase (default 600) and 60 s per phase.
import { fork, type ChildProcess } from 'node:child_process';
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createAuditSigner } from '../src/audit/audit-signer.js';
import { verifyAuditChain } from '../src/audit/verify-audit-chain.js';
import { openPgliteStore } from '../src/store/open-pglite-store.js';
import { openPostgresStore } from '../src/store/open-postgres-store.js';
import type { Store } from '../src/store/store.js';
import { FakeGitHub } from '../test/e2e/fake-github.js';
import { REPLICA_SETTINGS_VARIABLE, type ReplicaSettings } from './app-replica-settings.js';
import { profileHandler } from './app-profile.js';
import { countAnswers, percentile, requestedEvent, round, setUpRepository } from './app-workload.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const SECRET = 'bench-webhook-secret';
const perPhase = Number(process.env.SHIPGATE_BENCH_APP_N ?? 600);
const concurrency = Number(process.env.SHIPGATE_BENCH_APP_CONCURRENCY ?? 16);
const phaseLimitMs = 60_000;
const signingKey = generateKeyPairSync('ed25519').privateKey;
const signer = createAuditSigner(signingKey);
const appPrivateKey = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

interface Replica {
  child: ChildProcess;
  url: string;
}

function startReplica(settings: ReplicaSettings): Promise<Replica> {
  const child = fork(path.join(here, 'app-replica.ts'), [], {
    // SHIPGATE_BENCH_CPU_PROF=DIR writes a V8 CPU profile of each replica into DIR.
    execArgv: [
      '--import',
      'tsx',
      ...(process.env.SHIPGATE_BENCH_CPU_PROF
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.SHIPGATE_BENCH_CPU_PROF}`]
        : []),
    ],
    env: { ...process.env, [REPLICA_SETTINGS_VARIABLE]: JSON.stringify(settings) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (message: { ready: boolean; url?: string; error?: string }) => {
      if (message.ready) resolve({ child, url: message.url! });
      else reject(new Error(`replica ${settings.workerId} failed to start: ${message.error}`));
    });
    child.once('exit', (code) => reject(new Error(`replica ${settings.workerId} exited with ${code}`)));
  });
}

function stopReplica(replica: Replica): Promise<void> {
  return new Promise((resolve) => {
    if (replica.child.exitCode !== null) return resolve();
    replica.child.once('exit', () => resolve());
    replica.child.send('stop');
    setTimeout(() => replica.child.kill('SIGKILL'), 10_000).unref();
  });
}

/** CPU time (user + system) a process has used so far, in ms (Linux `/proc`). */
function readCpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime are fields 14 and 15 of the line, in clock ticks (100 per second).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

/** Resident set size of a process, in MB (Linux `/proc`). */
function readRssMb(pid: number): number | null {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? round(Number(match[1]) / 1024, 1) : null;
  } catch {
    return null;
  }
}

async function postWebhook(url: string, body: string, delivery: string): Promise<number> {
  const res = await fetch(`${url}/api/github/webhooks`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': 'deployment_protection_rule',
      'x-github-delivery': delivery,
      'x-hub-signature-256': `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`,
    },
    body,
  });
  await res.arrayBuffer();
  return res.status;
}

/**
 * Sends `count` webhooks (fresh runs from `firstRun`) with `inFlight` at a time, spread
 * round-robin over the replicas; stops early at the phase time limit.
 */
async function drive(
  github: FakeGitHub,
  replicas: Replica[],
  firstRun: number,
  count: number,
  inFlight: number,
  tag: string,
) {
  const latencies: number[] = [];
  const failures: number[] = [];
  const runIds: number[] = [];
  let next = 0;
  const started = performance.now();
  const cpuBefore = replicas.map((r) => readCpuMs(r.child.pid!));
  const ownBefore = process.cpuUsage();
  const rss = new Map<number, number>();
  const sampler = setInterval(() => {
    for (const r of replicas) {
      const mb = readRssMb(r.child.pid!);
      if (mb !== null) rss.set(r.child.pid!, Math.max(rss.get(r.child.pid!) ?? 0, mb));
    }
  }, 250);
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      for (let i = next++; i < count; i = next++) {
        if (performance.now() - started > phaseLimitMs) return;
        const runId = firstRun + i;
        github.addRun('acme', 'web', runId, 'c'.repeat(40));
        runIds.push(runId);
        const body = requestedEvent(github.baseUrl, runId);
        const replica = replicas[i % replicas.length]!;
        const t = performance.now();
        const status = await postWebhook(replica.url, body, `${tag}-${runId}`);
        latencies.push(performance.now() - t);
        if (status !== 200) failures.push(status);
      }
    }),
  );
  clearInterval(sampler);
  const seconds = (performance.now() - started) / 1000;
  const cpuMs = replicas.map((r, i) => readCpuMs(r.child.pid!) - cpuBefore[i]!);
  const own = process.cpuUsage(ownBefore);
  const decided = Math.max(1, latencies.length);
  latencies.sort((a, b) => a - b);
  return {
    figures: {
      webhooks: latencies.length,
      in_flight: inFlight,
      seconds: round(seconds),
      decisions_per_second: round(latencies.length / seconds, 1),
      p50_ms: round(percentile(latencies, 50)),
      p99_ms: round(percentile(latencies, 99)),
      max_ms: round(latencies.at(-1) ?? 0),
      non_200: failures.length,
      rss_mb_per_replica: [...rss.values()],
      replica_cpu_ms_per_decision: round(cpuMs.reduce((a, b) => a + b, 0) / decided),
      fake_github_and_client_cpu_ms_per_decision: round((own.user + own.system) / 1000 / decided),
    },
    runIds,
  };
}

interface Scenario {
  name: string;
  replicas: number;
  store: 'pglite' | 'postgres';
}

async function runScenario(github: FakeGitHub, scenario: Scenario, firstRun: number) {
  const url = process.env.DATABASE_URL;
  if (scenario.store === 'postgres' && !url) {
    return { skipped: 'needs DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test)' };
  }
  const dataDir =
    scenario.store === 'pglite' ? mkdtempSync(path.join(os.tmpdir(), 'sg-app-bench-')) : undefined;
  const schema = `sg_bench_app_${process.pid}_${scenario.replicas}`;
  const signingKeyPem = signingKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const replicas: Replica[] = [];
  let store: Store | undefined;
  try {
    // Create the schema once, so replicas do not race on the first migration.
    if (scenario.store === 'postgres') {
      store = await openPostgresStore({ connectionString: url!, schema, signer, maxConnections: 2 });
      await store.close();
    }
    for (let i = 0; i < scenario.replicas; i += 1) {
      replicas.push(
        await startReplica({
          store: scenario.store,
          dataDir,
          databaseUrl: url,
          schema,
          pool: 10,
          githubUrl: github.baseUrl,
          webhookSecret: SECRET,
          appPrivateKey,
          signingKeyPem,
          workerId: `bench-replica-${i + 1}`,
        }),
      );
    }
    // Warm up: installation tokens, JIT, connections.
    await drive(github, replicas, firstRun, 40, 4, `${scenario.name}-warm`);
    const latency = await drive(
      github,
      replicas,
      firstRun + 100,
      Math.min(perPhase, 300),
      1,
      `${scenario.name}-lat`,
    );
    const throughput = await drive(
      github,
      replicas,
      firstRun + 1_000,
      perPhase,
      concurrency,
      `${scenario.name}-tput`,
    );
    const runIds = [...latency.runIds, ...throughput.runIds];
    const answers = countAnswers(github, 'acme', 'web', runIds);
    for (const replica of replicas.splice(0)) await stopReplica(replica);
    store =
      scenario.store === 'postgres'
        ? await openPostgresStore({
            connectionString: url!,
            schema,
            signer,
            maxConnections: 2,
            migrate: false,
          })
        : await openPgliteStore({ dataDir, signer, migrate: false });
    const records = await store.listAudit();
    const verified = verifyAuditChain(records, [{ keyId: signer.keyId, publicKey: signer.publicKey }], {
      expectedHead: await store.getAuditHead(),
    });
    const decisions = records.filter((r) => r.kind === 'decision').length;
    return {
      replicas: scenario.replicas,
      store: scenario.store,
      latency_one_at_a_time: latency.figures,
      throughput: throughput.figures,
      checks: {
        runs: runIds.length,
        answered_exactly_once: answers.exactlyOnce,
        answered_twice_or_more: answers.more,
        not_answered: answers.none,
        audit_chain_ok: verified.ok,
        audit_records: records.length,
        audit_records_per_decision: decisions ? round(records.length / decisions, 2) : null,
      },
    };
  } finally {
    for (const replica of replicas) await stopReplica(replica);
    await store?.close().catch(() => undefined);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    if (scenario.store === 'postgres' && url) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    }
  }
}

export async function run(): Promise<Record<string, unknown>> {
  const github = new FakeGitHub();
  await github.start();
  setUpRepository(github);
  const results: Record<string, unknown> = {};
  const settings = {
    webhooks_per_phase: perPhase,
    concurrency,
    phase_limit_ms: phaseLimitMs,
    github_latency_ms: 0,
  };
  try {
    const scenarios: Scenario[] = [
      { name: 'pglite_1_replica', replicas: 1, store: 'pglite' },
      { name: 'postgres_1_replica', replicas: 1, store: 'postgres' },
      { name: 'postgres_2_replicas', replicas: 2, store: 'postgres' },
    ];
    // SHIPGATE_BENCH_APP_ONLY=name[,name] runs only those scenarios (and `profile`).
    const only = process.env.SHIPGATE_BENCH_APP_ONLY?.split(',');
    let firstRun = 1_000_000;
    for (const scenario of scenarios) {
      if (only && !only.includes(scenario.name)) continue;
      console.log(`  ${scenario.name} …`);
      results[scenario.name] = await runScenario(github, scenario, firstRun);
      firstRun += 1_000_000;
      github.calls.length = 0;
      github.reviews.length = 0;
      github.checkRuns.length = 0;
    }
    if (only && !only.includes('profile')) return { settings, ...results };
    console.log('  profile …');
    results.profile = await profileHandler(github, signer, appPrivateKey, Math.min(perPhase, 300));
  } finally {
    await github.stop();
  }
  return {
    settings: {
      webhooks_per_phase: perPhase,
      concurrency,
      phase_limit_ms: phaseLimitMs,
      github_latency_ms: 0,
    },
    ...results,
  };
}
