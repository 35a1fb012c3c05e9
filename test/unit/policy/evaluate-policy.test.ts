import { evaluatePolicy, type DeploymentFacts } from '../../../src/policy/evaluate-policy.js';
import { parsePolicy } from '../../../src/policy/parse-policy.js';
import type { Policy } from '../../../src/policy/types.js';
import type { Signoff } from '../../../src/signoff/types.js';

const SHA = 'c0ffee0000000000000000000000000000000000';

function policyOf(text: string): Policy {
  const result = parsePolicy(text, 'shipgate.yml');
  if (!result.ok)
    throw new Error(result.problems.map((p) => `${p.line}:${p.column} ${p.message}`).join('\n'));
  return result.policy;
}

const reference = policyOf(`
environments:
  production:
    tiers:
      trivial: { approvals: 0 }
      low:     { approvals: 1, from: ["team:acme/release"] }
      medium:  { all_of: [ { approvals: 1, from: ["team:acme/sre"] }, { approvals: 1, from: ["team:acme/security"] } ] }
      high:    { approvals: 2, from: [alice, bob, carol] }
    signoff: { allow_author: false, expires_after: 24h }
    freeze:
      - { name: weekend, start: "0 17 * * FRI", end: "0 8 * * MON", timezone: Europe/Berlin }
      - { name: year-end, from: "2026-12-20", until: "2027-01-04", timezone: America/New_York, on_freeze: reject }
    break_glass: { approvals: 2, from: ["team:acme/sre-leads"], reason: required }
    rollback: { cooldown: 30m, max: 2, per: 6h, escalate_to: ["team:acme/oncall"] }
  "preview-*":
    mode: advise
    tiers:
      trivial: { approvals: 1, from: [alice] }
  staging:
    tiers:
      high: { approvals: 1, from: [alice] }
`);

const teams = {
  'acme/release': ['rita'],
  'acme/sre': ['sam', 'sue'],
  'acme/security': ['sue', 'sec'],
  'acme/sre-leads': ['lee', 'lou'],
  'acme/oncall': ['otto'],
};

// Wednesday 2026-11-18 10:00 UTC: no freeze is active.
const WEDNESDAY = '2026-11-18T10:00:00Z';
// Saturday 2026-11-21 12:00 UTC: inside the weekend freeze (until Monday 08:00 Berlin = 07:00 UTC).
const SATURDAY = '2026-11-21T12:00:00Z';
// 2026-12-23, a Wednesday: inside the year-end freeze (on_freeze: reject).
const YEAR_END = '2026-12-23T15:00:00Z';

const s = (login: string, at: string, kind: Signoff['kind'] = 'approve', reason?: string): Signoff => ({
  login,
  at: new Date(at),
  kind,
  sha: SHA,
  ...(reason ? { reason } : {}),
});

function facts(overrides: Partial<DeploymentFacts>): DeploymentFacts {
  return {
    environment: 'production',
    tier: 'high',
    sha: SHA,
    author: 'dave',
    committers: [],
    signoffs: [],
    teams,
    ...overrides,
  };
}

interface Case {
  name: string;
  facts: Partial<DeploymentFacts>;
  now: string;
  decision: 'approved' | 'pending' | 'rejected';
  next?: string | null;
  reason?: string;
  requirements?: { label: string; have: number; approvals: number; satisfied: boolean }[];
  freeze?: { active: boolean; window: string | null; until: string | null };
}

