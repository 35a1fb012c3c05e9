import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runShipgate } from './run-cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'shipgate-policy-'));
const write = (name: string, text: string) => {
  writeFileSync(path.join(dir, name), text);
  return name;
};

const policy = write(
  'shipgate.yml',
  `environments:
  production:
    tiers:
      trivial: { approvals: 0 }
      low: { approvals: 1, from: ["team:acme/release"] }
      high: { approvals: 2, from: [alice, bob, carol] }
    signoff: { expires_after: 24h }
    freeze:
      - { name: weekend, start: "0 17 * * FRI", end: "0 8 * * MON", timezone: Europe/Berlin }
    break_glass: { approvals: 1, from: [lee], reason: required }
    rollback: { cooldown: 30m, max: 2, per: 6h, escalate_to: [otto] }
`,
);
const teams = write('teams.yml', 'acme/release: [rita]\n');
const history = write(
  'history.yml',
  '- { sha: aaa1111, at: "2026-11-18T08:00:00Z", kind: deploy }\n- { sha: bbb2222, at: "2026-11-18T09:50:00Z", kind: deploy }\n',
);
const bad = write(
  'bad.yml',
  'environments:\n  production:\n    tiers:\n      high: { approvals: 2, from: [alice] }\n    mood: advise\n',
);

