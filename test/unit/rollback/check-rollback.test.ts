import { checkRollback, type DeploymentEvent } from '../../../src/rollback/check-rollback.js';
import type { RollbackRule } from '../../../src/policy/types.js';

const now = new Date('2026-11-20T12:00:00Z');
const rule: RollbackRule = {
  cooldown_ms: 30 * 60_000,
  max: 2,
  per_ms: 6 * 3_600_000,
  escalate_to: ['team:acme/oncall'],
};
const ev = (sha: string, at: string, kind: DeploymentEvent['kind'] = 'deploy'): DeploymentEvent => ({
  sha,
  at: new Date(at),
  kind,
});

describe('checkRollback', () => {
  it.each<[string, string, DeploymentEvent[], { rule: string; clears_at: string | null }[]]>([
    [
      'a calm rollback trips nothing',
      'aaa',
      [ev('aaa', '2026-11-19T08:00:00Z'), ev('bbb', '2026-11-20T10:00:00Z')],
      [],
    ],
    [
      'inside the cooldown',
      'aaa',
      [ev('aaa', '2026-11-19T08:00:00Z'), ev('bbb', '2026-11-20T11:45:00Z')],
      [{ rule: 'cooldown', clears_at: '2026-11-20T12:15:00.000Z' }],
    ],
    [
      'exactly at the end of the cooldown is outside it',
      'aaa',
      [ev('aaa', '2026-11-19T08:00:00Z'), ev('bbb', '2026-11-20T11:30:00Z')],
      [],
    ],
    [
      'beyond max rollbacks in the window',
      'ccc',
      [
        ev('ccc', '2026-11-19T00:00:00Z'),
        ev('ddd', '2026-11-20T07:00:00Z', 'rollback'),
        ev('eee', '2026-11-20T09:00:00Z', 'rollback'),
        ev('fff', '2026-11-20T10:00:00Z'),
      ],
      [{ rule: 'max', clears_at: '2026-11-20T13:00:00.000Z' }],
    ],
    [
      'rollbacks older than the window do not count toward max',
      'ccc',
      [
        ev('ccc', '2026-11-19T00:00:00Z'),
        ev('ddd', '2026-11-20T05:00:00Z', 'rollback'),
        ev('eee', '2026-11-20T09:00:00Z', 'rollback'),
        ev('fff', '2026-11-20T10:00:00Z'),
      ],
      [],
    ],
    [
      'flipping back to a commit deployed earlier in the window is a loop',
      'aaa',
      [
        ev('aaa', '2026-11-20T08:00:00Z'),
        ev('bbb', '2026-11-20T09:00:00Z'),
        ev('aaa', '2026-11-20T10:00:00Z', 'rollback'),
        ev('bbb', '2026-11-20T11:00:00Z'),
      ],
      [{ rule: 'loop', clears_at: '2026-11-20T16:00:00.000Z' }],
    ],
    [
      'a commit deployed before the window is no loop',
      'aaa',
      [ev('aaa', '2026-11-20T05:59:59Z'), ev('bbb', '2026-11-20T09:00:00Z')],
      [],
    ],
    [
      'several rules at once',
      'aaa',
      [
        ev('aaa', '2026-11-20T08:00:00Z'),
        ev('bbb', '2026-11-20T09:00:00Z', 'rollback'),
        ev('aaa', '2026-11-20T10:00:00Z', 'rollback'),
        ev('bbb', '2026-11-20T11:50:00Z'),
      ],
      [
        { rule: 'cooldown', clears_at: '2026-11-20T12:20:00.000Z' },
        { rule: 'max', clears_at: '2026-11-20T15:00:00.000Z' },
        { rule: 'loop', clears_at: '2026-11-20T16:00:00.000Z' },
      ],
    ],
    [
      'events after now are ignored',
      'aaa',
      [ev('aaa', '2026-11-19T08:00:00Z'), ev('bbb', '2026-11-20T12:10:00Z')],
      [],
    ],
  ])('%s', (_name, sha, history, expected) => {
    expect(
      checkRollback(rule, sha, history, now).map((t) => ({ rule: t.rule, clears_at: t.clears_at })),
    ).toEqual(expected);
  });

  it('max 0 escalates every rollback and never clears', () => {
    const tripped = checkRollback(
      { ...rule, cooldown_ms: null, max: 0 },
      'x',
      [ev('y', '2026-11-19T00:00:00Z')],
      now,
    );
    expect(tripped).toEqual([
      {
        rule: 'max',
        clears_at: null,
        message: expect.stringContaining('at most 0 may go without escalation'),
      },
    ]);
  });
});
