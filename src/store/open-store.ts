import path from 'node:path';
import type { AuditSigner } from '../audit/audit-signer.js';
import { openPgliteStore } from './open-pglite-store.js';
import { openPostgresStore } from './open-postgres-store.js';
import type { Store } from './store.js';

/** Where the store is: a PostgreSQL URL, else the embedded store in a data directory. */
export interface StoreLocation {
  databaseUrl?: string;
  schema?: string;
  /** Used when there is no databaseUrl. */
  dataDir: string;
}

/** The default data directory of the embedded store: `.shipgate/` under `cwd`. */
export function defaultDataDir(cwd: string): string {
  return path.join(cwd, '.shipgate');
}

/** Opens the store the location names: PostgreSQL when a URL is given, else embedded PGlite. */
export async function openStore(
  location: StoreLocation,
  options: { signer?: AuditSigner; mustExist?: boolean; migrate?: boolean; now?: Date } = {},
): Promise<Store> {
  if (location.databaseUrl) {
    return openPostgresStore({
      connectionString: location.databaseUrl,
      schema: location.schema,
      signer: options.signer,
      migrate: options.migrate,
      now: options.now,
    });
  }
  return openPgliteStore({
    dataDir: location.dataDir,
    signer: options.signer,
    mustExist: options.mustExist,
    migrate: options.migrate,
    now: options.now,
  });
}