describe('shipgate policy validate', () => {
  it('accepts a valid file', async () => {
    expect(await runShipgate(['policy', 'validate', policy], dir)).toEqual({
      code: 0,
      stdout: 'shipgate.yml: ok\n',
      stderr: '',
    });
  });

  it('prints FILE:LINE:COL per problem and exits 1', async () => {
    const result = await runShipgate(['policy', 'validate', bad, policy], dir);
    expect(result.code).toBe(1);
    expect(result.stdout.trim().split('\n')).toEqual(
      [
        "bad.yml:5:5: unknown key 'mood' in an environment; did you mean 'mode'? Known keys: mode, tiers, signoff, freeze, break_glass, rollback. [environments.production.mood]",
        'bad.yml:4:26: tiers.high asks for 2 approvals from 1 named signer (alice): it can never be met; name more signers in from, add a team, or lower approvals [environments.production.tiers.high.approvals]',
        'shipgate.yml: ok',
      ].sort((a, b) =>
        a.startsWith('shipgate')
          ? 1
          : b.startsWith('shipgate')
            ? -1
            : a.localeCompare(b, 'en', { numeric: true }),
      ),
    );
  });

  it('prints JSON', async () => {
    const result = await runShipgate(['policy', 'validate', bad, '--json'], dir);
    expect(result.code).toBe(1);
    const json = JSON.parse(result.stdout);
    expect(json.valid).toBe(false);
    expect(json.files[0].problems.map((p: { line: number; key: string }) => `${p.line}:${p.key}`)).toEqual([
      '4:environments.production.tiers.high.approvals',
      '5:environments.production.mood',
    ]);
  });

  it('exits 2 for a file it cannot read', async () => {
    const result = await runShipgate(['policy', 'validate', 'missing.yml'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("cannot read policy file 'missing.yml' (ENOENT)");
  });
});

describe('shipgate policy explain', () => {
  const explain = async (...args: string[]) => {
    const result = await runShipgate(
      ['policy', 'explain', '--policy', policy, '--env', 'production', '--json', ...args],
      dir,
    );
    if (result.code !== 0) throw new Error(result.stderr);
    return JSON.parse(result.stdout);
  };

  it('2 of 3 approves', async () => {
    const verdict = await explain(
      '--tier',
      'high',
      '--at',
      '2026-11-18T10:00:00Z',
      '--author',
      'dave',
      '--approvals',
      'alice,bob@2026-11-18T09:00:00Z',
    );
    expect(verdict.decision).toBe('approved');
    expect(verdict.requirements).toEqual([
      expect.objectContaining({
        approvals: 2,
        from: ['alice', 'bob', 'carol'],
        have: 2,
        satisfied: true,
        signers: ['bob', 'alice'],
      }),
    ]);
    expect(verdict.freeze).toEqual({
      active: false,
      window: null,
      windows: [],
      until: null,
      until_window: null,
      on_freeze: null,
    });
    expect(verdict.next_evaluation_at).toBeNull();
  });

  it('the author does not count', async () => {
    const verdict = await explain(
      '--tier',
      'high',
      '--at',
      '2026-11-18T10:00:00Z',
      '--author',
      'bob',
      '--approvals',
      'alice,bob',
    );
    expect(verdict.decision).toBe('pending');
    expect(verdict.requirements[0].refused).toEqual([
      {
        login: 'bob',
        reason: 'the author of the change cannot sign off on it (signoff.allow_author is false)',
      },
    ]);
    expect(verdict.next_evaluation_at).toBeNull();
  });

  it('teams come from --teams', async () => {
    expect(
      (
        await explain(
          '--tier',
          'low',
          '--at',
          '2026-11-18T10:00:00Z',
          '--approvals',
          'rita',
          '--teams',
          teams,
        )
      ).decision,
    ).toBe('approved');
    expect(
      (await explain('--tier', 'low', '--at', '2026-11-18T10:00:00Z', '--approvals', 'rita')).decision,
    ).toBe('pending');
  });

  it('a freeze holds, with its end', async () => {
    const verdict = await explain('--tier', 'trivial', '--at', '2026-11-21T12:00:00Z');
    expect(verdict.decision).toBe('pending');
    expect(verdict.freeze).toMatchObject({
      active: true,
      window: 'weekend',
      until: '2026-11-23T07:00:00.000Z',
    });
    expect(verdict.next_evaluation_at).toBe('2026-11-23T07:00:00.000Z');
  });

  it('break-glass with a reason approves during a freeze', async () => {
    const verdict = await explain(
      '--tier',
      'high',
      '--at',
      '2026-11-21T12:00:00Z',
      '--break-glass',
      'lee',
      '--reason',
      'sev1 outage',
    );
    expect(verdict.decision).toBe('approved');
    expect(verdict.break_glass).toEqual({ used: true, reason: 'lee: sev1 outage' });
  });

  it('a rollback inside the cooldown is escalated', async () => {
    const verdict = await explain(
      '--tier',
      'trivial',
      '--at',
      '2026-11-18T10:00:00Z',
      '--rollback',
      '--history',
      history,
      '--sha',
      'aaa1111',
    );
    expect(verdict.decision).toBe('pending');
    // aaa1111 was live two hours ago: flipping back to it within 6h is also a loop.
    expect(verdict.rollback.tripped.map((t: { rule: string }) => t.rule)).toEqual(['cooldown', 'loop']);
    expect(verdict.next_evaluation_at).toBe('2026-11-18T10:20:00.000Z');
    const approved = await explain(
      '--tier',
      'trivial',
      '--at',
      '2026-11-18T10:00:00Z',
      '--rollback',
      '--history',
      history,
      '--sha',
      'aaa1111',
      '--approvals',
      'otto',
    );
    expect(approved.decision).toBe('approved');
  });

  it('--score maps through the thresholds', async () => {
    expect((await explain('--score', '72', '--at', '2026-11-18T10:00:00Z')).tier).toBe('high');
    expect((await explain('--score', '19', '--at', '2026-11-18T10:00:00Z')).tier).toBe('trivial');
  });

  it('prints a readable explanation without --json', async () => {
    const result = await runShipgate(
      [
        'policy',
        'explain',
        '--policy',
        policy,
        '--env',
        'production',
        '--tier',
        'high',
        '--at',
        '2026-11-18T10:00:00Z',
        '--approvals',
        'alice',
      ],
      dir,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('HELD (pending): deploy 0000000 to production (tier high)');
    expect(result.stdout).toContain('[ ] tiers.high: 1/2 from alice, bob, carol — alice');
  });

  it.each([
    [['--tier', 'critical'], "--tier 'critical' is not a tier; use one of trivial, low, medium, high"],
    [['--tier', 'high', '--at', 'yesterday'], "--at: 'yesterday' is not an ISO 8601 time"],
    [['--tier', 'high', '--rollback'], '--rollback needs --history FILE'],
    [[], 'explain needs --tier'],
  ])('usage error %j', async (args, message) => {
    const result = await runShipgate(
      ['policy', 'explain', '--policy', policy, '--env', 'production', ...args],
      dir,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it('an invalid policy exits 2 with its problems', async () => {
    const result = await runShipgate(
      ['policy', 'explain', '--policy', bad, '--env', 'production', '--tier', 'high'],
      dir,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('bad.yml:5:5:');
  });
});