const cases: Case[] = [
  {
    name: 'trivial needs nobody',
    facts: { tier: 'trivial' },
    now: WEDNESDAY,
    decision: 'approved',
    next: null,
    reason: 'tier trivial needs no sign-off',
  },
  {
    name: 'high: 2 of 3 reached',
    facts: { signoffs: [s('alice', '2026-11-18T09:00:00Z'), s('bob', '2026-11-18T09:30:00Z')] },
    now: WEDNESDAY,
    decision: 'approved',
    requirements: [{ label: 'tiers.high', have: 2, approvals: 2, satisfied: true }],
  },
  {
    name: 'high: 1 of 3 is pending until a sign-off expires',
    facts: { signoffs: [s('alice', '2026-11-18T09:00:00Z')] },
    now: WEDNESDAY,
    decision: 'pending',
    next: null,
    reason: 'tiers.high needs 1 more approval from alice, bob, carol (have 1: alice)',
  },
  {
    name: "the author's approval is refused",
    facts: {
      author: 'bob',
      signoffs: [s('alice', '2026-11-18T09:00:00Z'), s('bob', '2026-11-18T09:00:00Z')],
    },
    now: WEDNESDAY,
    decision: 'pending',
    requirements: [{ label: 'tiers.high', have: 1, approvals: 2, satisfied: false }],
  },
  {
    name: 'expired sign-offs do not count',
    facts: { signoffs: [s('alice', '2026-11-17T09:59:00Z'), s('bob', '2026-11-18T09:00:00Z')] },
    now: WEDNESDAY,
    decision: 'pending',
    requirements: [{ label: 'tiers.high', have: 1, approvals: 2, satisfied: false }],
  },
  {
    name: 'low: a team member approves',
    facts: { tier: 'low', signoffs: [s('rita', '2026-11-18T09:00:00Z')] },
    now: WEDNESDAY,
    decision: 'approved',
  },
  {
    name: 'medium: all_of needs every part',
    facts: { tier: 'medium', signoffs: [s('sam', '2026-11-18T09:00:00Z')] },
    now: WEDNESDAY,
    decision: 'pending',
    requirements: [
      { label: 'tiers.medium.all_of[0]', have: 1, approvals: 1, satisfied: true },
      { label: 'tiers.medium.all_of[1]', have: 0, approvals: 1, satisfied: false },
    ],
  },
  {
    name: 'medium: all_of met',
    facts: { tier: 'medium', signoffs: [s('sam', '2026-11-18T09:00:00Z'), s('sec', '2026-11-18T09:10:00Z')] },
    now: WEDNESDAY,
    decision: 'approved',
  },
  {
    name: 'an eligible rejection rejects',
    facts: {
      signoffs: [
        s('alice', '2026-11-18T09:00:00Z'),
        s('bob', '2026-11-18T09:10:00Z', 'reject', 'breaks checkout'),
      ],
    },
    now: WEDNESDAY,
    decision: 'rejected',
    reason: 'rejected by bob: breaks checkout',
  },
  {
    name: 'a rejection from outside the signers is ignored',
    facts: {
      signoffs: [
        s('alice', '2026-11-18T09:00:00Z'),
        s('bob', '2026-11-18T09:00:00Z'),
        s('mallory', '2026-11-18T09:10:00Z', 'reject'),
      ],
    },
    now: WEDNESDAY,
    decision: 'approved',
  },
  {
    name: 'weekend freeze holds until Monday 08:00 Berlin',
    facts: { signoffs: [s('alice', '2026-11-21T11:00:00Z'), s('bob', '2026-11-21T11:00:00Z')] },
    now: SATURDAY,
    decision: 'pending',
    next: '2026-11-22T11:00:00.000Z',
    freeze: { active: true, window: 'weekend', until: '2026-11-23T07:00:00.000Z' },
    reason:
      "freeze 'weekend' is active until 2026-11-23T07:00:00.000Z; the deployment is held until then (on_freeze: hold)",
  },
  {
    name: 'the freeze end is the next evaluation when nothing expires sooner',
    facts: { tier: 'trivial' },
    now: SATURDAY,
    decision: 'pending',
    next: '2026-11-23T07:00:00.000Z',
  },
  {
    name: 'break-glass with reasons approves during a freeze',
    facts: {
      signoffs: [
        s('lee', '2026-11-21T11:00:00Z', 'break_glass', 'payments down'),
        s('lou', '2026-11-21T11:05:00Z', 'break_glass', 'hotfix'),
      ],
    },
    now: SATURDAY,
    decision: 'approved',
    next: null,
    reason:
      "freeze 'weekend' is active until 2026-11-23T07:00:00.000Z, and break-glass was given by lee, lou",
  },
  {
    name: 'break-glass without a reason does not count when one is required',
    facts: {
      signoffs: [
        s('lee', '2026-11-21T11:00:00Z', 'break_glass', 'payments down'),
        s('lou', '2026-11-21T11:05:00Z', 'break_glass'),
      ],
    },
    now: SATURDAY,
    decision: 'pending',
    requirements: [
      { label: 'tiers.high', have: 0, approvals: 2, satisfied: false },
      { label: 'break_glass', have: 1, approvals: 2, satisfied: false },
    ],
  },
  {
    name: 'break-glass from outside the group does not count',
    facts: {
      signoffs: [
        s('alice', '2026-11-21T11:00:00Z', 'break_glass', 'x'),
        s('lou', '2026-11-21T11:05:00Z', 'break_glass', 'y'),
      ],
    },
    now: SATURDAY,
    decision: 'pending',
  },
  {
    name: 'year-end freeze rejects',
    facts: { signoffs: [s('alice', '2026-12-23T14:00:00Z'), s('bob', '2026-12-23T14:00:00Z')] },
    now: YEAR_END,
    decision: 'rejected',
    // January 4, 2027 is a Monday: the weekend freeze follows on, so the freeze lasts until 08:00 Berlin.
    freeze: { active: true, window: 'year-end', until: '2027-01-04T07:00:00.000Z' },
    reason:
      "freeze 'year-end' is active, followed by 'weekend', until 2027-01-04T07:00:00.000Z (on_freeze: reject)",
  },
  {
    name: 'year-end freeze is lifted by break-glass',
    facts: {
      signoffs: [
        s('lee', '2026-12-23T14:00:00Z', 'break_glass', 'sev1'),
        s('lou', '2026-12-23T14:00:00Z', 'break_glass', 'sev1'),
      ],
    },
    now: YEAR_END,
    decision: 'approved',
  },
  {
    name: 'year-end ends at local midnight New York (exclusive); the chained weekend freeze still holds',
    facts: { tier: 'trivial' },
    now: '2027-01-04T05:00:00Z',
    decision: 'pending',
    next: '2027-01-04T07:00:00.000Z',
    freeze: { active: true, window: 'weekend', until: '2027-01-04T07:00:00.000Z' },
  },
  {
    name: 'both freezes over',
    facts: { tier: 'trivial' },
    now: '2027-01-04T07:00:00Z',
    decision: 'approved',
  },
  {
    name: 'one millisecond before the year-end freeze ends',
    facts: { tier: 'trivial' },
    now: '2027-01-04T04:59:59.999Z',
    decision: 'rejected',
  },
  {
    name: 'a rollback inside the cooldown is escalated',
    facts: {
      tier: 'trivial',
      sha: 'aaa0000',
      rollback: {
        is_rollback: true,
        history: [
          { sha: 'aaa0000', at: new Date('2026-11-17T10:00:00Z'), kind: 'deploy' },
          { sha: 'bbb0000', at: new Date('2026-11-18T09:45:00Z'), kind: 'deploy' },
        ],
      },
    },
    now: WEDNESDAY,
    decision: 'pending',
    next: '2026-11-18T10:15:00.000Z',
    reason: "rollback guardrail 'cooldown' tripped",
    requirements: [
      { label: 'tiers.trivial', have: 0, approvals: 0, satisfied: true },
      { label: 'rollback.escalate_to', have: 0, approvals: 1, satisfied: false },
    ],
  },
  {
    name: 'an escalated rollback approved by on-call',
    facts: {
      tier: 'trivial',
      sha: 'aaa0000',
      signoffs: [{ login: 'otto', at: new Date('2026-11-18T09:55:00Z'), kind: 'approve', sha: 'aaa0000' }],
      rollback: {
        is_rollback: true,
        history: [
          { sha: 'aaa0000', at: new Date('2026-11-18T08:00:00Z'), kind: 'deploy' },
          { sha: 'bbb0000', at: new Date('2026-11-18T08:30:00Z'), kind: 'deploy' },
          { sha: 'aaa0000', at: new Date('2026-11-18T09:00:00Z'), kind: 'rollback' },
          { sha: 'bbb0000', at: new Date('2026-11-18T09:20:00Z'), kind: 'deploy' },
        ],
      },
    },
    now: WEDNESDAY,
    decision: 'approved',
  },
  {
    name: 'no policy for the environment holds it',
    facts: { environment: 'qa' },
    now: WEDNESDAY,
    decision: 'pending',
    next: null,
    reason: "no policy covers environment 'qa', so it is held",
  },
  {
    name: 'environment names match case-insensitively',
    facts: { environment: 'Production', tier: 'trivial' },
    now: WEDNESDAY,
    decision: 'approved',
  },
  {
    name: 'advise mode approves and says what enforcing would do',
    facts: { environment: 'preview-42', tier: 'trivial' },
    now: WEDNESDAY,
    decision: 'approved',
    next: null,
    reason: 'advise mode: approved anyway; enforcing this policy would have held the deployment because',
  },
  {
    name: 'a tier without a rule uses the next stricter one',
    facts: { environment: 'staging', tier: 'low', signoffs: [s('alice', '2026-11-18T09:00:00Z')] },
    now: WEDNESDAY,
    decision: 'approved',
  },
];

