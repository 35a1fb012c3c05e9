import path from 'node:path';
import picomatch from 'picomatch';
import type { IntegrityGateConfig } from './config.js';
import { escapeTableCell, makeErrorResult, makeSkipResult } from './gate-result.js';
import type { Annotation, GateContext, GateResult } from './types.js';

export interface ManifestEntry {
  path: string;
  sha256: string;
  line: number;
}

/** Thrown when a manifest line cannot be read; the message names the file and line. */
export class ManifestFormatError extends Error {
  override name = 'ManifestFormatError';
}

function unescapeSha256sumName(name: string): string {
  return name.replace(/\\(\\|n|r)/g, (_, ch: string) => (ch === 'n' ? '\n' : ch === 'r' ? '\r' : '\\'));
}

/**
 * Reads a `sha256sum` manifest: `<64 hex>  <path>` (text mode), `<64 hex> *<path>` (binary mode),
 * a leading `\` for escaped names, and BSD-style `SHA256 (<path>) = <hex>` lines. Blank lines and
 * `#` comments are skipped.
 */
export function parseSha256Manifest(text: string, source: string): ManifestEntry[] {
  const entries: ManifestEntry[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '' || line.trimStart().startsWith('#')) return;
    const gnu = /^(\\?)([0-9a-fA-F]{64}) [ *](.+)$/.exec(line);
    const bsd = /^(\\?)SHA256 \((.+)\) = ([0-9a-fA-F]{64})$/.exec(line);
    if (gnu) {
      entries.push({
        path: gnu[1] ? unescapeSha256sumName(gnu[3]!) : gnu[3]!,
        sha256: gnu[2]!.toLowerCase(),
        line: index + 1,
      });
    } else if (bsd) {
      entries.push({
        path: bsd[1] ? unescapeSha256sumName(bsd[2]!) : bsd[2]!,
        sha256: bsd[3]!.toLowerCase(),
        line: index + 1,
      });
    } else {
      throw new ManifestFormatError(
        `${source}:${index + 1}: not a sha256sum line: expected '<64 hex digits>  <path>' (as \`sha256sum\` writes it).`,
      );
    }
  });
  return entries;
}

export type IntegrityProblem =
  | { kind: 'mismatch'; path: string; line: number; expected: string; actual: string }
  | { kind: 'missing'; path: string; line: number }
  | { kind: 'unlisted'; path: string }
  | { kind: 'duplicate'; path: string; line: number };

