import fc from 'fast-check';
import { stringify } from 'yaml';
import { parsePolicy } from '../../../src/policy/parse-policy.js';

// Whatever a policy file holds, parsing answers with a policy or located problems: it never throws.
const anyValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string(),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(
      fc.oneof(
        fc.constantFrom(
          'environments',
          'tiers',
          'high',
          'approvals',
          'from',
          'freeze',
          'start',
          'end',
          'from',
          'until',
          'timezone',
          'all_of',
          'gates',
          'risk',
          'thresholds',
          'rollback',
          'break_glass',
        ),
        fc.string(),
      ),
      tie('value'),
      { maxKeys: 5 },
    ),
  ),
})).value;

describe('parsePolicy on arbitrary input', () => {
  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        const result = parsePolicy(text, 'fuzz.yml');
        if (!result.ok) for (const p of result.problems) expect(p.line).toBeGreaterThanOrEqual(1);
      }),
      { seed: 42, numRuns: 500 },
    );
  });

  it('never throws on arbitrary YAML structures, and locates every problem', () => {
    fc.assert(
      fc.property(anyValue, (value) => {
        const text = stringify(value);
        const result = parsePolicy(text, 'fuzz.yml');
        if (!result.ok) {
          expect(result.problems.length).toBeGreaterThan(0);
          for (const p of result.problems) {
            expect(p.file).toBe('fuzz.yml');
            expect(p.line).toBeGreaterThanOrEqual(1);
            expect(p.column).toBeGreaterThanOrEqual(1);
            expect(p.message.length).toBeGreaterThan(5);
          }
        }
      }),
      { seed: 7, numRuns: 500 },
    );
  });

  it('never throws on environments with arbitrary rule shapes', () => {
    fc.assert(
      fc.property(anyValue, anyValue, (tiers, freeze) => {
        const text = stringify({ environments: { production: { tiers, freeze } } });
        expect(() => parsePolicy(text, 'fuzz.yml')).not.toThrow();
      }),
      { seed: 11, numRuns: 500 },
    );
  });
});

describe('parsePolicy on hostile YAML', () => {
  it.each([
    ['an unresolved alias', 'environments: *nowhere\n', 'YAML: Unresolved alias'],
    [
      'an alias bomb',
      [
        'a: &a [x, x, x, x, x, x, x, x, x]',
        ...'bcdefgh'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefg'[i]}`).join(', ')}]`),
      ].join('\n') + '\n',
      'YAML: Excessive alias count',
    ],
  ])('%s is a located problem', (_name, text, message) => {
    const result = parsePolicy(text, 'hostile.yml');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]!.message).toContain(message);
  });
});
