import type { MetricRule, PerformanceGateConfig } from './config.js';
import { escapeTableCell, formatNumber, makeErrorResult, makeSkipResult } from './gate-result.js';
import type { GateContext, GateResult } from './types.js';

/** Thrown when a metric file cannot be read; the message names the file and the problem. */
export class MetricFileError extends Error {
  override name = 'MetricFileError';
}

function flatten(value: unknown, prefix: string, out: Record<string, number>): void {
  if (typeof value === 'number' && Number.isFinite(value)) out[prefix] = value;
  else if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, prefix ? `${prefix}.${key}` : key, out);
  }
}

/**
 * Reads a metric JSON: `{name: number}`, `{metrics: {name: number}}` (nested objects become
 * dotted names such as `latency.p95_ms`), or a list of `{name, value}` (github-action-benchmark).
 */
export function parseMetricFile(text: string, source: string): Record<string, number> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new MetricFileError(`${source}: not valid JSON (${(error as Error).message}).`);
  }
  const metrics: Record<string, number> = {};
  if (Array.isArray(data)) {
    data.forEach((item: { name?: unknown; value?: unknown }, index) => {
      if (typeof item?.name !== 'string' || typeof item.value !== 'number') {
        throw new MetricFileError(`${source}: entry ${index} needs a string 'name' and a number 'value'.`);
      }
      metrics[item.name] = item.value;
    });
  } else if (data && typeof data === 'object') {
    const record = data as Record<string, unknown>;
    const body = record.metrics && typeof record.metrics === 'object' ? record.metrics : record;
    flatten(body, '', metrics);
  } else {
    throw new MetricFileError(`${source}: expected an object of metrics or a list of {name, value}.`);
  }
  if (Object.keys(metrics).length === 0) throw new MetricFileError(`${source}: holds no numeric metric.`);
  return metrics;
}

export interface MetricCheck {
  metric: string;
  rule: string;
  current?: number;
  baseline?: number;
  limit: string;
  ok: boolean;
  /** Why the check could not be made, when it could not. */
  note?: string;
}

const relativeRules = ['min_ratio', 'max_ratio', 'max_increase', 'max_decrease'] as const;

/** Checks each rule of each metric. A rule that needs a baseline the file lacks is noted, not failed. */
export function checkMetrics(
  current: Record<string, number>,
  baseline: Record<string, number> | undefined,
  rules: Record<string, MetricRule>,
): MetricCheck[] {
  const checks: MetricCheck[] = [];
  for (const [metric, rule] of Object.entries(rules)) {
    const now = current[metric];
    const base = baseline?.[metric];
    if (now === undefined) {
      checks.push({
        metric,
        rule: 'present',
        limit: 'in the current file',
        ok: false,
        note: 'missing from the current metrics',
      });
      continue;
    }
    if (rule.min !== undefined)
      checks.push({ metric, rule: 'min', current: now, limit: `≥ ${rule.min}`, ok: now >= rule.min });
    if (rule.max !== undefined)
      checks.push({ metric, rule: 'max', current: now, limit: `≤ ${rule.max}`, ok: now <= rule.max });
    for (const name of relativeRules) {
      const bound = rule[name];
      if (bound === undefined) continue;
      if (base === undefined) {
        checks.push({
          metric,
          rule: name,
          current: now,
          limit: String(bound),
          ok: true,
          note: 'no baseline value: not compared',
        });
        continue;
      }
      const check: MetricCheck = { metric, rule: name, current: now, baseline: base, limit: '', ok: true };
      if (name === 'min_ratio') {
        check.limit = `≥ ${formatNumber(bound * base, 4)} (${bound} × baseline)`;
        check.ok = now >= bound * base;
      } else if (name === 'max_ratio') {
        check.limit = `≤ ${formatNumber(bound * base, 4)} (${bound} × baseline)`;
        check.ok = now <= bound * base;
      } else if (name === 'max_increase') {
        check.limit = `≤ ${formatNumber(base + Math.abs(base) * bound, 4)} (+${formatNumber(bound * 100)}%)`;
        check.ok = now <= base + Math.abs(base) * bound;
      } else {
        check.limit = `≥ ${formatNumber(base - Math.abs(base) * bound, 4)} (−${formatNumber(bound * 100)}%)`;
        check.ok = now >= base - Math.abs(base) * bound;
      }
      checks.push(check);
    }
  }
  return checks;
}

/** Judges metric checks into a gate result. */
export function judgePerformance(
  checks: MetricCheck[],
  current: Record<string, number>,
  config: PerformanceGateConfig,
): GateResult {
  const failed = checks.filter((c) => !c.ok);
  const status = failed.length > 0 ? 'fail' : 'pass';
  const describe = (c: MetricCheck) =>
    c.note && c.current === undefined
      ? `${c.metric} is ${c.note}`
      : `${c.metric} = ${formatNumber(c.current ?? NaN, 4)}${c.baseline !== undefined ? ` (baseline ${formatNumber(c.baseline, 4)})` : ''} breaks ${c.rule} ${c.limit}`;
  const summary =
    status === 'fail'
      ? `${failed.length} metric check${failed.length === 1 ? '' : 's'} failed: ${failed.slice(0, 3).map(describe).join('; ')}${failed.length > 3 ? '; …' : ''}.`
      : `${checks.length} metric check${checks.length === 1 ? '' : 's'} passed.`;
  const lines = [
    '| metric | rule | current | baseline | limit | result |',
    '| --- | --- | ---: | ---: | --- | --- |',
    ...checks.map(
      (c) =>
        `| ${escapeTableCell(c.metric)} | ${c.rule} | ${c.current === undefined ? '—' : formatNumber(c.current, 4)} | ${c.baseline === undefined ? '—' : formatNumber(c.baseline, 4)} | ${escapeTableCell(c.limit)} | ${c.ok ? 'ok' : 'FAIL'}${c.note ? ` (${escapeTableCell(c.note)})` : ''} |`,
    ),
  ];
  const metrics: Record<string, number> = {};
  for (const name of Object.keys(config.metrics))
    if (current[name] !== undefined) metrics[name] = current[name]!;
  return {
    gate: 'performance',
    status,
    blocking: config.blocking,
    summary,
    details: lines.join('\n'),
    annotations: [],
    metrics,
  };
}

/** Runs the performance gate: compares the current metric file with the baseline. */
export async function runPerformanceGate(
  config: PerformanceGateConfig,
  ctx: GateContext,
): Promise<GateResult> {
  const currentText = await ctx.readFile(config.current);
  if (currentText === null) {
    return makeSkipResult(
      'performance',
      config.blocking,
      `gates.performance.current: '${config.current}' does not exist. Write the metrics in an earlier step, or fix the path.`,
    );
  }
  let baselineText: string | null = null;
  if (config.baseline !== undefined) {
    baselineText = await ctx.readFile(config.baseline);
    const needsBaseline = Object.values(config.metrics).some((rule) =>
      relativeRules.some((name) => rule[name] !== undefined),
    );
    if (baselineText === null && needsBaseline) {
      return makeSkipResult(
        'performance',
        config.blocking,
        `gates.performance.baseline: '${config.baseline}' does not exist, so no relative rule can be checked. Restore the base commit's metrics before this step, or fix the path.`,
      );
    }
  }
  try {
    const current = parseMetricFile(currentText, config.current);
    const baseline = baselineText === null ? undefined : parseMetricFile(baselineText, config.baseline!);
    return judgePerformance(checkMetrics(current, baseline, config.metrics), current, config);
  } catch (error) {
    if (error instanceof MetricFileError)
      return makeErrorResult('performance', config.blocking, error.message);
    throw error;
  }
}