/** Compares manifest entries with the files' actual hashes and the files present under the root. */
export function compareManifest(
  entries: ManifestEntry[],
  actual: Map<string, string | null>,
  present: string[],
): IntegrityProblem[] {
  const problems: IntegrityProblem[] = [];
  const listed = new Set<string>();
  for (const entry of entries) {
    const key = path.posix.normalize(entry.path.replace(/^\.\//, ''));
    if (listed.has(key)) {
      problems.push({ kind: 'duplicate', path: entry.path, line: entry.line });
      continue;
    }
    listed.add(key);
    const hash = actual.get(entry.path) ?? null;
    if (hash === null) problems.push({ kind: 'missing', path: entry.path, line: entry.line });
    else if (hash !== entry.sha256) {
      problems.push({
        kind: 'mismatch',
        path: entry.path,
        line: entry.line,
        expected: entry.sha256,
        actual: hash,
      });
    }
  }
  for (const file of present)
    if (!listed.has(path.posix.normalize(file))) problems.push({ kind: 'unlisted', path: file });
  return problems;
}

/** Judges integrity problems into a gate result. */
export function judgeIntegrity(
  entries: ManifestEntry[],
  problems: IntegrityProblem[],
  manifestPath: string,
  rootPath: string,
  config: IntegrityGateConfig,
): GateResult {
  const counted = problems.filter((p) => p.kind !== 'unlisted' || !config.allow_unlisted);
  const count = (kind: IntegrityProblem['kind']) => counted.filter((p) => p.kind === kind).length;
  const status = counted.length > 0 ? 'fail' : 'pass';
  const describe = (p: IntegrityProblem): string => {
    if (p.kind === 'mismatch')
      return `hash differs: manifest says ${p.expected.slice(0, 12)}…, file has ${p.actual.slice(0, 12)}…`;
    if (p.kind === 'missing') return 'listed in the manifest but not present';
    if (p.kind === 'duplicate') return 'listed twice in the manifest';
    return 'present under root but not listed in the manifest';
  };
  const annotations: Annotation[] = counted
    .filter((p): p is Exclude<IntegrityProblem, { kind: 'unlisted' }> => p.kind !== 'unlisted')
    .slice(0, 50)
    .map((p) => ({
      path: manifestPath,
      start_line: p.line,
      end_line: p.line,
      level: 'failure',
      title: `Integrity: ${p.path}`,
      message: `${p.path}: ${describe(p)}.`,
    }));
  const tally = [
    count('mismatch') ? `${count('mismatch')} mismatched` : '',
    count('missing') ? `${count('missing')} missing` : '',
    count('unlisted') ? `${count('unlisted')} unlisted` : '',
    count('duplicate') ? `${count('duplicate')} duplicated` : '',
  ].filter(Boolean);
  const summary =
    status === 'fail'
      ? `${manifestPath}: ${tally.join(', ')} of ${entries.length} listed files.`
      : `${entries.length} files under ${rootPath} match ${manifestPath}.`;
  const lines = [`Manifest \`${manifestPath}\`, root \`${rootPath}\`: ${entries.length} entries.`];
  if (counted.length) {
    lines.push('', '| file | problem |', '| --- | --- |');
    for (const p of counted.slice(0, 100))
      lines.push(`| \`${escapeTableCell(p.path)}\` | ${escapeTableCell(describe(p))} |`);
    if (counted.length > 100) lines.push(`| … | ${counted.length - 100} more |`);
    if (count('unlisted')) {
      lines.push(
        '',
        'Unlisted files: regenerate the manifest, or set gates.integrity.allow_unlisted or gates.integrity.ignore.',
      );
    }
  }
  const unlistedAllowed = problems.length - counted.length;
  if (unlistedAllowed)
    lines.push('', `${unlistedAllowed} unlisted files accepted (gates.integrity.allow_unlisted).`);
  return {
    gate: 'integrity',
    status,
    blocking: config.blocking,
    summary,
    details: lines.join('\n'),
    annotations,
    metrics: {
      files_listed: entries.length,
      files_mismatched: count('mismatch'),
      files_missing: count('missing'),
      files_unlisted: problems.filter((p) => p.kind === 'unlisted').length,
    },
  };
}

/** Runs the integrity gate: hashes every listed file and looks for unlisted ones under the root. */
export async function runIntegrityGate(config: IntegrityGateConfig, ctx: GateContext): Promise<GateResult> {
  const manifestText = await ctx.readFile(config.manifest);
  if (manifestText === null) {
    return makeSkipResult(
      'integrity',
      config.blocking,
      `gates.integrity.manifest: '${config.manifest}' does not exist. Write it (for example \`sha256sum * > SHA256SUMS\` in the artifact folder) or fix the path.`,
    );
  }
  let entries: ManifestEntry[];
  try {
    entries = parseSha256Manifest(manifestText, config.manifest);
  } catch (error) {
    if (error instanceof ManifestFormatError)
      return makeErrorResult('integrity', config.blocking, error.message);
    throw error;
  }
  const root = config.root ?? path.posix.dirname(config.manifest.replace(/\\/g, '/'));
  const rootAbsolute = path.resolve(ctx.cwd, root);
  const actual = new Map<string, string | null>();
  for (const entry of entries)
    actual.set(entry.path, await ctx.hashFile(path.resolve(rootAbsolute, entry.path)));
  const manifestAbsolute = path.resolve(ctx.cwd, config.manifest);
  const ignored = config.ignore.length ? picomatch(config.ignore, { dot: true }) : () => false;
  const present = (await ctx.glob(['**/*'], rootAbsolute)).filter(
    (file) => path.resolve(rootAbsolute, file) !== manifestAbsolute && !ignored(file),
  );
  const problems = compareManifest(
    entries.filter((entry) => !ignored(entry.path)),
    actual,
    present,
  );
  return judgeIntegrity(entries, problems, config.manifest, root, config);
}
