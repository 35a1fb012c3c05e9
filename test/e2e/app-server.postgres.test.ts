import pg from 'pg';
import { openPostgresStore } from '../../src/store/open-postgres-store.js';
import { describeAppEndToEnd, signer } from './app-e2e-suite.js';

const url = process.env.DATABASE_URL;
const schema = `sg_e2e_app_${process.pid}_${Math.floor(Math.random() * 1e9).toString(36)}`;

if (!url) {
  describe('the App over real HTTP on PostgreSQL', () => {
    it.skip('needs DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test); skipped because it is unset', () =>
      undefined);
  });
} else {
  afterAll(async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  });
  describeAppEndToEnd('postgres', (now) =>
    openPostgresStore({ connectionString: url, schema, signer, maxConnections: 4, now }),
  );
}
