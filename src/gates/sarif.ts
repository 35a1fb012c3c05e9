import type * as Sarif from 'sarif';
import type { SarifGateConfig } from './config.js';
import { escapeTableCell, makeErrorResult, makeSkipResult } from './gate-result.js';
import { readMatchedFiles } from './read-matched-files.js';
import { toRepoPath } from './to-repo-path.js';
import type { Annotation, GateContext, GateResult } from './types.js';

export type SarifLevel = 'error' | 'warning' | 'note' | 'none';

/** One SARIF result, flattened for judging. */
export interface SarifFinding {
  tool: string;
  ruleId: string;
  level: SarifLevel;
  message: string;
  /** Repository-relative path, or the SARIF file itself when the result has no location. */
  path: string;
  startLine: number;
  endLine: number;
  /** False when the result names no source location. */
  located: boolean;
  suppressed: boolean;
}

/** Thrown when a file is not SARIF 2.1.0; the message names the file and the problem. */
export class SarifFormatError extends Error {
  override name = 'SarifFormatError';
}

const levelRank: Record<SarifLevel, number> = { none: 0, note: 1, warning: 2, error: 3 };
const annotationLevel: Record<SarifLevel, Annotation['level']> = {
  error: 'failure',
  warning: 'warning',
  note: 'notice',
  none: 'notice',
};

function findRule(run: Sarif.Run, result: Sarif.Result): Sarif.ReportingDescriptor | undefined {
  const reference = result.rule;
  const componentIndex = reference?.toolComponent?.index;
  const component =
    componentIndex !== undefined && componentIndex >= 0
      ? run.tool.extensions?.[componentIndex]
      : run.tool.driver;
  const rules = component?.rules ?? [];
  const index = reference?.index ?? result.ruleIndex;
  if (index !== undefined && index >= 0 && rules[index]) return rules[index];
  const id = result.ruleId ?? reference?.id;
  if (id === undefined) return undefined;
  return (
    rules.find((rule) => rule.id === id) ??
    run.tool.extensions?.flatMap((extension) => extension.rules ?? []).find((rule) => rule.id === id)
  );
}

/** SARIF 2.1.0 §3.27.10: result.level, else the rule's defaultConfiguration.level, else warning ('none' for non-failures). */
function resolveLevel(result: Sarif.Result, rule: Sarif.ReportingDescriptor | undefined): SarifLevel {
  if (result.level) return result.level;
  if (result.kind !== undefined && result.kind !== 'fail') return 'none';
  return rule?.defaultConfiguration?.level ?? 'warning';
}

/** A result is suppressed when a suppression is accepted (or has no status) and none is under review or rejected. */
function isSuppressed(result: Sarif.Result): boolean {
  const suppressions = result.suppressions ?? [];
  if (suppressions.length === 0) return false;
  if (suppressions.some((s) => s.status === 'underReview' || s.status === 'rejected')) return false;
  return true;
}

function formatMessage(
  message: Sarif.Message | undefined,
  rule: Sarif.ReportingDescriptor | undefined,
  ruleId: string,
): string {
  let text = message?.text ?? message?.markdown;
  if (text === undefined && message?.id) text = rule?.messageStrings?.[message.id]?.text;
  if (text === undefined) text = rule?.shortDescription?.text ?? rule?.fullDescription?.text ?? ruleId;
  const args = message?.arguments ?? [];
  if (args.length === 0) return text;
  return text.replace(/\{(\d+)\}/g, (whole, n: string) => args[Number(n)] ?? whole);
}

function resolveUri(run: Sarif.Run, location: Sarif.ArtifactLocation | undefined): string | undefined {
  if (!location) return undefined;
  let uri = location.uri;
  if (uri === undefined && location.index !== undefined) uri = run.artifacts?.[location.index]?.location?.uri;
  if (uri === undefined) return undefined;
  let baseId = location.uriBaseId;
  let guard = 0;
  while (baseId && guard < 10 && !/^[a-z][a-z0-9+.-]*:/i.test(uri)) {
    const base = run.originalUriBaseIds?.[baseId];
    if (!base?.uri) break;
    uri = base.uri.replace(/\/?$/, '/') + uri;
    baseId = base.uriBaseId;
    guard += 1;
  }
  try {
    return /^[a-z][a-z0-9+.-]*:/i.test(uri) && !/^file:/i.test(uri) ? uri : decodeURIComponent(uri);
  } catch {
    return uri;
  }
}

