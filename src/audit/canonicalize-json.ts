/** Raised when a value has no canonical JSON form (undefined, a function, NaN, a cycle …). */
export class CanonicalJsonError extends Error {
  override name = 'CanonicalJsonError';
}

/**
 * Canonical JSON (in the manner of RFC 8785): object keys sorted by UTF-16 code units, no
 * whitespace, numbers and strings as `JSON.stringify` writes them. Equal values always give the
 * same text, so a hash over it survives a round trip through PostgreSQL's `jsonb`.
 */
export function canonicalizeJson(value: unknown): string {
  return write(value, new Set(), '$');
}

function write(value: unknown, seen: Set<object>, path: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) {
        throw new CanonicalJsonError(
          `${path} is ${value}, which JSON cannot represent; store it as a string.`,
        );
      }
      return JSON.stringify(value);
    case 'object':
      break;
    default:
      throw new CanonicalJsonError(`${path} is a ${typeof value}, which JSON cannot represent.`);
  }
  const object = value as object;
  if (seen.has(object)) throw new CanonicalJsonError(`${path} refers to itself; a cycle has no JSON form.`);
  seen.add(object);
  let text: string;
  if (Array.isArray(object)) {
    text = `[${object.map((item, index) => write(item, seen, `${path}[${index}]`)).join(',')}]`;
  } else if (object instanceof Date) {
    text = JSON.stringify(object.toISOString());
  } else {
    const entries = Object.entries(object as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    text = `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${write(item, seen, `${path}.${key}`)}`).join(',')}}`;
  }
  seen.delete(object);
  return text;
}
