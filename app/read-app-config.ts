import path from 'node:path';

/** Everything `shipgate app` needs, read from the environment in one place. */
export interface AppConfig {
  appId: string;
  privateKey: string;
  webhookSecret: string;
  port: number;
  host: string;
  /** PostgreSQL; when absent, the embedded store in `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** GitHub's API root, e.g. `https://github.example.com/api/v3` for GitHub Enterprise Server. */
  baseUrl: string | undefined;
  sweepIntervalMs: number;
  /** Least time between two report writes (check runs, comments) of one installation; 0: unpaced. */
  reportGapMs: number;
}

export type ReadConfigResult = { ok: true; config: AppConfig } | { ok: false; message: string };

const HOW_TO_CREATE =
  'Create the GitHub App from the manifest app.yml (see docs/app.md: "Creating the GitHub App"): ' +
  'on GitHub open Settings → Developer settings → GitHub Apps → New GitHub App, or use the manifest flow with app.yml; ' +
  'then set APP_ID to its App ID, PRIVATE_KEY_PATH to the downloaded .pem (or PRIVATE_KEY to its content), ' +
  'and WEBHOOK_SECRET to the webhook secret you entered.';

/** Reads the App's configuration; names every missing variable and how to get it. */
export function readAppConfig(
  env: NodeJS.ProcessEnv,
  cwd: string,
  readTextFile: (file: string) => string,
): ReadConfigResult {
  const problems: string[] = [];
  const appId = env.APP_ID?.trim();
  if (!appId) problems.push('APP_ID is not set: the numeric App ID from the App settings page.');
  else if (!/^\d+$/.test(appId)) problems.push(`APP_ID must be the numeric App ID, not '${appId}'.`);

  let privateKey = env.PRIVATE_KEY?.trim() ? env.PRIVATE_KEY : undefined;
  if (privateKey && !privateKey.includes('-----BEGIN')) {
    const decoded = Buffer.from(privateKey.trim(), 'base64').toString('utf8');
    if (decoded.includes('-----BEGIN')) privateKey = decoded;
    else problems.push('PRIVATE_KEY is neither a PEM private key nor the base64 of one.');
  }
  if (!privateKey && env.PRIVATE_KEY_PATH) {
    const file = path.resolve(cwd, env.PRIVATE_KEY_PATH);
    try {
      privateKey = readTextFile(file);
    } catch (error) {
      problems.push(`PRIVATE_KEY_PATH points at ${file}, which cannot be read: ${(error as Error).message}.`);
    }
  } else if (!privateKey) {
    problems.push(
      "PRIVATE_KEY or PRIVATE_KEY_PATH is not set: the App's private key (.pem) from its settings page.",
    );
  }
  const webhookSecret = env.WEBHOOK_SECRET;
  if (!webhookSecret)
    problems.push('WEBHOOK_SECRET is not set: the webhook secret entered when creating the App.');

  const portText = env.PORT ?? '3000';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    problems.push(`PORT must be a port number, not '${portText}'.`);

  let baseUrl: string | undefined;
  if (env.GHE_HOST) {
    const protocol = env.GHE_PROTOCOL ?? 'https';
    if (protocol !== 'https' && protocol !== 'http')
      problems.push(`GHE_PROTOCOL must be https or http, not '${protocol}'.`);
    baseUrl = `${protocol}://${env.GHE_HOST}/api/v3`;
  }
  const sweepText = env.SHIPGATE_SWEEP_INTERVAL_MS ?? '30000';
  const sweepIntervalMs = Number(sweepText);
  if (!Number.isInteger(sweepIntervalMs) || sweepIntervalMs < 100) {
    problems.push(
      `SHIPGATE_SWEEP_INTERVAL_MS must be a whole number of milliseconds (at least 100), not '${sweepText}'.`,
    );
  }

  const gapText = env.SHIPGATE_REPORT_GAP_MS ?? '1000';
  const reportGapMs = Number(gapText);
  if (!Number.isInteger(reportGapMs) || reportGapMs < 0 || reportGapMs > 60_000) {
    problems.push(
      `SHIPGATE_REPORT_GAP_MS must be a whole number of milliseconds from 0 to 60000 (default 1000: GitHub asks for about a second between content-creating requests), not '${gapText}'.`,
    );
  }

  if (problems.length > 0) {
    const missing = problems.some((p) =>
      /APP_ID is not set|PRIVATE_KEY or|WEBHOOK_SECRET is not set/.test(p),
    );
    return { ok: false, message: `${problems.join('\n')}${missing ? `\n\n${HOW_TO_CREATE}` : ''}` };
  }
  return {
    ok: true,
    config: {
      appId: appId!,
      privateKey: privateKey!,
      webhookSecret: webhookSecret!,
      port,
      host: env.HOST ?? '0.0.0.0',
      databaseUrl: env.DATABASE_URL || undefined,
      dataDir: env.SHIPGATE_DATA_DIR ? path.resolve(cwd, env.SHIPGATE_DATA_DIR) : path.join(cwd, '.shipgate'),
      baseUrl,
      sweepIntervalMs,
      reportGapMs,
    },
  };
}
