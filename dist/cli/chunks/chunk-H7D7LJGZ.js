import {
  gatesSchema,
  parseDuration
} from "./chunk-WVARKXY4.js";
import {
  DEFAULT_RISK_THRESHOLDS,
  TIERS
} from "./chunk-DRH4ZT43.js";

// src/policy/parse-policy.ts
import { LineCounter as LineCounter2, parseDocument } from "yaml";

// src/freeze/check-cron-expression.ts
import { CronExpressionParser } from "cron-parser";
var EXAMPLE = '"0 17 * * FRI" (Fridays at 17:00)';
var FIELDS = [
  { name: "minute", range: "0-59" },
  { name: "hour", range: "0-23" },
  { name: "day-of-month", range: "1-31, or L for the last day" },
  { name: "month", range: "1-12 or JAN-DEC" },
  {
    name: "day-of-week",
    range: "0-7 or SUN-SAT (0 and 7 are Sunday), with 5L or 5#2 for the last or second Friday"
  }
];
var SHORTCUTS = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
  "@weekdays": "0 0 * * 1-5",
  "@weekends": "0 0 * * 0,6"
};
var HASHED = /(^|,)H($|[/(,])/i;
function checkCronExpression(expression) {
  const trimmed = expression.trim();
  if (trimmed === "") {
    return `is empty; write five cron fields (minute hour day-of-month month day-of-week), e.g. ${EXAMPLE}`;
  }
  if (trimmed.startsWith("@")) {
    const equivalent = SHORTCUTS[trimmed.toLowerCase()];
    return equivalent ? `'${trimmed}' is a shortcut shipgate does not read; write the five fields instead: "${equivalent}"` : `'${trimmed}' is not a cron expression; write five fields (minute hour day-of-month month day-of-week), e.g. ${EXAMPLE}`;
  }
  const fields = trimmed.split(/\s+/);
  if (fields.length === 6) {
    return `'${trimmed}' has 6 fields, but freeze windows use five (minute hour day-of-month month day-of-week) with no seconds field; drop the first field, e.g. "${fields.slice(1).join(" ")}"`;
  }
  if (fields.length !== 5) {
    return `'${trimmed}' has ${fields.length} field${fields.length === 1 ? "" : "s"}; write exactly five (minute hour day-of-month month day-of-week), e.g. ${EXAMPLE}`;
  }
  for (const [index, field] of fields.entries()) {
    const spec = FIELDS[index];
    if (HASHED.test(field)) {
      return `${spec.name} field '${field}' uses H (a hashed, pseudo-random value), which a freeze cannot use; write the exact ${spec.name} (${spec.range}), e.g. ${EXAMPLE}`;
    }
  }
  const error = findParseError(trimmed);
  if (error === null) return null;
  for (const [index, field] of fields.entries()) {
    const spec = FIELDS[index];
    const alone = fields.map((f, i) => i === index ? f : "*").join(" ");
    const fieldError = findParseError(alone);
    if (fieldError !== null) {
      return `${spec.name} field '${field}' is not valid (${fieldError}); the ${spec.name} field takes ${spec.range}, e.g. ${EXAMPLE}`;
    }
  }
  return `'${trimmed}' never matches a date (${error}); check the day-of-month and month fields together, e.g. "0 0 30 4 *" for 30 April`;
}
function findParseError(expression) {
  try {
    CronExpressionParser.parse(expression, { tz: "UTC", currentDate: /* @__PURE__ */ new Date(0) }).next();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

// src/freeze/create-offset-lookup.ts
import { IANAZone } from "luxon";
var DAY_MS = 864e5;
var MAX_CACHED_DAYS = 4096;
var lookups = /* @__PURE__ */ new Map();
var validity = /* @__PURE__ */ new Map();
function isKnownTimeZone(timezone) {
  let known = validity.get(timezone);
  if (known === void 0) {
    known = IANAZone.isValidZone(timezone);
    validity.set(timezone, known);
  }
  return known;
}
function createOffsetLookup(timezone) {
  const existing = lookups.get(timezone);
  if (existing) return existing;
  const zone = IANAZone.create(timezone);
  const dayStarts = /* @__PURE__ */ new Map();
  const atDayStart = (day) => {
    let offset = dayStarts.get(day);
    if (offset === void 0) {
      if (dayStarts.size >= MAX_CACHED_DAYS) dayStarts.clear();
      offset = zone.offset(day * DAY_MS);
      dayStarts.set(day, offset);
    }
    return offset;
  };
  const lookup = (instantMs) => {
    const day = Math.floor(instantMs / DAY_MS);
    const first = atDayStart(day);
    return first === atDayStart(day + 1) ? first : zone.offset(instantMs);
  };
  lookups.set(timezone, lookup);
  return lookup;
}

// src/freeze/create-zoned-cron.ts
import { CronExpressionParser as CronExpressionParser2 } from "cron-parser";

// src/freeze/resolve-local-time.ts
var DAY_MS2 = 864e5;
var MINUTE_MS = 6e4;
function resolveLocalTime(wallMs, offsetAt) {
  const before = offsetAt(wallMs - DAY_MS2);
  const middle = offsetAt(wallMs);
  const after = offsetAt(wallMs + DAY_MS2);
  let best = Number.POSITIVE_INFINITY;
  for (const offset of [before, middle, after]) {
    const instant = wallMs - offset * MINUTE_MS;
    if (instant < best && offsetAt(instant) === offset) best = instant;
  }
  if (best !== Number.POSITIVE_INFINITY) return best;
  return findOffsetChange(wallMs, offsetAt, Math.min(before, middle, after), Math.max(before, middle, after));
}
function findOffsetChange(wallMs, offsetAt, lowOffset, highOffset) {
  let low = Math.floor((wallMs - highOffset * MINUTE_MS) / 1e3);
  let high = Math.ceil((wallMs - lowOffset * MINUTE_MS) / 1e3);
  const offsetBefore = offsetAt(low * 1e3);
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (offsetAt(mid * 1e3) === offsetBefore) low = mid;
    else high = mid;
  }
  return high * 1e3;
}
function toLocalTime(instantMs, offsetAt) {
  return instantMs + offsetAt(instantMs) * MINUTE_MS;
}

// src/freeze/create-zoned-cron.ts
var DAY_MS3 = 864e5;
var MINUTE_MS2 = 6e4;
function createZonedCron(expression, timezone) {
  const offsetAt = createOffsetLookup(timezone);
  const cron = CronExpressionParser2.parse(expression.trim(), {
    tz: "UTC",
    currentDate: /* @__PURE__ */ new Date(0)
  });
  const offsetsAround = (instantMs) => [
    offsetAt(instantMs - DAY_MS3),
    offsetAt(instantMs),
    offsetAt(instantMs + DAY_MS3)
  ];
  const step = (direction) => {
    try {
      return (direction === "next" ? cron.next() : cron.prev()).getTime();
    } catch {
      return null;
    }
  };
  return {
    firstAtOrAfter(instantMs, limitMs) {
      const lowestWall = instantMs + Math.min(...offsetsAround(instantMs)) * MINUTE_MS2;
      cron.reset(new Date(lowestWall - 1));
      for (; ; ) {
        const wall = step("next");
        if (wall === null || wall - lowestWall > limitMs + DAY_MS3) return null;
        const instant = resolveLocalTime(wall, offsetAt);
        if (instant >= instantMs) return instant - instantMs > limitMs ? null : instant;
      }
    },
    lastAtOrBefore(instantMs, limitMs) {
      const highestWall = instantMs + Math.max(...offsetsAround(instantMs)) * MINUTE_MS2;
      cron.reset(new Date(highestWall + 1));
      for (; ; ) {
        const wall = step("prev");
        if (wall === null || highestWall - wall > limitMs + DAY_MS3) return null;
        const instant = resolveLocalTime(wall, offsetAt);
        if (instant <= instantMs) return instantMs - instant > limitMs ? null : instant;
      }
    }
  };
}

// src/freeze/freeze-config-error.ts
var FreezeConfigError = class extends Error {
  name = "FreezeConfigError";
  /** The problems found, when the error comes from validating a window. */
  problems;
  constructor(message, problems = []) {
    super(message);
    this.problems = problems;
  }
};

// src/freeze/parse-freeze-instant.ts
var FREEZE_INSTANT_FORMS = "YYYY-MM-DD (local midnight), YYYY-MM-DDTHH:mm or YYYY-MM-DDTHH:mm:ss (local time), or either with Z or an offset such as +01:00 (that exact instant)";
var INSTANT_PATTERN = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
function parseFreezeInstant(value, timezone) {
  const match = INSTANT_PATTERN.exec(value.trim());
  if (!match) {
    throw new FreezeConfigError(
      `'${value}' is not a date or timestamp shipgate reads; write ${FREEZE_INSTANT_FORMS}`
    );
  }
  const [, y, mo, d, h = "00", mi = "00", s = "00", ms = "0", offset] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  const millis = Number(ms.padEnd(3, "0"));
  const wallMs = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  const check = new Date(wallMs);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
    throw new FreezeConfigError(
      `'${value}' is not a real date or time (month 01-12, day within the month, hour 00-23, minute and second 00-59)`
    );
  }
  if (year < 1970) {
    throw new FreezeConfigError(`'${value}' is before 1970; write a date from 1970 on`);
  }
  if (offset !== void 0) {
    if (offset === "Z") return new Date(wallMs);
    const sign = offset.startsWith("-") ? -1 : 1;
    const digits = offset.slice(1).replace(":", "");
    const offsetHours = Number(digits.slice(0, 2));
    const offsetMinutes = Number(digits.slice(2));
    if (offsetHours > 18 || offsetMinutes > 59) {
      throw new FreezeConfigError(
        `'${value}' has offset ${offset}, which is not a real UTC offset (-18:00 to +18:00)`
      );
    }
    return new Date(wallMs - sign * (offsetHours * 60 + offsetMinutes) * 6e4);
  }
  if (!isKnownTimeZone(timezone)) {
    throw new FreezeConfigError(
      `'${value}' has no offset, so it is read in the window's timezone, but '${timezone}' is not an IANA time zone; use one such as Europe/Berlin`
    );
  }
  return new Date(resolveLocalTime(wallMs, createOffsetLookup(timezone)));
}

// src/freeze/create-window-timeline.ts
var DAY_MS4 = 864e5;
var MAX_OCCURRENCE_MS = 366 * DAY_MS4;
var START_SEARCH_MS = 9 * 366 * DAY_MS4;
var HORIZON_MS = 35 * DAY_MS4;
var LOOKBACK_MS = MAX_OCCURRENCE_MS + DAY_MS4;
var BEHIND_MS = DAY_MS4;
var MAX_AHEAD = 64;
var MAX_CACHED = 2048;
var MAX_MERGE_STEPS = 4096;
function createWindowTimeline(window) {
  return window.kind === "absolute" ? createAbsoluteTimeline(window) : createRecurringTimeline(window);
}
function createAbsoluteTimeline(window) {
  const occurrence = {
    start: parseFreezeInstant(window.from, window.timezone).getTime(),
    end: parseFreezeInstant(window.until, window.timezone).getTime()
  };
  return {
    window,
    occurrenceAt: (t) => occurrence.start <= t && t < occurrence.end ? occurrence : null,
    occurrenceEndingAfter: (t) => t < occurrence.end ? occurrence : null
  };
}
function findEndAfter(end, s) {
  return end.firstAtOrAfter(s + 1, MAX_OCCURRENCE_MS) ?? s + MAX_OCCURRENCE_MS;
}
function createRecurringTimeline(window) {
  const start = createZonedCron(window.start, window.timezone);
  const end = createZonedCron(window.end, window.timezone);
  let occurrences = [];
  let from = Number.POSITIVE_INFINITY;
  let coveredUntil = Number.NEGATIVE_INFINITY;
  let cursor = 0;
  const findStart = (t) => start.firstAtOrAfter(t, START_SEARCH_MS) ?? Number.POSITIVE_INFINITY;
  const advance = () => {
    let s = coveredUntil;
    const last = occurrences.at(-1);
    let occurrence;
    if (last && last.end === s) {
      occurrence = last;
    } else {
      occurrence = { start: s, end: s };
      occurrences.push(occurrence);
    }
    for (let steps = 0; steps < MAX_MERGE_STEPS && s === occurrence.end; steps += 1) {
      occurrence.end = findEndAfter(end, s);
      cursor = occurrence.end;
      s = findStart(cursor);
    }
    coveredUntil = s;
  };
  const findBeginning = (t) => {
    const latestStart = start.lastAtOrBefore(t, LOOKBACK_MS);
    if (latestStart === null) return null;
    let latestEnd = end.lastAtOrBefore(t, LOOKBACK_MS);
    if (latestEnd !== null && latestStart < latestEnd) return null;
    let began = Math.min(findStart(latestEnd ?? t - LOOKBACK_MS), latestStart);
    for (let steps = 0; steps < MAX_MERGE_STEPS && latestEnd !== null && began === latestEnd; steps += 1) {
      const before = began - 1;
      const previousStart = start.lastAtOrBefore(before, LOOKBACK_MS);
      const previousEnd = end.lastAtOrBefore(before, LOOKBACK_MS);
      if (previousStart === null || previousEnd !== null && previousStart < previousEnd) break;
      latestEnd = previousEnd;
      began = Math.min(findStart(previousEnd ?? before - LOOKBACK_MS), previousStart);
    }
    return { began, latestStart };
  };
  const rebuild = (t) => {
    from = t - BEHIND_MS;
    occurrences = [];
    cursor = from;
    const underWay = findBeginning(from);
    if (underWay) {
      const occurrence = { start: underWay.began, end: findEndAfter(end, underWay.latestStart) };
      occurrences.push(occurrence);
      cursor = occurrence.end;
    }
    coveredUntil = findStart(cursor);
    if (occurrences.length > 0 && occurrences[0].end === coveredUntil) advance();
  };
  const ensureCovered = (t) => {
    if (t < from || t > coveredUntil + HORIZON_MS || occurrences.length > MAX_CACHED) rebuild(t);
    const target = Math.max(t, from + BEHIND_MS + HORIZON_MS);
    let ahead = 0;
    while (coveredUntil !== Number.POSITIVE_INFINITY && (coveredUntil <= t || coveredUntil <= target && ahead < MAX_AHEAD)) {
      if (coveredUntil > t) ahead += 1;
      advance();
    }
  };
  const findIndex = (t) => {
    let low = 0;
    let high = occurrences.length - 1;
    let found = -1;
    while (low <= high) {
      const mid = low + high >> 1;
      if (occurrences[mid].start <= t) {
        found = mid;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return found;
  };
  return {
    window,
    occurrenceAt(t) {
      if (t < from || t >= coveredUntil) ensureCovered(t);
      const index = findIndex(t);
      const occurrence = index >= 0 ? occurrences[index] : null;
      return occurrence && t < occurrence.end ? occurrence : null;
    },
    occurrenceEndingAfter(t) {
      if (t < from || t >= coveredUntil) ensureCovered(t);
      const index = findIndex(t);
      const covering = index >= 0 ? occurrences[index] : null;
      if (covering && t < covering.end) return covering;
      const next = occurrences[index + 1];
      if (next) return next;
      if (coveredUntil === Number.POSITIVE_INFINITY) return null;
      const s = coveredUntil;
      advance();
      return occurrences[findIndex(s)] ?? null;
    }
  };
}

// src/freeze/suggest-time-zone.ts
function listTimeZones() {
  const names = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return names.includes("UTC") ? names : [...names, "UTC"];
}
function suggestTimeZone(name) {
  const wanted = name.trim().toLowerCase().replace(/\s+/g, "_");
  if (wanted === "") return null;
  const zones = listTimeZones();
  const byCity = zones.find((zone) => zone.toLowerCase().split("/").pop() === wanted);
  if (byCity) return byCity;
  let best = null;
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
function measureEditDistance(a, b) {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
    }
    previous = current;
  }
  return previous[b.length];
}

// src/freeze/validate-freeze-window.ts
var CHECK_FROM_MS = Date.UTC(2024, 0, 1);
var CHECK_OCCURRENCES = 8;
var CHECK_MERGE_STEPS = 200;
var CHECK_SPAN_MS = 400 * 864e5;
var START_SEARCH_MS2 = 9 * 366 * 864e5;
function validateFreezeWindow(window) {
  const problems = [];
  const zoneValid = isKnownTimeZone(window.timezone);
  if (!zoneValid) problems.push({ key: "timezone", message: describeBadTimeZone(window.timezone) });
  if (window.kind === "recurring") problems.push(...validateRecurring(window, zoneValid));
  else problems.push(...validateAbsolute(window, zoneValid));
  return problems;
}
function describeBadTimeZone(timezone) {
  const suggestion = suggestTimeZone(timezone);
  const fix = "a name from the tz database such as Europe/Berlin, America/New_York or UTC";
  return suggestion ? `'${timezone}' is not an IANA time zone; did you mean ${suggestion}? Use ${fix}` : `'${timezone}' is not an IANA time zone; use ${fix}`;
}
function validateRecurring(window, zoneValid) {
  const problems = [];
  const startProblem = checkCronExpression(window.start);
  const endProblem = checkCronExpression(window.end);
  if (startProblem !== null) problems.push({ key: "start", message: `start ${startProblem}` });
  if (endProblem !== null) problems.push({ key: "end", message: `end ${endProblem}` });
  if (problems.length > 0 || !zoneValid) return problems;
  const closing = checkWindowCloses(window);
  if (closing !== null) problems.push({ key: "end", message: closing });
  return problems;
}
function checkWindowCloses(window) {
  const start = createZonedCron(window.start, window.timezone);
  const end = createZonedCron(window.end, window.timezone);
  const fix = `pick an end that comes after every start, e.g. start "0 17 * * FRI" with end "0 8 * * MON"`;
  let cursor = CHECK_FROM_MS;
  for (let count = 0; count < CHECK_OCCURRENCES && cursor < CHECK_FROM_MS + CHECK_SPAN_MS; count += 1) {
    const began = start.firstAtOrAfter(cursor, START_SEARCH_MS2);
    if (began === null) return null;
    let s = began;
    for (let steps = 0; ; steps += 1) {
      const e = end.firstAtOrAfter(s + 1, MAX_OCCURRENCE_MS);
      if (e === null) {
        return `end '${window.end}' does not follow start '${window.start}' within 366 days (after the start at ${formatLocal(s, window.timezone)} the next end is over a year away), so the window would not close; ${fix}`;
      }
      const next = start.firstAtOrAfter(e, START_SEARCH_MS2);
      if (next !== e) {
        cursor = e;
        break;
      }
      if (steps >= CHECK_MERGE_STEPS || e - began > MAX_OCCURRENCE_MS) {
        return `the window never closes: each end '${window.end}' falls at the very moment of a new start '${window.start}', so the freeze runs on without a break; make the end fall between two starts, e.g. start "0 17 * * FRI" with end "0 8 * * MON"`;
      }
      s = e;
    }
  }
  return null;
}
function formatLocal(instantMs, timezone) {
  const local = new Date(toLocalTime(instantMs, createOffsetLookup(timezone))).toISOString().slice(0, 16).replace("T", " ");
  return `${local} ${timezone}`;
}
function validateAbsolute(window, zoneValid) {
  const problems = [];
  const zone = zoneValid ? window.timezone : "UTC";
  const from = readInstant(window.from, zone, "from", problems);
  const until = readInstant(window.until, zone, "until", problems);
  if (from !== null && until !== null && until.getTime() <= from.getTime()) {
    problems.push({
      key: "until",
      message: `until '${window.until}' is not after from '${window.from}' (until is exclusive, so the window would never be active); set until later than from`
    });
  }
  return problems;
}
function readInstant(value, timezone, key, problems) {
  try {
    return parseFreezeInstant(value, timezone);
  } catch (error) {
    if (!(error instanceof FreezeConfigError)) throw error;
    problems.push({ key, message: `${key} ${error.message}` });
    return null;
  }
}

// src/policy/locate.ts
import { isMap, isPair, isScalar, isSeq } from "yaml";
function locatePath(source, path, at = "value") {
  let node = source.doc.contents;
  let best = node?.range ?? void 0;
  let found = path.length === 0;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment)
      );
      if (!pair) break;
      const last = i === path.length - 1;
      const keyNode = pair.key;
      const valueNode = pair.value;
      best = last && at === "key" || !valueNode?.range ? keyNode.range ?? best : valueNode.range;
      node = valueNode;
      found = last;
    } else if (isSeq(node) && typeof segment === "number") {
      const item = node.items[segment];
      if (!item?.range) break;
      best = item.range;
      node = item;
      found = i === path.length - 1;
    } else {
      break;
    }
  }
  if (!best) return found ? { line: 1, column: 1 } : null;
  const pos = source.lines.linePos(best[0]);
  return { line: pos.line, column: pos.col };
}
function hasPath(source, path) {
  return source.doc.hasIn(path);
}

