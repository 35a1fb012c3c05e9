import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { CoverageGateConfig } from './config.js';
import { escapeTableCell, formatNumber, makeErrorResult, makeSkipResult } from './gate-result.js';
import { readMatchedFiles, type MatchedFile } from './read-matched-files.js';
import { toRepoPath } from './to-repo-path.js';
import type { Annotation, GateContext, GateResult } from './types.js';

export type CoverageFormat = 'lcov' | 'cobertura' | 'istanbul';

export interface CoverageCount {
  total: number;
  covered: number;
}

/** Totals of one or more reports, with per-line hits where the format has them. */
export interface CoverageTotals {
  lines: CoverageCount;
  branches: CoverageCount;
  /** Hits per instrumented line, by path as written in the report (lcov and Cobertura only). */
  lineHits: Map<string, Map<number, number>>;
}

/** Thrown when a coverage report cannot be read; the message names the file and the problem. */
export class CoverageFormatError extends Error {
  override name = 'CoverageFormatError';
}

function emptyTotals(): CoverageTotals {
  return { lines: { total: 0, covered: 0 }, branches: { total: 0, covered: 0 }, lineHits: new Map() };
}

function addLineHit(totals: CoverageTotals, file: string, line: number, hits: number): void {
  let lines = totals.lineHits.get(file);
  if (!lines) totals.lineHits.set(file, (lines = new Map()));
  lines.set(line, Math.max(lines.get(line) ?? 0, hits));
}

/** Reads an lcov tracefile (`SF:`, `DA:`, `LF:`/`LH:`, `BRDA:`, `BRF:`/`BRH:`, `end_of_record`). */
export function parseLcov(text: string, source: string): CoverageTotals {
  const totals = emptyTotals();
  let file: string | null = null;
  let record = { lf: -1, lh: -1, brf: -1, brh: -1, da: 0, daHit: 0, brda: 0, brdaHit: 0 };
  let records = 0;
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    const colon = line.indexOf(':');
    const key = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1);
    const fail = (what: string): never => {
      throw new CoverageFormatError(`${source}:${index + 1}: not an lcov tracefile: ${what}.`);
    };
    if (key === 'SF') {
      file = value;
      record = { lf: -1, lh: -1, brf: -1, brh: -1, da: 0, daHit: 0, brda: 0, brdaHit: 0 };
      return;
    }
    if (key === 'end_of_record') {
      if (file === null) fail('end_of_record without SF');
      totals.lines.total += record.lf >= 0 ? record.lf : record.da;
      totals.lines.covered += record.lh >= 0 ? record.lh : record.daHit;
      totals.branches.total += record.brf >= 0 ? record.brf : record.brda;
      totals.branches.covered += record.brh >= 0 ? record.brh : record.brdaHit;
      records += 1;
      file = null;
      return;
    }
    if (key === 'TN' || key === 'VER') return;
    if (file === null) fail(`'${line.slice(0, 40)}' outside an SF … end_of_record record`);
    const parts = value.split(',');
    switch (key) {
      case 'DA': {
        const lineNo = Number(parts[0]);
        const hits = Number(parts[1]);
        if (!Number.isInteger(lineNo) || !Number.isFinite(hits)) fail(`bad DA line '${line}'`);
        record.da += 1;
        if (hits > 0) record.daHit += 1;
        addLineHit(totals, file!, lineNo, hits);
        return;
      }
      case 'BRDA':
        if (parts.length < 4) fail(`bad BRDA line '${line}'`);
        record.brda += 1;
        if (parts[3] !== '-' && Number(parts[3]) > 0) record.brdaHit += 1;
        return;
      case 'LF':
      case 'LH':
      case 'BRF':
      case 'BRH': {
        const count = Number(value);
        if (!Number.isInteger(count) || count < 0) fail(`bad ${key} count '${value}'`);
        record[key.toLowerCase() as 'lf' | 'lh' | 'brf' | 'brh'] = count;
        return;
      }
      case 'FN':
      case 'FNDA':
      case 'FNF':
      case 'FNH':
      case 'FNL':
      case 'FNA':
      case 'MCDC':
      case 'MCF':
      case 'MCH':
        return;
      default:
        fail(`unknown record '${key}'`);
    }
  });
  if (file !== null)
    throw new CoverageFormatError(`${source}: not an lcov tracefile: the last record has no end_of_record.`);
  if (records === 0)
    throw new CoverageFormatError(`${source}: not an lcov tracefile: it has no SF … end_of_record record.`);
  return totals;
}

const coberturaParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  attributesGroupName: '@',
  parseAttributeValue: false,
  isArray: (tag) => ['package', 'class', 'line', 'source'].includes(tag),
});

