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
  const dispatcher: Dispatcher = agent.compose(
    interceptors.redirect({ maxRedirections: options.maxRedirections ?? 5 }),
  );
  const fetch: FetchLike = async (input, init = {}) => {
    if (typeof input !== 'string' && !(input instanceof URL)) {
      throw new TypeError('shipgate fetch: the input must be a URL or a URL string');
    }
    const url = String(input);
    const signal = init.signal ?? undefined;
    try {
      signal?.throwIfAborted();
      const response = await request(url, {
        dispatcher,
        method: (init.method ?? 'GET').toUpperCase() as Dispatcher.HttpMethod,
        headers: init.headers,
        body: init.body ?? undefined,
        signal,
        ...(init.redirect === 'manual' || init.redirect === 'error' ? { maxRedirections: 0 } : {}),
      });
      const bytes = Buffer.from(await response.body.arrayBuffer());
      if (init.redirect === 'error' && response.statusCode >= 300 && response.statusCode < 400) {
        throw new Error(`redirected (${response.statusCode}) while redirects are refused`);
      }
      return toResponse(url, response.statusCode, response.headers, bytes);
    } catch (error) {
      if (signal?.aborted) throw signal.reason ?? error;
      throw new TypeError('fetch failed', { cause: error });
    }
  };
  return { fetch, close: () => agent.close() };
}
