import { parsePolicy } from '../../../src/policy/parse-policy.js';

const valid = `
risk:
  thresholds: { low: 20, medium: 45, high: 70 }
environments:
  production:
    mode: enforce
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
`;

describe('parsePolicy', () => {
  it('normalises the reference policy', () => {
    const result = parsePolicy(valid, 'shipgate.yml');
    if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('\n'));
    const [env] = result.policy.environments;
    expect(result.policy.risk).toEqual({
      thresholds: { low: 20, medium: 45, high: 70 },
      low_confidence: 'raise',
    });
    expect(env).toEqual({
      pattern: 'production',
      mode: 'enforce',
      tiers: {
        trivial: { kind: 'quorum', rule: { approvals: 0, from: null } },
        low: { kind: 'quorum', rule: { approvals: 1, from: ['team:acme/release'] } },
        medium: {
          kind: 'all_of',
          rules: [
            { approvals: 1, from: ['team:acme/sre'] },
            { approvals: 1, from: ['team:acme/security'] },
          ],
        },
        high: { kind: 'quorum', rule: { approvals: 2, from: ['alice', 'bob', 'carol'] } },
      },
      signoff: { allow_author: false, expires_after_ms: 24 * 3_600_000 },
      freeze: [
        {
          kind: 'recurring',
          name: 'weekend',
          start: '0 17 * * FRI',
          end: '0 8 * * MON',
          timezone: 'Europe/Berlin',
          on_freeze: 'hold',
        },
        {
          kind: 'absolute',
          name: 'year-end',
          from: '2026-12-20',
          until: '2027-01-04',
          timezone: 'America/New_York',
          on_freeze: 'reject',
        },
      ],
      break_glass: { approvals: 2, from: ['team:acme/sre-leads'], reason: 'required' },
      rollback: {
        cooldown_ms: 30 * 60_000,
        max: 2,
        per_ms: 6 * 3_600_000,
        escalate_to: ['team:acme/oncall'],
      },
    });
  });

  it('fills defaults for an empty file', () => {
    const result = parsePolicy('', 'empty.yml');
    expect(result).toEqual({
      ok: true,
      file: {},
      policy: {
        risk: { thresholds: { low: 20, medium: 45, high: 70 }, low_confidence: 'raise' },
        gates: {},
        environments: [],
      },
    });
  });

  // Each case: the policy text, then the expected problems as `line:col: message fragment`.
  it.each<[string, string, string[]]>([
    [
      'a typo in a key names the key and the fix',
      'environments:\n  production:\n    tiers:\n      high: { approvals: 2, form: [alice, bob] }\n',
      ["4:29: unknown key 'form' in a tier rule; did you mean 'from'? Known keys: approvals, from, all_of."],
    ],
    [
      'an unknown top-level key',
      'enviroments:\n  production: {}\n',
      ["1:1: unknown key 'enviroments' in the policy file; did you mean 'environments'?"],
    ],
    [
      'an unknown tier',
      'environments:\n  production:\n    tiers:\n      critical: { approvals: 2, from: [a, b] }\n',
      ["4:7: unknown tier 'critical'. Tiers are trivial, low, medium, high."],
    ],
    [
      'a misspelt tier suggests the right one',
      'environments:\n  production:\n    tiers:\n      hgih: { approvals: 2, from: [a, b] }\n',
      ["4:7: unknown tier 'hgih'; did you mean 'high'?"],
    ],
    [
      'an impossible quorum',
      'environments:\n  production:\n    tiers:\n      high: { approvals: 2, from: [alice] }\n',
      ['4:26: tiers.high asks for 2 approvals from 1 named signer (alice): it can never be met'],
    ],
    [
      'the same person twice is still one signer',
      'environments:\n  production:\n    tiers:\n      high: { approvals: 2, from: [alice, Alice] }\n',
      ['4:26: tiers.high asks for 2 approvals from 1 named signer (alice)'],
    ],
    [
      'an impossible all_of part',
      'environments:\n  production:\n    tiers:\n      medium: { all_of: [ { approvals: 3, from: [a, b] } ] }\n',
      ['4:40: tiers.medium.all_of[0] asks for 3 approvals from 2 named signers (a, b)'],
    ],
    [
      'an impossible break-glass quorum',
      'environments:\n  production:\n    break_glass: { approvals: 2, from: [alice] }\n',
      ['3:31: break_glass asks for 2 approvals from 1 named signer (alice)'],
    ],
    [
      'a negative approval count',
      'environments:\n  production:\n    tiers:\n      low: { approvals: -1 }\n',
      ['4:25: approvals cannot be negative'],
    ],
    [
      'a bot as a signer',
      'environments:\n  production:\n    tiers:\n      low: { approvals: 1, from: ["dependabot[bot]"] }\n',
      ["4:35: 'dependabot[bot]' is a bot; bots cannot sign off"],
    ],
    [
      'a malformed team reference',
      'environments:\n  production:\n    tiers:\n      low: { approvals: 1, from: ["team:release"] }\n',
      ["4:35: 'team:release' is not a team reference; write team:org/team-slug"],
    ],
    [
      'a bad duration',
      'environments:\n  production:\n    signoff: { expires_after: "one day" }\n',
      ['3:31: expected a duration such as 30m, 24h, 7d or 1h30m'],
    ],
    [
      'thresholds out of order',
      'risk:\n  thresholds: { low: 50, medium: 40 }\n',
      ['2:15: risk.thresholds must rise: low < medium < high (got low 50, medium 40, high 70)'],
    ],
    [
      'a wrong mode',
      'environments:\n  production:\n    mode: block\n',
      ["3:11: mode is 'enforce' (the default) or 'advise'"],
    ],
    [
      'a freeze window mixing both kinds',
      'environments:\n  production:\n    freeze:\n      - { name: x, start: "0 17 * * FRI", until: "2027-01-01" }\n',
      ["4:9: freeze window 'x' mixes start/end (recurring) with from/until (absolute)"],
    ],
    [
      'a freeze window without an end',
      'environments:\n  production:\n    freeze:\n      - { name: x, start: "0 17 * * FRI" }\n',
      ["4:9: freeze window 'x' has start but no end"],
    ],
    [
      'a rollback rule without escalation',
      'environments:\n  production:\n    rollback: { cooldown: 30m }\n',
      ["3:15: missing required key 'escalate_to'"],
    ],
    [
      'a typo in a gate key',
      'gates:\n  tests: { junit: "r/*.xml", blockng: true }\n',
      ["2:30: unknown key 'blockng' in gates.tests; did you mean 'blocking'?"],
    ],
    [
      'a misspelt gate kind',
      'gates:\n  sarf: {}\n',
      ["2:3: unknown key 'sarf' in gates; did you mean 'sarif'? Known keys: tests, coverage, sarif"],
    ],
    ['YAML syntax errors', 'environments:\n  production: {\n', ['3:1: YAML syntax:']],
    [
      'duplicate keys',
      'environments:\n  production: {}\n  production: {}\n',
      ['3:3: YAML syntax: Map keys must be unique'],
    ],
    [
      'all_of with approvals',
      'environments:\n  production:\n    tiers:\n      medium: { approvals: 1, all_of: [ { approvals: 1, from: [a] } ] }\n',
      ['4:39: a tier rule is either {approvals, from} or {all_of: [...]}, not both'],
    ],
  ])('%s', (_name, text, expected) => {
    const result = parsePolicy(text, 'p.yml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const got = result.problems.map((p) => `${p.line}:${p.column}: ${p.message}`);
    expect(got).toHaveLength(expected.length);
    expected.forEach((fragment, i) => expect(got[i]).toContain(fragment));
    for (const p of result.problems) expect(p.file).toBe('p.yml');
  });
});

