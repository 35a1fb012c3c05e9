import type { DependenciesGateConfig, Severity } from './config.js';
import { escapeTableCell, makeErrorResult, makeSkipResult } from './gate-result.js';
import { readMatchedFiles } from './read-matched-files.js';
import type { GateContext, GateResult } from './types.js';

export type ScannerFormat = 'npm_audit' | 'osv_scanner' | 'pip_audit';
export type NormalSeverity = 'low' | 'moderate' | 'high' | 'critical' | 'unknown';

/** One advisory affecting one package, from any scanner. */
export interface DependencyFinding {
  /** The advisory id as the scanner names it (GHSA-…, CVE-…, PYSEC-…, OSV ids). */
  id: string;
  /** Other ids of the same advisory (CVE and GHSA aliases). */
  aliases: string[];
  package: string;
  version?: string;
  /** The affected version range, when the report gives it instead of the installed version. */
  range?: string;
  severity: NormalSeverity;
  title: string;
  url?: string;
  fixedIn?: string;
  source: string;
}

/** Thrown when a scanner report cannot be read; the message names the file and the problem. */
export class DependencyReportError extends Error {
  override name = 'DependencyReportError';
}

const severityRank: Record<NormalSeverity, number> = {
  unknown: -1,
  low: 1,
  moderate: 2,
  high: 3,
  critical: 4,
};

/** Maps scanner wording (`MODERATE`, `medium`, `info`, a CVSS score) to one scale. */
export function normalizeSeverity(value: unknown): NormalSeverity {
  if (typeof value === 'number' || (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim()))) {
    const score = Number(value);
    if (score >= 9) return 'critical';
    if (score >= 7) return 'high';
    if (score >= 4) return 'moderate';
    return score > 0 ? 'low' : 'unknown';
  }
  if (typeof value !== 'string') return 'unknown';
  const word = value.trim().toLowerCase();
  if (word === 'critical') return 'critical';
  if (word === 'high') return 'high';
  if (word === 'moderate' || word === 'medium') return 'moderate';
  if (word === 'low' || word === 'info') return 'low';
  return 'unknown';
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new DependencyReportError(`${source}: not valid JSON (${(error as Error).message}).`);
  }
}

function advisoryIdFromUrl(url: string | undefined): string | undefined {
  return url ? /(GHSA(?:-[0-9a-z]{4}){3})/i.exec(url)?.[1] : undefined;
}

interface NpmVia {
  source?: number;
  name?: string;
  title?: string;
  url?: string;
  severity?: string;
  range?: string;
}

/** Reads `npm audit --json` from npm 7 or later (`auditReportVersion: 2`, `vulnerabilities`). */
export function parseNpmAudit(text: string, source: string): DependencyFinding[] {
  const data = parseJson(text, source) as {
    vulnerabilities?: Record<string, { via?: unknown[]; fixAvailable?: unknown }>;
    advisories?: unknown;
  };
  if (data?.vulnerabilities === undefined || typeof data.vulnerabilities !== 'object') {
    const hint =
      data?.advisories !== undefined
        ? ' This is the npm 6 format: run npm audit --json with npm 7 or later.'
        : '';
    throw new DependencyReportError(
      `${source}: not an npm audit report: it has no 'vulnerabilities' object.${hint}`,
    );
  }
  const findings = new Map<string, DependencyFinding>();
  for (const [name, vulnerability] of Object.entries(data.vulnerabilities)) {
    for (const via of vulnerability?.via ?? []) {
      if (typeof via !== 'object' || via === null) continue;
      const advisory = via as NpmVia;
      const id =
        advisoryIdFromUrl(advisory.url) ??
        (advisory.source !== undefined ? `npm-${advisory.source}` : (advisory.title ?? 'unknown'));
      const key = `${id}\u0000${advisory.name ?? name}`;
      if (findings.has(key)) continue;
      const finding: DependencyFinding = {
        id,
        aliases: [],
        package: advisory.name ?? name,
        severity: normalizeSeverity(advisory.severity),
        title: advisory.title ?? id,
        source,
      };
      if (advisory.url) finding.url = advisory.url;
      if (advisory.range) finding.range = advisory.range;
      findings.set(key, finding);
    }
  }
  return [...findings.values()];
}

interface OsvVulnerability {
  id?: string;
  aliases?: string[];
  summary?: string;
  details?: string;
  database_specific?: { severity?: string };
  affected?: Array<{ ranges?: Array<{ events?: Array<{ fixed?: string }> }> }>;
}

