/**
 * Whether a string can be a GitHub login as webhooks carry it: letters, digits and hyphens (and
 * `_` for managed users), at most 100 characters, optionally ending in `[bot]`. Anything else
 * (spaces, control characters, NUL) cannot come from GitHub and is not stored.
 */
export function isGitHubLogin(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9](?:[A-Za-z0-9_-]{0,99})(?:\[bot\])?$/.test(value);
}
