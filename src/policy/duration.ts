import { Duration } from 'luxon';

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/**
 * Parses a duration such as `250ms`, `30m`, `24h`, `7d`, `1h30m`, or an ISO 8601 duration (`PT24H`).
 * Returns milliseconds, or null when the text is not a duration.
 */
export function parseDuration(text: string): number | null {
  const trimmed = text.trim();
  if (/^P/i.test(trimmed)) {
    const iso = Duration.fromISO(trimmed.toUpperCase());
    return iso.isValid && iso.toMillis() > 0 ? iso.toMillis() : null;
  }
  const compact = trimmed.replace(/\s+/g, '').toLowerCase();
  if (!/^(\d+(\.\d+)?(ms|[smhdw]))+$/.test(compact)) return null;
  let total = 0;
  for (const [, amount, unit] of compact.matchAll(/(\d+(?:\.\d+)?)(ms|[smhdw])/g)) {
    total += Number(amount) * UNIT_MS[unit!]!;
  }
  return total > 0 ? Math.round(total) : null;
}

/** Renders milliseconds compactly: `1d 2h`, `30m`, `45s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`;
  const parts: string[] = [];
  let rest = Math.round(ms / 1000);
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
    if (parts.length === 2) break;
  }
  return parts.join(' ');
}
