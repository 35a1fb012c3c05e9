import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createNodeMiddleware, Probot, ProbotOctokit } from 'probot';
import { createFileCache } from '../src/github/create-file-cache.js';
import { createKeepAliveFetch } from '../src/github/create-keep-alive-fetch.js';
import type { RiskModel } from '../src/risk/model.js';
import type { Store } from '../src/store/store.js';
import { createAppDeps, createShipgateApp, createWritePacers } from './shipgate-app.js';
import { startSweeper, type Sweeper } from './sweeper.js';

export const WEBHOOK_PATH = '/api/github/webhooks';
/** GitHub caps webhook payloads at 25 MB; anything larger is not from GitHub. */
export const MAX_WEBHOOK_BYTES = 25 * 1024 * 1024;
/** A GitHub API call with no answer after this long fails (status 0, retried like a 5xx). */
export const DEFAULT_GITHUB_TIMEOUT_MS = 20_000;
/** Least time between two report writes (check runs, comments) of one installation. */
export const REPORT_GAP_MS = 1_000;
/** How long stopping waits for reports still queued. */
const STOP_REPORTS_WAIT_MS = 10_000;

export interface AppServerOptions {
  appId: string;
  privateKey: string;
  webhookSecret: string;
  port: number;
  host: string;
  baseUrl?: string;
  store: Store;
  model?: RiskModel;
  workerId?: string;
  clock?: () => Date;
  sweepIntervalMs?: number;
  /**
   * Retry failed GitHub reads (twice) and pace each installation's report writes (one a second,
   * decisions never waiting), as GitHub asks of integrations; tests turn this off.
   */
  githubPacing?: boolean;
  /** With pacing, the least time between two report writes of one installation (default 1 s; 0: unpaced). */
  reportGapMs?: number;
  /** How long a GitHub API call may take before it is abandoned as a timeout. */
  githubTimeoutMs?: number;
  logLevel?: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';
}

