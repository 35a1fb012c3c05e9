import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Octokit } from '@octokit/rest';
import { createKeepAliveFetch } from '../../../src/github/create-keep-alive-fetch.js';

/** Octokit logs failed requests with console.error; these tests expect failures. */
const silent = { debug() {}, info() {}, warn() {}, error() {} };

type Route = (req: IncomingMessage, body: string, res: ServerResponse) => void;

let server: Server;
let base = '';
let connections = 0;
const routes = new Map<string, Route>();

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const route = routes.get(`${req.method} ${req.url}`);
      if (!route) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Not Found"}');
        return;
      }
      route(req, Buffer.concat(chunks).toString('utf8'), res);
    });
  });
  server.on('connection', () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  routes.set('GET /json', (_req, _body, res) =>
    res
      .writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'x-ratelimit-remaining': '42' })
      .end('{"login":"dave","n":1}'),
  );
  routes.set('POST /echo', (req, body, res) =>
    res
      .writeHead(201, { 'content-type': 'application/json' })
      .end(JSON.stringify({ method: req.method, body, type: req.headers['content-type'] })),
  );
  routes.set('DELETE /nothing', (_req, _body, res) => res.writeHead(204).end());
  routes.set('GET /moved', (_req, _body, res) => res.writeHead(301, { location: `${base}/json` }).end());
  routes.set('GET /limited', (_req, _body, res) =>
    res
      .writeHead(403, { 'content-type': 'application/json', 'retry-after': '7' })
      .end('{"message":"You have exceeded a secondary rate limit"}'),
  );
  routes.set('GET /silent', () => undefined);
  let flaky = 0;
  const flakyRoute: Route = (_req, _body, res) => {
    flaky += 1;
    if (flaky % 2 === 1) res.writeHead(503, { 'content-type': 'application/json' }).end('{"message":"busy"}');
    else res.writeHead(200, { 'content-type': 'application/json' }).end(`{"attempt":${flaky}}`);
  };
  routes.set('GET /flaky', flakyRoute);
  routes.set('POST /flaky', flakyRoute);
  routes.set('GET /stalls', (_req, _body, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"partial":');
  });
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('createKeepAliveFetch', () => {
  it('answers like fetch: status, headers, text and JSON', async () => {
    const transport = createKeepAliveFetch();
    try {
      const response = await transport.fetch(`${base}/json`);
      expect(response.status).toBe(200);
      expect(response.ok).toBe(true);
      expect(response.statusText).toBe('OK');
      expect(response.headers.get('X-RateLimit-Remaining')).toBe('42');
      expect(Object.fromEntries(response.headers)).toMatchObject({
        'content-type': 'application/json; charset=utf-8',
      });
      expect(await response.json()).toEqual({ login: 'dave', n: 1 });
      expect(await response.text()).toBe('{"login":"dave","n":1}');
    } finally {
      await transport.close();
    }
  });

  it('reuses connections: twenty calls one after another open at most two', async () => {
    const transport = createKeepAliveFetch();
    const before = connections;
    try {
      for (let i = 0; i < 20; i += 1) expect((await transport.fetch(`${base}/json`)).status).toBe(200);
      // undici's pool may open a second connection while the first is being released.
      expect(connections - before).toBeLessThanOrEqual(2);
    } finally {
      await transport.close();
    }
  });

  it.each([
    { name: 'a POST body', path: '/echo', method: 'POST', status: 201 },
    { name: 'an answer without a body', path: '/nothing', method: 'DELETE', status: 204 },
    { name: 'an error status (not thrown)', path: '/missing', method: 'GET', status: 404 },
  ])('passes $name through', async ({ path, method, status }) => {
    const transport = createKeepAliveFetch();
    try {
      const response = await transport.fetch(`${base}${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: method === 'POST' ? '{"state":"approved"}' : undefined,
      });
      expect(response.status).toBe(status);
      if (method === 'POST') {
        expect(await response.json()).toEqual({
          method: 'POST',
          body: '{"state":"approved"}',
          type: 'application/json',
        });
      }
      if (status === 204) expect(await response.text()).toBe('');
    } finally {
      await transport.close();
    }
  });

  it('follows redirects as fetch does, unless told not to', async () => {
    const transport = createKeepAliveFetch();
    try {
      const followed = await transport.fetch(`${base}/moved`);
      expect(followed.status).toBe(200);
      expect(await followed.json()).toEqual({ login: 'dave', n: 1 });
      const manual = await transport.fetch(`${base}/moved`, { redirect: 'manual' });
      expect(manual.status).toBe(301);
      expect(manual.headers.get('location')).toBe(`${base}/json`);
    } finally {
      await transport.close();
    }
  });

  it.each([
    { name: 'no headers in time', path: '/silent' },
    { name: 'a body that stops coming', path: '/stalls' },
  ])('fails a call with $name after the time limit, as a fetch failure', async ({ path }) => {
    const transport = createKeepAliveFetch({ timeoutMs: 150 });
    try {
      const failure = await transport.fetch(`${base}${path}`).then(
        () => null,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(TypeError);
      expect((failure as TypeError).message).toBe('fetch failed');
      expect(String(((failure as TypeError).cause as Error).name)).toMatch(/Timeout/);
    } finally {
      await transport.close();
    }
  });

  it.each([
    { method: 'GET', retries: 2, expected: 200 },
    { method: 'GET', retries: 0, expected: 503 },
    { method: 'POST', retries: 2, expected: 503 },
  ])(
    'a $method answered 503 with $retries read retries ends $expected',
    async ({ method, retries, expected }) => {
      const transport = createKeepAliveFetch({ readRetries: retries });
      try {
        // Each pair of calls to /flaky answers 503, then 200.
        const response = await transport.fetch(`${base}/flaky`, { method });
        expect(response.status).toBe(expected);
        if (expected === 503) {
          // Leave the route's next answer a 503 again for the next case.
          await transport.fetch(`${base}/flaky`);
        }
      } finally {
        await transport.close();
      }
    },
  );

  it('rejects with the reason of an aborted signal', async () => {
    const transport = createKeepAliveFetch();
    try {
      const controller = new AbortController();
      const pending = transport.fetch(`${base}/silent`, { signal: controller.signal });
      controller.abort(new Error('stop now'));
      await expect(pending).rejects.toThrow('stop now');
    } finally {
      await transport.close();
    }
  });

  it('fails a refused connection as fetch does', async () => {
    const idle = createServer();
    await new Promise<void>((resolve) => idle.listen(0, '127.0.0.1', () => resolve()));
    const port = (idle.address() as AddressInfo).port;
    await new Promise<void>((resolve) => idle.close(() => resolve()));
    const transport = createKeepAliveFetch();
    try {
      const failure = await transport.fetch(`http://127.0.0.1:${port}/`).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(TypeError);
      expect(((failure as TypeError).cause as { code?: string }).code).toBe('ECONNREFUSED');
    } finally {
      await transport.close();
    }
  });

  it('serves Octokit: data, headers, and errors with their status and retry-after', async () => {
    const transport = createKeepAliveFetch();
    const octokit = new Octokit({ baseUrl: base, request: { fetch: transport.fetch }, log: silent });
    try {
      const ok = await octokit.request('GET /json');
      expect(ok.status).toBe(200);
      expect(ok.data).toEqual({ login: 'dave', n: 1 });
      expect(ok.headers['x-ratelimit-remaining']).toBe('42');
      const created = await octokit.request('POST /echo', { state: 'approved' });
      expect(created.data).toEqual({
        method: 'POST',
        body: '{"state":"approved"}',
        type: 'application/json; charset=utf-8',
      });
      const limited = await octokit.request('GET /limited').catch((e: unknown) => e);
      expect(limited).toMatchObject({
        status: 403,
        message: expect.stringContaining('secondary rate limit'),
        response: { headers: { 'retry-after': '7' } },
      });
    } finally {
      await transport.close();
    }
  });
});