/** Reads a SARIF 2.1.0 log into findings, one per result. */
export function parseSarif(text: string, source: string, root: string): SarifFinding[] {
  let log: Sarif.Log;
  try {
    log = JSON.parse(text) as Sarif.Log;
  } catch (error) {
    throw new SarifFormatError(`${source}: not valid JSON (${(error as Error).message}).`);
  }
  if (!log || typeof log !== 'object' || !Array.isArray(log.runs)) {
    throw new SarifFormatError(`${source}: not a SARIF log: it has no 'runs' array.`);
  }
  if (log.version !== undefined && log.version !== '2.1.0') {
    throw new SarifFormatError(
      `${source}: SARIF version '${String(log.version)}' is not supported: write SARIF 2.1.0.`,
    );
  }
  const findings: SarifFinding[] = [];
  log.runs.forEach((run, runIndex) => {
    if (!run?.tool?.driver) {
      throw new SarifFormatError(
        `${source}: runs[${runIndex}] has no tool.driver, which SARIF 2.1.0 requires.`,
      );
    }
    const tool = run.tool.driver.name ?? 'unknown tool';
    // Many results share a file: resolve each distinct location once.
    const paths = new Map<string, string | undefined>();
    const repoPathOf = (location: Sarif.ArtifactLocation | undefined): string | undefined => {
      if (!location) return undefined;
      const key = `${location.uriBaseId ?? ''}\u0000${location.index ?? ''}\u0000${location.uri ?? ''}`;
      if (paths.has(key)) return paths.get(key);
      const uri = resolveUri(run, location);
      const resolved = uri === undefined ? undefined : toRepoPath(uri, root);
      paths.set(key, resolved);
      return resolved;
    };
    for (const result of run.results ?? []) {
      const rule = findRule(run, result);
      const ruleId = result.ruleId ?? result.rule?.id ?? rule?.id ?? '(no rule)';
      const physical = result.locations?.[0]?.physicalLocation;
      const uri = repoPathOf(physical?.artifactLocation);
      const startLine = physical?.region?.startLine ?? physical?.contextRegion?.startLine;
      const located = uri !== undefined;
      const start = startLine !== undefined && startLine > 0 ? startLine : 1;
      const end = physical?.region?.endLine ?? start;
      findings.push({
        tool,
        ruleId,
        level: resolveLevel(result, rule),
        message: formatMessage(result.message, rule, ruleId),
        path: uri ?? source,
        startLine: start,
        endLine: end >= start ? end : start,
        located,
        suppressed: isSuppressed(result),
      });
    }
  });
  return findings;
}

function touchesChange(finding: SarifFinding, changedLines: Map<string, Set<number>>): boolean {
  const lines = changedLines.get(finding.path);
  if (!lines || !finding.located) return false;
  for (let line = finding.startLine; line <= finding.endLine; line += 1) if (lines.has(line)) return true;
  return false;
}

