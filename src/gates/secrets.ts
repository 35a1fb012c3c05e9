import { createHash } from 'node:crypto';
import picomatch from 'picomatch';
import type { SecretsGateConfig } from './config.js';
import { escapeTableCell, makeSkipResult } from './gate-result.js';
import type { AddedLine, Annotation, GateContext, GateResult } from './types.js';

/** A credential found on an added line. The secret itself is never kept, only its fingerprint. */
export interface SecretFinding {
  kind: string;
  path: string;
  line: number;
  /** The first 12 hex characters of the secret's SHA-256. */
  fingerprint: string;
}

interface SecretRule {
  kind: string;
  pattern: RegExp;
  /** The capture group holding the secret (0: the whole match). */
  group?: number;
  /** Extra check on the secret; false drops the match. */
  accept?: (secret: string, entropyThreshold: number) => boolean;
}

/** Shannon entropy of a string, in bits per character. */
export function measureEntropy(text: string): number {
  if (text.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) {
    const p = count / text.length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

function isJwt(token: string): boolean {
  const [header] = token.split('.');
  try {
    const decoded = JSON.parse(Buffer.from(header!, 'base64url').toString('utf8')) as { alg?: unknown };
    return typeof decoded === 'object' && decoded !== null && typeof decoded.alg === 'string';
  } catch {
    return false;
  }
}

function looksLikePlaceholder(value: string): boolean {
  return (
    /^\$\{.*\}$|^\$\(.*\)$|^\{\{.*\}\}$|^<.*>$|^%.*%$/.test(value) ||
    /^(x+|\*+|\.+|-+)$/i.test(value) ||
    /(example|placeholder|changeme|your[_-]?|dummy|redacted|sample)/i.test(value)
  );
}

/** The credential formats the gate knows, most specific first. */
export const secretRules: SecretRule[] = [
  { kind: 'private key', pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/ },
  { kind: 'AWS access key id', pattern: /\b((?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})\b/, group: 1 },
  {
    kind: 'AWS secret access key',
    pattern: /aws_?secret_?(?:access_?)?key["']?\s*[:=]\s*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/i,
    group: 1,
  },
  { kind: 'GitHub token', pattern: /\b(gh[pousr]_[A-Za-z0-9]{36,251})\b/, group: 1 },
  {
    kind: 'GitHub fine-grained token',
    pattern: /\b(github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})\b/,
    group: 1,
  },
  { kind: 'Slack token', pattern: /\b(xox[abposr]-[A-Za-z0-9-]{10,})\b/, group: 1 },
  {
    kind: 'Slack webhook URL',
    pattern: /(https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]{20,})/,
    group: 1,
  },
  { kind: 'Stripe live key', pattern: /\b((?:sk|rk)_live_[A-Za-z0-9]{20,})\b/, group: 1 },
  { kind: 'Stripe test key', pattern: /\b((?:sk|rk)_test_[A-Za-z0-9]{20,})\b/, group: 1 },
  { kind: 'Google API key', pattern: /\b(AIza[A-Za-z0-9_-]{35})(?![A-Za-z0-9_-])/, group: 1 },
  {
    kind: 'JSON Web Token',
    pattern: /\b(eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{10,})/,
    group: 1,
    accept: isJwt,
  },
  {
    kind: 'high-entropy secret assignment',
    pattern:
      /(?:password|passwd|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|client[_-]?secret|auth[_-]?key)[\w.-]{0,40}["']?\s*(?::=|=>|[:=])\s*["'`]([^"'`\s]{12,512})["'`]/i,
    group: 1,
    accept: (secret, threshold) => !looksLikePlaceholder(secret) && measureEntropy(secret) >= threshold,
  },
];

/** The first 12 hex characters of the SHA-256 of a secret: enough to allow it, useless to use it. */
export function fingerprintSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex').slice(0, 12);
}

/**
 * Scans added lines for credentials. One finding per kind and line; an AWS key id inside a
 * generic assignment is reported once, as the more specific kind.
 */
