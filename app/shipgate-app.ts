import type { ApplicationFunction, Probot } from 'probot';
import { createFileCache, type FileCache } from '../src/github/create-file-cache.js';
import { createOctokitGitHub } from '../src/github/create-octokit-github.js';
import { loadDefaultModel, type RiskModel } from '../src/risk/model.js';
import type { Store } from '../src/store/store.js';
import { describeError, type AppDeps } from './app-deps.js';
import { handleCheckRunAction } from './handle-check-run-action.js';
import { handleDeploymentStatus } from './handle-deployment-status.js';
import { handleProtectionRequest } from './handle-protection-request.js';
import { handlePullRequestPush } from './handle-pull-request-push.js';
import { handleSignoffComment } from './handle-signoff-comment.js';
import { createWritePacer, pacePort, type WritePacer, type WritePacerOptions } from './pace-github-writes.js';

export interface ShipgateAppOptions {
  store: Store;
  model?: RiskModel;
  /** Names this replica in store claims; defaults to `shipgate:<pid>`. */
  workerId?: string;
  /** The clock; tests fix it. */
  clock?: () => Date;
  random?: () => number;
  /**
   * Paces each installation's writes (see pace-github-writes.ts); share one between the
   * handlers and the sweeper of a process. Without it, writes are not paced.
   */
  writePacers?: WritePacers;
  /** Policy files read before, for conditional reads; share one per process. */
  files?: FileCache;
}

/** One write pacer per installation, made on first use. */
export interface WritePacers {
  for(installationId: number): WritePacer;
  /** Waits (at most `timeoutMs`) for every installation's waiting reports to be sent. */
  idle(timeoutMs: number): Promise<void>;
}

export function createWritePacers(options: WritePacerOptions): WritePacers {
  const pacers = new Map<number, WritePacer>();
  return {
    for(installationId) {
      let pacer = pacers.get(installationId);
      if (!pacer) {
        pacer = createWritePacer(options);
        pacers.set(installationId, pacer);
      }
      return pacer;
    },
    async idle(timeoutMs) {
      await Promise.all([...pacers.values()].map((p) => p.idle(timeoutMs)));
    },
  };
}

/** The App's dependencies on a Probot instance: GitHub ports come from `app.auth(installationId)`. */
export function createAppDeps(app: Probot, options: ShipgateAppOptions): AppDeps {
  // Policy files read before, so that reading an unchanged one again costs no rate limit.
  const files = options.files ?? createFileCache();
  const pacers = options.writePacers;
  return {
    store: options.store,
    model: options.model ?? loadDefaultModel(),
    workerId: options.workerId ?? `shipgate:${process.pid}`,
    log: {
      info: (m) => app.log.info(m),
      warn: (m) => app.log.warn(m),
      error: (m) => app.log.error(m),
    },
    random: options.random,
    portFor: async (installationId) => {
      const port = createOctokitGitHub(await app.auth(installationId), { files });
      return pacers ? pacePort(port, pacers.for(installationId)) : port;
    },
  };
}

/** The Probot app: handlers only translate events into calls of the App's plain functions. */
export function createShipgateApp(options: ShipgateAppOptions): ApplicationFunction {
  const clock = options.clock ?? (() => new Date());
  return (app) => {
    const deps = createAppDeps(app, options);
    /**
     * A handler's failure answers the delivery with 500 (GitHub shows it as failed and it can be
     * redelivered); the status of a GitHub call that failed inside is not passed on as ours.
     */
    const guard =
      <T>(handle: (payload: T, id: string) => Promise<unknown>) =>
      async (context: { payload: unknown; id: string }) => {
        try {
          await handle(context.payload as T, context.id);
        } catch (error) {
          app.log.error(`shipgate: handling delivery ${context.id} failed: ${describeError(error)}`);
          throw new Error(`shipgate could not handle delivery ${context.id}: ${describeError(error)}`);
        }
      };
    app.on(
      'deployment_protection_rule.requested',
      guard((payload, id) => handleProtectionRequest(deps, payload as never, id, clock())),
    );
    app.on(
      'issue_comment.created',
      guard((payload, id) => handleSignoffComment(deps, payload as never, id, clock())),
    );
    app.on(
      'check_run.requested_action',
      guard((payload, id) => handleCheckRunAction(deps, payload as never, id, clock())),
    );
    app.on(
      'pull_request.synchronize',
      guard((payload, id) => handlePullRequestPush(deps, payload as never, id, clock())),
    );
    app.on(
      'deployment_status.created',
      guard((payload, id) => handleDeploymentStatus(deps, payload as never, id, clock())),
    );
  };
}