type XmlNode = Record<string, unknown>;

function attrs(node: unknown): Record<string, string> {
  return ((node as XmlNode | undefined)?.['@'] as Record<string, string> | undefined) ?? {};
}

function list(node: unknown, tag: string): XmlNode[] {
  const value = (node as XmlNode | undefined)?.[tag];
  if (value === undefined || value === '') return [];
  return (Array.isArray(value) ? value : [value]).filter(
    (v): v is XmlNode => typeof v === 'object' && v !== null,
  );
}

/** Reads a Cobertura XML report (coverage.py, Istanbul's cobertura reporter, JaCoCo converters). */
export function parseCobertura(xml: string, source: string): CoverageTotals {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new CoverageFormatError(
      `${source}:${valid.err.line}:${valid.err.col}: not well-formed XML (${valid.err.msg}).`,
    );
  }
  const document = coberturaParser.parse(xml) as XmlNode;
  const coverage = document.coverage;
  if (coverage === undefined || typeof coverage !== 'object') {
    throw new CoverageFormatError(`${source}: not a Cobertura report: the root element is not <coverage>.`);
  }
  const totals = emptyTotals();
  const sources = list(coverage, 'sources').flatMap((s) =>
    (Array.isArray(s.source) ? s.source : [s.source]).filter((v): v is string => typeof v === 'string'),
  );
  const base = sources[0]?.trim().replace(/\/+$/, '');
  let lineCount = 0;
  let lineHit = 0;
  let branchCount = 0;
  let branchHit = 0;
  for (const pkg of list(list(coverage, 'packages')[0], 'package')) {
    for (const cls of list(list(pkg, 'classes')[0], 'class')) {
      const filename = attrs(cls).filename ?? '';
      const file = base && !filename.startsWith('/') ? `${base}/${filename}` : filename;
      for (const line of list(list(cls, 'lines')[0], 'line')) {
        const a = attrs(line);
        const number = Number(a.number);
        const hits = Number(a.hits);
        if (!Number.isInteger(number) || !Number.isFinite(hits)) {
          throw new CoverageFormatError(
            `${source}: a <line> in class '${attrs(cls).name ?? filename}' lacks number or hits.`,
          );
        }
        lineCount += 1;
        if (hits > 0) lineHit += 1;
        addLineHit(totals, file, number, hits);
        const condition = /\((\d+)\/(\d+)\)/.exec(a['condition-coverage'] ?? '');
        if (a.branch === 'true' && condition) {
          branchHit += Number(condition[1]);
          branchCount += Number(condition[2]);
        }
      }
    }
  }
  const root = attrs(coverage);
  const declaredValid = Number(root['lines-valid']);
  const declaredCovered = Number(root['lines-covered']);
  if (lineCount === 0 && Number.isFinite(declaredValid) && Number.isFinite(declaredCovered)) {
    totals.lines = { total: declaredValid, covered: declaredCovered };
  } else {
    totals.lines = { total: lineCount, covered: lineHit };
  }
  const declaredBranches = Number(root['branches-valid']);
  const declaredBranchesCovered = Number(root['branches-covered']);
  if (branchCount === 0 && Number.isFinite(declaredBranches) && Number.isFinite(declaredBranchesCovered)) {
    totals.branches = { total: declaredBranches, covered: declaredBranchesCovered };
  } else {
    totals.branches = { total: branchCount, covered: branchHit };
  }
  return totals;
}

/** Reads an istanbul `coverage-summary.json` (its `total` entry). */
export function parseIstanbulSummary(text: string, source: string): CoverageTotals {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new CoverageFormatError(`${source}: not valid JSON (${(error as Error).message}).`);
  }
  const total = (data as { total?: Record<string, { total?: unknown; covered?: unknown }> } | null)?.total;
  const lines = total?.lines;
  if (!lines || typeof lines.total !== 'number' || typeof lines.covered !== 'number') {
    throw new CoverageFormatError(
      `${source}: not an istanbul coverage summary: it needs total.lines.total and total.lines.covered.`,
    );
  }
  const branches = total.branches;
  const totals = emptyTotals();
  totals.lines = { total: lines.total, covered: lines.covered };
  if (branches && typeof branches.total === 'number' && typeof branches.covered === 'number') {
    totals.branches = { total: branches.total, covered: branches.covered };
  }
  return totals;
}

/** Guesses a coverage report's format from its content. */
export function detectCoverageFormat(text: string): CoverageFormat | null {
  const head = text.trimStart();
  if (head.startsWith('<')) return 'cobertura';
  if (head.startsWith('{')) return 'istanbul';
  if (/^(TN|SF):/m.test(head) && /end_of_record/.test(text)) return 'lcov';
  return null;
}

