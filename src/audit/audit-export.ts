import { canonicalizeJson } from './canonicalize-json.js';
import type { AuditRecord } from './audit-record.js';

/** One line of a JSONL export: the record as canonical JSON, so the file is byte-stable. */
export function formatAuditExportLine(record: AuditRecord): string {
  return `${canonicalizeJson(record)}\n`;
}

/** A line of an export that is not a JSON object. */
export interface AuditExportProblem {
  line: number;
  message: string;
}

/** Reads a JSONL export back into records. Blank lines are skipped; unreadable lines are reported. */
export function parseAuditExport(text: string): { records: AuditRecord[]; problems: AuditExportProblem[] } {
  const records: AuditRecord[] = [];
  const problems: AuditExportProblem[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    try {
      const value: unknown = JSON.parse(line);
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        problems.push({ line: index + 1, message: 'is not a JSON object' });
        return;
      }
      records.push(value as AuditRecord);
    } catch (error) {
      problems.push({ line: index + 1, message: `is not valid JSON (${(error as Error).message})` });
    }
  });
  return { records, problems };
}
