import { PGlite } from '@electric-sql/pglite';
import { openPgliteStore } from '../../../src/store/open-pglite-store.js';
import type { Store } from '../../../src/store/store.js';
import { describeStoreContract, type StoreHarness } from './store-contract.js';

// One migrated in-memory template per file; each test that needs a fresh store clones it.
let template: PGlite;
let templateStore: Store;

beforeAll(async () => {
  template = new PGlite();
  templateStore = await openPgliteStore({ db: template });
}, 120_000);

afterAll(async () => {
  await templateStore?.close();
});

const harness: StoreHarness = {
  async open(signer) {
    const db = (await template.clone()) as PGlite;
    const store = await openPgliteStore({ db, signer });
    return {
      store,
      raw: { query: async (sql, params) => (await db.query<Record<string, unknown>>(sql, params)).rows },
      // One embedded database has one owner process; a "replica" here is a second store object on it.
      openReplica: async (other) => {
        if (!other) return store;
        const replica = await openPgliteStore({ db, signer: other });
        return { ...replica, close: async () => undefined };
      },
      close: () => store.close(),
    };
  },
};

describeStoreContract('PGlite', harness);
