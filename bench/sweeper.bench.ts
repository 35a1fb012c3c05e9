// The sweeper with 10,000 pending requests on PostgreSQL (needs DATABASE_URL): the cost of a pass
// when none is due, of claiming a batch among 10,000 due, of one full pass (claim, evaluate
// against the fake GitHub of test/e2e/, report, reschedule), and two replicas (separate pools)
// sweeping side by side, with the evaluations of each request counted from the audit log: none
// may be evaluated twice. Bounded: the two-replica phase stops after SHIPGATE_BENCH_SWEEP_SECONDS
// (default 20) and reports how many of the 10,000 it reached.
import { generateKeyPairSync } from 'node:crypto';
import pg from 'pg';
import { Probot, ProbotOctokit } from 'probot';
import { createAppDeps } from '../app/shipgate-app.js';
import { runSweep } from '../app/sweeper.js';
import { createAuditSigner } from '../src/audit/audit-signer.js';
import { verifyAuditChain } from '../src/audit/verify-audit-chain.js';
import { openPostgresStore } from '../src/store/open-postgres-store.js';
import type { Store } from '../src/store/store.js';
import { FakeGitHub } from '../test/e2e/fake-github.js';
import { percentile, round } from './app-workload.js';

const PENDING = Number(process.env.SHIPGATE_BENCH_SWEEP_N ?? 10_000);
const BATCH = 100;
const limitSeconds = Number(process.env.SHIPGATE_BENCH_SWEEP_SECONDS ?? 20);
const SHA = 'd'.repeat(40);
const signer = createAuditSigner(generateKeyPairSync('ed25519').privateKey);
const appPrivateKey = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

function createProbot(baseUrl: string): Probot {
  const Octokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
    ...options,
    retry: { enabled: false },
    throttle: { ...(options.throttle as object), enabled: false },
  }));
  return new Probot({ appId: '123', privateKey: appPrivateKey, baseUrl, Octokit, logLevel: 'fatal' });
}

/** Inserts `count` pending requests for acme/sweep, due at `due`, in one statement. */
async function insertPending(client: pg.Client, count: number, createdAt: Date, due: Date): Promise<void> {
  await client.query(
    `INSERT INTO protection_requests (owner, repo, installation_id, environment, run_id, deployment_id, sha, ref,
       pull_numbers, callback_url, delivery_id, created_at, updated_at, next_evaluation_at)
     SELECT 'acme', 'sweep', 1, 'production', g, g, $1, 'main', '{}',
       'https://api.github.com/repos/acme/sweep/actions/runs/' || g || '/deployment_protection_rule',
       'sweep-' || g, $2, $2, $3
     FROM generate_series(1, $4::int) AS g`,
    [SHA, createdAt, due, count],
  );
}

async function time<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await fn();
  return { ms: round(performance.now() - started), value };
}

