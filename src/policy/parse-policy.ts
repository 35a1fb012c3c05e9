import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import type { FreezeWindow } from '../freeze/types.js';
import { validateFreezeWindow } from '../freeze/validate-freeze-window.js';
import { parseDuration } from './duration.js';
import { hasPath, locatePath, type LocatedSource } from './locate.js';
import { listKnownKeys } from './list-known-keys.js';
import { suggestClosest } from './suggest.js';
import { mergePolicyFiles } from './merge-policy-files.js';
import {
  policyFileSchema,
  type EnvironmentFile,
  type FreezeWindowFile,
  type PolicyFile,
  type TierRuleFile,
} from './schema.js';
import { DEFAULT_RISK_THRESHOLDS, TIERS } from './tiers.js';
import type { EnvironmentPolicy, Policy, PolicyProblem, TierRequirement } from './types.js';

export type ParsePolicyResult =
  { ok: true; policy: Policy; file: PolicyFile } | { ok: false; problems: PolicyProblem[] };

/** One policy file, read and checked against the schema, with its source kept for locating problems. */
export interface ReadPolicyFile {
  source: LocatedSource;
  file: PolicyFile | null;
  problems: PolicyProblem[];
}

const DEFAULT_ROLLBACK_WINDOW_MS = 24 * 3_600_000;

/** Reads one policy file's text: YAML syntax, then the schema. Problems carry file:line:col. */
export function readPolicyFile(text: string, fileName: string): ReadPolicyFile {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const source: LocatedSource = { file: fileName, doc, lines };
  const problems: PolicyProblem[] = [];
  for (const error of doc.errors) {
    const pos = lines.linePos(error.pos[0]);
    problems.push({
      file: fileName,
      line: pos.line,
      column: pos.col,
      key: '',
      message: `YAML syntax: ${error.message.split('\n')[0]}`,
    });
  }
  if (problems.length > 0) return { source, file: null, problems };
  let data: unknown;
  try {
    // toJS resolves aliases: an unknown one, or too many (an alias bomb), is a problem, not a crash.
    data = doc.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (error) {
    return {
      source,
      file: null,
      problems: [
        { file: fileName, line: 1, column: 1, key: '', message: `YAML: ${(error as Error).message}` },
      ],
    };
  }
  const parsed = policyFileSchema.safeParse(data);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(describeIssue(issue, source));
    // Report what the schema cannot see too, so one run lists every problem.
    checkPolicyRules(data, (path, message) => problems.push(problemAt(source, path, message)));
    return { source, file: null, problems: dedupeProblems(problems) };
  }
  return { source, file: parsed.data, problems };
}

/**
 * Parses a policy: the repository's file, layered on the org default when it says `_extends` and
 * the base is given. Checks the schema and the rules the schema cannot express (freeze windows,
 * impossible quorums, threshold order), and returns the normalised policy or every problem found.
 */
export function parsePolicy(
  text: string,
  fileName: string,
  base?: { text: string; file: string },
): ParsePolicyResult {
  const repo = readPolicyFile(text, fileName);
  const org = base ? readPolicyFile(base.text, base.file) : null;
  const problems = [...(org?.problems ?? []), ...repo.problems];
  if (!repo.file || (org && !org.file)) return { ok: false, problems };
  const merged = org?.file ? mergePolicyFiles(org.file, repo.file) : repo.file;
  const sources = org ? [repo.source, org.source] : [repo.source];
  // A merged key is reported where it was written: in the repository's file if there, else the org's.
  const ruleProblems: PolicyProblem[] = [];
  checkPolicyRules(merged, (path, message) => {
    const source = sources.find((s) => hasPath(s, path)) ?? sources[0]!;
    ruleProblems.push(problemAt(source, path, message));
  });
  if (ruleProblems.length > 0) return { ok: false, problems: dedupeProblems(ruleProblems) };
  return { ok: true, policy: normalizePolicy(merged), file: merged };
}

