import { parse } from 'csv-parse/sync';
import { KAMEI_FEATURES, createEmptyKameiVector, type KameiFeature } from './kamei.js';
import type { LabelledRow } from './train.js';

/**
 * Reads labelled Kamei-feature CSV text (the layout of the shared ISSTA'21 data) into rows. Pure:
 * the caller reads the file. Header names are matched case-insensitively, with aliases:
 * `buggy` → bug; `entrophy`, `ent` → entropy; `aexp`, `arexp`, `asexp` → exp, rexp, sexp.
 * Other columns (the unnamed row number, `_id`, the label copy `__`, …) are ignored.
 */

const ALIASES: Record<string, KameiFeature | 'bug' | 'date'> = {
  bug: 'bug',
  buggy: 'bug',
  date: 'date',
  entrophy: 'entropy',
  ent: 'entropy',
  aexp: 'exp',
  arexp: 'rexp',
  asexp: 'sexp',
  ...Object.fromEntries(KAMEI_FEATURES.map((f) => [f, f])),
};

/** Cells read as a missing signal rather than a number. */
const MISSING_CELLS = new Set(['', 'na', 'nan', 'null']);

/** Raised for CSV that cannot be read; names the file, line and column, and how to fix it. */
export class CsvDataError extends Error {
  override name = 'CsvDataError';
  constructor(
    message: string,
    readonly file: string,
    readonly line?: number,
    readonly column?: string,
  ) {
    super(message);
  }
}

export interface KameiCsv {
  rows: LabelledRow[];
  /** Kamei features with no column in the file: every row has them as null (unknown). */
  missingFeatures: KameiFeature[];
  /** Whether a `date` column was present (training needs it; without it rows keep file order). */
  hasDate: boolean;
}

/**
 * Splits CSV text into records of trimmed fields, skipping empty lines. Text without any double
 * quote cannot hold a quoted comma or line break, so it is split directly (several times faster
 * on large files); any other text goes through csv-parse. Both give the same records.
 */
export function splitCsvRecords(text: string, file: string): string[][] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (!body.includes('"')) {
    const records: string[][] = [];
    for (const line of body.split(/\r\n|\n|\r/)) {
      if (line === '') continue;
      const fields = line.split(',');
      for (let k = 0; k < fields.length; k++) {
        const field = fields[k]!;
        if (field.length > 0 && (field.charCodeAt(0) <= 32 || field.charCodeAt(field.length - 1) <= 32))
          fields[k] = field.trim();
      }
      records.push(fields);
    }
    return records;
  }
  try {
    return parse(body, { relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][];
  } catch (error) {
    const e = error as Error & { lines?: number };
    throw new CsvDataError(
      `${file}${e.lines ? `:${e.lines}` : ''}: not valid CSV (${e.message}). Fix: close every quoted field and escape quotes inside fields as "".`,
      file,
      e.lines,
    );
  }
}

/** 1, 0, true, false (or 1.0, 0.0); anything else is NaN. */
function readLabel(cell: string): number {
  const lower = cell.toLowerCase();
  if (lower === 'true') return 1;
  if (lower === 'false') return 0;
  return cell === '' ? NaN : Number(cell);
}

/** Parses CSV text; `file` names the source in errors and in each row's `source`. */
export function parseKameiCsv(text: string, file: string): KameiCsv {
  const records = splitCsvRecords(text, file);
  if (records.length === 0) {
    throw new CsvDataError(
      `${file}: the file is empty; expected a header row with bug and Kamei feature columns.`,
      file,
      1,
    );
  }
  const header = records[0]!;
  const columnOf = new Map<string, number>();
  header.forEach((name, index) => {
    const key = ALIASES[name.toLowerCase()];
    if (!key) return;
    if (columnOf.has(key)) {
      throw new CsvDataError(
        `${file}:1: columns "${header[columnOf.get(key)!]}" and "${name}" both give ${key}; keep one of them.`,
        file,
        1,
        name,
      );
    }
    columnOf.set(key, index);
  });
  const bugColumn = columnOf.get('bug');
  if (bugColumn === undefined) {
    throw new CsvDataError(
      `${file}:1: no label column: expected "bug" (or "buggy") in the header, found ${header.map((h) => `"${h}"`).join(', ')}.`,
      file,
      1,
      'bug',
    );
  }
  const dateColumn = columnOf.get('date');
  const present = KAMEI_FEATURES.filter((f) => columnOf.has(f));
  const presentColumns = present.map((f) => columnOf.get(f)!);
  const missingFeatures = KAMEI_FEATURES.filter((f) => !columnOf.has(f));
  const rows: LabelledRow[] = new Array(records.length - 1);
  for (let r = 1; r < records.length; r++) {
    const record = records[r]!;
    const line = r + 1;
    if (record.length !== header.length) {
      throw new CsvDataError(
        `${file}:${line}: row has ${record.length} fields but the header has ${header.length}; fix the row so every row has one value per column.`,
        file,
        line,
      );
    }
    const bugCell = record[bugColumn]!;
    const bug = readLabel(bugCell);
    if (bug !== 0 && bug !== 1) {
      throw new CsvDataError(
        `${file}:${line}: column "${header[bugColumn]}" is "${bugCell}"; the label must be 0 or 1.`,
        file,
        line,
        header[bugColumn],
      );
    }
    const vector = createEmptyKameiVector();
    for (let k = 0; k < present.length; k++) {
      const cell = record[presentColumns[k]!]!;
      const value = cell === '' ? NaN : Number(cell);
      if (Number.isFinite(value)) {
        vector[present[k]!] = value;
        continue;
      }
      if (MISSING_CELLS.has(cell.toLowerCase())) continue;
      {
        throw new CsvDataError(
          `${file}:${line}: column "${header[presentColumns[k]!]}" is "${cell}", not a number; use a number, or leave the cell empty (or NA) when the signal is unknown.`,
          file,
          line,
          header[presentColumns[k]!],
        );
      }
    }
    let date = r;
    if (dateColumn !== undefined) {
      const cell = record[dateColumn]!;
      date = Number(cell);
      if (cell === '' || !Number.isFinite(date)) {
        throw new CsvDataError(
          `${file}:${line}: column "${header[dateColumn]}" is "${cell}"; the date must be unix seconds.`,
          file,
          line,
          header[dateColumn],
        );
      }
    }
    rows[r - 1] = { vector, bug, date, source: file };
  }
  return { rows, missingFeatures, hasDate: dateColumn !== undefined };
}