describe('evaluatePolicy', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const verdict = evaluatePolicy(reference, facts(c.facts), new Date(c.now));
    expect(verdict.decision).toBe(c.decision);
    if (c.next !== undefined) expect(verdict.next_evaluation_at).toBe(c.next);
    if (c.reason) expect(verdict.reasons.join('\n')).toContain(c.reason);
    if (c.requirements) {
      expect(
        verdict.requirements.map((r) => ({
          label: r.label,
          have: r.have,
          approvals: r.approvals,
          satisfied: r.satisfied,
        })),
      ).toEqual(c.requirements);
    }
    if (c.freeze)
      expect({
        active: verdict.freeze.active,
        window: verdict.freeze.window,
        until: verdict.freeze.until,
      }).toEqual(c.freeze);
  });

  it('a deployment waiting in a freeze is approved once the window ends', () => {
    const f = facts({ tier: 'trivial' });
    const held = evaluatePolicy(reference, f, new Date(SATURDAY));
    expect(held.decision).toBe('pending');
    const later = evaluatePolicy(reference, f, new Date(held.next_evaluation_at!));
    expect(later.decision).toBe('approved');
    expect(later.freeze.active).toBe(false);
  });

  it('a high tier with no rule at any stricter tier is held with the fix', () => {
    const policy = policyOf(
      'environments:\n  production:\n    tiers:\n      low: { approvals: 1, from: [alice] }\n',
    );
    const verdict = evaluatePolicy(policy, facts({ tier: 'high' }), new Date(WEDNESDAY));
    expect(verdict.decision).toBe('pending');
    expect(verdict.reasons[0]).toContain('add tiers.high');
  });

  it('an exact name wins over an earlier glob', () => {
    const policy = policyOf('environments:\n  "prod*": { mode: advise }\n  production: { mode: enforce }\n');
    expect(evaluatePolicy(policy, facts({ tier: 'trivial' }), new Date(WEDNESDAY)).policy_environment).toBe(
      'production',
    );
    expect(
      evaluatePolicy(policy, facts({ environment: 'prod-eu', tier: 'trivial' }), new Date(WEDNESDAY))
        .policy_environment,
    ).toBe('prod*');
  });
});
