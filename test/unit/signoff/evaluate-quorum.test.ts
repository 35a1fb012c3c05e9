import { evaluateQuorum } from '../../../src/signoff/evaluate-quorum.js';
import type { Signoff, SignoffContext } from '../../../src/signoff/types.js';

const now = new Date('2026-11-20T12:00:00Z');
const SHA = 'a'.repeat(40);
const ctx: SignoffContext = {
  sha: SHA,
  author: 'dave',
  committers: ['erin'],
  allow_author: false,
  expires_after_ms: 24 * 3_600_000,
  teams: { 'acme/release': ['frank', 'grace'] },
  now,
};
const approve = (login: string, at = '2026-11-20T11:00:00Z', extra: Partial<Signoff> = {}): Signoff => ({
  login,
  at: new Date(at),
  kind: 'approve',
  ...extra,
});
const rule = { approvals: 2, from: ['alice', 'bob', 'carol'] };

describe('evaluateQuorum', () => {
  it.each<
    [
      string,
      Signoff[],
      Partial<SignoffContext>,
      { have: number; satisfied: boolean; signers: string[]; refused: string[] },
    ]
  >([
    [
      '2 of 3 reached',
      [approve('alice'), approve('bob')],
      {},
      { have: 2, satisfied: true, signers: ['alice', 'bob'], refused: [] },
    ],
    [
      '1 of 3 is not enough',
      [approve('alice')],
      {},
      { have: 1, satisfied: false, signers: ['alice'], refused: [] },
    ],
    [
      'the same person twice counts once',
      [approve('alice', '2026-11-20T10:00:00Z'), approve('ALICE', '2026-11-20T11:00:00Z')],
      {},
      { have: 1, satisfied: false, signers: ['ALICE'], refused: [] },
    ],
    [
      'someone outside from is refused',
      [approve('alice'), approve('mallory')],
      {},
      {
        have: 1,
        satisfied: false,
        signers: ['alice'],
        refused: ['mallory: not one of the signers for this rule: alice, bob, carol'],
      },
    ],
    [
      'the author is refused',
      [approve('alice'), approve('bob')],
      { author: 'bob' },
      {
        have: 1,
        satisfied: false,
        signers: ['alice'],
        refused: ['bob: the author of the change cannot sign off on it (signoff.allow_author is false)'],
      },
    ],
    [
      'the author counts when allowed',
      [approve('alice'), approve('bob')],
      { author: 'bob', allow_author: true },
      { have: 2, satisfied: true, signers: ['alice', 'bob'], refused: [] },
    ],
    [
      'a committer is refused',
      [approve('alice'), approve('carol')],
      { committers: ['Carol'] },
      {
        have: 1,
        satisfied: false,
        signers: ['alice'],
        refused: ['carol: a committer of the change cannot sign off on it (signoff.allow_author is false)'],
      },
    ],
    [
      'a bot is refused by login',
      [approve('alice'), approve('bob[bot]')],
      {},
      { have: 1, satisfied: false, signers: ['alice'], refused: ['bob[bot]: bots cannot sign off'] },
    ],
    [
      'a bot is refused by account type',
      [approve('alice'), approve('bob', undefined, { is_bot: true })],
      {},
      { have: 1, satisfied: false, signers: ['alice'], refused: ['bob: bots cannot sign off'] },
    ],
    [
      'an expired sign-off is refused',
      [approve('alice', '2026-11-19T11:59:59Z'), approve('bob')],
      {},
      {
        have: 1,
        satisfied: false,
        signers: ['bob'],
        refused: ['alice: expired at 2026-11-20T11:59:59.000Z (signoff.expires_after); sign off again'],
      },
    ],
    [
      'a sign-off exactly at its expiry no longer counts',
      [approve('alice', '2026-11-19T12:00:00Z'), approve('bob')],
      {},
      {
        have: 1,
        satisfied: false,
        signers: ['bob'],
        refused: ['alice: expired at 2026-11-20T12:00:00.000Z (signoff.expires_after); sign off again'],
      },
    ],
    [
      'sign-offs never expire without expires_after',
      [approve('alice', '2025-01-01T00:00:00Z'), approve('bob')],
      { expires_after_ms: null },
      { have: 2, satisfied: true, signers: ['alice', 'bob'], refused: [] },
    ],
    [
      'a sign-off for another commit is stale',
      [approve('alice', undefined, { sha: 'b'.repeat(40) }), approve('bob', undefined, { sha: SHA })],
      {},
      {
        have: 1,
        satisfied: false,
        signers: ['bob'],
        refused: [
          'alice: given for commit bbbbbbb, not the deployed aaaaaaa; sign off again on the new commit',
        ],
      },
    ],
    [
      'a revoke withdraws the earlier approval',
      [
        approve('alice', '2026-11-20T10:00:00Z'),
        { login: 'alice', at: new Date('2026-11-20T10:30:00Z'), kind: 'revoke' },
        approve('bob'),
      ],
      {},
      { have: 1, satisfied: false, signers: ['bob'], refused: [] },
    ],
    [
      'an approval after a revoke counts again',
      [
        { login: 'alice', at: new Date('2026-11-20T10:30:00Z'), kind: 'revoke' },
        approve('alice', '2026-11-20T10:45:00Z'),
        approve('bob'),
      ],
      {},
      { have: 2, satisfied: true, signers: ['alice', 'bob'], refused: [] },
    ],
    [
      'a rejection after an approval withdraws it',
      [
        approve('alice', '2026-11-20T10:00:00Z'),
        { login: 'alice', at: new Date('2026-11-20T10:30:00Z'), kind: 'reject' },
        approve('bob'),
      ],
      {},
      { have: 1, satisfied: false, signers: ['bob'], refused: [] },
    ],
    [
      'a sign-off dated after now is ignored',
      [approve('alice', '2026-11-20T12:00:01Z'), approve('bob')],
      {},
      { have: 1, satisfied: false, signers: ['bob'], refused: [] },
    ],
  ])('%s', (_name, signoffs, overrides, expected) => {
    const result = evaluateQuorum(rule, signoffs, { ...ctx, ...overrides });
    expect({
      have: result.have,
      satisfied: result.satisfied,
      signers: result.signers.map((s) => s.login),
      refused: result.refused.map((r) => `${r.login}: ${r.reason}`),
    }).toEqual(expected);
    expect(result.missing).toBe(Math.max(0, 2 - expected.have));
  });

  it.each<[string, string[] | null, Signoff[], Record<string, string[]>, number, string[]]>([
    ['team members count', ['team:acme/release'], [approve('frank'), approve('grace')], ctx.teams, 2, []],
    ['team names are case-insensitive', ['team:ACME/Release'], [approve('Frank')], ctx.teams, 1, []],
    [
      'an unreadable team counts nobody and says so',
      ['team:acme/ghosts'],
      [approve('frank')],
      ctx.teams,
      0,
      [
        'frank: not one of the signers for this rule: team:acme/ghosts (membership of team:acme/ghosts could not be read)',
      ],
    ],
    ['no from: anyone with write access', null, [approve('zoe', undefined, { can_write: true })], {}, 1, []],
    [
      'no from: unconfirmed write access does not count',
      null,
      [approve('zoe')],
      {},
      0,
      ['zoe: anyone with write access may sign off here, and their write access could not be confirmed'],
    ],
  ])('%s', (_name, from, signoffs, teams, have, refused) => {
    const result = evaluateQuorum({ approvals: 1, from }, signoffs, { ...ctx, teams });
    expect(result.have).toBe(have);
    expect(result.refused.map((r) => `${r.login}: ${r.reason}`)).toEqual(refused);
  });

  it('reports when a satisfied rule lapses through expiry', () => {
    const result = evaluateQuorum(
      rule,
      [
        approve('alice', '2026-11-20T08:00:00Z'),
        approve('bob', '2026-11-20T10:00:00Z'),
        approve('carol', '2026-11-20T11:00:00Z'),
      ],
      ctx,
    );
    // Three counted, two needed: the rule lapses when the second-earliest expires (bob's, at 10:00 next day).
    expect(result.lapses_at).toBe('2026-11-21T10:00:00.000Z');
  });
});
