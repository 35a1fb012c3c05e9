import type { Verdict } from '../policy/verdict.js';
import { escapeMarkdown } from './escape-markdown.js';
import { renderVerdictMarkdown } from './render-verdict-markdown.js';

/** A sign-off as the status comment lists it. */
export interface StatusSignoff {
  login: string;
  kind: 'approve' | 'reject' | 'break_glass' | 'revoke';
  at: Date;
  source: 'comment' | 'check_run';
  accepted: boolean;
  refusalReason: string | null;
}

export interface StatusCommentInput {
  environment: string;
  sha: string;
  /** The latest verdict for a waiting deployment; null when none is waiting. */
  verdict: Verdict | null;
  signoffs: StatusSignoff[];
  /** Set after a push: sign-offs for the old commit no longer count. */
  stale?: { before: string; after: string } | null;
  /** Without a verdict: whether a deployment of `sha` is waiting (it was not evaluated just now). */
  waiting?: boolean;
  /** Why the deployment could not be evaluated, when it could not. */
  problem?: string | null;
}

/** The hidden marker that identifies shipgate's status comment for an environment. */
export function statusCommentMarker(environment: string): string {
  return `<!-- shipgate:status environment=${encodeURIComponent(environment)} -->`;
}

const REFUSED: Record<StatusSignoff['kind'], string> = {
  approve: 'approval',
  reject: 'rejection',
  break_glass: 'break-glass',
  revoke: 'revoke',
};

const KIND: Record<StatusSignoff['kind'], string> = {
  approve: 'approved',
  reject: 'rejected',
  break_glass: 'broke the glass',
  revoke: 'revoked their sign-off',
};

/** The one status comment shipgate keeps per pull request and environment (updated, never repeated). */
export function renderStatusComment(input: StatusCommentInput): string {
  const env = escapeMarkdown(input.environment);
  const sha = input.sha.slice(0, 7);
  const lines = [statusCommentMarker(input.environment), `### shipgate · ${env}`, ''];
  if (input.stale) {
    lines.push(
      `⚠️ New commits were pushed (\`${input.stale.after.slice(0, 7)}\`). Sign-offs given for \`${input.stale.before.slice(0, 7)}\` are stale and no longer count: sign off again on the new commit (\`/shipgate approve ${env}\`).`,
      '',
    );
  }
  if (input.problem) {
    lines.push(
      `⛔ shipgate could not evaluate this deployment and approves nothing: ${escapeMarkdown(input.problem, 800)}`,
      '',
    );
  }
  if (input.verdict) {
    lines.push(renderVerdictMarkdown(input.verdict), '');
  } else if (!input.problem) {
    lines.push(
      input.waiting
        ? `A deployment of \`${sha}\` to **${env}** is waiting for sign-off.`
        : `No deployment of \`${sha}\` to **${env}** is waiting for shipgate yet.`,
      '',
    );
  }
  lines.push(`**Sign-offs for \`${sha}\`**`);
  if (input.signoffs.length === 0) lines.push('', 'None yet.');
  else lines.push('');
  for (const s of input.signoffs) {
    const via = s.source === 'check_run' ? 'check run button' : 'comment';
    if (s.accepted) {
      lines.push(`- ✔ ${escapeMarkdown(s.login)} ${KIND[s.kind]} (${via}, ${s.at.toISOString()})`);
    } else {
      lines.push(
        `- ✘ ${escapeMarkdown(s.login)}: ${REFUSED[s.kind]} refused (${via}, ${s.at.toISOString()}): ${escapeMarkdown(s.refusalReason ?? 'refused', 400)}`,
      );
    }
  }
  lines.push(
    '',
    `<sub>Sign off with \`/shipgate approve ${env}\`, \`/shipgate reject ${env} <reason>\`, \`/shipgate revoke ${env}\` or \`/shipgate break-glass ${env} <reason>\`, or with the buttons on the check run \`shipgate / ${env}\`.</sub>`,
  );
  return lines.join('\n');
}
