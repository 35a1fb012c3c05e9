// Policy evaluation throughput: a policy with 20 environments and 10 freeze windows each,
// evaluated for deployments with sign-offs at instants moving through a month.
import { evaluatePolicy, type DeploymentFacts } from '../src/policy/evaluate-policy.js';
import { parsePolicy } from '../src/policy/parse-policy.js';
import type { Signoff } from '../src/signoff/types.js';

function buildPolicyText(): string {
  const lines = ['environments:'];
  for (let e = 0; e < 20; e++) {
    lines.push(`  env-${e}:`);
    lines.push('    tiers:');
    lines.push('      trivial: { approvals: 0 }');
    lines.push('      low: { approvals: 1, from: ["team:acme/release"] }');
    lines.push(
      '      medium: { all_of: [ { approvals: 1, from: ["team:acme/sre"] }, { approvals: 1, from: ["team:acme/security"] } ] }',
    );
    lines.push('      high: { approvals: 2, from: [alice, bob, carol] }');
    lines.push('    signoff: { expires_after: 24h }');
    lines.push('    freeze:');
    const zones = ['Europe/Berlin', 'America/New_York', 'Asia/Tokyo', 'UTC', 'Australia/Sydney'];
    const zone = zones[e % zones.length];
    // Four recurring windows (weekend, a nightly batch, month-end close, a Wednesday maintenance slot)
    // and six one-off ones (launches, audits and holidays through the year).
    lines.push(`      - { name: weekend, start: "0 17 * * FRI", end: "0 8 * * MON", timezone: ${zone} }`);
    lines.push(`      - { name: nightly, start: "0 23 * * *", end: "0 5 * * *", timezone: ${zone} }`);
    lines.push(`      - { name: month-end, start: "0 12 28 * *", end: "0 12 2 * *", timezone: ${zone} }`);
    lines.push(
      `      - { name: maintenance, start: "0 14 * * WED", end: "0 15 * * WED", timezone: ${zone} }`,
    );
    for (let w = 0; w < 6; w++) {
      const month = String(((w * 2 + e) % 12) + 1).padStart(2, '0');
      lines.push(
        `      - { name: event-${w}, from: "2026-${month}-10", until: "2026-${month}-14", timezone: ${zone} }`,
      );
    }
    lines.push('    break_glass: { approvals: 1, from: ["team:acme/sre-leads"] }');
    lines.push('    rollback: { cooldown: 30m, max: 2, per: 6h, escalate_to: ["team:acme/oncall"] }');
  }
  return lines.join('\n') + '\n';
}

export async function run(): Promise<Record<string, unknown>> {
  const text = buildPolicyText();
  const parseStart = performance.now();
  const parsed = parsePolicy(text, 'bench.yml');
  const parseMs = performance.now() - parseStart;
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => p.message).join('\n'));
  const policy = parsed.policy;
  const teams = {
    'acme/release': ['rita'],
    'acme/sre': ['sam'],
    'acme/security': ['sue'],
    'acme/sre-leads': ['lee'],
    'acme/oncall': ['otto'],
  };
  const tiers = ['trivial', 'low', 'medium', 'high'] as const;
  const base = Date.parse('2026-11-01T00:00:00Z');
  const month = 30 * 86_400_000;
  const n = Number(process.env.BENCH_EVALUATIONS ?? 200_000);
  const facts: DeploymentFacts[] = [];
  for (let i = 0; i < 1000; i++) {
    const now = base + Math.floor((i * month) / 1000);
    const signoffs: Signoff[] = ['alice', 'bob', 'sam', 'sue', 'rita'].slice(0, i % 6).map((login, k) => ({
      login,
      at: new Date(now - (k + 1) * 3_600_000),
      kind: 'approve' as const,
    }));
    facts.push({
      environment: `env-${i % 20}`,
      tier: tiers[i % 4]!,
      sha: 'c0ffee',
      author: 'dave',
      committers: [],
      signoffs,
      teams,
      ...(i % 10 === 0
        ? {
            rollback: {
              is_rollback: true,
              history: [{ sha: 'c0ffee', at: new Date(now - 3 * 3_600_000), kind: 'deploy' as const }],
            },
          }
        : {}),
    });
  }
  // Time moves forward through the month as in a running App; each evaluation takes one deployment's facts.
  const at = (i: number) => new Date(base + Math.floor((i * month) / n));
  const coldStart = performance.now();
  for (let e = 0; e < 20; e++) evaluatePolicy(policy, { ...facts[e]!, environment: `env-${e}` }, at(0));
  const coldMs = performance.now() - coldStart;
  const decisions = { approved: 0, pending: 0, rejected: 0 };
  const start = performance.now();
  for (let i = 0; i < n; i++) decisions[evaluatePolicy(policy, facts[i % 1000]!, at(i)).decision]++;
  const seconds = (performance.now() - start) / 1000;
  return {
    environments: 20,
    freeze_windows_per_environment: 10,
    evaluations: n,
    evaluations_per_second: Math.round(n / seconds),
    microseconds_per_evaluation: Number(((seconds / n) * 1e6).toFixed(2)),
    parse_policy_ms: Number(parseMs.toFixed(1)),
    first_evaluation_of_each_environment_ms: Number(coldMs.toFixed(1)),
    decisions,
  };
}
