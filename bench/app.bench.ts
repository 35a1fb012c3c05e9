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
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
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
import {
  addOwnChange,
  countAnswers,
  percentile,
  requestedEvent,
  round,
  setUpRepository,
} from './app-workload.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const SECRET = 'bench-webhook-secret';
const perPhase = Number(process.env.SHIPGATE_BENCH_APP_N ?? 600);
const concurrency = Number(process.env.SHIPGATE_BENCH_APP_CONCURRENCY ?? 16);
const phaseLimitMs = 60_000;
const pacedBurst = Number(process.env.SHIPGATE_BENCH_APP_BURST ?? 20);
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

/**
 * The command name and CPU time (user + system, in ms) of a process so far, from Linux
 * `/proc/<pid>/stat`; null when it cannot be read (the process ended).
 */
function readProcessStat(pid: number | string): { comm: string; cpuMs: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    const fields = stat.slice(close + 2).split(' ');
    // utime and stime are fields 14 and 15 of the line, in clock ticks (100 per second).
    return {
      comm: stat.slice(stat.indexOf('(') + 1, close),
      cpuMs: (Number(fields[11]) + Number(fields[12])) * 10,
    };
  } catch {
    return null;
  }
}

/** CPU time (user + system) a process has used so far, in ms. */
function readCpuMs(pid: number): number {
  return readProcessStat(pid)?.cpuMs ?? NaN;
}

/**
 * CPU time used so far by all PostgreSQL server processes on this machine, in ms, or NaN when
 * none can be read (e.g. PGlite only, or another user's server).
 */
function readPostgresCpuMs(): number {
  let total = 0;
  let found = false;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProcessStat(entry);
    if (stat?.comm !== 'postgres') continue;
    total += stat.cpuMs;
    found = true;
  }
  return found ? total : NaN;
}

/** Removes a benchmark's PostgreSQL schema. */
async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
}

/** Busy and total CPU time of the whole machine so far, in ms (Linux `/proc/stat`). */
function readMachineCpuMs(): { busy: number; steal: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  // user nice system idle iowait irq softirq steal guest guest_nice (guest time is in user)
  const ticks = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
  const steal = ticks[7] ?? 0;
  const total = ticks.reduce((a, b) => a + b, 0);
  return { busy: (total - idle - steal) * 10, steal: steal * 10, total: total * 10 };
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
  /** Open loop: start one webhook every 1000/rate ms whatever is in flight (inFlight is then a cap). */
  ratePerSecond?: number,
) {
  const latencies: number[] = [];
  const failures: number[] = [];
  const runIds: number[] = [];
  let next = 0;
  const started = performance.now();
  const cpuBefore = replicas.map((r) => readCpuMs(r.child.pid!));
  const ownBefore = process.cpuUsage();
  const postgresBefore = readPostgresCpuMs();
  const machineBefore = readMachineCpuMs();
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
        if (ratePerSecond) {
          const due = started + (i * 1000) / ratePerSecond;
          const wait = due - performance.now();
          if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        }
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
  const postgresMs = readPostgresCpuMs() - postgresBefore;
  const machineAfter = readMachineCpuMs();
  const decided = Math.max(1, latencies.length);
  const replicaMs = cpuMs.reduce((a, b) => a + b, 0) / decided;
  const fakeMs = (own.user + own.system) / 1000 / decided;
  const pgMs = Number.isFinite(postgresMs) ? postgresMs / decided : null;
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
      ...(ratePerSecond ? { offered_per_second: ratePerSecond } : {}),
      replica_cpu_ms_per_decision: round(replicaMs),
      fake_github_and_client_cpu_ms_per_decision: round(fakeMs),
      // On a PGlite run the server processes are idle (or another run's): not part of the cost.
      postgres_cpu_ms_per_decision: pgMs === null ? null : round(pgMs),
      machine_cpu_busy_percent: round(
        (100 * (machineAfter.busy - machineBefore.busy)) /
          Math.max(1, machineAfter.total - machineBefore.total),
        1,
      ),
      // Time the virtual machine's host gave to others while this machine wanted to run.
      machine_cpu_stolen_percent: round(
        (100 * (machineAfter.steal - machineBefore.steal)) /
          Math.max(1, machineAfter.total - machineBefore.total),
        1,
      ),
      // What one replica could decide per second on a core of its own, from its CPU per decision.
      replica_decisions_per_cpu_second: round(1000 / Math.max(0.001, replicaMs / replicas.length), 1),
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
          githubPacing: process.env.SHIPGATE_BENCH_GITHUB_PACING === '1',
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
    // Latency under a steady load: webhooks arrive at half the rate just measured, as they would
    // from many repositories, instead of a fixed number waiting on each other.
    const rate = Math.max(5, Math.round(throughput.figures.decisions_per_second / 2));
    const steady = await drive(
      github,
      replicas,
      firstRun + 500_000,
      Math.min(perPhase, rate * 8),
      64,
      `${scenario.name}-steady`,
      rate,
    );
    const runIds = [...latency.runIds, ...throughput.runIds, ...steady.runIds];
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
      latency_at_half_load: steady.figures,
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
    if (scenario.store === 'postgres' && url) await dropSchema(url, schema);
  }
}

