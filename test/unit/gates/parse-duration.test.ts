import { DurationError, isDuration, parseDuration } from '../../../src/gates/parse-duration.js';

describe('parseDuration', () => {
  it.each([
    { text: '30s', ms: 30_000 },
    { text: '5m', ms: 300_000 },
    { text: '1h', ms: 3_600_000 },
    { text: '1h30m', ms: 5_400_000 },
    { text: '2d', ms: 172_800_000 },
    { text: '250ms', ms: 250 },
    { text: '0.5s', ms: 500 },
    { text: '90', ms: 90_000 },
    { text: ' 10m ', ms: 600_000 },
  ])('reads $text as $ms ms', ({ text, ms }) => {
    expect(parseDuration(text)).toBe(ms);
    expect(isDuration(text)).toBe(!/^\s*\d+\s*$/.test(text));
  });

  it('reads a bare number as seconds', () => {
    expect(parseDuration(45)).toBe(45_000);
  });

  it.each(['', '5 minutes', 'm5', '1y', '-5s', 'abc'])(
    'rejects %p with a message naming the value',
    (text) => {
      expect(() => parseDuration(text)).toThrow(DurationError);
      expect(() => parseDuration(text)).toThrow(`'${text}' is not a duration`);
    },
  );
});