// src/policy/list-known-keys.ts
function listKnownKeys(schema, path) {
  let current = [schema];
  for (const segment of [...path, null]) {
    current = current.flatMap(unwrap);
    if (segment === null) break;
    current = current.flatMap((s) => {
      const def = s._zod.def;
      if (def.type === "object") {
        const child = def.shape[String(segment)];
        return child ? [child] : [];
      }
      if (def.type === "array") return typeof segment === "number" ? [def.element] : [];
      if (def.type === "record") return [def.valueType];
      return [];
    });
  }
  const keys = current.flatMap((s) => {
    const def = s._zod.def;
    return def.type === "object" && def.shape ? Object.keys(def.shape) : [];
  });
  return [...new Set(keys)];
}
function unwrap(schema) {
  const def = schema._zod.def;
  switch (def.type) {
    case "optional":
    case "default":
    case "nullable":
    case "prefault":
    case "readonly":
    case "catch":
      return unwrap(def.innerType);
    case "pipe":
      return unwrap(def.in);
    case "union":
      return def.options.flatMap(unwrap);
    case "lazy":
      return unwrap(def.getter());
    default:
      return [schema];
  }
}

// src/policy/suggest.ts
function suggestClosest(word, candidates) {
  let best = null;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = measureEditDistance2(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const limit = word.length <= 3 ? 1 : Math.max(2, Math.floor(word.length / 3));
  return best !== null && bestDistance <= limit ? best : null;
}
function measureEditDistance2(a, b) {
  const d = Array.from(
    { length: a.length + 1 },
    (_, i) => Array.from({ length: b.length + 1 }, (_2, j) => i === 0 ? j : j === 0 ? i : 0)
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[i - 2][j - 2] + 1);
      d[i][j] = best;
    }
  }
  return d[a.length][b.length];
}

