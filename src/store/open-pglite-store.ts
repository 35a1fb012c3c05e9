import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { AuditSigner } from '../audit/audit-signer.js';
import { applyMigrations } from './apply-migrations.js';
import { checkSchemaPresent } from './check-schema-present.js';
import { checkStoreHealth } from './check-store-health.js';
import { createSqlStore, registerAuditKey } from './sql-store.js';
import type { SqlClient } from './sql-client.js';
import { StoreError, type Store } from './store.js';

export interface PgliteStoreOptions {
  /**
   * The shipgate data directory (e.g. `.shipgate/`); the database lives in its `db/` folder.
   * Leave out for an in-memory store.
   */
  dataDir?: string;
  /** An already open PGlite (e.g. a `clone()` of a migrated template). The store closes it. */
  db?: PGlite;
  /** Signs audit records; without it `appendAudit` refuses. */
  signer?: AuditSigner;
  /** Fail instead of creating a store when `dataDir` holds none (for `audit verify`). */
  mustExist?: boolean;
  /** Apply pending migrations (default true). */
  migrate?: boolean;
  /** When the signer's key is first recorded; defaults to the moment of opening. */
  now?: Date;
}

/** Where the embedded database of a data directory lives. */
export function pgliteDatabaseDir(dataDir: string): string {
  return path.join(dataDir, 'db');
}

function wrapTransaction(tx: Transaction): SqlClient {
  const client: SqlClient = {
    inTransaction: true,
    async query<R>(sql: string, params?: unknown[]) {
      return (await tx.query<R>(sql, params)).rows;
    },
    async execScript(sql: string) {
      await tx.exec(sql);
    },
    async transaction(fn) {
      return fn(client);
    },
  };
  return client;
}

function wrapDatabase(db: PGlite): SqlClient {
  return {
    inTransaction: false,
    async query<R>(sql: string, params?: unknown[]) {
      return (await db.query<R>(sql, params)).rows;
    },
    async execScript(sql: string) {
      await db.exec(sql);
    },
    async transaction(fn) {
      return db.transaction((tx) => fn(wrapTransaction(tx)));
    },
  };
}

/**
 * Opens the embedded store: PostgreSQL compiled to WebAssembly, in the data directory, so a
 * fresh machine needs no server. One process at a time may open a data directory.
 */
export async function openPgliteStore(options: PgliteStoreOptions = {}): Promise<Store> {
  let db = options.db;
  if (!db) {
    if (options.dataDir) {
      const dir = pgliteDatabaseDir(options.dataDir);
      if (!existsSync(path.join(dir, 'PG_VERSION'))) {
        if (options.mustExist) {
          throw new StoreError(
            `No shipgate store found at ${path.resolve(options.dataDir)} (no database in ${dir}). ` +
              'Point at one with --data-dir DIR or --database URL, or set DATABASE_URL.',
          );
        }
        mkdirSync(dir, { recursive: true });
      }
      db = new PGlite(dir);
    } else {
      db = new PGlite();
    }
  }
  const opened = db;
  try {
    await opened.waitReady;
    const client = wrapDatabase(opened);
    if (options.migrate ?? true) await applyMigrations(client);
    else await checkSchemaPresent(client, options.dataDir ?? 'the embedded store');
    if (options.signer) await registerAuditKey(client, options.signer, options.now ?? new Date());
    const store: Store = {
      adapter: 'pglite',
      ...createSqlStore(client, options.signer),
      healthCheck: () => checkStoreHealth(client, 'pglite'),
      async close() {
        if (!opened.closed) await opened.close();
      },
    };
    // Audit events a process committed but did not live to chain.
    if (options.signer) await store.sealPendingAudit();
    return store;
  } catch (error) {
    if (!opened.closed) await opened.close();
    if (error instanceof StoreError) throw error;
    throw new StoreError(
      `Could not open the embedded store${options.dataDir ? ` at ${options.dataDir}` : ''}: ${(error as Error).message}. ` +
        'If another shipgate process uses this data directory, stop it or use DATABASE_URL for several processes.',
      error,
    );
  }
}
