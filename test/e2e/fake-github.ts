import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A file change as GitHub's compare API lists it. */
export interface FakeFile {
  filename: string;
  status: string;
  additions: number;
  deletions: number;
  changes: number;
  patch?: string;
}

export interface FakePull {
  number: number;
  head_sha: string;
  base_sha: string;
  author: string;
  commits: { sha: string; author: string; committer: string }[];
}

/** An answer the fake gives instead of the real one, for the next matching calls. */
export interface FakeFault {
  method: string;
  /** Matched against the path without the /api/v3 prefix. */
  path: RegExp;
  status: number;
  headers?: Record<string, string>;
  /** How many calls it answers; then the real answer resumes. */
  times: number;
  /** Wait this long before answering (a slow GitHub). */
  delayMs?: number;
  /** Never answer: the connection stays open until the client gives up or the fake stops. */
  hold?: boolean;
  /** Only calls that arrive on this local port (see `listenAlso`); any port otherwise. */
  localPort?: number;
}

export interface RecordedCall {
  method: string;
  path: string;
  body: unknown;
  /** The fake's port the call came in on: tells replicas given different base URLs apart. */
  localPort: number;
  /** When the call arrived (real time, milliseconds). */
  receivedAt: number;
}

/**
 * A small stateful GitHub API on a loopback port, for end-to-end tests: the endpoints the App uses
 * (installation token, contents, compare, pulls and their commits, commits, team members,
 * permissions, check runs, issue comments and reactions, workflow runs and the deployment
 * protection rule callback), under the `/api/v3` prefix of GitHub Enterprise Server.
 */
export class FakeGitHub {
  readonly files = new Map<string, string>();
  readonly pulls = new Map<string, FakePull>();
  readonly teams = new Map<string, string[]>();
  readonly permissions = new Map<string, string>();
  /** The change compare answers with, keyed `owner/repo:base...head`; a default otherwise. */
  readonly comparisons = new Map<string, { status: string; files: FakeFile[]; messages: string[] }>();
  readonly checkRuns: {
    id: number;
    owner: string;
    repo: string;
    name: string;
    head_sha: string;
    app_slug: string;
    body: unknown;
  }[] = [];
  readonly comments = new Map<
    number,
    { owner: string; repo: string; issue: number; body: string; updates: number }
  >();
  readonly reactions: { owner: string; repo: string; commentId: number; content: string }[] = [];
  /** Every protection-rule review received, in order. */
  readonly reviews: { owner: string; repo: string; runId: number; body: Record<string, unknown> }[] = [];
  /** Workflow runs: their commit, and whether the rule was answered (a second answer gets 422). */
  readonly runs = new Map<string, { head_sha: string; answered: string | null }>();
  readonly calls: RecordedCall[] = [];
  readonly faults: FakeFault[] = [];
  /** Calls matching one of these are answered normally, but only after `delayMs` (a slow GitHub). */
  readonly delays: { method: string; path: RegExp; delayMs: number; localPort?: number }[] = [];
  tokensIssued = 0;
  private nextId = 10_000;
  private server: Server | null = null;
  private readonly extraServers: Server[] = [];