/** Reads a coverage report of the given format. */
export function parseCoverage(text: string, format: CoverageFormat, source: string): CoverageTotals {
  if (format === 'lcov') return parseLcov(text, source);
  if (format === 'cobertura') return parseCobertura(text, source);
  return parseIstanbulSummary(text, source);
}

/** Adds several reports together (for example one lcov file per package). */
export function mergeCoverage(parts: CoverageTotals[]): CoverageTotals {
  const totals = emptyTotals();
  for (const part of parts) {
    totals.lines.total += part.lines.total;
    totals.lines.covered += part.lines.covered;
    totals.branches.total += part.branches.total;
    totals.branches.covered += part.branches.covered;
    for (const [file, lines] of part.lineHits)
      for (const [line, hits] of lines) addLineHit(totals, file, line, hits);
  }
  return totals;
}

function percentOf(count: CoverageCount): number | null {
  return count.total === 0 ? null : (count.covered / count.total) * 100;
}

/** Groups sorted line numbers into runs of consecutive lines. */
function groupRuns(lines: number[]): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  for (const line of lines) {
    const last = runs[runs.length - 1];
    if (last && line === last[1] + 1) last[1] = line;
    else runs.push([line, line]);
  }
  return runs;
}

export interface CoverageJudgeInput {
  current: CoverageTotals;
  sources: string[];
  baseline?: { totals: CoverageTotals; source: string };
  changedLines?: Map<string, Set<number>>;
  root: string;
}

/** Judges coverage against `min`, `min_branches`, `max_drop` and `min_patch`. */
export function judgeCoverage(input: CoverageJudgeInput, config: CoverageGateConfig): GateResult {
  const { current, baseline, changedLines, root } = input;
  const lines = percentOf(current.lines);
  const branches = percentOf(current.branches);
  const problems: string[] = [];
  const notes: string[] = [];
  const metrics: Record<string, number> = {};
  if (lines !== null) metrics.lines_pct = lines;
  if (branches !== null) metrics.branches_pct = branches;

  if (lines === null) problems.push('the reports instrument no line');
  if (config.min !== undefined && lines !== null && lines < config.min) {
    problems.push(`line coverage ${formatNumber(lines)}% is below gates.coverage.min (${config.min}%)`);
  }
  if (config.min_branches !== undefined) {
    if (branches === null)
      notes.push('The reports have no branch data, so gates.coverage.min_branches was not checked.');
    else if (branches < config.min_branches) {
      problems.push(
        `branch coverage ${formatNumber(branches)}% is below gates.coverage.min_branches (${config.min_branches}%)`,
      );
    }
  }
  const baselineLines = baseline ? percentOf(baseline.totals.lines) : null;
  if (baselineLines !== null) metrics.baseline_lines_pct = baselineLines;
  if (config.max_drop !== undefined) {
    if (!baseline || baselineLines === null) {
      notes.push(
        'No baseline coverage was available, so gates.coverage.max_drop was not checked. ' +
          'Set gates.coverage.baseline to a report of the base commit.',
      );
    } else if (lines !== null) {
      const drop = baselineLines - lines;
      metrics.lines_drop = drop;
      if (drop > config.max_drop) {
        problems.push(
          `line coverage fell ${formatNumber(drop)} points (${formatNumber(baselineLines)}% → ${formatNumber(lines)}%), more than gates.coverage.max_drop (${config.max_drop})`,
        );
      }
    }
  }

  const annotations: Annotation[] = [];
  let patchTotal = 0;
  let patchCovered = 0;
  if (changedLines && current.lineHits.size > 0) {
    for (const [reportPath, hits] of current.lineHits) {
      const path = toRepoPath(reportPath, root);
      const changed = changedLines.get(path);
      if (!changed) continue;
      const uncovered: number[] = [];
      for (const line of changed) {
        const hit = hits.get(line);
        if (hit === undefined) continue;
        patchTotal += 1;
        if (hit > 0) patchCovered += 1;
        else uncovered.push(line);
      }
      for (const [start, end] of groupRuns(uncovered.sort((a, b) => a - b))) {
        annotations.push({
          path,
          start_line: start,
          end_line: end,
          level: 'notice',
          title: 'Changed lines not covered',
          message:
            start === end
              ? `Line ${start} changed and no test ran it.`
              : `Lines ${start}–${end} changed and no test ran them.`,
        });
      }
    }
    if (patchTotal > 0) metrics.patch_lines_pct = (patchCovered / patchTotal) * 100;
  }
  if (config.min_patch !== undefined) {
    if (patchTotal === 0) {
      notes.push(
        'No changed line is instrumented (or no diff or per-line data is known), so gates.coverage.min_patch was not checked.',
      );
    } else if (metrics.patch_lines_pct! < config.min_patch) {
      problems.push(
        `coverage of changed lines ${formatNumber(metrics.patch_lines_pct!)}% is below gates.coverage.min_patch (${config.min_patch}%)`,
      );
    }
  }

  const status = problems.length > 0 ? 'fail' : 'pass';
  const show = (value: number | null) => (value === null ? 'n/a' : `${formatNumber(value)}%`);
  const summary =
    status === 'fail'
      ? `${problems.join('; ')}.`
      : `Line coverage ${show(lines)}` +
        (baselineLines !== null ? ` (baseline ${show(baselineLines)})` : '') +
        (branches !== null ? `, branches ${show(branches)}` : '') +
        (metrics.patch_lines_pct !== undefined ? `, changed lines ${show(metrics.patch_lines_pct)}` : '') +
        '.';
  const details = [
    '| measure | covered | total | percent |',
    '| --- | ---: | ---: | ---: |',
    `| lines | ${current.lines.covered} | ${current.lines.total} | ${show(lines)} |`,
    `| branches | ${current.branches.covered} | ${current.branches.total} | ${show(branches)} |`,
    ...(patchTotal > 0
      ? [`| changed lines | ${patchCovered} | ${patchTotal} | ${show(metrics.patch_lines_pct!)} |`]
      : []),
    ...(baseline
      ? [
          `| baseline lines | ${baseline.totals.lines.covered} | ${baseline.totals.lines.total} | ${show(baselineLines)} |`,
        ]
      : []),
    '',
    `Reports: ${input.sources.map((s) => `\`${escapeTableCell(s)}\``).join(', ')}` +
      (baseline ? `; baseline: \`${escapeTableCell(baseline.source)}\`` : ''),
    ...notes.map((note) => `\n${note}`),
  ].join('\n');
  return { gate: 'coverage', status, blocking: config.blocking, summary, details, annotations, metrics };
}

