import { migrations as allMigrations, type Migration } from './migrations.js';
import type { SqlClient } from './sql-client.js';
import { StoreError } from './store.js';

/**
 * Applies the migrations not yet recorded in `schema_migrations`, in one transaction that holds
 * an advisory lock (per schema), so replicas that open the store at the same moment migrate once.
 * Returns the ids applied now.
 */
export async function applyMigrations(
  client: SqlClient,
  migrations: readonly Migration[] = allMigrations,
): Promise<number[]> {
  return client.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('shipgate.migrate.' || current_schema()))`);
    await tx.execScript(`CREATE TABLE IF NOT EXISTS schema_migrations (
      id integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const rows = await tx.query<{ id: number }>('SELECT id FROM schema_migrations');
    const applied = new Set(rows.map((row) => Number(row.id)));
    const known = new Set(migrations.map((m) => m.id));
    const unknown = [...applied].filter((id) => !known.has(id));
    if (unknown.length > 0) {
      throw new StoreError(
        `The store has migration ${unknown.join(', ')}, which this version of shipgate does not know: ` +
          'it was written by a newer shipgate. Upgrade shipgate, or point it at another store.',
      );
    }
    const done: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.id - b.id)) {
      if (applied.has(migration.id)) continue;
      try {
        await tx.execScript(migration.sql);
      } catch (error) {
        throw new StoreError(
          `Migration ${migration.id} (${migration.name}) failed: ${(error as Error).message}`,
          error,
        );
      }
      await tx.query('INSERT INTO schema_migrations (id, name) VALUES ($1, $2)', [
        migration.id,
        migration.name,
      ]);
      done.push(migration.id);
    }
    return done;
  });
}
