import { canonicalizeJson } from '../../../src/audit/canonicalize-json.js';

describe('canonicalizeJson', () => {
  it.each([
    {
      name: 'sorts keys at every depth',
      value: { b: 1, a: { d: [3, { z: 0, y: 1 }], c: null } },
      text: '{"a":{"c":null,"d":[3,{"y":1,"z":0}]},"b":1}',
    },
    { name: 'drops undefined members', value: { a: undefined, b: 'x' }, text: '{"b":"x"}' },
    {
      name: 'writes numbers as JSON.stringify does',
      value: [1, 1.5, -0, 1e21, 1e-7, 0.1 + 0.2],
      text: '[1,1.5,0,1e+21,1e-7,0.30000000000000004]',
    },
    {
      name: 'escapes strings and keeps unicode',
      value: { ü: 'line\n"quoted" ✓' },
      text: '{"ü":"line\\n\\"quoted\\" ✓"}',
    },
    {
      name: 'sorts keys by UTF-16 code units',
      value: { b: 1, B: 2, é: 3, a: 4 },
      text: '{"B":2,"a":4,"b":1,"é":3}',
    },
    {
      name: 'writes dates as ISO strings',
      value: { at: new Date('2026-11-21T10:00:00Z') },
      text: '{"at":"2026-11-21T10:00:00.000Z"}',
    },
    { name: 'writes scalars', value: true, text: 'true' },
  ])('$name', ({ value, text }) => {
    expect(canonicalizeJson(value)).toBe(text);
  });

  it('gives the same text for the same value in any key order', () => {
    expect(canonicalizeJson({ x: 1, y: [1, 2], z: { b: 2, a: 1 } })).toBe(
      canonicalizeJson({ z: { a: 1, b: 2 }, y: [1, 2], x: 1 }),
    );
  });

  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  it.each([
    { name: 'NaN', value: { n: Number.NaN }, message: '$.n is NaN' },
    { name: 'Infinity', value: [Infinity], message: '$[0] is Infinity' },
    { name: 'a function', value: { f: () => 1 }, message: '$.f is a function' },
    { name: 'a bigint', value: { n: 1n }, message: '$.n is a bigint' },
    { name: 'a cycle', value: cyclic, message: '$.self refers to itself' },
  ])('refuses $name, naming where it is', ({ value, message }) => {
    expect(() => canonicalizeJson(value)).toThrow(
      expect.objectContaining({ name: 'CanonicalJsonError', message: expect.stringContaining(message) }),
    );
  });
});
