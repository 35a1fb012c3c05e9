import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import nock from 'nock';
import { Probot, ProbotOctokit } from 'probot';
import { createShipgateApp } from '../../app/shipgate-app.js';
import { createAuditSigner, type AuditSigner } from '../../src/audit/audit-signer.js';
import { verifyAuditChain } from '../../src/audit/verify-audit-chain.js';
import { openPgliteStore } from '../../src/store/open-pglite-store.js';
import type { Store } from '../../src/store/store.js';

const here = path.dirname(fileURLToPath(import.meta.url));

export const API = 'https://api.github.com';
export const OWNER = 'acme';
export const REPO = 'web';
export const HEAD = 'c'.repeat(40);
export const BASE = 'b'.repeat(40);
export const PULL = 7;
export const RUN_ID = 4242;

/** A GitHub webhook payload from test/fixtures/events, with top-level fields replaced. */
export function loadEvent(name: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const file = path.join(here, '..', 'fixtures', 'events', `${name}.json`);
  return { ...(JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>), ...overrides };
}

export const appPrivateKey = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

export const signer: AuditSigner = createAuditSigner(generateKeyPairSync('ed25519').privateKey);

/** One migrated in-memory PGlite per test file; each test clones it. */
export function createStoreTemplate() {
  let template: PGlite | undefined;
  let templateStore: Store | undefined;
  return {
    async init() {
      template = new PGlite();
      templateStore = await openPgliteStore({ db: template });
    },
    async open(): Promise<Store> {
      const db = (await template!.clone()) as PGlite;
      return openPgliteStore({ db, signer, now: new Date('2026-01-01T00:00:00Z') });
    },
    async close() {
      await templateStore?.close();
    },
  };
}

export interface TestApp {
  probot: Probot;
  store: Store;
  clock: { now: Date };
  receive(name: string, payload: Record<string, unknown>, id?: string): Promise<void>;
}

let deliveries = 0;

/** A real Probot with retries and throttling off, loaded with the shipgate app. */
export async function createTestApp(store: Store, now: Date): Promise<TestApp> {
  const clock = { now };
  const probot = new Probot({
    appId: 123,
    privateKey: appPrivateKey,
    secret: 'test-secret',
    logLevel: 'fatal',
    Octokit: ProbotOctokit.defaults((options: Record<string, unknown>) => ({
      ...options,
      // A function, not an object: Probot's own throttle defaults would replace an object's.
      retry: { enabled: false },
      throttle: { ...(options.throttle as object), enabled: false },
    })),
  });
  await probot.load(
    createShipgateApp({ store, clock: () => clock.now, random: () => 0.5, workerId: 'test-worker' }),
  );
  return {
    probot,
    store,
    clock,
    async receive(name, payload, id) {
      await probot.receive({ id: id ?? `delivery-${++deliveries}`, name, payload } as never);
    },
  };
}

/** The installation token: Probot asks for it once per installation and caches it. */
export function mockInstallationToken(): void {
  nock(API)
    .post('/app/installations/1/access_tokens')
    .reply(200, { token: 'ghs_test', expires_at: '2099-01-01T00:00:00Z', permissions: {} })
    .persist();
}

/** The policy file on the default branch. */
export function mockPolicy(text: string, times = 1): void {
  nock(API)
    .get(`/repos/${OWNER}/${REPO}/contents/.github%2Fshipgate.yml`)
    .times(times)
    .reply(200, {
      type: 'file',
      encoding: 'base64',
      path: '.github/shipgate.yml',
      content: Buffer.from(text).toString('base64'),
    });
}

export interface PullMock {
  author?: string;
  head?: string;
  committers?: string[];
  times?: number;
}

/** The pull request and its commits. */
export function mockPull(options: PullMock = {}): void {
  const times = options.times ?? 1;
  nock(API)
    .get(`/repos/${OWNER}/${REPO}/pulls/${PULL}`)
    .times(times)
    .reply(200, {
      number: PULL,
      user: { login: options.author ?? 'dave', type: 'User' },
      head: { sha: options.head ?? HEAD, ref: 'feature' },
      base: { sha: BASE, ref: 'main' },
    });
  nock(API)
    .get(`/repos/${OWNER}/${REPO}/pulls/${PULL}/commits`)
    .query(true)
    .times(times)
    .reply(
      200,
      (options.committers ?? [options.author ?? 'dave']).map((login, i) => ({
        sha: String(i).repeat(40),
        commit: { message: 'change' },
        author: { login },
        committer: { login: 'web-flow' },
      })),
    );
}

/** A small change (a README line): the App's own tier for it is `low`. */
export const SMALL_CHANGE = [
  { filename: 'README.md', status: 'modified', additions: 1, deletions: 1, changes: 2, patch: '@@ -1 +1 @@' },
];
/** A large change touching a migration: the App's own tier for it is `high`. */
export const LARGE_CHANGE = [
  ...Array.from({ length: 40 }, (_, i) => ({
    filename: `pkg${i % 7}/dir${i}/f${i}.ts`,
    status: 'modified',
    additions: 200,
    deletions: 100,
    changes: 300,
    patch: '@@',
  })),
  {
    filename: 'db/migrations/001.sql',
    status: 'added',
    additions: 50,
    deletions: 0,
    changes: 50,
    patch: '@@',
  },
];

