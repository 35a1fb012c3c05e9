import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sign } from '@octokit/webhooks-methods';
import type { SweepResult } from '../../app/sweeper.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** One App replica running as a child process (`replica-server.ts`). */
export interface Replica {
  name: string;
  url: string;
  child: ChildProcess;
  /** Runs one sweeper pass in the replica. */
  sweep(): Promise<SweepResult>;
  /** Shifts the replica's clock by `offsetMs` from real time. */
  setClockOffset(offsetMs: number): void;
  /** SIGKILL: no shutdown, no cleanup; resolves once the process is gone. */
  kill(): Promise<void>;
  /** A clean stop. */
  stop(): Promise<void>;
}

export interface ReplicaEnv {
  DATABASE_URL?: string;
  SHIPGATE_SCHEMA?: string;
  SHIPGATE_DATA_DIR?: string;
  GITHUB_BASE_URL: string;
  WEBHOOK_SECRET: string;
  APP_PRIVATE_KEY: string;
  SHIPGATE_SIGNING_KEY: string;
  WORKER_ID: string;
  GITHUB_TIMEOUT_MS?: string;
}

/** Starts `replica-server.ts` and waits until it listens (or fails, with its stderr). */
export function startReplica(env: ReplicaEnv): Promise<Replica> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'replica-server.ts')], {
    env: { ...process.env, NODE_OPTIONS: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
  child.stdout!.resume();
  let nextId = 0;
  const waiting = new Map<number, { resolve: (r: SweepResult) => void; reject: (e: Error) => void }>();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const failed = (code: number | null) =>
      reject(new Error(`replica ${env.WORKER_ID} exited (${code}) before it listened: ${stderr}`));
    child.once('exit', failed);
    child.on(
      'message',
      (message: { type: string; url?: string; id?: number; result?: SweepResult; error?: string }) => {
        if (message.type === 'ready') {
          child.off('exit', failed);
          resolve({
            name: env.WORKER_ID,
            url: message.url!,
            child,
            sweep() {
              const id = ++nextId;
              return new Promise<SweepResult>((res, rej) => {
                waiting.set(id, { resolve: res, reject: rej });
                child.send({ type: 'sweep', id });
              });
            },
            setClockOffset(offsetMs) {
              child.send({ type: 'clock', offsetMs });
            },
            async kill() {
              if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
              await exited;
            },
            async stop() {
              if (child.exitCode === null && child.signalCode === null) {
                child.disconnect();
                const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
                await exited;
                clearTimeout(timer);
              }
            },
          });
        }
        if (message.type === 'swept') {
          const entry = waiting.get(message.id!);
          waiting.delete(message.id!);
          if (message.error) entry?.reject(new Error(message.error));
          else entry?.resolve(message.result!);
        }
      },
    );
  });
}

export function loadEvent(name: string): Record<string, unknown> {
  return JSON.parse(
    readFileSync(path.join(here, '..', 'fixtures', 'events', `${name}.json`), 'utf8'),
  ) as Record<string, unknown>;
}

let deliveries = 0;

/** POSTs a webhook signed with `secret` to an App at `url`; returns the status. */
export async function postWebhook(
  url: string,
  secret: string,
  event: string,
  payload: unknown,
): Promise<number> {
  const body = JSON.stringify(payload);
  const res = await fetch(`${url}/api/github/webhooks`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': event,
      'x-github-delivery': `replica-${process.pid}-${++deliveries}`,
      'x-hub-signature-256': await sign(secret, body),
    },
    body,
  });
  await res.arrayBuffer();
  return res.status;
}

/** A `deployment_protection_rule.requested` for `owner/web` run `runId` of `sha`, with PR `pull`. */
export function protectionRequest(baseUrl: string, runId: number, sha: string, pull: number) {
  const requested = loadEvent('deployment_protection_rule.requested');
  return {
    ...requested,
    deployment: { ...(requested.deployment as object), id: runId + 1_000_000, sha },
    pull_requests: [{ number: pull, head: { sha }, base: { sha: 'b'.repeat(40) } }],
    deployment_callback_url: `${baseUrl}/repos/acme/web/actions/runs/${runId}/deployment_protection_rule`,
  };
}

/** `/shipgate approve production` from `login` on PR `pull`. */
export function approveComment(login: string, id: number, pull: number) {
  const event = loadEvent('issue_comment.created');
  return {
    ...event,
    issue: { ...(event.issue as object), number: pull },
    comment: {
      ...(event.comment as object),
      id,
      body: '/shipgate approve production',
      user: { login, id, type: 'User' },
    },
    sender: { login, id, type: 'User' },
  };
}
