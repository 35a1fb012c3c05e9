import { migrations } from './migrations.js';
import type { SqlClient } from './sql-client.js';
import { StoreError } from './store.js';

/** Fails with a clear message unless `client` reaches a migrated shipgate store. */
export async function checkSchemaPresent(client: SqlClient, where: string): Promise<void> {
  const rows = await client.query<{ present: boolean }>(
    `SELECT to_regclass('schema_migrations') IS NOT NULL AND to_regclass('audit_log') IS NOT NULL AS present`,
  );
  if (!rows[0]?.present) {
    throw new StoreError(
      `No shipgate store found in ${where}: it has no schema_migrations or audit_log table. ` +
        "Point at the App's store with --database URL (and --schema NAME if it uses one) or --data-dir DIR.",
    );
  }
  const applied = await client.query<{ id: unknown }>('SELECT max(id) AS id FROM schema_migrations');
  const latest = Math.max(...migrations.map((m) => m.id));
  const version = Number(applied[0]?.id ?? 0);
  if (version > latest) {
    throw new StoreError(
      `The store in ${where} is at migration ${version}, newer than this shipgate knows (${latest}). Upgrade shipgate.`,
    );
  }
}