function describeIssue(issue: z.core.$ZodIssue, source: LocatedSource): PolicyProblem {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  if (issue.code === 'unrecognized_keys') {
    const key = String(issue.keys[0]);
    let message = issue.message;
    if (message.startsWith('Unrecognized key')) {
      // A schema without its own wording (e.g. the gates): name the known keys and the likely fix.
      const known = listKnownKeys(policyFileSchema, path);
      const hint = suggestClosest(key, known);
      message = `unknown key '${key}' in ${formatKey(path) || 'the policy file'}${hint ? `; did you mean '${hint}'?` : '.'}${known.length ? ` Known keys: ${known.join(', ')}.` : ''}`;
    }
    return problemAt(source, [...path, key], message, 'key');
  }
  let message = issue.message;
  if (issue.code === 'invalid_type' && issue.input === undefined) {
    message = `missing required key '${String(path[path.length - 1])}': ${issue.message}`;
  }
  return problemAt(source, path, message, 'value');
}

function problemAt(
  source: LocatedSource,
  path: readonly (string | number)[],
  message: string,
  at: 'key' | 'value' = 'value',
): PolicyProblem {
  const pos = locatePath(source, path, at) ?? { line: 1, column: 1 };
  return { file: source.file, line: pos.line, column: pos.column, key: formatKey(path), message };
}