export interface AppServer {
  server: Server;
  port: number;
  url: string;
  sweeper: Sweeper;
  stop(): Promise<void>;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function checkSignature(secret: string, body: Buffer, header: string | string[] | undefined): boolean {
  if (typeof header !== 'string' || !header.startsWith('sha256=')) return false;
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`);
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Why a signed body cannot be a GitHub webhook payload, or null: it must be a JSON object, and an
 * `installation` in it must carry a positive integer id (Probot authenticates with it).
 */
function checkPayloadShape(text: string): string | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'the webhook body is not JSON';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'the webhook body must be a JSON object, as GitHub sends';
  }
  const installation = (value as { installation?: unknown }).installation;
  if (installation !== undefined && installation !== null) {
    const id = (installation as { id?: unknown }).id;
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || id <= 0) {
      return 'installation.id must be a positive integer';
    }
  }
  return null;
}

/** Why a signed delivery lacks the headers GitHub always sends, or null. */
function checkDeliveryHeaders(req: IncomingMessage): string | null {
  for (const name of ['x-github-event', 'x-github-delivery']) {
    const value = req.headers[name];
    if (typeof value !== 'string' || value.trim() === '') {
      return `the ${name} header is missing or empty: GitHub sends it with every webhook`;
    }
  }
  const event = req.headers['x-github-event'] as string;
  // GitHub's event names are lower-case words joined by `_`; others (e.g. `valueOf`) are not events.
  if (!/^[a-z][a-z_]{0,99}$/.test(event) || event in Object.prototype) {
    return 'the x-github-event header is not a GitHub event name';
  }
  return null;
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * Starts the App: Probot's webhook middleware behind a signature check that answers 401 to a bad
 * `X-Hub-Signature-256` before anything is parsed or stored, `/healthz` (store reachability:
 * 200 or 503, JSON), and the sweeper.
 */
export async function startAppServer(options: AppServerOptions): Promise<AppServer> {
  const timeoutMs = options.githubTimeoutMs ?? DEFAULT_GITHUB_TIMEOUT_MS;
  const pacing = options.githubPacing ?? true;
  // GitHub calls share one keep-alive connection pool per origin, with its own time limits
  // (Octokit has none: without them a GitHub that never answers would hold a call forever).
  const transport = createKeepAliveFetch({ timeoutMs, readRetries: pacing ? 2 : 0 });
  // A fetch passed in Octokit's options is given the same limit with a signal.
  const withTimeout = (octokitOptions: Record<string, unknown>) => {
    const request = (octokitOptions.request ?? {}) as { fetch?: typeof fetch };
    const given = request.fetch;
    const timedFetch: typeof fetch = given
      ? (input, init) => {
          const timeout = AbortSignal.timeout(timeoutMs);
          const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
          return given(input, { ...init, signal });
        }
      : (transport.fetch as unknown as typeof fetch);
    return { ...octokitOptions, request: { ...request, fetch: timedFetch } };
  };
  // Probot's retry and throttling plugins are replaced: reads are retried by the transport,
  // writes paced per installation with decisions first (app/pace-github-writes.ts), and the owed
  // decision calls retried by the outbox. Their throttling queued every write of an installation
  // a second apart, approvals behind comments. A function, not an object: Probot's own throttle
  // defaults would replace an object's.
  const Octokit = ProbotOctokit.defaults((octokitOptions: Record<string, unknown>) => ({
    ...withTimeout(octokitOptions),
    retry: { enabled: false },
    throttle: { ...(octokitOptions.throttle as object), enabled: false },
  }));
  const probot = new Probot({
    appId: options.appId,
    privateKey: options.privateKey,
    secret: options.webhookSecret,
    baseUrl: options.baseUrl,
    Octokit,
    logLevel: options.logLevel ?? 'info',
  });
  const reportGapMs = options.reportGapMs ?? REPORT_GAP_MS;
  const writePacers = pacing && reportGapMs > 0 ? createWritePacers({ gapMs: reportGapMs }) : undefined;
  const appOptions = {
    store: options.store,
    model: options.model,
    workerId: options.workerId,
    clock: options.clock,
    writePacers,
    files: createFileCache(),
  };
  const middleware = await createNodeMiddleware(createShipgateApp(appOptions), {
    probot,
    webhooksPath: WEBHOOK_PATH,
  });
  const sweeper = startSweeper(createAppDeps(probot, appOptions), {
    intervalMs: options.sweepIntervalMs,
    clock: options.clock,
  });

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) {
        const health = await options.store.healthCheck();
        sendJson(res, health.ok ? 200 : 503, {
          status: health.ok ? 'ok' : 'unavailable',
          store: health,
        });
        return;
      }
      if (url.pathname === WEBHOOK_PATH && req.method === 'POST') {
        const body = await readBody(req, MAX_WEBHOOK_BYTES);
        if (body === null) {
          sendJson(res, 413, { error: `webhook body larger than ${MAX_WEBHOOK_BYTES} bytes` });
          return;
        }
        if (!checkSignature(options.webhookSecret, body, req.headers['x-hub-signature-256'])) {
          sendJson(res, 401, {
            error:
              'X-Hub-Signature-256 is missing or does not match: check that WEBHOOK_SECRET matches the App settings',
          });
          return;
        }
        const text = body.toString('utf8');
        const problem = checkDeliveryHeaders(req) ?? checkPayloadShape(text);
        if (problem) {
          sendJson(res, 400, { error: problem });
          return;
        }
        req.body = text;
      }
      await middleware(req, res, () =>
        sendJson(res, 404, { error: `no route for ${req.method} ${url.pathname}` }),
      );
    })().catch((error: unknown) => {
      probot.log.error(error as Error);
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    url: `http://${options.host === '0.0.0.0' ? '127.0.0.1' : options.host}:${port}`,
    sweeper,
    async stop() {
      await sweeper.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      // Reports still waiting for their turn are sent, for a while.
      await writePacers?.idle(STOP_REPORTS_WAIT_MS);
      await transport.close();
    },
  };
}
