// src/policy/duration.ts
import { Duration } from "luxon";
var UNIT_MS = {
  ms: 1,
  s: 1e3,
  m: 6e4,
  h: 36e5,
  d: 864e5,
  w: 6048e5
};
function parseDuration(text) {
  const trimmed = text.trim();
  if (/^P/i.test(trimmed)) {
    const iso = Duration.fromISO(trimmed.toUpperCase());
    return iso.isValid && iso.toMillis() > 0 ? iso.toMillis() : null;
  }
  const compact = trimmed.replace(/\s+/g, "").toLowerCase();
  if (!/^(\d+(\.\d+)?(ms|[smhdw]))+$/.test(compact)) return null;
  let total = 0;
  for (const [, amount, unit] of compact.matchAll(/(\d+(?:\.\d+)?)(ms|[smhdw])/g)) {
    total += Number(amount) * UNIT_MS[unit];
  }
  return total > 0 ? Math.round(total) : null;
}
function formatDuration(ms) {
  if (ms < 1e3) return `${Math.max(0, Math.round(ms))}ms`;
  const parts = [];
  let rest = Math.round(ms / 1e3);
  for (const [unit, size] of [
    ["d", 86400],
    ["h", 3600],
    ["m", 60],
    ["s", 1]
  ]) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
    if (parts.length === 2) break;
  }
  return parts.join(" ");
}

// src/gates/config.ts
import { z } from "zod";

