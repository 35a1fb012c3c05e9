import { computeBackoff } from '../../app/compute-backoff.js';

describe('computeBackoff', () => {
  it.each([
    { attempts: 0, random: 0, expected: 1_000 },
    { attempts: 0, random: 0.999, expected: 1_999 },
    { attempts: 3, random: 0.5, expected: 12_000 },
    { attempts: 20, random: 1, expected: 600_000 },
    { attempts: 20, random: 0, expected: 300_000 },
    { attempts: 0, random: 0.5, retryAfterMs: 120_000, expected: 120_000 },
    { attempts: 12, random: 0.5, retryAfterMs: 1_000, expected: 450_000 },
  ])(
    'waits $expected ms after $attempts attempts (random $random)',
    ({ attempts, random, retryAfterMs, expected }) => {
      expect(computeBackoff(attempts, () => random, { retryAfterMs })).toBe(expected);
    },
  );
});
