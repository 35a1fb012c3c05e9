import pg from 'pg';
import type { AuditSigner } from '../audit/audit-signer.js';
import { applyMigrations } from './apply-migrations.js';
import { checkSchemaPresent } from './check-schema-present.js';
import { checkStoreHealth } from './check-store-health.js';
import { createSqlStore, registerAuditKey } from './sql-store.js';
import type { SqlClient } from './sql-client.js';
import { StoreError, type Store } from './store.js';

export interface PostgresStoreOptions {
  /** `postgres://user@host:port/db`, usually DATABASE_URL. */
  connectionString: string;
  /** Keep shipgate's tables in this schema (created if missing); default: the server's search_path. */
  schema?: string;
  /** Connections in the pool (default 10). */
  maxConnections?: number;
  signer?: AuditSigner;
  /** Apply pending migrations (default true). */
  migrate?: boolean;
  /** Names the connections in pg_stat_activity. */
  applicationName?: string;
  now?: Date;
}

const schemaName = /^[a-z_][a-z0-9_]{0,62}$/;

/** Hides the password of a connection string, for messages. */
export function describeDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the database URL given (it is not a valid URL)';
  }
}

function wrapConnection(connection: pg.PoolClient): SqlClient {
  const client: SqlClient = {
    inTransaction: true,
    async query<R>(sql: string, params?: unknown[]) {
      return (await connection.query(sql, params)).rows as R[];
    },
    async execScript(sql: string) {
      await connection.query(sql);
    },
    async transaction(fn) {
      return fn(client);
    },
  };
  return client;
}

function wrapPool(pool: pg.Pool): SqlClient {
  return {
    inTransaction: false,
    async query<R>(sql: string, params?: unknown[]) {
      return (await pool.query(sql, params)).rows as R[];
    },
    async execScript(sql: string) {
      await pool.query(sql);
    },
    async transaction(fn) {
      const connection = await pool.connect();
      let broken: Error | undefined;
      try {
        await connection.query('BEGIN');
        const result = await fn(wrapConnection(connection));
        await connection.query('COMMIT');
        return result;
      } catch (error) {
        try {
          await connection.query('ROLLBACK');
        } catch (rollbackError) {
          broken = rollbackError as Error;
        }
        throw error;
      } finally {
        connection.release(broken);
      }
    },
  };
}

/** Opens the PostgreSQL store: for production and for several replicas on one database. */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  if (options.schema !== undefined && !schemaName.test(options.schema)) {
    throw new StoreError(
      `The schema name '${options.schema}' is not allowed: use lower-case letters, digits and _, starting with a letter or _.`,
    );
  }
  const where =
    describeDatabaseUrl(options.connectionString) + (options.schema ? ` (schema ${options.schema})` : '');
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    application_name: options.applicationName ?? 'shipgate',
    options: options.schema ? `-c search_path=${options.schema}` : undefined,
  });
  let lastPoolError: Error | undefined;
  // An idle connection that the server drops must not crash the process; the next query reconnects.
  pool.on('error', (error) => {
    lastPoolError = error;
  });
  try {
    if (options.schema && (options.migrate ?? true)) {
      try {
        await pool.query(`CREATE SCHEMA IF NOT EXISTS ${options.schema}`);
      } catch (error) {
        // Two replicas creating the schema at once: the loser sees a duplicate, which is fine.
        const code = (error as { code?: string }).code;
        if (code !== '23505' && code !== '42P06') throw error;
      }
    }
    const client = wrapPool(pool);
    if (options.migrate ?? true) await applyMigrations(client);
    else await checkSchemaPresent(client, where);
    if (options.signer) await registerAuditKey(client, options.signer, options.now ?? new Date());
    const store: Store = {
      adapter: 'postgres',
      ...createSqlStore(client, options.signer),
      healthCheck: () =>
        checkStoreHealth(
          client,
          'postgres',
          (error) =>
            error.message + (lastPoolError ? ` (last connection error: ${lastPoolError.message})` : ''),
        ),
      async close() {
        await pool.end();
      },
    };
    // Audit events a process committed but did not live to chain.
    if (options.signer) await store.sealPendingAudit();
    return store;
  } catch (error) {
    await pool.end().catch(() => undefined);
    if (error instanceof StoreError) throw error;
    throw new StoreError(
      `Could not open the PostgreSQL store at ${where}: ${(error as Error).message}. ` +
        'Check that the server is running and DATABASE_URL (or --database) is right.',
      error,
    );
  }
}
