import { readPullNumbers } from '../../app/handle-protection-request.js';

describe('readPullNumbers', () => {
  it.each<[string, unknown, number[]]>([
    ['a normal list', [{ number: 7 }, { number: 9 }], [7, 9]],
    ['duplicates once', [{ number: 7 }, { number: 7 }], [7]],
    ['missing field', undefined, []],
    ['not a list', { number: 7 }, []],
    ['non-numbers dropped', [{ number: '7' }, { number: null }, null, 3], []],
    ['fractions and zero dropped', [{ number: 0.5 }, { number: 0 }, { number: -1 }], []],
    [
      'beyond what the store keeps',
      [{ number: 2_147_483_648 }, { number: 1e80 }, { number: 2_147_483_647 }],
      [2_147_483_647],
    ],
    [
      'at most 20 read',
      Array.from({ length: 30 }, (_, i) => ({ number: i + 1 })),
      Array.from({ length: 20 }, (_, i) => i + 1),
    ],
  ])('%s', (_name, value, expected) => {
    expect(readPullNumbers(value)).toEqual(expected);
  });
});