/** Reads `osv-scanner --format json` (`results[].packages[].vulnerabilities`, `groups`). */
export function parseOsvScanner(text: string, source: string): DependencyFinding[] {
  const data = parseJson(text, source) as {
    results?: Array<{
      packages?: Array<{
        package?: { name?: string; version?: string; ecosystem?: string };
        vulnerabilities?: OsvVulnerability[];
        groups?: Array<{ ids?: string[]; aliases?: string[]; max_severity?: string }>;
      }>;
    }>;
  };
  if (!data || !Array.isArray(data.results)) {
    throw new DependencyReportError(`${source}: not an osv-scanner report: it has no 'results' array.`);
  }
  const findings: DependencyFinding[] = [];
  for (const result of data.results) {
    for (const pkg of result.packages ?? []) {
      const groups = pkg.groups ?? [];
      const vulnerabilities = pkg.vulnerabilities ?? [];
      const byId = new Map(vulnerabilities.map((v) => [v.id ?? '', v]));
      const units = groups.length
        ? groups.map((g) => ({ ids: g.ids ?? [], aliases: g.aliases ?? [], maxSeverity: g.max_severity }))
        : vulnerabilities.map((v) => ({
            ids: [v.id ?? 'unknown'],
            aliases: v.aliases ?? [],
            maxSeverity: undefined,
          }));
      for (const unit of units) {
        const main = unit.ids.map((id) => byId.get(id)).find(Boolean);
        const ids = [...new Set([...unit.ids, ...unit.aliases, ...(main?.aliases ?? [])])];
        const id = ids.find((i) => /^GHSA-/i.test(i)) ?? ids[0] ?? 'unknown';
        let severity = normalizeSeverity(unit.maxSeverity);
        if (severity === 'unknown') {
          for (const candidate of unit.ids.map((i) => byId.get(i))) {
            const s = normalizeSeverity(candidate?.database_specific?.severity);
            if (severityRank[s] > severityRank[severity]) severity = s;
          }
        }
        const fixed = main?.affected
          ?.flatMap((a) => a.ranges ?? [])
          .flatMap((r) => r.events ?? [])
          .find((e) => e.fixed)?.fixed;
        const finding: DependencyFinding = {
          id,
          aliases: ids.filter((i) => i !== id),
          package: pkg.package?.name ?? 'unknown',
          severity,
          title: main?.summary ?? main?.details?.split('\n')[0] ?? id,
          url: `https://osv.dev/vulnerability/${encodeURIComponent(unit.ids[0] ?? id)}`,
          source,
        };
        if (pkg.package?.version) finding.version = pkg.package.version;
        if (fixed) finding.fixedIn = fixed;
        findings.push(finding);
      }
    }
  }
  return findings;
}

/** Reads `pip-audit --format json` (an object with `dependencies`, or the older bare list). */
export function parsePipAudit(text: string, source: string): DependencyFinding[] {
  type PipDependency = {
    name?: string;
    version?: string;
    vulns?: Array<{ id?: string; aliases?: string[]; fix_versions?: string[]; description?: string }>;
  };
  const data = parseJson(text, source) as { dependencies?: PipDependency[] } | PipDependency[];
  const dependencies = Array.isArray(data) ? data : data?.dependencies;
  if (!Array.isArray(dependencies)) {
    throw new DependencyReportError(`${source}: not a pip-audit report: it has no 'dependencies' array.`);
  }
  const findings: DependencyFinding[] = [];
  for (const dependency of dependencies) {
    for (const vuln of dependency.vulns ?? []) {
      const id = vuln.id ?? 'unknown';
      const finding: DependencyFinding = {
        id,
        aliases: vuln.aliases ?? [],
        package: dependency.name ?? 'unknown',
        severity: 'unknown',
        title: vuln.description?.split('\n')[0]?.slice(0, 200) || id,
        url: `https://osv.dev/vulnerability/${encodeURIComponent(id)}`,
        source,
      };
      if (dependency.version) finding.version = dependency.version;
      if (vuln.fix_versions?.[0]) finding.fixedIn = vuln.fix_versions[0];
      findings.push(finding);
    }
  }
  return findings;
}

/** Reads a scanner report of the given format. */
export function parseDependencyReport(
  text: string,
  format: ScannerFormat,
  source: string,
): DependencyFinding[] {
  if (format === 'npm_audit') return parseNpmAudit(text, source);
  if (format === 'osv_scanner') return parseOsvScanner(text, source);
  return parsePipAudit(text, source);
}

function rankOf(severity: Severity): number {
  return severityRank[normalizeSeverity(severity)];
}

