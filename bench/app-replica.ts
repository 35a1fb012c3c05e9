// One App replica for the App benchmarks, run as its own process (`node --import tsx
// bench/app-replica.ts`, forked with an IPC channel): opens the store named by its environment,
// starts the App server on a loopback port against the fake GitHub, and reports its URL to the
// parent. It stops on the parent's `stop` message, or when the parent goes away.
import { createPrivateKey } from 'node:crypto';
import { startAppServer } from '../app/start-app-server.js';
import { createAuditSigner } from '../src/audit/audit-signer.js';
import { openPgliteStore } from '../src/store/open-pglite-store.js';
import { openPostgresStore } from '../src/store/open-postgres-store.js';
import type { Store } from '../src/store/store.js';
import { REPLICA_SETTINGS_VARIABLE, type ReplicaSettings } from './app-replica-settings.js';

function readSettings(): ReplicaSettings {
  const text = process.env[REPLICA_SETTINGS_VARIABLE];
  if (!text)
    throw new Error(
      `${REPLICA_SETTINGS_VARIABLE} is not set: bench/app-replica.ts is started by bench/app.bench.ts`,
    );
  return JSON.parse(text) as ReplicaSettings;
}

async function openStore(settings: ReplicaSettings): Promise<Store> {
  const signer = createAuditSigner(createPrivateKey(settings.signingKeyPem));
  if (settings.store === 'pglite') return openPgliteStore({ dataDir: settings.dataDir, signer });
  return openPostgresStore({
    connectionString: settings.databaseUrl!,
    schema: settings.schema,
    maxConnections: settings.pool ?? 10,
    signer,
    applicationName: settings.workerId,
  });
}

async function main(): Promise<void> {
  const settings = readSettings();
  const store = await openStore(settings);
  const app = await startAppServer({
    appId: '123',
    privateKey: settings.appPrivateKey,
    webhookSecret: settings.webhookSecret,
    port: 0,
    host: '127.0.0.1',
    baseUrl: settings.githubUrl,
    store,
    workerId: settings.workerId,
    sweepIntervalMs: 3_600_000,
    githubPacing: settings.githubPacing ?? false,
    logLevel: 'fatal',
  });
  const stop = async () => {
    await app.stop();
    await store.close();
    process.exit(0);
  };
  process.on('message', (message) => {
    if (message === 'stop') void stop();
  });
  process.on('disconnect', () => void stop());
  process.send?.({ ready: true, url: app.url });
}

main().catch((error: unknown) => {
  process.send?.({ ready: false, error: String((error as Error).stack ?? error) });
  process.exit(1);
});
