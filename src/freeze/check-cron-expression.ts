import { CronExpressionParser } from 'cron-parser';

const EXAMPLE = '"0 17 * * FRI" (Fridays at 17:00)';

const FIELDS = [
  { name: 'minute', range: '0-59' },
  { name: 'hour', range: '0-23' },
  { name: 'day-of-month', range: '1-31, or L for the last day' },
  { name: 'month', range: '1-12 or JAN-DEC' },
  {
    name: 'day-of-week',
    range: '0-7 or SUN-SAT (0 and 7 are Sunday), with 5L or 5#2 for the last or second Friday',
  },
] as const;

const SHORTCUTS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
  '@weekdays': '0 0 * * 1-5',
  '@weekends': '0 0 * * 0,6',
};

/** A hashed value (H, H/5, H(0-29)) picks a pseudo-random time: not something a freeze can be. */
const HASHED = /(^|,)H($|[/(,])/i;

/**
 * Checks a five-field cron expression (minute hour day-of-month month day-of-week) as freeze
 * windows read it. Returns null when it is usable, else a message naming the wrong field, why, and
 * an example.
 */
export function checkCronExpression(expression: string): string | null {
  const trimmed = expression.trim();
  if (trimmed === '') {
    return `is empty; write five cron fields (minute hour day-of-month month day-of-week), e.g. ${EXAMPLE}`;
  }
  if (trimmed.startsWith('@')) {
    const equivalent = SHORTCUTS[trimmed.toLowerCase()];
    return equivalent
      ? `'${trimmed}' is a shortcut shipgate does not read; write the five fields instead: "${equivalent}"`
      : `'${trimmed}' is not a cron expression; write five fields (minute hour day-of-month month day-of-week), e.g. ${EXAMPLE}`;
  }
  const fields = trimmed.split(/\s+/);
  if (fields.length === 6) {
    return `'${trimmed}' has 6 fields, but freeze windows use five (minute hour day-of-month month day-of-week) with no seconds field; drop the first field, e.g. "${fields.slice(1).join(' ')}"`;
  }
  if (fields.length !== 5) {
    return `'${trimmed}' has ${fields.length} field${fields.length === 1 ? '' : 's'}; write exactly five (minute hour day-of-month month day-of-week), e.g. ${EXAMPLE}`;
  }
  for (const [index, field] of fields.entries()) {
    const spec = FIELDS[index]!;
    if (HASHED.test(field)) {
      return `${spec.name} field '${field}' uses H (a hashed, pseudo-random value), which a freeze cannot use; write the exact ${spec.name} (${spec.range}), e.g. ${EXAMPLE}`;
    }
  }
  const error = findParseError(trimmed);
  if (error === null) return null;
  // Find the field at fault by reading each one alone.
  for (const [index, field] of fields.entries()) {
    const spec = FIELDS[index]!;
    const alone = fields.map((f, i) => (i === index ? f : '*')).join(' ');
    const fieldError = findParseError(alone);
    if (fieldError !== null) {
      return `${spec.name} field '${field}' is not valid (${fieldError}); the ${spec.name} field takes ${spec.range}, e.g. ${EXAMPLE}`;
    }
  }
  return `'${trimmed}' never matches a date (${error}); check the day-of-month and month fields together, e.g. "0 0 30 4 *" for 30 April`;
}

function findParseError(expression: string): string | null {
  try {
    CronExpressionParser.parse(expression, { tz: 'UTC', currentDate: new Date(0) }).next();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