/** Judges findings against the severity threshold and the allowlist, at `now`. */
export function judgeDependencies(
  findings: DependencyFinding[],
  sources: string[],
  config: DependenciesGateConfig,
  now: Date,
): GateResult {
  const today = now.toISOString().slice(0, 10);
  const threshold = rankOf(config.severity);
  const unknownRank = rankOf(config.unknown_severity);
  const failing: DependencyFinding[] = [];
  const allowed: Array<{ finding: DependencyFinding; reason: string; until: string }> = [];
  const expired: Array<{ finding: DependencyFinding; until: string }> = [];
  const below: DependencyFinding[] = [];
  for (const finding of findings) {
    const rank = finding.severity === 'unknown' ? unknownRank : severityRank[finding.severity];
    if (rank < threshold) {
      below.push(finding);
      continue;
    }
    const ids = [finding.id, ...finding.aliases].map((i) => i.toUpperCase());
    const allowance = config.allow.find((a) => ids.includes(a.id.toUpperCase()));
    if (allowance && allowance.until >= today) {
      allowed.push({ finding, reason: allowance.reason, until: allowance.until });
      continue;
    }
    if (allowance) expired.push({ finding, until: allowance.until });
    failing.push(finding);
  }
  const status = failing.length > 0 ? 'fail' : 'pass';
  const plural = (n: number) => (n === 1 ? '' : 's');
  let summary =
    status === 'fail'
      ? `${failing.length} advisor${failing.length === 1 ? 'y' : 'ies'} at or above gates.dependencies.severity (${config.severity})`
      : `No advisory at or above gates.dependencies.severity (${config.severity})`;
  const extras = [
    allowed.length ? `${allowed.length} allowed` : '',
    expired.length ? `${expired.length} allowance${plural(expired.length)} expired` : '',
    below.length ? `${below.length} below threshold` : '',
  ].filter(Boolean);
  summary += extras.length ? ` (${extras.join(', ')}).` : '.';
  const row = (f: DependencyFinding, note: string) =>
    `| ${escapeTableCell(f.url ? `[${f.id}](${f.url})` : f.id)} | ${escapeTableCell(f.package + (f.version ? `@${f.version}` : '') + (f.range ? ` (affected: ${f.range})` : ''))} | ${f.severity} | ${escapeTableCell(f.title).slice(0, 160)} | ${escapeTableCell(note)} |`;
  const lines = [
    `Read ${sources.map((s) => `\`${s}\``).join(', ')}: ${findings.length} finding${plural(findings.length)}.`,
  ];
  const table = [
    ...failing.map((f) => {
      const gone = expired.find((e) => e.finding === f);
      const fix = f.fixedIn ? `fixed in ${f.fixedIn}` : '';
      return row(
        f,
        gone
          ? `allowance expired on ${gone.until}; renew it in gates.dependencies.allow or upgrade`
          : fix || 'failing',
      );
    }),
    ...allowed.map(({ finding, reason, until }) => row(finding, `allowed until ${until}: ${reason}`)),
  ];
  if (table.length)
    lines.push(
      '',
      '| advisory | package | severity | title | status |',
      '| --- | --- | --- | --- | --- |',
      ...table.slice(0, 100),
      ...(table.length > 100 ? [`| … | ${table.length - 100} more | | | |`] : []),
    );
  if (below.length) {
    lines.push(
      '',
      `Below the threshold: ${below
        .map((f) => `${f.id} (${f.package}, ${f.severity})`)
        .slice(0, 30)
        .join(', ')}${below.length > 30 ? ', …' : ''}.`,
    );
  }
  const unusedAllowances = config.allow.filter(
    (a) => !findings.some((f) => [f.id, ...f.aliases].some((i) => i.toUpperCase() === a.id.toUpperCase())),
  );
  if (unusedAllowances.length) {
    lines.push(
      '',
      `Allowances that match no finding (remove them from gates.dependencies.allow): ${unusedAllowances.map((a) => a.id).join(', ')}.`,
    );
  }
  return {
    gate: 'dependencies',
    status,
    blocking: config.blocking,
    summary,
    details: lines.join('\n'),
    annotations: [],
    metrics: {
      advisories_total: findings.length,
      advisories_failing: failing.length,
      advisories_allowed: allowed.length,
      advisories_expired_allowances: expired.length,
      advisories_critical: findings.filter((f) => f.severity === 'critical').length,
      advisories_high: findings.filter((f) => f.severity === 'high').length,
    },
  };
}

/** Runs the dependencies gate over every scanner report the policy names. */
export async function runDependenciesGate(
  config: DependenciesGateConfig,
  ctx: GateContext,
): Promise<GateResult> {
  const formats: ScannerFormat[] = ['npm_audit', 'osv_scanner', 'pip_audit'];
  const findings: DependencyFinding[] = [];
  const sources: string[] = [];
  const missing: string[] = [];
  for (const format of formats) {
    const patterns = config[format];
    if (patterns === undefined) continue;
    const matched = await readMatchedFiles(ctx, patterns, `gates.dependencies.${format}`);
    if (matched.missing !== undefined) {
      missing.push(matched.missing);
      continue;
    }
    for (const file of matched.files) {
      try {
        findings.push(...parseDependencyReport(file.text, format, file.path));
      } catch (error) {
        if (error instanceof DependencyReportError)
          return makeErrorResult('dependencies', config.blocking, error.message);
        throw error;
      }
      sources.push(file.path);
    }
  }
  if (sources.length === 0) return makeSkipResult('dependencies', config.blocking, missing.join(' '));
  const result = judgeDependencies(findings, sources, config, ctx.now);
  if (missing.length) result.details += `\n\nNot read: ${missing.join(' ')}`;
  return result;
}