export async function run(): Promise<Record<string, unknown>> {
  const url = process.env.DATABASE_URL;
  if (!url) return { skipped: 'needs DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test)' };
  const schema = `sg_bench_sweep_${process.pid}`;
  const github = new FakeGitHub();
  await github.start();
  github.files.set(
    'acme/sweep:.github/shipgate.yml',
    [
      'environments:',
      '  production:',
      '    tiers:',
      '      trivial: { approvals: 1 }',
      '      low: { approvals: 1 }',
      '      medium: { approvals: 1 }',
      '      high: { approvals: 1 }',
      '',
    ].join('\n'),
  );
  for (let runId = 1; runId <= PENDING; runId += 1) github.addRun('acme', 'sweep', runId, SHA);
  const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
  const stores: Store[] = [];
  try {
    stores.push(await openPostgresStore({ connectionString: url, schema, signer, maxConnections: 10 }));
    stores.push(await openPostgresStore({ connectionString: url, schema, signer, maxConnections: 10 }));
    await client.connect();
    const [one, two] = stores.map((store, i) =>
      createAppDeps(createProbot(github.baseUrl), { store, workerId: `bench-sweeper-${i + 1}` }),
    ) as [ReturnType<typeof createAppDeps>, ReturnType<typeof createAppDeps>];
    const now = new Date();
    const createdAt = new Date(now.getTime() - 3_600_000);

    // 10,000 pending, none due: what every pass costs while requests wait.
    await insertPending(client, PENDING, createdAt, new Date(now.getTime() + 3_600_000));
    await client.query('ANALYZE protection_requests');
    const idlePasses: number[] = [];
    for (let i = 0; i < 20; i += 1) idlePasses.push((await time(() => runSweep(one, now, BATCH))).ms);
    idlePasses.sort((a, b) => a - b);

    // All 10,000 due: claiming one batch, then releasing it untouched.
    await client.query('UPDATE protection_requests SET next_evaluation_at = $1', [
      new Date(now.getTime() - 60_000),
    ]);
    await client.query('ANALYZE protection_requests');
    const claim = await time(() =>
      one.store.claimDueRequests({ workerId: 'bench-claim', now, leaseMs: 60_000, limit: BATCH }),
    );
    await client.query(`UPDATE protection_requests SET claimed_by = NULL, lease_until = NULL`);

    // One full pass: claim 100, evaluate each against the fake GitHub, report, reschedule.
    const pass = await time(() => runSweep(one, now, BATCH));

    // Two replicas sweeping side by side until everything was evaluated or the time is up.
    const started = performance.now();
    const passes: number[] = [];
    const sweepUntilDone = async (deps: typeof one) => {
      let evaluated = 0;
      while ((performance.now() - started) / 1000 < limitSeconds) {
        const t = await time(() => runSweep(deps, now, BATCH));
        passes.push(t.ms);
        if (t.value.claimed === 0) break;
        evaluated += t.value.claimed;
      }
      return evaluated;
    };
    const [byOne, byTwo] = await Promise.all([sweepUntilDone(one), sweepUntilDone(two)]);
    const seconds = (performance.now() - started) / 1000;
    passes.sort((a, b) => a - b);

    const counts = await client.query<{ times: string; requests: string }>(
      `SELECT times, count(*) AS requests FROM (
         SELECT data->>'request_id' AS id, count(*) AS times FROM audit_log
         WHERE kind = 'verdict' AND data->>'trigger' = 'sweeper' GROUP BY 1) AS per_request
       GROUP BY times ORDER BY times`,
    );
    const evaluations = Object.fromEntries(counts.rows.map((r) => [`${r.times}x`, Number(r.requests)]));
    const records = await stores[0]!.listAudit();
    const chain = verifyAuditChain(records, [{ keyId: signer.keyId, publicKey: signer.publicKey }], {
      expectedHead: await stores[0]!.getAuditHead(),
    });
    return {
      pending: PENDING,
      batch: BATCH,
      idle_pass_ms: { p50: percentile(idlePasses, 50), max: idlePasses.at(-1) },
      claim_batch_of_due_ms: claim.ms,
      claimed: claim.value.length,
      full_pass: {
        ms: pass.ms,
        claimed: pass.value.claimed,
        pending_after: pass.value.pending,
        errors: pass.value.errors,
        evaluations_per_second: round(pass.value.claimed / (pass.ms / 1000), 1),
      },
      two_replicas: {
        seconds: round(seconds),
        evaluated_by_replica: [byOne, byTwo],
        evaluations_per_second: round((byOne + byTwo) / seconds, 1),
        pass_ms: { p50: percentile(passes, 50), p99: percentile(passes, 99), max: passes.at(-1) },
        requests_by_times_evaluated: evaluations,
        evaluated_twice: Object.entries(evaluations)
          .filter(([k]) => k !== '1x')
          .reduce((s, [, v]) => s + v, 0),
      },
      audit_chain_ok: chain.ok,
      audit_records: records.length,
    };
  } finally {
    for (const store of stores) await store.close();
    await client.end().catch(() => undefined);
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
    await github.stop();
  }
}
