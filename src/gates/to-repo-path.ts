import path from 'node:path';

/**
 * Turns a path or `file:` URI from a report into a path relative to the repository root, with
 * forward slashes. Paths outside the root stay absolute; relative paths are kept as they are.
 */
export function toRepoPath(raw: string, root: string): string {
  let value = raw.trim();
  if (/^file:/i.test(value)) {
    try {
      value = decodeURIComponent(new URL(value).pathname);
    } catch {
      value = value.replace(/^file:(\/\/)?/i, '');
    }
    if (/^\/[A-Za-z]:\//.test(value)) value = value.slice(1);
  }
  value = value.replace(/\\/g, '/');
  const normalizedRoot = root.replace(/\\/g, '/').replace(/\/+$/, '');
  const isAbsolute = value.startsWith('/') || /^[A-Za-z]:\//.test(value);
  if (isAbsolute) {
    if (normalizedRoot && (value === normalizedRoot || value.startsWith(normalizedRoot + '/'))) {
      return path.posix.normalize(value.slice(normalizedRoot.length + 1) || '.');
    }
    return path.posix.normalize(value);
  }
  return path.posix.normalize(value).replace(/^\.\//, '');
}
