import type { SqlClient } from './sql-client.js';
import type { StoreHealth } from './store.js';

/**
 * Asks the store for its schema version and times the answer. `describeFailure` may add what the
 * adapter knows about the failure (e.g. the pool's last connection error).
 */
export async function checkStoreHealth(
  client: SqlClient,
  adapter: StoreHealth['adapter'],
  describeFailure: (error: Error) => string = (error) => error.message,
): Promise<StoreHealth> {
  const started = performance.now();
  try {
    const rows = await client.query<{ version: unknown }>('SELECT max(id) AS version FROM schema_migrations');
    const version = rows[0]?.version;
    return {
      ok: true,
      adapter,
      latencyMs: performance.now() - started,
      schemaVersion: version === null || version === undefined ? null : Number(version),
    };
  } catch (error) {
    return {
      ok: false,
      adapter,
      latencyMs: performance.now() - started,
      schemaVersion: null,
      error: describeFailure(error as Error),
    };
  }
}