// src/policy/merge-policy-files.ts
function isPlainMap(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
function mergeDeep(base, over) {
  if (over === void 0) return base;
  if (!isPlainMap(base) || !isPlainMap(over)) return over;
  const merged = { ...base };
  for (const [key, value] of Object.entries(over)) merged[key] = mergeDeep(base[key], value);
  return merged;
}
function mergePolicyFiles(org, repo) {
  const environments = { ...org.environments ?? {} };
  for (const [name, env] of Object.entries(repo.environments ?? {})) {
    environments[name] = {
      ...org.environments?.[name] ?? {},
      ...stripUndefined(env)
    };
  }
  const merged = {
    risk: mergeDeep(org.risk, repo.risk),
    gates: mergeDeep(org.gates, repo.gates),
    environments
  };
  return stripUndefined(merged);
}
function stripUndefined(value) {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== void 0));
}

// src/policy/schema.ts
import { z } from "zod";
function strict(shape, what) {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code === "unrecognized_keys") {
        const key = String(issue.keys[0]);
        const hint = suggestClosest(key, known);
        return `unknown key '${key}' in ${what}${hint ? `; did you mean '${hint}'?` : "."} Known keys: ${known.join(", ")}.`;
      }
      if (issue.code === "invalid_type") return `${what} must be a map of keys (${known.join(", ")})`;
      return void 0;
    }
  });
}
var durationText = z.string({ error: "expected a duration such as 30m, 24h or 7d" }).refine((text) => parseDuration(text) !== null, {
  error: "expected a duration such as 30m, 24h, 7d or 1h30m (units s, m, h, d, w) or ISO 8601 (PT24H)"
});
var signerList = z.array(z.string({ error: "a signer is a login (alice) or a team (team:org/slug)" }), {
  error: 'expected a list of signers, e.g. [alice, "team:acme/release"]'
}).superRefine((entries, ctx) => {
  entries.forEach((entry, index) => {
    const problem = checkSignerEntry(entry);
    if (problem) ctx.addIssue({ code: "custom", path: [index], message: problem });
  });
});
function checkSignerEntry(entry) {
  if (entry.startsWith("team:")) {
    return /^team:[A-Za-z0-9][A-Za-z0-9-]*\/[A-Za-z0-9._-]+$/.test(entry) ? null : `'${entry}' is not a team reference; write team:org/team-slug, e.g. team:acme/release`;
  }
  if (/\[bot\]$/i.test(entry)) return `'${entry}' is a bot; bots cannot sign off, name people or teams`;
  return /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/.test(entry) ? null : `'${entry}' is not a GitHub login; write a login (alice) or a team (team:org/slug)`;
}
var approvals = z.number({ error: "approvals must be a whole number, e.g. 2" }).int({ error: "approvals must be a whole number, e.g. 2" }).min(0, { error: "approvals cannot be negative" });
var quorumSchema = strict({ approvals, from: signerList.optional() }, "a sign-off rule");
var tierRuleSchema = strict(
  {
    approvals: approvals.optional(),
    from: signerList.optional(),
    all_of: z.array(quorumSchema, { error: "all_of is a list of rules, e.g. [{approvals: 1, from: [...]}]" }).min(1, {
      error: "all_of needs at least one rule"
    }).optional()
  },
  "a tier rule"
).superRefine((rule, ctx) => {
  if (rule.all_of !== void 0 && (rule.approvals !== void 0 || rule.from !== void 0)) {
    ctx.addIssue({
      code: "custom",
      path: ["all_of"],
      message: "a tier rule is either {approvals, from} or {all_of: [...]}, not both; move approvals/from into all_of"
    });
  } else if (rule.all_of === void 0 && rule.approvals === void 0) {
    ctx.addIssue({
      code: "custom",
      path: [],
      message: 'a tier rule needs approvals (e.g. {approvals: 1, from: ["team:acme/release"]}) or all_of'
    });
  }
});
var tierShape = Object.fromEntries(TIERS.map((tier) => [tier, tierRuleSchema.optional()]));
var tiersSchema = z.strictObject(tierShape, {
  error: (issue) => {
    if (issue.code === "unrecognized_keys") {
      const key = String(issue.keys[0]);
      const hint = suggestClosest(key, TIERS);
      return `unknown tier '${key}'${hint ? `; did you mean '${hint}'?` : "."} Tiers are ${TIERS.join(", ")}.`;
    }
    if (issue.code === "invalid_type") return `tiers must map tier names (${TIERS.join(", ")}) to rules`;
    return void 0;
  }
});
var freezeWindowSchema = strict(
  {
    name: z.string({ error: "every freeze window needs a name, e.g. name: weekend" }).min(1),
    start: z.string({ error: 'start is a cron expression in quotes, e.g. "0 17 * * FRI"' }).optional(),
    end: z.string({ error: 'end is a cron expression in quotes, e.g. "0 8 * * MON"' }).optional(),
    from: z.string({ error: 'from is a date in quotes, e.g. "2026-12-20"' }).optional(),
    until: z.string({ error: 'until is a date in quotes, e.g. "2027-01-04"' }).optional(),
    timezone: z.string({ error: "timezone is an IANA zone, e.g. Europe/Berlin" }).default("UTC"),
    on_freeze: z.enum(["hold", "reject"], { error: "on_freeze is 'hold' (the default) or 'reject'" }).default("hold")
  },
  "a freeze window"
).superRefine((window, ctx) => {
  const recurring = window.start !== void 0 || window.end !== void 0;
  const absolute = window.from !== void 0 || window.until !== void 0;
  if (recurring && absolute) {
    ctx.addIssue({
      code: "custom",
      path: [],
      message: `freeze window '${window.name}' mixes start/end (recurring) with from/until (absolute); use one pair`
    });
  } else if (recurring) {
    for (const key of ["start", "end"]) {
      if (window[key] === void 0) {
        ctx.addIssue({
          code: "custom",
          path: [],
          message: `freeze window '${window.name}' has ${key === "start" ? "end" : "start"} but no ${key}; a recurring window needs both cron expressions`
        });
      }
    }
  } else if (absolute) {
    for (const key of ["from", "until"]) {
      if (window[key] === void 0) {
        ctx.addIssue({
          code: "custom",
          path: [],
          message: `freeze window '${window.name}' has ${key === "from" ? "until" : "from"} but no ${key}; an absolute window needs both dates`
        });
      }
    }
  } else {
    ctx.addIssue({
      code: "custom",
      path: [],
      message: `freeze window '${window.name}' needs start and end (cron) or from and until (dates)`
    });
  }
});
var environmentSchema = strict(
  {
    mode: z.enum(["enforce", "advise"], { error: "mode is 'enforce' (the default) or 'advise'" }).default("enforce"),
    tiers: tiersSchema.optional(),
    signoff: strict(
      {
        allow_author: z.boolean({ error: "allow_author is true or false" }).default(false),
        expires_after: durationText.optional()
      },
      "signoff"
    ).optional(),
    freeze: z.array(freezeWindowSchema, { error: "freeze is a list of windows" }).optional(),
    break_glass: strict(
      {
        approvals: approvals.min(1, { error: "break-glass needs at least one approval" }),
        from: signerList.min(1, { error: "break_glass.from must name who may break the glass" }),
        reason: z.enum(["required", "optional"], { error: "reason is 'required' (the default) or 'optional'" }).default("required")
      },
      "break_glass"
    ).optional(),
    rollback: strict(
      {
        cooldown: durationText.optional(),
        max: z.number({ error: "max is a whole number of rollbacks" }).int().min(0).optional(),
        per: durationText.optional(),
        escalate_to: signerList.min(1, { error: "escalate_to must name who approves an escalated rollback" })
      },
      "rollback"
    ).optional()
  },
  "an environment"
);
var riskSchema = strict(
  {
    thresholds: strict(
      {
        low: z.number({ error: "thresholds are scores from 0 to 100" }).min(0).max(100).optional(),
        medium: z.number({ error: "thresholds are scores from 0 to 100" }).min(0).max(100).optional(),
        high: z.number({ error: "thresholds are scores from 0 to 100" }).min(0).max(100).optional()
      },
      "risk.thresholds"
    ).optional(),
    low_confidence: z.enum(["raise", "keep"], { error: "low_confidence is 'raise' (the default) or 'keep'" }).optional()
  },
  "risk"
);
var policyFileSchema = strict(
  {
    _extends: z.string({ error: "_extends names a repository, e.g. .github or acme/policies:shipgate.yml" }).optional(),
    risk: riskSchema.optional(),
    gates: gatesSchema.optional(),
    environments: z.record(z.string(), environmentSchema, {
      error: "environments must map environment names to their rules"
    }).optional()
  },
  "the policy file"
);