/** A report write: a check run, a new comment, or an edited comment. */
function isReportCall(c: { method: string; path: string }): boolean {
  return (
    (c.method === 'POST' && /\/check-runs$/.test(c.path)) ||
    (c.method === 'PATCH' && /\/issues\/comments\/\d+$/.test(c.path)) ||
    (c.method === 'POST' && /\/issues\/\d+\/comments$/.test(c.path))
  );
}

/**
 * The App as production runs it (reads retried, reports paced one a second per installation,
 * decisions first): a burst of `count` deployments of different pull requests arrives at once.
 * Reports are all distinct (no two share a comment or check run), the worst case for pacing.
 * Measures when each approval reached GitHub and when each webhook was answered.
 */
async function runPacedBurst(github: FakeGitHub, firstRun: number, count: number) {
  const url = process.env.DATABASE_URL;
  if (!url) return { skipped: 'needs DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test)' };
  const schema = `sg_bench_app_${process.pid}_paced`;
  const signingKeyPem = signingKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  let replica: Replica | undefined;
  try {
    const setup = await openPostgresStore({ connectionString: url, schema, signer, maxConnections: 2 });
    await setup.close();
    replica = await startReplica({
      store: 'postgres',
      databaseUrl: url,
      schema,
      pool: 10,
      githubUrl: github.baseUrl,
      webhookSecret: SECRET,
      appPrivateKey,
      signingKeyPem,
      workerId: 'bench-paced',
      githubPacing: true,
    });
    const send = async (runId: number) => {
      const change = addOwnChange(github, runId);
      const sentAt = Date.now();
      const t = performance.now();
      const status = await postWebhook(
        replica!.url,
        requestedEvent(github.baseUrl, runId, change),
        `paced-${runId}`,
      );
      return { runId, sentAt, answeredMs: performance.now() - t, status };
    };
    // Warm up one at a time (token, connections), then let the reports drain.
    for (let i = 0; i < 3; i += 1) await send(firstRun + i);
    await new Promise((resolve) => setTimeout(resolve, 7_000));
    const callsBefore = github.calls.length;
    const burstStart = Date.now();
    const sent = await Promise.all(Array.from({ length: count }, (_, i) => send(firstRun + 100 + i)));
    const answeredAt = Date.now();
    // Reports keep going after the webhooks are answered: wait for all of them (two a deployment:
    // the check run that concludes it and its pull request's status comment).
    const reportsOf = () => github.calls.slice(callsBefore).filter(isReportCall).length;
    while (reportsOf() < 2 * count && Date.now() - answeredAt < 120_000) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const calls = github.calls.slice(callsBefore);
    const approvals = new Map<number, number>();
    for (const call of calls) {
      const m = /\/actions\/runs\/(\d+)\/deployment_protection_rule$/.exec(call.path);
      if (m && call.method === 'POST' && (call.body as { state?: string } | null)?.state)
        approvals.set(Number(m[1]), call.receivedAt);
    }
    const approvalMs = sent.map((s) => (approvals.get(s.runId) ?? NaN) - s.sentAt).sort((a, b) => a - b);
    const answeredMs = sent.map((s) => s.answeredMs).sort((a, b) => a - b);
    const reports = calls.filter(isReportCall);
    const reportTimes = reports.map((c) => c.receivedAt).sort((a, b) => a - b);
    const gaps = reportTimes.slice(1).map((t, i) => t - reportTimes[i]!);
    const answers = countAnswers(
      github,
      'acme',
      'web',
      sent.map((s) => s.runId),
    );
    return {
      deployments: count,
      in_flight: count,
      approval_reached_github_ms: {
        p50: round(percentile(approvalMs, 50)),
        p99: round(percentile(approvalMs, 99)),
        max: round(approvalMs.at(-1) ?? 0),
      },
      webhook_answered_ms: {
        p50: round(percentile(answeredMs, 50)),
        p99: round(percentile(answeredMs, 99)),
        max: round(answeredMs.at(-1) ?? 0),
      },
      // Probot answers 202 ("still processing") to a webhook not handled within 9 s; the handler
      // goes on. Here the webhooks wait for their own reports, which are paced.
      webhook_statuses: Object.fromEntries(
        [...new Set(sent.map((s) => s.status))].map((status) => [
          status,
          sent.filter((s) => s.status === status).length,
        ]),
      ),
      reports_sent: reports.length,
      reports_per_deployment: round(reports.length / count, 2),
      last_report_after_ms: reportTimes.length ? reportTimes.at(-1)! - burstStart : null,
      least_gap_between_reports_ms: gaps.length ? Math.min(...gaps) : null,
      answered_exactly_once: answers.exactlyOnce,
      not_answered: answers.none,
    };
  } finally {
    if (replica) await stopReplica(replica);
    await dropSchema(url, schema);
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
    if (!only || only.includes('paced_burst')) {
      console.log('  paced_burst …');
      results.paced_burst = await runPacedBurst(github, firstRun, pacedBurst);
      firstRun += 1_000_000;
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