export function scanAddedLines(lines: AddedLine[], entropyThreshold: number): SecretFinding[] {
  const findings: SecretFinding[] = [];
  for (const added of lines) {
    if (added.text.length > 100_000) continue;
    const seen = new Set<string>();
    for (const rule of secretRules) {
      const match = rule.pattern.exec(added.text);
      if (!match) continue;
      const secret = match[rule.group ?? 0] ?? match[0];
      if (rule.accept && !rule.accept(secret, entropyThreshold)) continue;
      if ([...seen].some((earlier) => earlier.includes(secret) || secret.includes(earlier))) continue;
      seen.add(secret);
      findings.push({
        kind: rule.kind,
        path: added.path,
        line: added.line,
        fingerprint: fingerprintSecret(secret),
      });
    }
  }
  return findings;
}

/** Judges findings against the path and fingerprint allowlists. */
export function judgeSecrets(
  findings: SecretFinding[],
  scannedLines: number,
  config: SecretsGateConfig,
): GateResult {
  const allowPath = config.allow.length ? picomatch(config.allow, { dot: true }) : () => false;
  const allowedFingerprints = new Set(config.allow_fingerprints);
  const reported = findings.filter((f) => !allowedFingerprints.has(f.fingerprint) && !allowPath(f.path));
  const allowed = findings.length - reported.length;
  const annotations: Annotation[] = reported.map((f) => ({
    path: f.path,
    start_line: f.line,
    end_line: f.line,
    level: 'failure',
    title: `Possible ${f.kind}`,
    message:
      `This line adds what looks like a ${f.kind} (fingerprint ${f.fingerprint}). Remove it and rotate the credential; ` +
      `if it is not a secret, add ${f.fingerprint} to gates.secrets.allow_fingerprints in the policy file.`,
  }));
  const status = reported.length > 0 ? 'fail' : 'pass';
  const summary =
    status === 'fail'
      ? `${reported.length} possible secret${reported.length === 1 ? '' : 's'} in added lines: ${[...new Set(reported.map((f) => f.kind))].join(', ')}.`
      : `No secret found in ${scannedLines} added line${scannedLines === 1 ? '' : 's'}${allowed ? ` (${allowed} allowed)` : ''}.`;
  const lines = [`Scanned ${scannedLines} added lines.`];
  if (reported.length) {
    lines.push('', '| kind | location | fingerprint |', '| --- | --- | --- |');
    for (const f of reported)
      lines.push(`| ${f.kind} | \`${escapeTableCell(f.path)}:${f.line}\` | \`${f.fingerprint}\` |`);
    lines.push(
      '',
      'The values are not shown. Remove each secret from the change and rotate it: it is in the branch history. ' +
        'A false positive can be allowed by fingerprint (gates.secrets.allow_fingerprints) or by path (gates.secrets.allow).',
    );
  }
  if (allowed)
    lines.push(
      '',
      `${allowed} finding${allowed === 1 ? ' was' : 's were'} allowed by gates.secrets.allow or allow_fingerprints.`,
    );
  return {
    gate: 'secrets',
    status,
    blocking: config.blocking,
    summary,
    details: lines.join('\n'),
    annotations,
    metrics: { secrets_found: reported.length, secrets_allowed: allowed, added_lines_scanned: scannedLines },
  };
}

/** Runs the secrets gate over the lines the change adds. */
export async function runSecretsGate(config: SecretsGateConfig, ctx: GateContext): Promise<GateResult> {
  if (!ctx.addedLines) {
    return makeSkipResult(
      'secrets',
      config.blocking,
      'gates.secrets: no diff is known, so no added line could be scanned. Run on a pull request or give base and head commits.',
    );
  }
  const allowPath = config.allow.length ? picomatch(config.allow, { dot: true }) : () => false;
  const scanned = ctx.addedLines.filter((line) => !allowPath(line.path));
  return judgeSecrets(scanAddedLines(ctx.addedLines, config.entropy), scanned.length, config);
}
