/** Where a policy's `_extends` points: a file in a repository. */
export interface ExtendsTarget {
  owner: string;
  repo: string;
  path: string;
}

export const DEFAULT_POLICY_PATH = '.github/shipgate.yml';

/**
 * Reads `_extends`: `.github` or `repo` (a repository of the same owner), `owner/repo`, each
 * optionally followed by `:path/to/file.yml` (default `.github/shipgate.yml`).
 * Returns an error message naming the accepted forms when the value is not one of them.
 */
export function parseExtends(value: string, currentOwner: string): ExtendsTarget | { error: string } {
  const match = /^(?:([A-Za-z0-9][A-Za-z0-9-]*)\/)?([A-Za-z0-9._-]+)(?::(.+))?$/.exec(value.trim());
  if (!match) {
    return {
      error: `_extends: '${value}' is not a repository reference; write .github, owner/repo, or owner/repo:path/to/policy.yml`,
    };
  }
  const [, owner, repo, path] = match;
  if (path !== undefined && (path.startsWith('/') || path.split('/').includes('..'))) {
    return { error: `_extends: path '${path}' must be relative to the repository root, without '..'` };
  }
  return { owner: owner ?? currentOwner, repo: repo!, path: path ?? DEFAULT_POLICY_PATH };
}