// src/policy/parse-policy.ts
var DEFAULT_ROLLBACK_WINDOW_MS = 24 * 36e5;
function readPolicyFile(text, fileName) {
  const lines = new LineCounter2();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const source = { file: fileName, doc, lines };
  const problems = [];
  for (const error of doc.errors) {
    const pos = lines.linePos(error.pos[0]);
    problems.push({
      file: fileName,
      line: pos.line,
      column: pos.col,
      key: "",
      message: `YAML syntax: ${error.message.split("\n")[0]}`
    });
  }
  if (problems.length > 0) return { source, file: null, problems };
  let data;
  try {
    data = doc.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (error) {
    return {
      source,
      file: null,
      problems: [
        { file: fileName, line: 1, column: 1, key: "", message: `YAML: ${error.message}` }
      ]
    };
  }
  const parsed = policyFileSchema.safeParse(data);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(describeIssue(issue, source));
    checkPolicyRules(data, (path, message) => problems.push(problemAt(source, path, message)));
    return { source, file: null, problems: dedupeProblems(problems) };
  }
  return { source, file: parsed.data, problems };
}
function parsePolicy(text, fileName, base) {
  const repo = readPolicyFile(text, fileName);
  const org = base ? readPolicyFile(base.text, base.file) : null;
  const problems = [...org?.problems ?? [], ...repo.problems];
  if (!repo.file || org && !org.file) return { ok: false, problems };
  const merged = org?.file ? mergePolicyFiles(org.file, repo.file) : repo.file;
  const sources = org ? [repo.source, org.source] : [repo.source];
  const ruleProblems = [];
  checkPolicyRules(merged, (path, message) => {
    const source = sources.find((s) => hasPath(s, path)) ?? sources[0];
    ruleProblems.push(problemAt(source, path, message));
  });
  if (ruleProblems.length > 0) return { ok: false, problems: dedupeProblems(ruleProblems) };
  return { ok: true, policy: normalizePolicy(merged), file: merged };
}
function describeIssue(issue, source) {
  const path = issue.path.map((p) => typeof p === "symbol" ? String(p) : p);
  if (issue.code === "unrecognized_keys") {
    const key = String(issue.keys[0]);
    let message2 = issue.message;
    if (message2.startsWith("Unrecognized key")) {
      const known = listKnownKeys(policyFileSchema, path);
      const hint = suggestClosest(key, known);
      message2 = `unknown key '${key}' in ${formatKey(path) || "the policy file"}${hint ? `; did you mean '${hint}'?` : "."}${known.length ? ` Known keys: ${known.join(", ")}.` : ""}`;
    }
    return problemAt(source, [...path, key], message2, "key");
  }
  let message = issue.message;
  if (issue.code === "invalid_type" && issue.input === void 0) {
    message = `missing required key '${String(path[path.length - 1])}': ${issue.message}`;
  }
  return problemAt(source, path, message, "value");
}
function problemAt(source, path, message, at = "value") {
  const pos = locatePath(source, path, at) ?? { line: 1, column: 1 };
  return { file: source.file, line: pos.line, column: pos.column, key: formatKey(path), message };
}
function formatKey(path) {
  return path.reduce(
    (text, part) => typeof part === "number" ? `${text}[${part}]` : text ? `${text}.${part}` : part,
    ""
  );
}
function dedupeProblems(problems) {
  const seen = /* @__PURE__ */ new Set();
  return [...problems].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column).filter((p) => {
    const id = `${p.file}:${p.line}:${p.column}:${p.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
function normalizePolicy(file) {
  const environments = Object.entries(file.environments ?? {}).map(
    ([pattern, env]) => normalizeEnvironment(pattern, env)
  );
  return {
    risk: {
      thresholds: { ...DEFAULT_RISK_THRESHOLDS, ...file.risk?.thresholds ?? {} },
      low_confidence: file.risk?.low_confidence ?? "raise"
    },
    gates: file.gates ?? {},
    environments
  };
}
function normalizeEnvironment(pattern, env) {
  let tiers = null;
  if (env.tiers) {
    tiers = {};
    for (const tier of TIERS) {
      const rule = env.tiers[tier];
      if (rule) tiers[tier] = normalizeTierRule(rule);
    }
  }
  return {
    pattern,
    mode: env.mode,
    tiers,
    signoff: {
      allow_author: env.signoff?.allow_author ?? false,
      expires_after_ms: env.signoff?.expires_after ? parseDuration(env.signoff.expires_after) : null
    },
    freeze: (env.freeze ?? []).map(toFreezeWindow),
    break_glass: env.break_glass ? { approvals: env.break_glass.approvals, from: env.break_glass.from, reason: env.break_glass.reason } : null,
    rollback: env.rollback ? {
      cooldown_ms: env.rollback.cooldown ? parseDuration(env.rollback.cooldown) : null,
      max: env.rollback.max ?? null,
      per_ms: env.rollback.per ? parseDuration(env.rollback.per) : DEFAULT_ROLLBACK_WINDOW_MS,
      escalate_to: env.rollback.escalate_to
    } : null
  };
}
function toFreezeWindow(w) {
  const timezone = w.timezone ?? "UTC";
  const on_freeze = w.on_freeze ?? "hold";
  return w.start !== void 0 || w.end !== void 0 ? { kind: "recurring", name: w.name, start: w.start ?? "", end: w.end ?? "", timezone, on_freeze } : { kind: "absolute", name: w.name, from: w.from ?? "", until: w.until ?? "", timezone, on_freeze };
}
function normalizeTierRule(rule) {
  if (rule.all_of)
    return {
      kind: "all_of",
      rules: rule.all_of.map((part) => ({ approvals: part.approvals, from: part.from ?? null }))
    };
  return { kind: "quorum", rule: { approvals: rule.approvals ?? 0, from: rule.from ?? null } };
}
var asMap = (value) => typeof value === "object" && value !== null && !Array.isArray(value) ? value : null;
function checkPolicyRules(data, report) {
  const file = asMap(data);
  if (!file) return;
  const thresholdsRaw = asMap(asMap(file.risk)?.thresholds);
  if (thresholdsRaw) {
    const t = { ...DEFAULT_RISK_THRESHOLDS };
    for (const key of ["low", "medium", "high"])
      if (typeof thresholdsRaw[key] === "number") t[key] = thresholdsRaw[key];
    if (!(t.low < t.medium && t.medium < t.high)) {
      report(
        ["risk", "thresholds"],
        `risk.thresholds must rise: low < medium < high (got low ${t.low}, medium ${t.medium}, high ${t.high})`
      );
    }
  }
  for (const [pattern, envRaw] of Object.entries(asMap(file.environments) ?? {})) {
    const env = asMap(envRaw);
    if (!env) continue;
    const at = (path, message) => report(["environments", pattern, ...path], message);
    for (const [tier, ruleRaw] of Object.entries(asMap(env.tiers) ?? {})) {
      const rule = asMap(ruleRaw);
      if (!rule) continue;
      if (Array.isArray(rule.all_of)) {
        rule.all_of.forEach(
          (part, index) => checkQuorumPossible(
            asMap(part),
            (p, m) => at(["tiers", tier, "all_of", index, ...p], m),
            `tiers.${tier}.all_of[${index}]`
          )
        );
      } else {
        checkQuorumPossible(rule, (p, m) => at(["tiers", tier, ...p], m), `tiers.${tier}`);
      }
    }
    checkQuorumPossible(asMap(env.break_glass), (p, m) => at(["break_glass", ...p], m), "break_glass");
    const names = /* @__PURE__ */ new Set();
    (Array.isArray(env.freeze) ? env.freeze : []).forEach((item, index) => {
      const w = asMap(item);
      if (!w) return;
      const strings = ["name", "start", "end", "from", "until", "timezone"].every(
        (k) => w[k] === void 0 || typeof w[k] === "string"
      );
      if (!strings || typeof w.name !== "string") return;
      if (names.has(w.name))
        at(
          ["freeze", index, "name"],
          `freeze window name '${w.name}' is used twice; give each window its own name`
        );
      names.add(w.name);
      const recurring = w.start !== void 0 && w.end !== void 0 && w.from === void 0 && w.until === void 0;
      const absolute = w.from !== void 0 && w.until !== void 0 && w.start === void 0 && w.end === void 0;
      if (!recurring && !absolute) return;
      const window = toFreezeWindow(w);
      for (const problem of validateFreezeWindow(window)) {
        at(["freeze", index, problem.key], `freeze window '${w.name}': ${problem.message}`);
      }
    });
  }
}
function checkQuorumPossible(rule, report, where) {
  if (!rule || typeof rule.approvals !== "number" || rule.approvals <= 0 || !Array.isArray(rule.from)) return;
  const from = rule.from.filter((e) => typeof e === "string");
  if (from.some((entry) => entry.startsWith("team:"))) return;
  const people = new Set(from.map((login) => login.toLowerCase()));
  if (people.size < rule.approvals) {
    const named = people.size === 0 ? "nobody" : `${people.size} named signer${people.size === 1 ? "" : "s"} (${[...people].join(", ")})`;
    report(
      ["approvals"],
      `${where} asks for ${rule.approvals} approvals from ${named}: it can never be met; name more signers in from, add a team, or lower approvals`
    );
  }
}

export {
  FreezeConfigError,
  createWindowTimeline,
  validateFreezeWindow,
  readPolicyFile,
  parsePolicy,
  formatKey
};
