import type { GateContext } from './types.js';

export interface MatchedFile {
  path: string;
  text: string;
}

export type MatchedFiles =
  { files: MatchedFile[]; missing?: undefined } | { files?: undefined; missing: string };

/**
 * Reads every file the globs of policy key `key` match. `missing` says which globs matched
 * nothing and how to fix it, for a `skip` result.
 */
export async function readMatchedFiles(
  ctx: GateContext,
  patterns: string | string[],
  key: string,
): Promise<MatchedFiles> {
  const list = Array.isArray(patterns) ? patterns : [patterns];
  const paths = await ctx.glob(list, ctx.cwd);
  if (paths.length === 0) {
    return {
      missing:
        `${key}: ${list.map((p) => `'${p}'`).join(', ')} matched no file under ${ctx.cwd}. ` +
        `Produce the report in an earlier workflow step, or fix the path in ${key}.`,
    };
  }
  const texts = await Promise.all(paths.map((path) => ctx.readFile(path)));
  const files: MatchedFile[] = [];
  paths.forEach((path, index) => {
    const text = texts[index];
    if (text !== null && text !== undefined) files.push({ path, text });
  });
  if (files.length === 0) {
    return { missing: `${key}: the files matched (${paths.join(', ')}) could not be read.` };
  }
  return { files };
}