/** `environments.production.freeze[0].start` */
export function formatKey(path: readonly (string | number)[]): string {
  return path.reduce<string>(
    (text, part) => (typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${part}` : part),
    '',
  );
}

function dedupeProblems(problems: PolicyProblem[]): PolicyProblem[] {
  const seen = new Set<string>();
  return [...problems]
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column)
    .filter((p) => {
      const id = `${p.file}:${p.line}:${p.column}:${p.message}`;
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    });
}

/** Turns a merged, schema-valid, rule-checked file into the Policy the evaluator reads. */
function normalizePolicy(file: PolicyFile): Policy {
  const environments = Object.entries(file.environments ?? {}).map(([pattern, env]) =>
    normalizeEnvironment(pattern, env),
  );
  return {
    risk: {
      thresholds: { ...DEFAULT_RISK_THRESHOLDS, ...(file.risk?.thresholds ?? {}) },
      low_confidence: file.risk?.low_confidence ?? 'raise',
    },
    gates: file.gates ?? {},
    environments,
  };
}

function normalizeEnvironment(pattern: string, env: EnvironmentFile): EnvironmentPolicy {
  let tiers: EnvironmentPolicy['tiers'] = null;
  if (env.tiers) {
    tiers = {};
    for (const tier of TIERS) {
      const rule = env.tiers[tier];
      if (rule) tiers[tier] = normalizeTierRule(rule);
    }
  }
  return {
    pattern,
    mode: env.mode,
    tiers,
    signoff: {
      allow_author: env.signoff?.allow_author ?? false,
      expires_after_ms: env.signoff?.expires_after ? parseDuration(env.signoff.expires_after) : null,
    },
    freeze: (env.freeze ?? []).map(toFreezeWindow),
    break_glass: env.break_glass
      ? { approvals: env.break_glass.approvals, from: env.break_glass.from, reason: env.break_glass.reason }
      : null,
    rollback: env.rollback
      ? {
          cooldown_ms: env.rollback.cooldown ? parseDuration(env.rollback.cooldown) : null,
          max: env.rollback.max ?? null,
          per_ms: env.rollback.per ? parseDuration(env.rollback.per)! : DEFAULT_ROLLBACK_WINDOW_MS,
          escalate_to: env.rollback.escalate_to,
        }
      : null,
  };
}

function toFreezeWindow(w: FreezeWindowFile): FreezeWindow {
  const timezone = w.timezone ?? 'UTC';
  const on_freeze = w.on_freeze ?? 'hold';
  return w.start !== undefined || w.end !== undefined
    ? { kind: 'recurring', name: w.name, start: w.start ?? '', end: w.end ?? '', timezone, on_freeze }
    : { kind: 'absolute', name: w.name, from: w.from ?? '', until: w.until ?? '', timezone, on_freeze };
}

function normalizeTierRule(rule: TierRuleFile): TierRequirement {
  if (rule.all_of)
    return {
      kind: 'all_of',
      rules: rule.all_of.map((part) => ({ approvals: part.approvals, from: part.from ?? null })),
    };
  return { kind: 'quorum', rule: { approvals: rule.approvals ?? 0, from: rule.from ?? null } };
}

type Report = (path: (string | number)[], message: string) => void;
type Raw = Record<string, unknown>;

const asMap = (value: unknown): Raw | null =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Raw) : null;

/**
 * The rules the schema cannot express: freeze windows (cron, time zones, date order), impossible
 * quorums, duplicate window names, threshold order. Reads the data defensively, so it also runs on a
 * file the schema rejected and every problem is reported in one pass.
 */
function checkPolicyRules(data: unknown, report: Report): void {
  const file = asMap(data);
  if (!file) return;
  const thresholdsRaw = asMap(asMap(file.risk)?.thresholds);
  if (thresholdsRaw) {
    const t = { ...DEFAULT_RISK_THRESHOLDS };
    for (const key of ['low', 'medium', 'high'] as const)
      if (typeof thresholdsRaw[key] === 'number') t[key] = thresholdsRaw[key];
    if (!(t.low < t.medium && t.medium < t.high)) {
      report(
        ['risk', 'thresholds'],
        `risk.thresholds must rise: low < medium < high (got low ${t.low}, medium ${t.medium}, high ${t.high})`,
      );
    }
  }
  for (const [pattern, envRaw] of Object.entries(asMap(file.environments) ?? {})) {
    const env = asMap(envRaw);
    if (!env) continue;
    const at = (path: (string | number)[], message: string) =>
      report(['environments', pattern, ...path], message);
    for (const [tier, ruleRaw] of Object.entries(asMap(env.tiers) ?? {})) {
      const rule = asMap(ruleRaw);
      if (!rule) continue;
      if (Array.isArray(rule.all_of)) {
        rule.all_of.forEach((part, index) =>
          checkQuorumPossible(
            asMap(part),
            (p, m) => at(['tiers', tier, 'all_of', index, ...p], m),
            `tiers.${tier}.all_of[${index}]`,
          ),
        );
      } else {
        checkQuorumPossible(rule, (p, m) => at(['tiers', tier, ...p], m), `tiers.${tier}`);
      }
    }
    checkQuorumPossible(asMap(env.break_glass), (p, m) => at(['break_glass', ...p], m), 'break_glass');
    const names = new Set<string>();
    (Array.isArray(env.freeze) ? env.freeze : []).forEach((item, index) => {
      const w = asMap(item);
      if (!w) return;
      const strings = ['name', 'start', 'end', 'from', 'until', 'timezone'].every(
        (k) => w[k] === undefined || typeof w[k] === 'string',
      );
      if (!strings || typeof w.name !== 'string') return;
      if (names.has(w.name))
        at(
          ['freeze', index, 'name'],
          `freeze window name '${w.name}' is used twice; give each window its own name`,
        );
      names.add(w.name);
      const recurring =
        w.start !== undefined && w.end !== undefined && w.from === undefined && w.until === undefined;
      const absolute =
        w.from !== undefined && w.until !== undefined && w.start === undefined && w.end === undefined;
      if (!recurring && !absolute) return; // the schema reports the mix-up
      const window = toFreezeWindow(w as FreezeWindowFile);
      for (const problem of validateFreezeWindow(window)) {
        at(['freeze', index, problem.key], `freeze window '${w.name}': ${problem.message}`);
      }
    });
  }
}

/** N of M can only be met when M named people could give it: 2 of a single named signer never can. */
function checkQuorumPossible(rule: Raw | null, report: Report, where: string): void {
  if (!rule || typeof rule.approvals !== 'number' || rule.approvals <= 0 || !Array.isArray(rule.from)) return;
  const from = rule.from.filter((e): e is string => typeof e === 'string');
  if (from.some((entry) => entry.startsWith('team:'))) return;
  const people = new Set(from.map((login) => login.toLowerCase()));
  if (people.size < rule.approvals) {
    const named =
      people.size === 0
        ? 'nobody'
        : `${people.size} named signer${people.size === 1 ? '' : 's'} (${[...people].join(', ')})`;
    report(
      ['approvals'],
      `${where} asks for ${rule.approvals} approvals from ${named}: it can never be met; name more signers in from, add a team, or lower approvals`,
    );
  }
}
