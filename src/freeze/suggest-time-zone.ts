/** The zone names this runtime knows, plus UTC (which some runtimes leave out of the list). */
function listTimeZones(): string[] {
  const names = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return names.includes('UTC') ? names : [...names, 'UTC'];
}

/**
 * A known IANA zone close to `name` (a misspelling, different case, or the city alone such as
 * "Berlin"), or null when nothing is close.
 */
export function suggestTimeZone(name: string): string | null {
  const wanted = name.trim().toLowerCase().replace(/\s+/g, '_');
  if (wanted === '') return null;
  const zones = listTimeZones();
  const byCity = zones.find((zone) => zone.toLowerCase().split('/').pop() === wanted);
  if (byCity) return byCity;
  let best: string | null = null;
  let bestDistance = Math.max(2, Math.floor(wanted.length / 4)) + 1;
  for (const zone of zones) {
    const distance = measureEditDistance(wanted, zone.toLowerCase());
    if (distance < bestDistance) {
      best = zone;
      bestDistance = distance;
    }
  }
  return best;
}

/** Levenshtein distance between two strings. */
function measureEditDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[b.length]!;
}