/** compare base...head, and the `shipgate / risk` check runs on head. */
export function mockRisk(
  options: {
    base?: string;
    head?: string;
    status?: string;
    files?: unknown[];
    /** null: the check runs are not read (a deployment status only compares). */
    checkRuns?: unknown[] | null;
    times?: number;
  } = {},
): void {
  const head = options.head ?? HEAD;
  const times = options.times ?? 1;
  nock(API)
    .get(`/repos/${OWNER}/${REPO}/compare/${options.base ?? BASE}...${head}`)
    .query(true)
    .times(times)
    .reply(200, {
      status: options.status ?? 'ahead',
      ahead_by: 1,
      behind_by: 0,
      files: options.files ?? SMALL_CHANGE,
      commits: [
        {
          sha: head,
          commit: { message: 'docs: update' },
          author: { login: 'dave' },
          committer: { login: 'web-flow' },
        },
      ],
    });
  if (options.checkRuns === null) return;
  nock(API)
    .get(`/repos/${OWNER}/${REPO}/commits/${head}/check-runs`)
    .query({ check_name: 'shipgate / risk', per_page: '100' })
    .times(times)
    .reply(200, { total_count: (options.checkRuns ?? []).length, check_runs: options.checkRuns ?? [] });
}

/** Captures the bodies of protection-rule reviews (decisions and status reports). */
export function mockReview(bodies: unknown[], options: { times?: number; status?: number } = {}): void {
  nock(API)
    .post(`/repos/${OWNER}/${REPO}/actions/runs/${RUN_ID}/deployment_protection_rule`, (body) => {
      bodies.push(body);
      return true;
    })
    .times(options.times ?? 1)
    .reply(options.status ?? 204);
}

/** The status comment: created once (id 9001), updated after. */
export function mockStatusComment(bodies: string[], mode: 'create' | 'update', times = 1): void {
  if (mode === 'create') {
    nock(API)
      .post(`/repos/${OWNER}/${REPO}/issues/${PULL}/comments`, (body: { body: string }) => {
        bodies.push(body.body);
        return true;
      })
      .times(times)
      .reply(201, { id: 9001 });
  } else {
    nock(API)
      .patch(`/repos/${OWNER}/${REPO}/issues/comments/9001`, (body: { body: string }) => {
        bodies.push(body.body);
        return true;
      })
      .times(times)
      .reply(200, { id: 9001 });
  }
}

/** The App's own check run with the Approve and Reject buttons. */
export function mockCheckRunCreate(bodies: unknown[]): void {
  nock(API)
    .post(`/repos/${OWNER}/${REPO}/check-runs`, (body) => {
      bodies.push(body);
      return true;
    })
    .reply(201, { id: 7001 });
}

export function mockReaction(bodies: unknown[], commentId: number): void {
  nock(API)
    .post(`/repos/${OWNER}/${REPO}/issues/comments/${commentId}/reactions`, (body) => {
      bodies.push(body);
      return true;
    })
    .reply(201, { id: 1 });
}

/** A PR comment carrying a command. */
export function commentEvent(
  login: string,
  body: string,
  commentId: number,
  type = 'User',
): Record<string, unknown> {
  const event = loadEvent('issue_comment.created');
  const comment = event.comment as Record<string, unknown>;
  return {
    ...event,
    comment: { ...comment, id: commentId, body, user: { login, id: 1, type } },
    sender: { login, id: 1, type },
  };
}

/** Verifies the whole audit chain of a store with the test signer's public key. */
export async function verifyStoreAudit(store: Store) {
  const records = await store.listAudit();
  return verifyAuditChain(records, [{ keyId: signer.keyId, publicKey: signer.publicKey }], {
    expectedHead: await store.getAuditHead(),
  });
}

/**
 * The lifecycle every App test file shares: network off, a migrated store template, a fresh store and
 * App per test (handed to `onOpen`), and after each test no pending and no unmatched GitHub requests.
 */
export function useAppTestLifecycle(
  now: Date,
  onOpen: (opened: { store: Store; app: TestApp }) => void,
): void {
  const templates = createStoreTemplate();
  let store: Store | undefined;
  /** Requests no interceptor answered: a call the test did not expect. */
  const unmatched: string[] = [];

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.emitter.on('no match', (req: { method?: string; path?: string; href?: string }) => {
      unmatched.push(`${req.method ?? ''} ${req.href ?? req.path ?? ''}`);
    });
    await templates.init();
  }, 60_000);

  afterAll(async () => {
    await templates.close();
    nock.enableNetConnect();
  });

  beforeEach(async () => {
    store = await templates.open();
    onOpen({ store, app: await createTestApp(store, now) });
    mockInstallationToken();
  });

  afterEach(async () => {
    const pending = nock.pendingMocks().filter((m) => !m.includes('/access_tokens'));
    const unexpected = unmatched.splice(0);
    nock.cleanAll();
    await store?.close();
    expect(pending).toEqual([]);
    expect(unexpected).toEqual([]);
  });
}
