/** A file's text as GitHub last sent it, with the ETag that names that version. */
export interface CachedFile {
  etag: string;
  text: string;
}

/**
 * Files read from GitHub, kept to make the next read conditional (`If-None-Match`): GitHub
 * answers 304 without a body when the file is unchanged, and a 304 does not count against the
 * installation's rate limit. Every read still asks GitHub, so a change applies at once, and
 * access is checked with the caller's token each time. Keyed `owner/repo:path`; the least
 * recently used file goes first when full.
 */
export interface FileCache {
  get(key: string): CachedFile | undefined;
  set(key: string, file: CachedFile): void;
  delete(key: string): void;
  readonly size: number;
}

export interface FileCacheOptions {
  /** Files kept (default 1,000). */
  maxFiles?: number;
  /** Characters kept in all (default 16 M, about 32 MB); larger files are not kept. */
  maxChars?: number;
}

export function createFileCache(options: FileCacheOptions = {}): FileCache {
  const maxFiles = options.maxFiles ?? 1_000;
  const maxChars = options.maxChars ?? 16 * 1024 * 1024;
  const files = new Map<string, CachedFile>();
  let chars = 0;
  const remove = (key: string) => {
    const file = files.get(key);
    if (!file) return;
    files.delete(key);
    chars -= file.text.length;
  };
  return {
    get(key) {
      const file = files.get(key);
      if (file) {
        // A Map iterates in insertion order: re-inserting marks the file as used last.
        files.delete(key);
        files.set(key, file);
      }
      return file;
    },
    set(key, file) {
      remove(key);
      if (file.text.length > maxChars) return;
      files.set(key, file);
      chars += file.text.length;
      for (const oldest of files.keys()) {
        if (files.size <= maxFiles && chars <= maxChars) break;
        remove(oldest);
      }
    },
    delete: remove,
    get size() {
      return files.size;
    },
  };
}