  /** The API root to give the App (Probot's `baseUrl`). */
  baseUrl = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) this.send(res, 500, { message: String(error) });
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api/v3`;
  }

  /**
   * Listens on one more loopback port with the same state, and returns that port's API root: give
   * each replica its own, and faults can single one out by `localPort`.
   */
  async listenAlso(): Promise<{ baseUrl: string; port: number }> {
    const server = createServer((req, res) => {
      void this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) this.send(res, 500, { message: String(error) });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    this.extraServers.push(server);
    const port = (server.address() as AddressInfo).port;
    return { baseUrl: `http://127.0.0.1:${port}/api/v3`, port };
  }

  /** The port of `baseUrl`. */
  get port(): number {
    return (this.server?.address() as AddressInfo | null)?.port ?? 0;
  }

  async stop(): Promise<void> {
    for (const server of [this.server, ...this.extraServers]) {
      if (!server) continue;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  addPull(owner: string, repo: string, pull: FakePull): void {
    this.pulls.set(`${owner}/${repo}#${pull.number}`, pull);
  }

  addRun(owner: string, repo: string, runId: number, headSha: string): void {
    this.runs.set(`${owner}/${repo}/${runId}`, { head_sha: headSha, answered: null });
  }

  private send(
    res: ServerResponse,
    status: number,
    body?: unknown,
    headers: Record<string, string> = {},
  ): void {
    if (body === undefined) {
      res.writeHead(status, headers).end();
      return;
    }
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
  }

  private async readBody(req: IncomingMessage): Promise<unknown> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    if (!text) return null;
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    const body = await this.readBody(req);
    const path = url.pathname.replace(/^\/api\/v3/, '');
    const localPort = req.socket.localPort ?? 0;
    this.calls.push({ method, path, body, localPort, receivedAt: Date.now() });

    const fault = this.faults.find(
      (f) =>
        f.method === method &&
        f.path.test(path) &&
        f.times > 0 &&
        (f.localPort === undefined || f.localPort === localPort),
    );
    if (fault) {
      fault.times -= 1;
      if (fault.hold) return;
      if (fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
      this.send(res, fault.status, { message: `fake GitHub answers ${fault.status}` }, fault.headers);
      return;
    }
    const delay = this.delays.find(
      (d) =>
        d.method === method && d.path.test(path) && (d.localPort === undefined || d.localPort === localPort),
    );
    if (delay) await new Promise((resolve) => setTimeout(resolve, delay.delayMs));
    if (req.headers.authorization === undefined) {
      this.send(res, 401, { message: 'Requires authentication' });
      return;
    }

    let m: RegExpExecArray | null;
    if (method === 'POST' && (m = /^\/app\/installations\/(\d+)\/access_tokens$/.exec(path))) {
      this.tokensIssued += 1;
      this.send(res, 201, {
        token: `ghs_fake_${m[1]}_${this.tokensIssued}`,
        expires_at: new Date(Date.now() + 3_600_000).toISOString(),
        permissions: { deployments: 'write', checks: 'write' },
        repository_selection: 'all',
      });
      return;
    }
    if (method === 'GET' && (m = /^\/repos\/([^/]+)\/([^/]+)\/contents\/(.+)$/.exec(path))) {
      const file = decodeURIComponent(m[3]!);
      const text = this.files.get(`${m[1]}/${m[2]}:${file}`);
      if (text === undefined) return this.send(res, 404, { message: 'Not Found' });
      // As GitHub: an ETag on every answer, and 304 without a body when If-None-Match matches it.
      const etag = `"${createHash('sha1').update(text).digest('hex')}"`;
      if (req.headers['if-none-match'] === etag) return this.send(res, 304, undefined, { etag });
      return this.send(
        res,
        200,
        { type: 'file', path: file, encoding: 'base64', content: Buffer.from(text).toString('base64') },
        { etag },
      );
    }
    if (method === 'GET' && (m = /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)$/.exec(path))) {
      const pull = this.pulls.get(`${m[1]}/${m[2]}#${m[3]}`);
      if (!pull) return this.send(res, 404, { message: 'Not Found' });
      return this.send(res, 200, {
        number: pull.number,
        user: { login: pull.author, type: 'User' },
        head: { sha: pull.head_sha },
        base: { sha: pull.base_sha },
      });
    }
    if (method === 'GET' && (m = /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)\/commits$/.exec(path))) {
      const pull = this.pulls.get(`${m[1]}/${m[2]}#${m[3]}`);
      if (!pull) return this.send(res, 404, { message: 'Not Found' });
      return this.send(
        res,
        200,
        pull.commits.map((c) => ({
          sha: c.sha,
          commit: { message: 'change' },
          author: { login: c.author },
          committer: { login: c.committer },
        })),
      );
    }
    if (
      method === 'GET' &&
      (m = /^\/repos\/([^/]+)\/([^/]+)\/compare\/([0-9a-f]{40})\.\.\.([0-9a-f]{40})$/.exec(path))
    ) {
      const change = this.comparisons.get(`${m[1]}/${m[2]}:${m[3]}...${m[4]}`) ?? {
        status: 'ahead',
        files: [
          { filename: 'README.md', status: 'modified', additions: 1, deletions: 1, changes: 2, patch: '@@' },
        ],
        messages: ['docs: update'],
      };
      return this.send(res, 200, {
        status: change.status,
        ahead_by: 1,
        behind_by: 0,
        files: change.files,
        commits: change.messages.map((message, i) => ({
          sha: String(i).repeat(40),
          commit: { message },
          author: null,
          committer: null,
        })),
      });
    }
    if (
      method === 'GET' &&
      (m = /^\/repos\/([^/]+)\/([^/]+)\/commits\/([0-9a-f]{40})\/check-runs$/.exec(path))
    ) {
      const name = url.searchParams.get('check_name');
      const runs = this.checkRuns.filter(
        (r) => r.owner === m![1] && r.repo === m![2] && r.head_sha === m![3] && (!name || r.name === name),
      );
      return this.send(res, 200, {
        total_count: runs.length,
        check_runs: runs.map((r) => ({
          id: r.id,
          name: r.name,
          head_sha: r.head_sha,
          app: { slug: r.app_slug },
          output: (r.body as { output?: unknown }).output ?? null,
        })),
      });
    }
    if (method === 'GET' && (m = /^\/repos\/([^/]+)\/([^/]+)\/commits\/([0-9a-f]{40})$/.exec(path))) {
      return this.send(res, 200, { sha: m[3], parents: [{ sha: '0'.repeat(40) }] });
    }
    if (method === 'POST' && (m = /^\/repos\/([^/]+)\/([^/]+)\/check-runs$/.exec(path))) {
      const run = body as { name: string; head_sha: string };
      const id = this.nextId++;
      this.checkRuns.push({
        id,
        owner: m[1]!,
        repo: m[2]!,
        name: run.name,
        head_sha: run.head_sha,
        app_slug: 'shipgate',
        body,
      });
      return this.send(res, 201, { id });
    }
    if (method === 'GET' && (m = /^\/orgs\/([^/]+)\/teams\/([^/]+)\/members$/.exec(path))) {
      const members = this.teams.get(`${m[1]}/${m[2]}`);
      if (!members) return this.send(res, 404, { message: 'Not Found' });
      return this.send(
        res,
        200,
        members.map((login) => ({ login })),
      );
    }
    if (
      method === 'GET' &&
      (m = /^\/repos\/([^/]+)\/([^/]+)\/collaborators\/([^/]+)\/permission$/.exec(path))
    ) {
      return this.send(res, 200, { permission: this.permissions.get(`${m[1]}/${m[2]}:${m[3]}`) ?? 'read' });
    }
    if (method === 'POST' && (m = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/.exec(path))) {
      const id = this.nextId++;
      this.comments.set(id, {
        owner: m[1]!,
        repo: m[2]!,
        issue: Number(m[3]),
        body: (body as { body: string }).body,
        updates: 0,
      });
      return this.send(res, 201, { id });
    }
    if (method === 'PATCH' && (m = /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/.exec(path))) {
      const comment = this.comments.get(Number(m[3]));
      if (!comment) return this.send(res, 404, { message: 'Not Found' });
      comment.body = (body as { body: string }).body;
      comment.updates += 1;
      return this.send(res, 200, { id: Number(m[3]) });
    }
    if (
      method === 'POST' &&
      (m = /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)\/reactions$/.exec(path))
    ) {
      this.reactions.push({
        owner: m[1]!,
        repo: m[2]!,
        commentId: Number(m[3]),
        content: (body as { content: string }).content,
      });
      return this.send(res, 201, { id: this.nextId++ });
    }
    if (method === 'GET' && (m = /^\/repos\/([^/]+)\/([^/]+)\/actions\/runs\/(\d+)$/.exec(path))) {
      const run = this.runs.get(`${m[1]}/${m[2]}/${m[3]}`);
      if (!run) return this.send(res, 404, { message: 'Not Found' });
      return this.send(res, 200, { id: Number(m[3]), head_sha: run.head_sha });
    }
    if (
      method === 'POST' &&
      (m = /^\/repos\/([^/]+)\/([^/]+)\/actions\/runs\/(\d+)\/deployment_protection_rule$/.exec(path))
    ) {
      const run = this.runs.get(`${m[1]}/${m[2]}/${m[3]}`);
      if (!run) return this.send(res, 404, { message: 'Not Found' });
      const review = body as Record<string, unknown>;
      if (typeof review?.environment_name !== 'string' || typeof review.comment !== 'string') {
        return this.send(res, 422, { message: 'environment_name and comment are required' });
      }
      if (review.comment.length > 1024) return this.send(res, 422, { message: 'comment is too long' });
      if (review.state !== undefined) {
        if (run.answered) return this.send(res, 422, { message: `already ${run.answered}` });
        run.answered = String(review.state);
      }
      this.reviews.push({ owner: m[1]!, repo: m[2]!, runId: Number(m[3]), body: review });
      return this.send(res, 204);
    }
    this.send(res, 404, { message: `fake GitHub has no route for ${method} ${path}` });
  }
}