/** Judges SARIF findings against `fail_on` and, when asked and known, the lines the change touched. */
export function judgeSarif(
  findings: SarifFinding[],
  sources: string[],
  config: SarifGateConfig,
  changedLines: Map<string, Set<number>> | undefined,
): GateResult {
  const notes: string[] = [];
  const active = findings.filter((f) => !f.suppressed && f.level !== 'none');
  const suppressed = findings.filter((f) => f.suppressed).length;
  let judged = active;
  if (config.only_changed_lines) {
    if (changedLines) judged = active.filter((f) => touchesChange(f, changedLines));
    else
      notes.push('gates.sarif.only_changed_lines is set but no diff is known, so every result was judged.');
  }
  const threshold = config.fail_on === 'none' ? Infinity : levelRank[config.fail_on];
  const failing = judged.filter((f) => levelRank[f.level] >= threshold);
  // Most severe first, keeping report order within a level (a stable bucket sort).
  const buckets: Record<'error' | 'warning' | 'note', SarifFinding[]> = { error: [], warning: [], note: [] };
  for (const f of judged) if (f.level !== 'none') buckets[f.level].push(f);
  const byLevel = { error: buckets.error.length, warning: buckets.warning.length, note: buckets.note.length };
  const ordered = [...buckets.error, ...buckets.warning, ...buckets.note];
  const annotations: Annotation[] = ordered.slice(0, config.max_annotations).map((f) => ({
    path: f.path,
    start_line: f.startLine,
    end_line: f.endLine,
    level: annotationLevel[f.level],
    title: `${f.tool}: ${f.ruleId}`.slice(0, 255),
    message: f.message.slice(0, 4000),
  }));
  const scope = config.only_changed_lines && changedLines ? ' on changed lines' : '';
  const counts = `${byLevel.error} error, ${byLevel.warning} warning, ${byLevel.note} note`;
  const status = failing.length > 0 ? 'fail' : 'pass';
  const summary =
    status === 'fail'
      ? `${failing.length} result${failing.length === 1 ? '' : 's'}${scope} at or above gates.sarif.fail_on (${config.fail_on}): ${counts}.`
      : `No result${scope} at or above gates.sarif.fail_on (${config.fail_on}): ${counts}.`;

  type RuleCount = { tool: string; ruleId: string; level: SarifLevel; count: number };
  const byRule = new Map<string, Map<string, RuleCount>>();
  for (const f of ordered) {
    let ofTool = byRule.get(f.tool);
    if (!ofTool) byRule.set(f.tool, (ofTool = new Map()));
    const key = `${f.ruleId}\u0000${f.level}`;
    const entry = ofTool.get(key);
    if (entry) entry.count += 1;
    else ofTool.set(key, { tool: f.tool, ruleId: f.ruleId, level: f.level, count: 1 });
  }
  const rules = [...byRule.values()]
    .flatMap((ofTool) => [...ofTool.values()])
    .sort((a, b) => levelRank[b.level] - levelRank[a.level] || b.count - a.count);
  const lines = [
    `Read ${sources.length} SARIF file${sources.length === 1 ? '' : 's'}: ${findings.length} results, ${suppressed} suppressed, ${judged.length} judged${scope}.`,
  ];
  if (rules.length > 0) {
    lines.push('', '| tool | rule | level | results |', '| --- | --- | --- | ---: |');
    for (const rule of rules.slice(0, 50)) {
      lines.push(
        `| ${escapeTableCell(rule.tool)} | ${escapeTableCell(rule.ruleId)} | ${rule.level} | ${rule.count} |`,
      );
    }
    if (rules.length > 50) lines.push(`| … | ${rules.length - 50} more rules | | |`);
  }
  if (judged.length > config.max_annotations) {
    lines.push(
      '',
      `Annotated the first ${config.max_annotations} of ${judged.length} results (gates.sarif.max_annotations).`,
    );
  }
  lines.push(...notes.map((note) => `\n${note}`));
  return {
    gate: 'sarif',
    status,
    blocking: config.blocking,
    summary,
    details: lines.join('\n'),
    annotations,
    metrics: {
      sarif_results: judged.length,
      sarif_errors: byLevel.error,
      sarif_warnings: byLevel.warning,
      sarif_notes: byLevel.note,
      sarif_suppressed: suppressed,
      sarif_failing: failing.length,
    },
  };
}

/** Runs the sarif gate: reads every SARIF file the policy names and judges the results. */
export async function runSarifGate(config: SarifGateConfig, ctx: GateContext): Promise<GateResult> {
  const matched = await readMatchedFiles(ctx, config.files, 'gates.sarif.files');
  if (matched.missing !== undefined) return makeSkipResult('sarif', config.blocking, matched.missing);
  const findings: SarifFinding[] = [];
  try {
    for (const file of matched.files) {
      for (const finding of parseSarif(file.text, file.path, ctx.cwd)) findings.push(finding);
    }
  } catch (error) {
    if (error instanceof SarifFormatError) return makeErrorResult('sarif', config.blocking, error.message);
    throw error;
  }
  return judgeSarif(
    findings,
    matched.files.map((f) => f.path),
    config,
    ctx.changedLines,
  );
}