async function readReports(
  ctx: GateContext,
  config: CoverageGateConfig,
): Promise<{ files: Array<MatchedFile & { format: CoverageFormat }> } | { missing: string }> {
  const keys: Array<[CoverageFormat, string | string[] | undefined]> = [
    ['lcov', config.lcov],
    ['cobertura', config.cobertura],
    ['istanbul', config.istanbul],
  ];
  const files: Array<MatchedFile & { format: CoverageFormat }> = [];
  const missing: string[] = [];
  for (const [format, patterns] of keys) {
    if (patterns === undefined) continue;
    const matched = await readMatchedFiles(ctx, patterns, `gates.coverage.${format}`);
    if (matched.missing !== undefined) missing.push(matched.missing);
    else files.push(...matched.files.map((file) => ({ ...file, format })));
  }
  if (files.length === 0) return { missing: missing.join(' ') };
  return { files };
}

/** Runs the coverage gate: reads the reports and the baseline, and judges them. */
export async function runCoverageGate(config: CoverageGateConfig, ctx: GateContext): Promise<GateResult> {
  const read = await readReports(ctx, config);
  if ('missing' in read) return makeSkipResult('coverage', config.blocking, read.missing);
  try {
    const current = mergeCoverage(read.files.map((file) => parseCoverage(file.text, file.format, file.path)));
    let baseline: CoverageJudgeInput['baseline'];
    let baselineText: { text: string; source: string } | undefined;
    if (config.baseline !== undefined) {
      const text = await ctx.readFile(config.baseline);
      if (text === null) {
        return makeSkipResult(
          'coverage',
          config.blocking,
          `gates.coverage.baseline: '${config.baseline}' does not exist. Produce it in an earlier step (for example by restoring the base commit's coverage artifact), or remove the key.`,
        );
      }
      baselineText = { text, source: config.baseline };
    } else if (ctx.coverageBaseline) {
      baselineText = ctx.coverageBaseline;
    }
    if (baselineText) {
      const format = detectCoverageFormat(baselineText.text);
      if (format === null) {
        return makeErrorResult(
          'coverage',
          config.blocking,
          `${baselineText.source}: not a coverage report: expected lcov, Cobertura XML or an istanbul coverage-summary.json.`,
        );
      }
      baseline = {
        totals: parseCoverage(baselineText.text, format, baselineText.source),
        source: baselineText.source,
      };
    }
    const input: CoverageJudgeInput = { current, sources: read.files.map((f) => f.path), root: ctx.cwd };
    if (baseline) input.baseline = baseline;
    if (ctx.changedLines) input.changedLines = ctx.changedLines;
    return judgeCoverage(input, config);
  } catch (error) {
    if (error instanceof CoverageFormatError)
      return makeErrorResult('coverage', config.blocking, error.message);
    throw error;
  }
}
