import { describe, expect, it } from '@jest/globals';
import { createFileCache } from '../../../src/github/create-file-cache.js';

describe('createFileCache', () => {
  it.each([
    {
      name: 'keeps files up to the count, dropping the least recently used',
      options: { maxFiles: 2 },
      steps: [
        ['set', 'a', 'x'],
        ['set', 'b', 'y'],
        ['get', 'a'],
        ['set', 'c', 'z'],
      ],
      kept: ['a', 'c'],
    },
    {
      name: 'keeps files up to the characters',
      options: { maxChars: 5 },
      steps: [
        ['set', 'a', 'xxx'],
        ['set', 'b', 'yy'],
        ['set', 'c', 'z'],
      ],
      kept: ['b', 'c'],
    },
    {
      name: 'does not keep a file larger than all it may hold',
      options: { maxChars: 3 },
      steps: [
        ['set', 'a', 'x'],
        ['set', 'b', 'yyyy'],
      ],
      kept: ['a'],
    },
    {
      name: 'replaces a file and counts only its new text',
      options: { maxChars: 4 },
      steps: [
        ['set', 'a', 'xxx'],
        ['set', 'a', 'x'],
        ['set', 'b', 'yyy'],
      ],
      kept: ['a', 'b'],
    },
    {
      name: 'forgets a deleted file',
      options: {},
      steps: [
        ['set', 'a', 'x'],
        ['set', 'b', 'y'],
        ['delete', 'a'],
      ],
      kept: ['b'],
    },
  ])('$name', ({ options, steps, kept }) => {
    const cache = createFileCache(options);
    for (const [op, key, text] of steps) {
      if (op === 'set') cache.set(key!, { etag: `"${text}"`, text: text! });
      else if (op === 'get') cache.get(key!);
      else cache.delete(key!);
    }
    expect(['a', 'b', 'c'].filter((key) => cache.get(key) !== undefined)).toEqual(kept);
    expect(cache.size).toBe(kept.length);
  });
});
