import { isMap, isPair, isScalar, isSeq, LineCounter, type Document, type Node } from 'yaml';

export interface SourcePosition {
  line: number;
  column: number;
}

/** A parsed YAML file and a way to find a key path's line and column in it. */
export interface LocatedSource {
  file: string;
  doc: Document.Parsed;
  lines: LineCounter;
}

/**
 * The position of `path` in the document: of the key itself when `at` is 'key' (for unknown keys),
 * else of its value. Falls back to the deepest part of the path that exists; null when none does.
 */
export function locatePath(
  source: LocatedSource,
  path: readonly (string | number)[],
  at: 'key' | 'value' = 'value',
): SourcePosition | null {
  let node: unknown = source.doc.contents;
  let best: [number, number, number] | undefined = (node as Node | null)?.range ?? undefined;
  let found = path.length === 0;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment),
      );
      if (!pair) break;
      const last = i === path.length - 1;
      const keyNode = pair.key as Node;
      const valueNode = pair.value as Node | null;
      best = (last && at === 'key') || !valueNode?.range ? (keyNode.range ?? best) : valueNode.range;
      node = valueNode;
      found = last;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | undefined;
      if (!item?.range) break;
      best = item.range;
      node = item;
      found = i === path.length - 1;
    } else {
      break;
    }
  }
  if (!best) return found ? { line: 1, column: 1 } : null;
  const pos = source.lines.linePos(best[0]);
  return { line: pos.line, column: pos.col };
}

/** Whether the path exists in the document. */
export function hasPath(source: LocatedSource, path: readonly (string | number)[]): boolean {
  return source.doc.hasIn(path);
}
