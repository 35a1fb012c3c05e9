import type { GateResult } from './types.js';

/** A gate whose input is missing: a missing signal, never a pass. */
export function makeSkipResult(gate: string, blocking: boolean, summary: string, details = ''): GateResult {
  return { gate, status: 'skip', blocking, summary, details: details || summary, annotations: [] };
}

/** A gate that could not judge its input (malformed file, failed read). */
export function makeErrorResult(gate: string, blocking: boolean, summary: string, details = ''): GateResult {
  return { gate, status: 'error', blocking, summary, details: details || summary, annotations: [] };
}

/** Escapes text for one cell of a Markdown table. */
export function escapeTableCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').trim();
}

/** Formats a number with at most `digits` decimals and no trailing zeros. */
export function formatNumber(value: number, digits = 2): string {
  return Number.isFinite(value) ? String(Number(value.toFixed(digits))) : String(value);
}
