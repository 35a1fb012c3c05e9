import { readEventRepository } from './read-event-repository.js';
import { appendAuditEvent, describeError, type AppDeps } from './app-deps.js';
import { parseSignoffCommand } from './parse-signoff-command.js';
import { recordSignoff, type SignoffResult } from './record-signoff.js';
import { isGitHubLogin } from './validate-login.js';

interface CommentPayload {
  action?: unknown;
  issue?: { number?: unknown; pull_request?: unknown };
  comment?: { id?: unknown; body?: unknown; user?: { login?: unknown; type?: unknown } };
  sender?: { login?: unknown; type?: unknown };
  repository?: { name?: unknown; owner?: { login?: unknown } };
  installation?: { id?: unknown };
}

export type CommentResult =
  { status: 'ignored'; why: string } | { status: 'malformed'; error: string } | SignoffResult;

const positive = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;

/**
 * `issue_comment.created` on a pull request: a `/shipgate approve|reject|revoke|break-glass <env>`
 * command on the first line is a sign-off by the comment's author.
 */
export async function handleSignoffComment(
  deps: AppDeps,
  payload: CommentPayload,
  deliveryId: string,
  now: Date,
): Promise<CommentResult> {
  if (!payload.issue?.pull_request) return { status: 'ignored', why: 'not a pull request comment' };
  const command = parseSignoffCommand(payload.comment?.body);
  if (command === null) return { status: 'ignored', why: 'not a shipgate command' };
  const where = readEventRepository(payload);
  const owner = where?.owner;
  const repo = where?.repo;
  const installationId = where?.installationId;
  const pullNumber = payload.issue.number;
  const commentId = payload.comment?.id;
  const user = payload.comment?.user ?? payload.sender;
  const login = user?.login;
  if (
    typeof owner !== 'string' ||
    typeof repo !== 'string' ||
    !positive(installationId) ||
    !positive(pullNumber) ||
    !positive(commentId) ||
    !isGitHubLogin(login)
  ) {
    deps.log.warn(
      'shipgate: ignored a shipgate command in an event without repository, installation, PR, comment or author',
    );
    return { status: 'ignored', why: 'the event lacks fields shipgate needs' };
  }
  if ('error' in command) {
    const recorded = await deps.store.transaction(async (tx) => {
      if (!(await tx.recordDelivery(deliveryId, 'issue_comment.created', now))) return false;
      await appendAuditEvent(
        tx,
        now,
        'signoff_refused',
        { repo: `${owner}/${repo}`, actor: login },
        {
          pull_number: pullNumber,
          comment_id: commentId,
          refusal: command.error,
        },
      );
      return true;
    });
    if (!recorded) return { status: 'duplicate' };
    try {
      const port = await deps.portFor(installationId);
      await port.addReaction(owner, repo, commentId, '-1');
      await port.createComment(
        owner,
        repo,
        pullNumber,
        `shipgate could not read that command: ${command.error}.`,
      );
    } catch (error) {
      deps.log.warn(`shipgate: could not answer a malformed command: ${describeError(error)}`);
    }
    return { status: 'malformed', error: command.error };
  }
  return recordSignoff(
    deps,
    {
      installationId,
      owner,
      repo,
      pullNumber,
      sha: null,
      login,
      isBot: user?.type === 'Bot' || login.toLowerCase().endsWith('[bot]'),
      kind: command.kind,
      environment: command.environment,
      reason: command.reason,
      source: 'comment',
      deliveryId,
      event: 'issue_comment.created',
      commentId,
    },
    now,
  );
}
