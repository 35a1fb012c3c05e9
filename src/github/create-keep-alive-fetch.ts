import { STATUS_CODES } from 'node:http';
import { Agent, interceptors, request, type Dispatcher } from 'undici';

/** What Octokit reads of a fetch response. */
export interface FetchLikeResponse {
  readonly ok: boolean;
  readonly status: number;
  readonly statusText: string;
  readonly url: string;
  readonly redirected: boolean;
  readonly headers: FetchLikeHeaders;
  readonly body: ReadableStream<Uint8Array> | null;
  text(): Promise<string>;
  json(): Promise<unknown>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

export interface FetchLikeHeaders extends Iterable<[string, string]> {
  get(name: string): string | null;
  has(name: string): boolean;
  forEach(fn: (value: string, name: string) => void): void;
}

export interface FetchLikeInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array | null;
  signal?: AbortSignal | null;
  redirect?: 'follow' | 'manual' | 'error';
}

export type FetchLike = (input: string | URL, init?: FetchLikeInit) => Promise<FetchLikeResponse>;

export interface KeepAliveFetch {
  fetch: FetchLike;
  /** Closes the pooled connections; calls after it fail. */
  close(): Promise<void>;
}

export interface KeepAliveFetchOptions {
  /** Connections kept per origin (default 32). */
  connectionsPerOrigin?: number;
  /** How long an idle connection is kept open (default 4 s, below Node's and GitHub's 5 s). */
  keepAliveTimeoutMs?: number;
  /** Redirects followed, as fetch does (default 5); GitHub answers a renamed repository with one. */
  maxRedirections?: number;
  /**
   * A call fails when connecting, the response's headers or any wait for more of its body takes
   * longer than this (default 20 s). Cheaper than a timer signal per call.
   */
  timeoutMs?: number;
  /**
   * Retries of a GET or HEAD that failed with 500, 502, 503, 504 or a dropped connection, after
   * 0.5 s, then 1 s, … (default 0). Writes are never retried here: the App retries the calls it
   * owes through its outbox, and a rate limit (403, 429) is left to the caller's backoff.
   */
  readRetries?: number;
}

/** Answers to a read that are worth asking again: GitHub's momentary failures. */
const RETRIED_STATUSES = new Set([500, 502, 503, 504]);

/** Connection failures worth a retry of a read (a timeout is not: it already waited long). */
function isDroppedConnection(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    code === 'ECONNRESET' ||
    code === 'ECONNREFUSED' ||
    code === 'EPIPE' ||
    code === 'UND_ERR_SOCKET' ||
    code === 'UND_ERR_CLOSED'
  );
}

/** 0.5 s, 1 s, 2 s, … up to 4 s. */
function retryDelayMs(attempt: number): number {
  return Math.min(4_000, 500 * 2 ** attempt);
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

/** A response whose body was read in full, in the shape fetch gives. */
function toResponse(
  url: string,
  status: number,
  raw: Record<string, string | string[] | undefined>,
  bytes: Buffer,
): FetchLikeResponse {
  const values = new Map<string, string>();
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    values.set(name.toLowerCase(), Array.isArray(value) ? value.join(', ') : value);
  }
  const headers: FetchLikeHeaders = {
    get: (name) => values.get(name.toLowerCase()) ?? null,
    has: (name) => values.has(name.toLowerCase()),
    forEach: (fn) => values.forEach((value, name) => fn(value, name)),
    [Symbol.iterator]: () => values.entries(),
  };
  const text = () => bytes.toString('utf8');
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText: STATUS_CODES[status] ?? '',
    url,
    redirected: false,
    headers,
    get body() {
      return new Blob([bytes]).stream();
    },
    text: async () => text(),
    json: async () => JSON.parse(text()) as unknown,
    arrayBuffer: async () =>
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
  };
}

/**
 * A fetch for Octokit over undici's `request` on one keep-alive connection pool. Octokit needs
 * only a small part of fetch (status, headers, the body as text); undici's lower-level API gives
 * it at about half the CPU of the WHATWG fetch, which matters when every decision makes several
 * GitHub calls. Bodies are read in full before the promise resolves, so a time limit passed as
 * `signal` covers the whole exchange. Failures look like fetch's: an abort rejects with the
 * signal's reason, anything else with `TypeError('fetch failed')` carrying the cause.
 */
export function createKeepAliveFetch(options: KeepAliveFetchOptions = {}): KeepAliveFetch {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const agent = new Agent({
    connections: options.connectionsPerOrigin ?? 32,
    keepAliveTimeout: options.keepAliveTimeoutMs ?? 4_000,
    connect: { timeout: timeoutMs },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  const readRetries = options.readRetries ?? 0;
  const dispatcher: Dispatcher = agent.compose(
    interceptors.redirect({ maxRedirections: options.maxRedirections ?? 5 }),
  );
  const fetch: FetchLike = async (input, init = {}) => {
    if (typeof input !== 'string' && !(input instanceof URL)) {
      throw new TypeError('shipgate fetch: the input must be a URL or a URL string');
    }
    const url = String(input);
    const signal = init.signal ?? undefined;
    const method = (init.method ?? 'GET').toUpperCase() as Dispatcher.HttpMethod;
    const retries = method === 'GET' || method === 'HEAD' ? readRetries : 0;
    for (let attempt = 0; ; attempt += 1) {
      let response: FetchLikeResponse;
      try {
        signal?.throwIfAborted();
        const answer = await request(url, {
          dispatcher,
          method,
          headers: init.headers,
          body: init.body ?? undefined,
          signal,
          ...(init.redirect === 'manual' || init.redirect === 'error' ? { maxRedirections: 0 } : {}),
        });
        const bytes = Buffer.from(await answer.body.arrayBuffer());
        if (init.redirect === 'error' && answer.statusCode >= 300 && answer.statusCode < 400) {
          throw new Error(`redirected (${answer.statusCode}) while redirects are refused`);
        }
        response = toResponse(url, answer.statusCode, answer.headers, bytes);
      } catch (error) {
        if (signal?.aborted) throw signal.reason ?? error;
        if (attempt < retries && isDroppedConnection(error)) {
          await sleep(retryDelayMs(attempt), signal);
          continue;
        }
        throw new TypeError('fetch failed', { cause: error });
      }
      if (attempt < retries && RETRIED_STATUSES.has(response.status)) {
        await sleep(retryDelayMs(attempt), signal);
        continue;
      }
      return response;
    }
  };
  return { fetch, close: () => agent.close() };
}
