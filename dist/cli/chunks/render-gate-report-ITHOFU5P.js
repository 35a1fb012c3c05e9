import {
  escapeTableCell
} from "./chunk-GG264KTX.js";

// src/gates/render-gate-report.ts
var statusLabel = {
  pass: "\u2705 pass",
  fail: "\u274C fail",
  skip: "\u23ED\uFE0F skip",
  error: "\u26A0\uFE0F error"
};
function renderGateReport(results) {
  if (results.length === 0) return "No gate is configured: add a `gates:` section to the policy file.\n";
  const rows = results.map(
    (r) => `| ${escapeTableCell(r.gate)} | ${statusLabel[r.status]} | ${r.blocking ? "blocking" : "advisory"} | ${escapeTableCell(r.summary)} |`
  );
  const sections = results.filter((r) => r.details.trim() !== "" && r.details !== r.summary).map(
    (r) => `<details><summary>${escapeHtml(r.gate)}: ${r.status}</summary>

${r.details}

</details>`
  );
  return [
    "| gate | result | kind | summary |",
    "| --- | --- | --- | --- |",
    ...rows,
    "",
    ...sections,
    ""
  ].join("\n");
}
function escapeHtml(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
export {
  renderGateReport
};
