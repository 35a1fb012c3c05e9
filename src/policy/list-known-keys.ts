import type { z } from 'zod';

type AnySchema = z.core.$ZodType;

/** Follows wrappers (optional, default, pipes, arrays, records) down `path` and lists the object keys found there. */
export function listKnownKeys(schema: AnySchema, path: readonly (string | number | symbol)[]): string[] {
  let current: AnySchema[] = [schema];
  for (const segment of [...path, null]) {
    current = current.flatMap(unwrap);
    if (segment === null) break;
    current = current.flatMap((s) => {
      const def = s._zod.def as unknown as Record<string, unknown> & { type: string };
      if (def.type === 'object') {
        const child = (def.shape as Record<string, AnySchema>)[String(segment)];
        return child ? [child] : [];
      }
      if (def.type === 'array') return typeof segment === 'number' ? [def.element as AnySchema] : [];
      if (def.type === 'record') return [def.valueType as AnySchema];
      return [];
    });
  }
  const keys = current.flatMap((s) => {
    const def = s._zod.def as unknown as { type: string; shape?: Record<string, unknown> };
    return def.type === 'object' && def.shape ? Object.keys(def.shape) : [];
  });
  return [...new Set(keys)];
}

function unwrap(schema: AnySchema): AnySchema[] {
  const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
  switch (def.type) {
    case 'optional':
    case 'default':
    case 'nullable':
    case 'prefault':
    case 'readonly':
    case 'catch':
      return unwrap(def.innerType as AnySchema);
    case 'pipe':
      return unwrap(def.in as AnySchema);
    case 'union':
      return (def.options as AnySchema[]).flatMap(unwrap);
    case 'lazy':
      return unwrap((def.getter as () => AnySchema)());
    default:
      return [schema];
  }
}
