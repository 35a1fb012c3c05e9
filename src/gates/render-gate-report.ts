import { escapeTableCell } from './gate-result.js';
import type { GateResult, GateStatus } from './types.js';

const statusLabel: Record<GateStatus, string> = {
  pass: '✅ pass',
  fail: '❌ fail',
  skip: '⏭️ skip',
  error: '⚠️ error',
};

/**
 * Renders gate results as Markdown: a table with one row per gate, then each gate's details in
 * a collapsed section, in the order of the results.
 */
export function renderGateReport(results: GateResult[]): string {
  if (results.length === 0) return 'No gate is configured: add a `gates:` section to the policy file.\n';
  const rows = results.map(
    (r) =>
      `| ${escapeTableCell(r.gate)} | ${statusLabel[r.status]} | ${r.blocking ? 'blocking' : 'advisory'} | ${escapeTableCell(r.summary)} |`,
  );
  const sections = results
    .filter((r) => r.details.trim() !== '' && r.details !== r.summary)
    .map(
      (r) => `<details><summary>${escapeHtml(r.gate)}: ${r.status}</summary>\n\n${r.details}\n\n</details>`,
    );
  return [
    '| gate | result | kind | summary |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
    ...sections,
    '',
  ].join('\n');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
