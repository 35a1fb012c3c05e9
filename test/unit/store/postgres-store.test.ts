import pg from 'pg';
import { openPostgresStore } from '../../../src/store/open-postgres-store.js';
import type { ProtectionRequestInput, Store } from '../../../src/store/store.js';
import { describeStoreContract, makeSigner, now, type StoreHarness } from './store-contract.js';

const url = process.env.DATABASE_URL;
// A unique schema per test run, all dropped afterwards.
const runTag = `sg_test_${process.pid}_${Math.floor(Math.random() * 1e9).toString(36)}`;
const schemas: string[] = [];
let counter = 0;

function nextSchema(): string {
  counter += 1;
  const schema = `${runTag}_${counter}`;
  schemas.push(schema);
  return schema;
}

async function openOn(schema: string, signer?: ReturnType<typeof makeSigner>): Promise<Store> {
  return openPostgresStore({ connectionString: url as string, schema, signer, maxConnections: 4 });
}

const harness: StoreHarness = {
  async open(signer) {
    const schema = nextSchema();
    const store = await openOn(schema, signer);
    const pool = new pg.Pool({ connectionString: url, options: `-c search_path=${schema}`, max: 2 });
    const replicas: Store[] = [];
    return {
      store,
      raw: { query: async (sql, params) => (await pool.query(sql, params)).rows },
      openReplica: async (other) => {
        const replica = await openOn(schema, other ?? signer);
        replicas.push(replica);
        return replica;
      },
      close: async () => {
        await Promise.all([store.close(), pool.end(), ...replicas.map((r) => r.close())]);
      },
    };
  },
};

if (!url) {
  describe('PostgreSQL store', () => {
    it.skip('needs DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test); skipped because it is unset', () =>
      undefined);
  });
} else {
  afterAll(async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  });

  describeStoreContract('PostgreSQL', harness);

  describe('PostgreSQL replicas', () => {
    it('migrate once when several open a fresh schema at the same moment', async () => {
      const schema = nextSchema();
      const stores = await Promise.all([openOn(schema), openOn(schema), openOn(schema)]);
      try {
        const pool = new pg.Pool({ connectionString: url, options: `-c search_path=${schema}`, max: 1 });
        const rows = (await pool.query('SELECT id FROM schema_migrations')).rows;
        await pool.end();
        expect(rows.map((r) => Number(r.id)).sort()).toEqual([1, 2]);
        expect((await Promise.all(stores.map((s) => s.healthCheck()))).map((h) => h.ok)).toEqual([
          true,
          true,
          true,
        ]);
      } finally {
        await Promise.all(stores.map((s) => s.close()));
      }
    });

    it('two pools racing 100 times: each request is decided once, claimed once, and its outbox entry claimed once', async () => {
      const schema = nextSchema();
      const [a, b] = await Promise.all([openOn(schema), openOn(schema)]);
      try {
        const rounds = 100;
        const base = (i: number): ProtectionRequestInput => ({
          owner: 'acme',
          repo: 'race',
          installationId: 1,
          environment: 'production',
          runId: 1000 + i,
          deploymentId: 5000 + i,
          sha: 'a'.repeat(40),
          ref: null,
          pullNumbers: [1],
          callbackUrl: `https://api.github.com/repos/acme/race/actions/runs/${1000 + i}/deployment_protection_rule`,
          deliveryId: `race-${i}`,
          createdAt: now,
          nextEvaluationAt: now,
        });
        let decidedTwice = 0;
        let outboxClaimedTwice = 0;
        for (let i = 0; i < rounds; i += 1) {
          const [ra, rb] = await Promise.all([a.upsertRequest(base(i)), b.upsertRequest(base(i))]);
          expect(ra.request.id).toBe(rb.request.id);
          expect([ra.outcome, rb.outcome].sort()).toEqual(['created', 'unchanged']);
          const decide = (s: Store, state: 'approved' | 'rejected') =>
            s.decideRequest({
              requestId: ra.request.id,
              state,
              comment: state,
              decidedAt: now,
              call: { state },
            });
          const results = await Promise.all([decide(a, 'approved'), decide(b, 'rejected')]);
          if (results.filter((r) => r.decided).length !== 1) decidedTwice += 1;
          const claims = await Promise.all([
            a.claimOutbox({ workerId: 'a', now, leaseMs: 60_000, limit: 10 }),
            b.claimOutbox({ workerId: 'b', now, leaseMs: 60_000, limit: 10 }),
          ]);
          const claimedIds = claims.flat().map((o) => o.id);
          if (claimedIds.length !== 1) outboxClaimedTwice += 1;
          for (const [s, list, worker] of [
            [a, claims[0], 'a'],
            [b, claims[1], 'b'],
          ] as const) {
            for (const o of list) await s.completeOutbox(o.id, worker, now, { status: 204 });
          }
        }
        expect({ decidedTwice, outboxClaimedTwice }).toEqual({ decidedTwice: 0, outboxClaimedTwice: 0 });
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    }, 120_000);

    it('names the server and the fix when it cannot connect', async () => {
      await expect(
        openPostgresStore({ connectionString: 'postgres://postgres:secret@127.0.0.1:1/none' }),
      ).rejects.toThrow(
        /Could not open the PostgreSQL store at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/none.*DATABASE_URL/,
      );
    });
  });
}
