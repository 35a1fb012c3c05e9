import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { readAppConfig } from '../../app/read-app-config.js';
import { startAppServer } from '../../app/start-app-server.js';
import { openStore } from '../store/open-store.js';
import { loadSigningKey } from '../store/signing-key-io.js';
import type { CliIo } from './io.js';
import { UsageError } from './io.js';

const HELP = `usage: shipgate app

Starts the shipgate GitHub App: webhooks on /api/github/webhooks, health on /healthz.

Configuration (environment):
  APP_ID                      the App's numeric id
  PRIVATE_KEY | PRIVATE_KEY_PATH  its private key (PEM, base64 of PEM, or a .pem file)
  WEBHOOK_SECRET              the webhook secret
  PORT (3000), HOST (0.0.0.0)
  DATABASE_URL                PostgreSQL; without it the embedded store in SHIPGATE_DATA_DIR (.shipgate/)
  SHIPGATE_SIGNING_KEY        Ed25519 key for the audit log (generated in the data dir when embedded)
  GHE_HOST, GHE_PROTOCOL      another GitHub API host (GitHub Enterprise Server)
  SHIPGATE_SWEEP_INTERVAL_MS  how often pending requests are re-checked (30000)
  SHIPGATE_REPORT_GAP_MS      least time between two check-run or comment writes of one
                              installation (1000; 0: unpaced); decisions never wait

Create the App from app.yml; see docs/app.md.
`;

/** `shipgate app`: runs the App until SIGINT or SIGTERM. */
export async function runAppCommand(argv: string[], io: CliIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { help: { type: 'boolean', short: 'h' } },
      strict: true,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const read = readAppConfig(io.env, io.cwd, (file) => readFileSync(file, 'utf8'));
  if (!read.ok) throw new UsageError(`missing or invalid configuration:\n${read.message}`);
  const { config } = read;
  const key = loadSigningKey({ env: io.env, dataDir: config.dataDir, embedded: !config.databaseUrl });
  if (key.warning) io.stderr(`${key.warning}\n`);
  const store = await openStore(
    { databaseUrl: config.databaseUrl, dataDir: config.dataDir },
    { signer: key.signer },
  );
  const app = await startAppServer({
    appId: config.appId,
    privateKey: config.privateKey,
    webhookSecret: config.webhookSecret,
    port: config.port,
    host: config.host,
    baseUrl: config.baseUrl,
    store,
    sweepIntervalMs: config.sweepIntervalMs,
    reportGapMs: config.reportGapMs,
  });
  io.stdout(
    `shipgate app listening on ${app.url} (store: ${store.adapter}${config.databaseUrl ? '' : ` in ${config.dataDir}`})\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  io.stdout('shipgate app stopping\n');
  await app.stop();
  await store.close();
  return 0;
}
