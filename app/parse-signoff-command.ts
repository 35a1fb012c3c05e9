import { isEnvironmentName } from './validate-environment-name.js';

export type SignoffVerb = 'approve' | 'reject' | 'revoke' | 'break_glass';

export interface SignoffCommand {
  kind: SignoffVerb;
  environment: string;
  reason: string | null;
}

export const SIGNOFF_USAGE =
  '/shipgate approve <environment>, /shipgate reject <environment> <reason>, /shipgate revoke <environment>, /shipgate break-glass <environment> <reason>';

const VERBS: Record<string, SignoffVerb> = {
  approve: 'approve',
  reject: 'reject',
  revoke: 'revoke',
  'break-glass': 'break_glass',
};

/** Longest reason kept; longer ones are refused rather than cut. */
export const MAX_REASON_LENGTH = 500;

/**
 * Reads a sign-off command from the first line of a comment. Returns null when the comment is not
 * a shipgate command at all, and `{error}` (never echoing the input) when it is a malformed one.
 */
export function parseSignoffCommand(body: unknown): SignoffCommand | { error: string } | null {
  if (typeof body !== 'string') return null;
  const firstLine = body
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/, 1)[0]!
    .trim();
  if (!/^\/shipgate(?:\s|$)/.test(firstLine)) return null;
  const [, verbText, environment, ...rest] = firstLine.split(/\s+/);
  const kind = verbText ? VERBS[verbText.toLowerCase()] : undefined;
  if (!kind) return { error: `unknown or missing command; use ${SIGNOFF_USAGE}` };
  if (!isEnvironmentName(environment)) {
    return {
      error:
        'missing or invalid environment name (letters, digits, ".", "_" and "-", at most 255 characters); use ' +
        SIGNOFF_USAGE,
    };
  }
  const reason = rest.join(' ').trim() || null;
  if ((kind === 'reject' || kind === 'break_glass') && !reason) {
    return { error: `a reason is required: /shipgate ${verbText!.toLowerCase()} <environment> <reason>` };
  }
  if ((kind === 'approve' || kind === 'revoke') && reason) {
    return { error: `/shipgate ${kind} takes only the environment name; write any note on a separate line` };
  }
  if (reason && reason.length > MAX_REASON_LENGTH) {
    return { error: `the reason is longer than ${MAX_REASON_LENGTH} characters; shorten it` };
  }
  // eslint-disable-next-line no-control-regex
  if (reason && /[\u0000-\u001f\u007f]/.test(reason))
    return { error: 'the reason contains control characters' };
  return { kind, environment, reason };
}
