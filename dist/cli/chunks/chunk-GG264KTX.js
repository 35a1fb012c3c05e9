// src/gates/gate-result.ts
function makeSkipResult(gate, blocking, summary, details = "") {
  return { gate, status: "skip", blocking, summary, details: details || summary, annotations: [] };
}
function makeErrorResult(gate, blocking, summary, details = "") {
  return { gate, status: "error", blocking, summary, details: details || summary, annotations: [] };
}
function escapeTableCell(text) {
  return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, " ").trim();
}
function formatNumber(value, digits = 2) {
  return Number.isFinite(value) ? String(Number(value.toFixed(digits))) : String(value);
}

export {
  makeSkipResult,
  makeErrorResult,
  escapeTableCell,
  formatNumber
};