// src/gates/parse-duration.ts
var DurationError = class extends Error {
  name = "DurationError";
};
function isDuration(text) {
  return parseDuration(text) !== null;
}
function parseDuration2(text) {
  if (typeof text === "number") {
    if (!Number.isFinite(text) || text < 0)
      throw new DurationError(`duration ${text} must be a positive number of seconds`);
    return text * 1e3;
  }
  const trimmed = text.trim();
  if (/^\d+(?:\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1e3;
  const ms = parseDuration(trimmed);
  if (ms === null) {
    throw new DurationError(
      `'${text}' is not a duration: write a number followed by ms, s, m, h or d, for example 30s, 5m or 1h30m`
    );
  }
  return ms;
}

// src/gates/config.ts
var globs = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).describe("a glob or a list of globs, relative to the repository root");
var blocking = z.boolean().default(false).describe("when true, this gate's failure fails the check run; otherwise it is advisory");
var required = z.boolean().default(false).describe("when true, a missing input makes the gate fail instead of skip");
var percent = z.number().min(0).max(100);
var testsGateSchema = z.strictObject({
  junit: globs.describe("JUnit XML reports to read"),
  min_pass_rate: percent.default(100).describe("lowest pass rate (passed / run, in percent) that passes"),
  min_tests: z.number().int().min(0).default(1).describe("fewest test cases that must have run"),
  allow_flaky: z.boolean().default(true).describe("count tests that failed and then passed on a rerun as passed"),
  max_annotations: z.number().int().min(0).default(50).describe("most failed tests to annotate"),
  required,
  blocking
});
var coverageGateSchema = z.strictObject({
  lcov: globs.optional().describe("lcov tracefiles (lcov.info)"),
  cobertura: globs.optional().describe("Cobertura XML reports (coverage.xml, cobertura-coverage.xml)"),
  istanbul: globs.optional().describe("istanbul coverage-summary.json files"),
  min: percent.optional().describe("lowest line coverage in percent"),
  min_branches: percent.optional().describe("lowest branch coverage in percent"),
  max_drop: z.number().min(0).optional().describe("largest fall of line coverage against the baseline, in percentage points"),
  baseline: z.string().min(1).optional().describe("a coverage report of the base commit (lcov, Cobertura or istanbul summary)"),
  min_patch: percent.optional().describe("lowest coverage of the changed lines that the report instruments, in percent"),
  required,
  blocking
}).refine(
  (value) => value.lcov !== void 0 || value.cobertura !== void 0 || value.istanbul !== void 0,
  {
    message: "gates.coverage needs a report: set one of lcov, cobertura or istanbul"
  }
);
var sarifLevel = z.enum(["error", "warning", "note", "none"]);
var sarifGateSchema = z.strictObject({
  files: globs.describe("SARIF 2.1.0 files to read"),
  fail_on: sarifLevel.default("error").describe("the lowest result level that fails the gate (none: never fail, only annotate)"),
  only_changed_lines: z.boolean().default(false).describe("judge only results on lines the change touched"),
  max_annotations: z.number().int().min(0).default(1e3).describe("most results to annotate"),
  required,
  blocking
});
var advisoryAllowance = z.strictObject({
  id: z.string().min(1).describe("an advisory id: GHSA-\u2026, CVE-\u2026, PYSEC-\u2026 or another OSV id"),
  until: z.iso.date().describe("the last day (YYYY-MM-DD, UTC) the allowance applies"),
  reason: z.string().min(1).describe("why the finding is accepted")
});
var severity = z.enum(["low", "moderate", "medium", "high", "critical"]);
var dependenciesGateSchema = z.strictObject({
  npm_audit: globs.optional().describe("`npm audit --json` reports (npm 7 or later)"),
  osv_scanner: globs.optional().describe("`osv-scanner --format json` reports"),
  pip_audit: globs.optional().describe("`pip-audit --format json` reports"),
  severity: severity.default("high").describe("the lowest severity that fails the gate"),
  unknown_severity: severity.default("high").describe("the severity assumed for findings whose report gives none (pip-audit gives none)"),
  allow: z.array(advisoryAllowance).default([]).describe("accepted advisories, each with an expiry date"),
  required,
  blocking
}).refine(
  (value) => value.npm_audit !== void 0 || value.osv_scanner !== void 0 || value.pip_audit !== void 0,
  { message: "gates.dependencies needs a report: set one of npm_audit, osv_scanner or pip_audit" }
);
var secretsGateSchema = z.strictObject({
  allow: z.array(z.string().min(1)).default([]).describe("path globs whose added lines are not scanned"),
  allow_fingerprints: z.array(z.string().regex(/^[0-9a-f]{12}$/, "a fingerprint is the 12 hex characters the gate reports")).default([]).describe("fingerprints of accepted findings, as the gate reports them"),
  entropy: z.number().min(0).max(8).default(3.5).describe("lowest Shannon entropy (bits per character) of a generic password/secret/token value"),
  required,
  blocking
});
var integrityGateSchema = z.strictObject({
  manifest: z.string().min(1).describe("a sha256sum-format manifest (`<hex>  <path>` per line)"),
  root: z.string().min(1).optional().describe("the folder the manifest's paths are relative to (default: the manifest's folder)"),
  allow_unlisted: z.boolean().default(false).describe("accept files under root that the manifest does not list"),
  ignore: z.array(z.string().min(1)).default([]).describe("globs under root that are neither hashed nor reported"),
  required,
  blocking
});
var metricRuleSchema = z.strictObject({
  min_ratio: z.number().positive().optional().describe("current \u2265 min_ratio \xD7 baseline"),
  max_ratio: z.number().positive().optional().describe("current \u2264 max_ratio \xD7 baseline"),
  max_increase: z.number().min(0).optional().describe("largest relative rise over the baseline (0.10 = 10%)"),
  max_decrease: z.number().min(0).optional().describe("largest relative fall below the baseline (0.05 = 5%)"),
  min: z.number().optional().describe("lowest absolute value"),
  max: z.number().optional().describe("highest absolute value")
}).refine((rule) => Object.values(rule).some((value) => value !== void 0), {
  message: "a metric rule needs at least one of min_ratio, max_ratio, max_increase, max_decrease, min or max"
});
var performanceGateSchema = z.strictObject({
  current: z.string().min(1).describe("the metric JSON of this change"),
  baseline: z.string().min(1).optional().describe("the metric JSON to compare with"),
  metrics: z.record(z.string().min(1), metricRuleSchema).refine((value) => Object.keys(value).length > 0, {
    message: "gates.performance.metrics names no metric"
  }).describe("a rule per metric name"),
  required,
  blocking
});
var commandName = z.string().regex(/^[a-z0-9][a-z0-9_.-]*$/i, "a command name is letters, digits, _ . or -, for example typecheck");
var commandGateSchema = z.strictObject({
  name: commandName.default("command").describe("the gate name shown in the check run"),
  run: z.string().min(1).describe("the shell command"),
  timeout: z.string().refine(isDuration, "a timeout is a duration such as 30s, 5m or 1h").default("10m").describe("how long the command may run before it is stopped and the gate fails"),
  working_directory: z.string().min(1).optional().describe("where to run, relative to the repository root"),
  env: z.record(z.string(), z.string()).optional().describe("extra environment variables"),
  blocking
});
var gatesSchema = z.strictObject({
  tests: testsGateSchema.optional(),
  coverage: coverageGateSchema.optional(),
  sarif: sarifGateSchema.optional(),
  dependencies: dependenciesGateSchema.optional(),
  secrets: secretsGateSchema.optional(),
  integrity: integrityGateSchema.optional(),
  performance: performanceGateSchema.optional(),
  command: z.union([commandGateSchema, z.array(commandGateSchema).min(1)]).optional()
}).superRefine((value, ctx) => {
  const commands = value.command === void 0 ? [] : Array.isArray(value.command) ? value.command : [value.command];
  const kinds = new Set(gateKinds.filter((kind) => kind !== "command"));
  const seen = /* @__PURE__ */ new Set();
  commands.forEach((command, index) => {
    const path = Array.isArray(value.command) ? ["command", index, "name"] : ["command", "name"];
    if (kinds.has(command.name)) {
      ctx.addIssue({
        code: "custom",
        path,
        message: `command name '${command.name}' is a gate kind: choose another name`
      });
    }
    if (seen.has(command.name)) {
      ctx.addIssue({
        code: "custom",
        path,
        message: `command name '${command.name}' is used twice: each command needs its own name`
      });
    }
    seen.add(command.name);
  });
});
var gateKinds = [
  "tests",
  "coverage",
  "sarif",
  "dependencies",
  "secrets",
  "integrity",
  "performance",
  "command"
];
function listCommands(config) {
  if (config.command === void 0) return [];
  return Array.isArray(config.command) ? config.command : [config.command];
}

export {
  parseDuration,
  formatDuration,
  parseDuration2,
  gatesSchema,
  listCommands
};