describe('parsePolicy with _extends', () => {
  const org = `
risk:
  thresholds: { low: 25, medium: 50, high: 75 }
environments:
  production:
    tiers:
      trivial: { approvals: 0 }
      high: { approvals: 2, from: [alice, bob, carol] }
    signoff: { expires_after: 24h }
    freeze:
      - { name: weekend, start: "0 17 * * FRI", end: "0 8 * * MON", timezone: Europe/Berlin }
  staging:
    tiers:
      high: { approvals: 1, from: [alice] }
`;

  it.each<[string, string, (p: import('../../../src/policy/types.js').Policy) => unknown, unknown]>([
    [
      'a repo without overrides inherits everything',
      '_extends: .github\n',
      (p) => p.environments.map((e) => e.pattern),
      ['production', 'staging'],
    ],
    [
      'maps merge deeply',
      '_extends: .github\nrisk:\n  thresholds: { high: 90 }\n',
      (p) => p.risk.thresholds,
      { low: 25, medium: 50, high: 90 },
    ],
    [
      'an environment key replaces the org key as a whole',
      '_extends: .github\nenvironments:\n  production:\n    tiers:\n      high: { approvals: 1, from: [dave] }\n',
      (p) => p.environments[0]!.tiers,
      { high: { kind: 'quorum', rule: { approvals: 1, from: ['dave'] } } },
    ],
    [
      'keys the repo does not name stay',
      '_extends: .github\nenvironments:\n  production:\n    mode: advise\n',
      (p) => [
        p.environments[0]!.mode,
        p.environments[0]!.signoff.expires_after_ms,
        p.environments[0]!.freeze.length,
      ],
      ['advise', 24 * 3_600_000, 1],
    ],
    [
      'lists are replaced, not appended',
      '_extends: .github\nenvironments:\n  production:\n    freeze: []\n',
      (p) => p.environments[0]!.freeze,
      [],
    ],
    [
      'a repo may add environments',
      '_extends: .github\nenvironments:\n  "preview-*": { mode: advise }\n',
      (p) => p.environments.map((e) => e.pattern),
      ['production', 'staging', 'preview-*'],
    ],
  ])('%s', (_name, repo, pick, expected) => {
    const result = parsePolicy(repo, 'repo.yml', { text: org, file: 'org.yml' });
    if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('\n'));
    expect(pick(result.policy)).toEqual(expected);
  });

  it('reports a merged problem in the file that wrote it', () => {
    const repo =
      '_extends: .github\nenvironments:\n  staging:\n    tiers:\n      high: { approvals: 3, from: [a, b] }\n';
    const result = parsePolicy(repo, 'repo.yml', { text: org, file: 'org.yml' });
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.problems.map((p) => `${p.file}:${p.line}:${p.column}`)).toEqual(['repo.yml:5:26']);
  });

  it('reports problems in the org file with its name', () => {
    const result = parsePolicy('_extends: .github\n', 'repo.yml', {
      text: 'environments:\n  prod:\n    tires: {}\n',
      file: 'org.yml',
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]).toMatchObject({ file: 'org.yml', line: 3, column: 5 });
  });
});
