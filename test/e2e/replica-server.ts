// One App replica as its own process, for the multi-replica fault tests: the real App server
// (`startAppServer`) on a loopback port, on the PostgreSQL schema and fake GitHub it is given.
//
// Run: node --import tsx test/e2e/replica-server.ts, with an IPC channel and the environment:
//   DATABASE_URL and SHIPGATE_SCHEMA (PostgreSQL), or SHIPGATE_DATA_DIR (the embedded store);
//   GITHUB_BASE_URL, WEBHOOK_SECRET, APP_PRIVATE_KEY (PEM), SHIPGATE_SIGNING_KEY (PKCS#8 PEM),
//   WORKER_ID, and optionally GITHUB_TIMEOUT_MS.
// Messages in:  {type: 'clock', offsetMs} shifts this replica's clock;
//               {type: 'sweep', id} runs one sweeper pass and answers {type: 'swept', id, result}.
// Messages out: {type: 'ready', url} once listening.
import { createPrivateKey } from 'node:crypto';
import { startAppServer } from '../../app/start-app-server.js';
import { createAuditSigner } from '../../src/audit/audit-signer.js';
import { openPgliteStore } from '../../src/store/open-pglite-store.js';
import { openPostgresStore } from '../../src/store/open-postgres-store.js';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`replica-server: ${name} is not set`);
  return value;
}

let offsetMs = 0;
const clock = (): Date => new Date(Date.now() + offsetMs);
const signer = createAuditSigner(createPrivateKey(required('SHIPGATE_SIGNING_KEY')));
const store = process.env.SHIPGATE_DATA_DIR
  ? await openPgliteStore({ dataDir: process.env.SHIPGATE_DATA_DIR, signer, now: clock() })
  : await openPostgresStore({
      connectionString: required('DATABASE_URL'),
      schema: required('SHIPGATE_SCHEMA'),
      signer,
      maxConnections: 4,
      applicationName: required('WORKER_ID'),
      now: clock(),
    });
const app = await startAppServer({
  appId: '123',
  privateKey: required('APP_PRIVATE_KEY'),
  webhookSecret: required('WEBHOOK_SECRET'),
  port: 0,
  host: '127.0.0.1',
  baseUrl: required('GITHUB_BASE_URL'),
  store,
  workerId: required('WORKER_ID'),
  clock,
  sweepIntervalMs: 3_600_000,
  githubPacing: false,
  githubTimeoutMs: Number(process.env.GITHUB_TIMEOUT_MS ?? 20_000),
  logLevel: 'fatal',
});

process.on('message', (message: { type: string; offsetMs?: number; id?: number }) => {
  if (message.type === 'clock') offsetMs = message.offsetMs ?? 0;
  if (message.type === 'sweep') {
    app.sweeper.runOnce().then(
      (result) => process.send?.({ type: 'swept', id: message.id, result }),
      (error: unknown) => process.send?.({ type: 'swept', id: message.id, error: String(error) }),
    );
  }
});
process.on('disconnect', () => {
  void app
    .stop()
    .then(() => store.close())
    .finally(() => process.exit(0));
});
process.send?.({ type: 'ready', url: app.url });
