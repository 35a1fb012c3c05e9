import {
  listCommands,
  parseDuration2 as parseDuration
} from "./chunk-WVARKXY4.js";
import {
  escapeTableCell,
  formatNumber,
  makeErrorResult,
  makeSkipResult
} from "./chunk-GG264KTX.js";
import {
  EMPTY_TREE,
  measureChange
} from "./chunk-BKWTICZZ.js";
import {
  assessRisk,
  computeDiffSignals
} from "./chunk-6ZYGZSDM.js";
import "./chunk-DRH4ZT43.js";
import "./chunk-HH7RP3GU.js";
import "./chunk-QGZDWEBG.js";
import "./chunk-2DWBICBI.js";

// src/gates/node-context.ts
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { glob } from "tinyglobby";

// src/gates/parse-unified-diff.ts
var hunkHeader = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;
function readHeaderPath(raw) {
  let value = raw.replace(/\t.*$/, "").trim();
  if (value.startsWith('"') && value.endsWith('"')) value = unquoteGitPath(value.slice(1, -1));
  if (value === "/dev/null") return null;
  return value.replace(/^[a-z]\//, "");
}
function unquoteGitPath(text) {
  const bytes = [];
  const simple = { n: 10, t: 9, r: 13, '"': 34, "\\": 92, a: 7, b: 8, f: 12, v: 11 };
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (ch !== "\\") {
      bytes.push(...Buffer.from(ch, "utf8"));
      continue;
    }
    const next = text[i + 1] ?? "";
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(text.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(simple[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString("utf8");
}
function parseUnifiedDiff(text) {
  const addedLines = [];
  const changedLines = /* @__PURE__ */ new Map();
  let path5 = null;
  let newLine = 0;
  let oldLeft = 0;
  let newLeft = 0;
  for (const line of text.split(/\r?\n/)) {
    if (oldLeft > 0 || newLeft > 0) {
      const mark = line[0];
      if (mark === "\\") continue;
      if (mark === "+" && newLeft > 0) {
        if (path5 !== null) {
          addedLines.push({ path: path5, line: newLine, text: line.slice(1) });
          let set = changedLines.get(path5);
          if (!set) changedLines.set(path5, set = /* @__PURE__ */ new Set());
          set.add(newLine);
        }
        newLine += 1;
        newLeft -= 1;
        continue;
      }
      if (mark === "-" && oldLeft > 0) {
        oldLeft -= 1;
        continue;
      }
      if ((mark === " " || line === "") && oldLeft > 0 && newLeft > 0) {
        newLine += 1;
        oldLeft -= 1;
        newLeft -= 1;
        continue;
      }
      oldLeft = 0;
      newLeft = 0;
    }
    if (line.startsWith("diff --git ")) {
      const match = /^diff --git (?:"(?:[^"\\]|\\.)*"|\S+) ("(?:[^"\\]|\\.)*"|\S+)$/.exec(line);
      path5 = match ? readHeaderPath(match[1]) : null;
    } else if (line.startsWith("+++ ")) {
      path5 = readHeaderPath(line.slice(4));
    } else {
      const match = hunkHeader.exec(line);
      if (match) {
        oldLeft = match[1] === void 0 ? 1 : Number(match[1]);
        newLine = Number(match[2]);
        newLeft = match[3] === void 0 ? 1 : Number(match[3]);
      }
    }
  }
  return { addedLines, changedLines };
}

// src/gates/node-context.ts
var outputCapBytes = 1024 * 1024;
function isMissing(error) {
  const code = error.code;
  return code === "ENOENT" || code === "ENOTDIR";
}
function collectTail(cap) {
  const chunks = [];
  let size = 0;
  let dropped = false;
  return {
    push(chunk) {
      chunks.push(chunk);
      size += chunk.length;
      while (size > cap && chunks.length > 1) {
        size -= chunks.shift().length;
        dropped = true;
      }
    },
    text() {
      let buffer = Buffer.concat(chunks);
      if (buffer.length > cap) [buffer, dropped] = [buffer.subarray(buffer.length - cap), true];
      return (dropped ? "[earlier output cut]\n" : "") + buffer.toString("utf8");
    }
  };
}
function execCommand(command, options, baseEnv) {
  return new Promise((resolve) => {
    const child = spawn(command, {
      cwd: options.cwd,
      env: { ...baseEnv, ...options.env },
      shell: true,
      detached: process.platform !== "win32",
      stdio: ["ignore", "pipe", "pipe"]
    });
    const stdout = collectTail(outputCapBytes);
    const stderr = collectTail(outputCapBytes);
    let timedOut = false;
    const kill = (signal) => {
      try {
        if (child.pid !== void 0 && process.platform !== "win32") process.kill(-child.pid, signal);
        else child.kill(signal);
      } catch {
      }
    };
    let hardKill;
    const timer = setTimeout(() => {
      timedOut = true;
      kill("SIGTERM");
      hardKill = setTimeout(() => kill("SIGKILL"), 2e3);
    }, options.timeoutMs);
    child.stdout.on("data", (chunk) => stdout.push(chunk));
    child.stderr.on("data", (chunk) => stderr.push(chunk));
    const finish = (exitCode, extra = "") => {
      clearTimeout(timer);
      if (hardKill) clearTimeout(hardKill);
      resolve({ exitCode, stdout: stdout.text(), stderr: stderr.text() + extra, timedOut });
    };
    child.on("error", (error) => finish(127, `${error.message}
`));
    child.on("close", (code) => finish(timedOut ? null : code));
  });
}
function hashFile(file) {
  return new Promise((resolve, reject) => {
    const hash = createHash("sha256");
    const stream = createReadStream(file);
    stream.on("data", (chunk) => hash.update(chunk));
    stream.on("end", () => resolve(hash.digest("hex")));
    stream.on(
      "error",
      (error) => isMissing(error) || error.code === "EISDIR" ? resolve(null) : reject(error)
    );
  });
}
function createNodeContext(options) {
  const root = path.resolve(options.cwd);
  const resolve = (file) => path.resolve(root, file);
  const context = {
    cwd: root,
    now: options.now,
    async readFile(file) {
      try {
        return await readFile(resolve(file), "utf8");
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },
    async glob(patterns, cwd) {
      const found = await glob(patterns, {
        cwd: resolve(cwd),
        onlyFiles: true,
        dot: true,
        expandDirectories: false,
        ignore: ["**/node_modules/**", "**/.git/**"]
      });
      return found.sort();
    },
    hashFile: (file) => hashFile(resolve(file)),
    exec: (command, execOptions) => execCommand(command, execOptions, options.env ?? process.env)
  };
  if (options.diff !== void 0) {
    const parsed = parseUnifiedDiff(options.diff);
    context.addedLines = parsed.addedLines;
    context.changedLines = parsed.changedLines;
  }
  if (options.coverageBaseline) context.coverageBaseline = options.coverageBaseline;
  return context;
}

// src/gates/read-git-diff.ts
import { execFile } from "node:child_process";
var GitDiffError = class extends Error {
  name = "GitDiffError";
};
function readGitDiff({ cwd, base, head = "HEAD" }) {
  const args = [
    "-c",
    "core.quotePath=true",
    "diff",
    "--no-color",
    "--no-ext-diff",
    "--no-renames",
    "-U0",
    `${base}...${head}`,
    "--"
  ];
  return new Promise((resolve, reject) => {
    execFile(
      "git",
      args,
      { cwd, maxBuffer: 256 * 1024 * 1024, encoding: "utf8" },
      (error, stdout, stderr) => {
        if (error) {
          const said = (stderr || error.message).trim().split("\n")[0];
          reject(
            new GitDiffError(
              `git diff ${base}...${head} failed in ${cwd}: ${said}. Fetch both commits first (for example actions/checkout with fetch-depth: 0).`
            )
          );
          return;
        }
        resolve(stdout);
      }
    );
  });
}

// src/gates/command.ts
import path2 from "node:path";
function tailLines(text, count) {
  const plain = text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, "").replace(/\r(?!\n)/g, "\n");
  const lines = plain.split(/\r?\n/);
  while (lines.length && lines[lines.length - 1].trim() === "") lines.pop();
  return lines.slice(-count);
}
function fence(lines) {
  const body = lines.join("\n");
  const longest = Math.max(2, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const marks = "`".repeat(longest + 1);
  return `${marks}text
${body}
${marks}`;
}
function judgeCommand(config, result, elapsedMs, timeoutMs) {
  const seconds = formatNumber(elapsedMs / 1e3, 2);
  let status;
  let summary;
  if (result.timedOut) {
    status = "fail";
    summary = `\`${config.run}\` did not finish within ${config.timeout} and was stopped. Make it faster or raise the timeout of command '${config.name}'.`;
  } else if (result.exitCode === 0) {
    status = "pass";
    summary = `\`${config.run}\` succeeded in ${seconds} s.`;
  } else {
    status = "fail";
    summary = result.exitCode === null ? `\`${config.run}\` was ended by a signal after ${seconds} s.` : `\`${config.run}\` exited with code ${result.exitCode} after ${seconds} s.`;
  }
  const stdout = tailLines(result.stdout, 50);
  const stderr = tailLines(result.stderr, 50);
  const parts = [
    `Ran \`${config.run}\`${config.working_directory ? ` in \`${config.working_directory}\`` : ""} (timeout ${config.timeout}).`
  ];
  if (stdout.length) parts.push("", `Last ${stdout.length} lines of output:`, "", fence(stdout));
  if (stderr.length) parts.push("", `Last ${stderr.length} lines of error output:`, "", fence(stderr));
  if (!stdout.length && !stderr.length) parts.push("", "It printed nothing.");
  return {
    gate: config.name,
    status,
    blocking: config.blocking,
    summary,
    details: parts.join("\n"),
    annotations: [],
    metrics: {
      duration_seconds: elapsedMs / 1e3,
      timeout_seconds: timeoutMs / 1e3,
      ...result.exitCode !== null ? { exit_code: result.exitCode } : {}
    }
  };
}
async function runCommandGate(config, ctx) {
  const timeoutMs = parseDuration(config.timeout);
  const cwd = config.working_directory ? path2.resolve(ctx.cwd, config.working_directory) : ctx.cwd;
  const started = performance.now();
  const options = config.env ? { timeoutMs, cwd, env: config.env } : { timeoutMs, cwd };
  const result = await ctx.exec(config.run, options);
  return judgeCommand(config, result, performance.now() - started, timeoutMs);
}

// src/gates/coverage.ts
import { XMLParser, XMLValidator } from "fast-xml-parser";

// src/gates/read-matched-files.ts
async function readMatchedFiles(ctx, patterns, key) {
  const list2 = Array.isArray(patterns) ? patterns : [patterns];
  const paths = await ctx.glob(list2, ctx.cwd);
  if (paths.length === 0) {
    return {
      missing: `${key}: ${list2.map((p) => `'${p}'`).join(", ")} matched no file under ${ctx.cwd}. Produce the report in an earlier workflow step, or fix the path in ${key}.`
    };
  }
  const texts = await Promise.all(paths.map((path5) => ctx.readFile(path5)));
  const files = [];
  paths.forEach((path5, index) => {
    const text = texts[index];
    if (text !== null && text !== void 0) files.push({ path: path5, text });
  });
  if (files.length === 0) {
    return { missing: `${key}: the files matched (${paths.join(", ")}) could not be read.` };
  }
  return { files };
}

// src/gates/to-repo-path.ts
import path3 from "node:path";
function toRepoPath(raw, root) {
  let value = raw.trim();
  if (/^file:/i.test(value)) {
    try {
      value = decodeURIComponent(new URL(value).pathname);
    } catch {
      value = value.replace(/^file:(\/\/)?/i, "");
    }
    if (/^\/[A-Za-z]:\//.test(value)) value = value.slice(1);
  }
  value = value.replace(/\\/g, "/");
  const normalizedRoot = root.replace(/\\/g, "/").replace(/\/+$/, "");
  const isAbsolute = value.startsWith("/") || /^[A-Za-z]:\//.test(value);
  if (isAbsolute) {
    if (normalizedRoot && (value === normalizedRoot || value.startsWith(normalizedRoot + "/"))) {
      return path3.posix.normalize(value.slice(normalizedRoot.length + 1) || ".");
    }
    return path3.posix.normalize(value);
  }
  return path3.posix.normalize(value).replace(/^\.\//, "");
}

// src/gates/coverage.ts
var CoverageFormatError = class extends Error {
  name = "CoverageFormatError";
};
function emptyTotals() {
  return { lines: { total: 0, covered: 0 }, branches: { total: 0, covered: 0 }, lineHits: /* @__PURE__ */ new Map() };
}
function addLineHit(totals, file, line, hits) {
  let lines = totals.lineHits.get(file);
  if (!lines) totals.lineHits.set(file, lines = /* @__PURE__ */ new Map());
  lines.set(line, Math.max(lines.get(line) ?? 0, hits));
}
function parseLcov(text, source) {
  const totals = emptyTotals();
  let file = null;
  let record = { lf: -1, lh: -1, brf: -1, brh: -1, da: 0, daHit: 0, brda: 0, brdaHit: 0 };
  let records = 0;
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line === "") return;
    const colon = line.indexOf(":");
    const key = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? "" : line.slice(colon + 1);
    const fail = (what) => {
      throw new CoverageFormatError(`${source}:${index + 1}: not an lcov tracefile: ${what}.`);
    };
    if (key === "SF") {
      file = value;
      record = { lf: -1, lh: -1, brf: -1, brh: -1, da: 0, daHit: 0, brda: 0, brdaHit: 0 };
      return;
    }
    if (key === "end_of_record") {
      if (file === null) fail("end_of_record without SF");
      totals.lines.total += record.lf >= 0 ? record.lf : record.da;
      totals.lines.covered += record.lh >= 0 ? record.lh : record.daHit;
      totals.branches.total += record.brf >= 0 ? record.brf : record.brda;
      totals.branches.covered += record.brh >= 0 ? record.brh : record.brdaHit;
      records += 1;
      file = null;
      return;
    }
    if (key === "TN" || key === "VER") return;
    if (file === null) fail(`'${line.slice(0, 40)}' outside an SF \u2026 end_of_record record`);
    const parts = value.split(",");
    switch (key) {
      case "DA": {
        const lineNo = Number(parts[0]);
        const hits = Number(parts[1]);
        if (!Number.isInteger(lineNo) || !Number.isFinite(hits)) fail(`bad DA line '${line}'`);
        record.da += 1;
        if (hits > 0) record.daHit += 1;
        addLineHit(totals, file, lineNo, hits);
        return;
      }
      case "BRDA":
        if (parts.length < 4) fail(`bad BRDA line '${line}'`);
        record.brda += 1;
        if (parts[3] !== "-" && Number(parts[3]) > 0) record.brdaHit += 1;
        return;
      case "LF":
      case "LH":
      case "BRF":
      case "BRH": {
        const count = Number(value);
        if (!Number.isInteger(count) || count < 0) fail(`bad ${key} count '${value}'`);
        record[key.toLowerCase()] = count;
        return;
      }
      case "FN":
      case "FNDA":
      case "FNF":
      case "FNH":
      case "FNL":
      case "FNA":
      case "MCDC":
      case "MCF":
      case "MCH":
        return;
      default:
        fail(`unknown record '${key}'`);
    }
  });
  if (file !== null)
    throw new CoverageFormatError(`${source}: not an lcov tracefile: the last record has no end_of_record.`);
  if (records === 0)
    throw new CoverageFormatError(`${source}: not an lcov tracefile: it has no SF \u2026 end_of_record record.`);
  return totals;
}
var coberturaParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "",
  attributesGroupName: "@",
  parseAttributeValue: false,
  isArray: (tag) => ["package", "class", "line", "source"].includes(tag)
});
function attrs(node) {
  return node?.["@"] ?? {};
}
function list(node, tag) {
  const value = node?.[tag];
  if (value === void 0 || value === "") return [];
  return (Array.isArray(value) ? value : [value]).filter(
    (v) => typeof v === "object" && v !== null
  );
}
function parseCobertura(xml, source) {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new CoverageFormatError(
      `${source}:${valid.err.line}:${valid.err.col}: not well-formed XML (${valid.err.msg}).`
    );
  }
  const document = coberturaParser.parse(xml);
  const coverage = document.coverage;
  if (coverage === void 0 || typeof coverage !== "object") {
    throw new CoverageFormatError(`${source}: not a Cobertura report: the root element is not <coverage>.`);
  }
  const totals = emptyTotals();
  const sources = list(coverage, "sources").flatMap(
    (s) => (Array.isArray(s.source) ? s.source : [s.source]).filter((v) => typeof v === "string")
  );
  const base = sources[0]?.trim().replace(/\/+$/, "");
  let lineCount = 0;
  let lineHit = 0;
  let branchCount = 0;
  let branchHit = 0;
  for (const pkg of list(list(coverage, "packages")[0], "package")) {
    for (const cls of list(list(pkg, "classes")[0], "class")) {
      const filename = attrs(cls).filename ?? "";
      const file = base && !filename.startsWith("/") ? `${base}/${filename}` : filename;
      for (const line of list(list(cls, "lines")[0], "line")) {
        const a = attrs(line);
        const number = Number(a.number);
        const hits = Number(a.hits);
        if (!Number.isInteger(number) || !Number.isFinite(hits)) {
          throw new CoverageFormatError(
            `${source}: a <line> in class '${attrs(cls).name ?? filename}' lacks number or hits.`
          );
        }
        lineCount += 1;
        if (hits > 0) lineHit += 1;
        addLineHit(totals, file, number, hits);
        const condition = /\((\d+)\/(\d+)\)/.exec(a["condition-coverage"] ?? "");
        if (a.branch === "true" && condition) {
          branchHit += Number(condition[1]);
          branchCount += Number(condition[2]);
        }
      }
    }
  }
  const root = attrs(coverage);
  const declaredValid = Number(root["lines-valid"]);
  const declaredCovered = Number(root["lines-covered"]);
  if (lineCount === 0 && Number.isFinite(declaredValid) && Number.isFinite(declaredCovered)) {
    totals.lines = { total: declaredValid, covered: declaredCovered };
  } else {
    totals.lines = { total: lineCount, covered: lineHit };
  }
  const declaredBranches = Number(root["branches-valid"]);
  const declaredBranchesCovered = Number(root["branches-covered"]);
  if (branchCount === 0 && Number.isFinite(declaredBranches) && Number.isFinite(declaredBranchesCovered)) {
    totals.branches = { total: declaredBranches, covered: declaredBranchesCovered };
  } else {
    totals.branches = { total: branchCount, covered: branchHit };
  }
  return totals;
}
function parseIstanbulSummary(text, source) {
  let data;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new CoverageFormatError(`${source}: not valid JSON (${error.message}).`);
  }
  const total = data?.total;
  const lines = total?.lines;
  if (!lines || typeof lines.total !== "number" || typeof lines.covered !== "number") {
    throw new CoverageFormatError(
      `${source}: not an istanbul coverage summary: it needs total.lines.total and total.lines.covered.`
    );
  }
  const branches = total.branches;
  const totals = emptyTotals();
  totals.lines = { total: lines.total, covered: lines.covered };
  if (branches && typeof branches.total === "number" && typeof branches.covered === "number") {
    totals.branches = { total: branches.total, covered: branches.covered };
  }
  return totals;
}
function detectCoverageFormat(text) {
  const head = text.trimStart();
  if (head.startsWith("<")) return "cobertura";
  if (head.startsWith("{")) return "istanbul";
  if (/^(TN|SF):/m.test(head) && /end_of_record/.test(text)) return "lcov";
  return null;
}
function parseCoverage(text, format, source) {
  if (format === "lcov") return parseLcov(text, source);
  if (format === "cobertura") return parseCobertura(text, source);
  return parseIstanbulSummary(text, source);
}
function mergeCoverage(parts) {
  const totals = emptyTotals();
  for (const part of parts) {
    totals.lines.total += part.lines.total;
    totals.lines.covered += part.lines.covered;
    totals.branches.total += part.branches.total;
    totals.branches.covered += part.branches.covered;
    for (const [file, lines] of part.lineHits)
      for (const [line, hits] of lines) addLineHit(totals, file, line, hits);
  }
  return totals;
}
function percentOf(count) {
  return count.total === 0 ? null : count.covered / count.total * 100;
}
function groupRuns(lines) {
  const runs = [];
  for (const line of lines) {
    const last = runs[runs.length - 1];
    if (last && line === last[1] + 1) last[1] = line;
    else runs.push([line, line]);
  }
  return runs;
}
function judgeCoverage(input, config) {
  const { current, baseline, changedLines, root } = input;
  const lines = percentOf(current.lines);
  const branches = percentOf(current.branches);
  const problems = [];
  const notes = [];
  const metrics = {};
  if (lines !== null) metrics.lines_pct = lines;
  if (branches !== null) metrics.branches_pct = branches;
  if (lines === null) problems.push("the reports instrument no line");
  if (config.min !== void 0 && lines !== null && lines < config.min) {
    problems.push(`line coverage ${formatNumber(lines)}% is below gates.coverage.min (${config.min}%)`);
  }
  if (config.min_branches !== void 0) {
    if (branches === null)
      notes.push("The reports have no branch data, so gates.coverage.min_branches was not checked.");
    else if (branches < config.min_branches) {
      problems.push(
        `branch coverage ${formatNumber(branches)}% is below gates.coverage.min_branches (${config.min_branches}%)`
      );
    }
  }
  const baselineLines = baseline ? percentOf(baseline.totals.lines) : null;
  if (baselineLines !== null) metrics.baseline_lines_pct = baselineLines;
  if (config.max_drop !== void 0) {
    if (!baseline || baselineLines === null) {
      notes.push(
        "No baseline coverage was available, so gates.coverage.max_drop was not checked. Set gates.coverage.baseline to a report of the base commit."
      );
    } else if (lines !== null) {
      const drop = baselineLines - lines;
      metrics.lines_drop = drop;
      if (drop > config.max_drop) {
        problems.push(
          `line coverage fell ${formatNumber(drop)} points (${formatNumber(baselineLines)}% \u2192 ${formatNumber(lines)}%), more than gates.coverage.max_drop (${config.max_drop})`
        );
      }
    }
  }
  const annotations = [];
  let patchTotal = 0;
  let patchCovered = 0;
  if (changedLines && current.lineHits.size > 0) {
    for (const [reportPath, hits] of current.lineHits) {
      const path5 = toRepoPath(reportPath, root);
      const changed = changedLines.get(path5);
      if (!changed) continue;
      const uncovered = [];
      for (const line of changed) {
        const hit = hits.get(line);
        if (hit === void 0) continue;
        patchTotal += 1;
        if (hit > 0) patchCovered += 1;
        else uncovered.push(line);
      }
      for (const [start, end] of groupRuns(uncovered.sort((a, b) => a - b))) {
        annotations.push({
          path: path5,
          start_line: start,
          end_line: end,
          level: "notice",
          title: "Changed lines not covered",
          message: start === end ? `Line ${start} changed and no test ran it.` : `Lines ${start}\u2013${end} changed and no test ran them.`
        });
      }
    }
    if (patchTotal > 0) metrics.patch_lines_pct = patchCovered / patchTotal * 100;
  }
  if (config.min_patch !== void 0) {
    if (patchTotal === 0) {
      notes.push(
        "No changed line is instrumented (or no diff or per-line data is known), so gates.coverage.min_patch was not checked."
      );
    } else if (metrics.patch_lines_pct < config.min_patch) {
      problems.push(
        `coverage of changed lines ${formatNumber(metrics.patch_lines_pct)}% is below gates.coverage.min_patch (${config.min_patch}%)`
      );
    }
  }
  const status = problems.length > 0 ? "fail" : "pass";
  const show = (value) => value === null ? "n/a" : `${formatNumber(value)}%`;
  const summary = status === "fail" ? `${problems.join("; ")}.` : `Line coverage ${show(lines)}` + (baselineLines !== null ? ` (baseline ${show(baselineLines)})` : "") + (branches !== null ? `, branches ${show(branches)}` : "") + (metrics.patch_lines_pct !== void 0 ? `, changed lines ${show(metrics.patch_lines_pct)}` : "") + ".";
  const details = [
    "| measure | covered | total | percent |",
    "| --- | ---: | ---: | ---: |",
    `| lines | ${current.lines.covered} | ${current.lines.total} | ${show(lines)} |`,
    `| branches | ${current.branches.covered} | ${current.branches.total} | ${show(branches)} |`,
    ...patchTotal > 0 ? [`| changed lines | ${patchCovered} | ${patchTotal} | ${show(metrics.patch_lines_pct)} |`] : [],
    ...baseline ? [
      `| baseline lines | ${baseline.totals.lines.covered} | ${baseline.totals.lines.total} | ${show(baselineLines)} |`
    ] : [],
    "",
    `Reports: ${input.sources.map((s) => `\`${escapeTableCell(s)}\``).join(", ")}` + (baseline ? `; baseline: \`${escapeTableCell(baseline.source)}\`` : ""),
    ...notes.map((note) => `
${note}`)
  ].join("\n");
  return { gate: "coverage", status, blocking: config.blocking, summary, details, annotations, metrics };
}
async function readReports(ctx, config) {
  const keys = [
    ["lcov", config.lcov],
    ["cobertura", config.cobertura],
    ["istanbul", config.istanbul]
  ];
  const files = [];
  const missing = [];
  for (const [format, patterns] of keys) {
    if (patterns === void 0) continue;
    const matched = await readMatchedFiles(ctx, patterns, `gates.coverage.${format}`);
    if (matched.missing !== void 0) missing.push(matched.missing);
    else files.push(...matched.files.map((file) => ({ ...file, format })));
  }
  if (files.length === 0) return { missing: missing.join(" ") };
  return { files };
}
async function runCoverageGate(config, ctx) {
  const read = await readReports(ctx, config);
  if ("missing" in read) return makeSkipResult("coverage", config.blocking, read.missing);
  try {
    const current = mergeCoverage(read.files.map((file) => parseCoverage(file.text, file.format, file.path)));
    let baseline;
    let baselineText;
    if (config.baseline !== void 0) {
      const text = await ctx.readFile(config.baseline);
      if (text === null) {
        return makeSkipResult(
          "coverage",
          config.blocking,
          `gates.coverage.baseline: '${config.baseline}' does not exist. Produce it in an earlier step (for example by restoring the base commit's coverage artifact), or remove the key.`
        );
      }
      baselineText = { text, source: config.baseline };
    } else if (ctx.coverageBaseline) {
      baselineText = ctx.coverageBaseline;
    }
    if (baselineText) {
      const format = detectCoverageFormat(baselineText.text);
      if (format === null) {
        return makeErrorResult(
          "coverage",
          config.blocking,
          `${baselineText.source}: not a coverage report: expected lcov, Cobertura XML or an istanbul coverage-summary.json.`
        );
      }
      baseline = {
        totals: parseCoverage(baselineText.text, format, baselineText.source),
        source: baselineText.source
      };
    }
    const input = { current, sources: read.files.map((f) => f.path), root: ctx.cwd };
    if (baseline) input.baseline = baseline;
    if (ctx.changedLines) input.changedLines = ctx.changedLines;
    return judgeCoverage(input, config);
  } catch (error) {
    if (error instanceof CoverageFormatError)
      return makeErrorResult("coverage", config.blocking, error.message);
    throw error;
  }
}

// src/gates/dependencies.ts
var DependencyReportError = class extends Error {
  name = "DependencyReportError";
};
var severityRank = {
  unknown: -1,
  low: 1,
  moderate: 2,
  high: 3,
  critical: 4
};
function normalizeSeverity(value) {
  if (typeof value === "number" || typeof value === "string" && /^\d+(\.\d+)?$/.test(value.trim())) {
    const score = Number(value);
    if (score >= 9) return "critical";
    if (score >= 7) return "high";
    if (score >= 4) return "moderate";
    return score > 0 ? "low" : "unknown";
  }
  if (typeof value !== "string") return "unknown";
  const word = value.trim().toLowerCase();
  if (word === "critical") return "critical";
  if (word === "high") return "high";
  if (word === "moderate" || word === "medium") return "moderate";
  if (word === "low" || word === "info") return "low";
  return "unknown";
}
function parseJson(text, source) {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new DependencyReportError(`${source}: not valid JSON (${error.message}).`);
  }
}
function advisoryIdFromUrl(url) {
  return url ? /(GHSA(?:-[0-9a-z]{4}){3})/i.exec(url)?.[1] : void 0;
}
function parseNpmAudit(text, source) {
  const data = parseJson(text, source);
  if (data?.vulnerabilities === void 0 || typeof data.vulnerabilities !== "object") {
    const hint = data?.advisories !== void 0 ? " This is the npm 6 format: run npm audit --json with npm 7 or later." : "";
    throw new DependencyReportError(
      `${source}: not an npm audit report: it has no 'vulnerabilities' object.${hint}`
    );
  }
  const findings = /* @__PURE__ */ new Map();
  for (const [name, vulnerability] of Object.entries(data.vulnerabilities)) {
    for (const via of vulnerability?.via ?? []) {
      if (typeof via !== "object" || via === null) continue;
      const advisory = via;
      const id = advisoryIdFromUrl(advisory.url) ?? (advisory.source !== void 0 ? `npm-${advisory.source}` : advisory.title ?? "unknown");
      const key = `${id}\0${advisory.name ?? name}`;
      if (findings.has(key)) continue;
      const finding = {
        id,
        aliases: [],
        package: advisory.name ?? name,
        severity: normalizeSeverity(advisory.severity),
        title: advisory.title ?? id,
        source
      };
      if (advisory.url) finding.url = advisory.url;
      if (advisory.range) finding.range = advisory.range;
      findings.set(key, finding);
    }
  }
  return [...findings.values()];
}
function parseOsvScanner(text, source) {
  const data = parseJson(text, source);
  if (!data || !Array.isArray(data.results)) {
    throw new DependencyReportError(`${source}: not an osv-scanner report: it has no 'results' array.`);
  }
  const findings = [];
  for (const result of data.results) {
    for (const pkg of result.packages ?? []) {
      const groups = pkg.groups ?? [];
      const vulnerabilities = pkg.vulnerabilities ?? [];
      const byId = new Map(vulnerabilities.map((v) => [v.id ?? "", v]));
      const units = groups.length ? groups.map((g) => ({ ids: g.ids ?? [], aliases: g.aliases ?? [], maxSeverity: g.max_severity })) : vulnerabilities.map((v) => ({
        ids: [v.id ?? "unknown"],
        aliases: v.aliases ?? [],
        maxSeverity: void 0
      }));
      for (const unit of units) {
        const main = unit.ids.map((id2) => byId.get(id2)).find(Boolean);
        const ids = [.../* @__PURE__ */ new Set([...unit.ids, ...unit.aliases, ...main?.aliases ?? []])];
        const id = ids.find((i) => /^GHSA-/i.test(i)) ?? ids[0] ?? "unknown";
        let severity = normalizeSeverity(unit.maxSeverity);
        if (severity === "unknown") {
          for (const candidate of unit.ids.map((i) => byId.get(i))) {
            const s = normalizeSeverity(candidate?.database_specific?.severity);
            if (severityRank[s] > severityRank[severity]) severity = s;
          }
        }
        const fixed = main?.affected?.flatMap((a) => a.ranges ?? []).flatMap((r) => r.events ?? []).find((e) => e.fixed)?.fixed;
        const finding = {
          id,
          aliases: ids.filter((i) => i !== id),
          package: pkg.package?.name ?? "unknown",
          severity,
          title: main?.summary ?? main?.details?.split("\n")[0] ?? id,
          url: `https://osv.dev/vulnerability/${encodeURIComponent(unit.ids[0] ?? id)}`,
          source
        };
        if (pkg.package?.version) finding.version = pkg.package.version;
        if (fixed) finding.fixedIn = fixed;
        findings.push(finding);
      }
    }
  }
  return findings;
}
function parsePipAudit(text, source) {
  const data = parseJson(text, source);
  const dependencies = Array.isArray(data) ? data : data?.dependencies;
  if (!Array.isArray(dependencies)) {
    throw new DependencyReportError(`${source}: not a pip-audit report: it has no 'dependencies' array.`);
  }
  const findings = [];
  for (const dependency of dependencies) {
    for (const vuln of dependency.vulns ?? []) {
      const id = vuln.id ?? "unknown";
      const finding = {
        id,
        aliases: vuln.aliases ?? [],
        package: dependency.name ?? "unknown",
        severity: "unknown",
        title: vuln.description?.split("\n")[0]?.slice(0, 200) || id,
        url: `https://osv.dev/vulnerability/${encodeURIComponent(id)}`,
        source
      };
      if (dependency.version) finding.version = dependency.version;
      if (vuln.fix_versions?.[0]) finding.fixedIn = vuln.fix_versions[0];
      findings.push(finding);
    }
  }
  return findings;
}
function parseDependencyReport(text, format, source) {
  if (format === "npm_audit") return parseNpmAudit(text, source);
  if (format === "osv_scanner") return parseOsvScanner(text, source);
  return parsePipAudit(text, source);
}
function rankOf(severity) {
  return severityRank[normalizeSeverity(severity)];
}
function judgeDependencies(findings, sources, config, now) {
  const today = now.toISOString().slice(0, 10);
  const threshold = rankOf(config.severity);
  const unknownRank = rankOf(config.unknown_severity);
  const failing = [];
  const allowed = [];
  const expired = [];
  const below = [];
  for (const finding of findings) {
    const rank = finding.severity === "unknown" ? unknownRank : severityRank[finding.severity];
    if (rank < threshold) {
      below.push(finding);
      continue;
    }
    const ids = [finding.id, ...finding.aliases].map((i) => i.toUpperCase());
    const allowance = config.allow.find((a) => ids.includes(a.id.toUpperCase()));
    if (allowance && allowance.until >= today) {
      allowed.push({ finding, reason: allowance.reason, until: allowance.until });
      continue;
    }
    if (allowance) expired.push({ finding, until: allowance.until });
    failing.push(finding);
  }
  const status = failing.length > 0 ? "fail" : "pass";
  const plural = (n) => n === 1 ? "" : "s";
  let summary = status === "fail" ? `${failing.length} advisor${failing.length === 1 ? "y" : "ies"} at or above gates.dependencies.severity (${config.severity})` : `No advisory at or above gates.dependencies.severity (${config.severity})`;
  const extras = [
    allowed.length ? `${allowed.length} allowed` : "",
    expired.length ? `${expired.length} allowance${plural(expired.length)} expired` : "",
    below.length ? `${below.length} below threshold` : ""
  ].filter(Boolean);
  summary += extras.length ? ` (${extras.join(", ")}).` : ".";
  const row = (f, note) => `| ${escapeTableCell(f.url ? `[${f.id}](${f.url})` : f.id)} | ${escapeTableCell(f.package + (f.version ? `@${f.version}` : "") + (f.range ? ` (affected: ${f.range})` : ""))} | ${f.severity} | ${escapeTableCell(f.title).slice(0, 160)} | ${escapeTableCell(note)} |`;
  const lines = [
    `Read ${sources.map((s) => `\`${s}\``).join(", ")}: ${findings.length} finding${plural(findings.length)}.`
  ];
  const table = [
    ...failing.map((f) => {
      const gone = expired.find((e) => e.finding === f);
      const fix = f.fixedIn ? `fixed in ${f.fixedIn}` : "";
      return row(
        f,
        gone ? `allowance expired on ${gone.until}; renew it in gates.dependencies.allow or upgrade` : fix || "failing"
      );
    }),
    ...allowed.map(({ finding, reason, until }) => row(finding, `allowed until ${until}: ${reason}`))
  ];
  if (table.length)
    lines.push(
      "",
      "| advisory | package | severity | title | status |",
      "| --- | --- | --- | --- | --- |",
      ...table.slice(0, 100),
      ...table.length > 100 ? [`| \u2026 | ${table.length - 100} more | | | |`] : []
    );
  if (below.length) {
    lines.push(
      "",
      `Below the threshold: ${below.map((f) => `${f.id} (${f.package}, ${f.severity})`).slice(0, 30).join(", ")}${below.length > 30 ? ", \u2026" : ""}.`
    );
  }
  const unusedAllowances = config.allow.filter(
    (a) => !findings.some((f) => [f.id, ...f.aliases].some((i) => i.toUpperCase() === a.id.toUpperCase()))
  );
  if (unusedAllowances.length) {
    lines.push(
      "",
      `Allowances that match no finding (remove them from gates.dependencies.allow): ${unusedAllowances.map((a) => a.id).join(", ")}.`
    );
  }
  return {
    gate: "dependencies",
    status,
    blocking: config.blocking,
    summary,
    details: lines.join("\n"),
    annotations: [],
    metrics: {
      advisories_total: findings.length,
      advisories_failing: failing.length,
      advisories_allowed: allowed.length,
      advisories_expired_allowances: expired.length,
      advisories_critical: findings.filter((f) => f.severity === "critical").length,
      advisories_high: findings.filter((f) => f.severity === "high").length
    }
  };
}
async function runDependenciesGate(config, ctx) {
  const formats = ["npm_audit", "osv_scanner", "pip_audit"];
  const findings = [];
  const sources = [];
  const missing = [];
  for (const format of formats) {
    const patterns = config[format];
    if (patterns === void 0) continue;
    const matched = await readMatchedFiles(ctx, patterns, `gates.dependencies.${format}`);
    if (matched.missing !== void 0) {
      missing.push(matched.missing);
      continue;
    }
    for (const file of matched.files) {
      try {
        findings.push(...parseDependencyReport(file.text, format, file.path));
      } catch (error) {
        if (error instanceof DependencyReportError)
          return makeErrorResult("dependencies", config.blocking, error.message);
        throw error;
      }
      sources.push(file.path);
    }
  }
  if (sources.length === 0) return makeSkipResult("dependencies", config.blocking, missing.join(" "));
  const result = judgeDependencies(findings, sources, config, ctx.now);
  if (missing.length) result.details += `

Not read: ${missing.join(" ")}`;
  return result;
}

// src/gates/integrity.ts
import path4 from "node:path";
import picomatch from "picomatch";
var ManifestFormatError = class extends Error {
  name = "ManifestFormatError";
};
function unescapeSha256sumName(name) {
  return name.replace(/\\(\\|n|r)/g, (_, ch) => ch === "n" ? "\n" : ch === "r" ? "\r" : "\\");
}
function parseSha256Manifest(text, source) {
  const entries = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/\r$/, "");
    if (line.trim() === "" || line.trimStart().startsWith("#")) return;
    const gnu = /^(\\?)([0-9a-fA-F]{64}) [ *](.+)$/.exec(line);
    const bsd = /^(\\?)SHA256 \((.+)\) = ([0-9a-fA-F]{64})$/.exec(line);
    if (gnu) {
      entries.push({
        path: gnu[1] ? unescapeSha256sumName(gnu[3]) : gnu[3],
        sha256: gnu[2].toLowerCase(),
        line: index + 1
      });
    } else if (bsd) {
      entries.push({
        path: bsd[1] ? unescapeSha256sumName(bsd[2]) : bsd[2],
        sha256: bsd[3].toLowerCase(),
        line: index + 1
      });
    } else {
      throw new ManifestFormatError(
        `${source}:${index + 1}: not a sha256sum line: expected '<64 hex digits>  <path>' (as \`sha256sum\` writes it).`
      );
    }
  });
  return entries;
}
function compareManifest(entries, actual, present) {
  const problems = [];
  const listed = /* @__PURE__ */ new Set();
  for (const entry of entries) {
    const key = path4.posix.normalize(entry.path.replace(/^\.\//, ""));
    if (listed.has(key)) {
      problems.push({ kind: "duplicate", path: entry.path, line: entry.line });
      continue;
    }
    listed.add(key);
    const hash = actual.get(entry.path) ?? null;
    if (hash === null) problems.push({ kind: "missing", path: entry.path, line: entry.line });
    else if (hash !== entry.sha256) {
      problems.push({
        kind: "mismatch",
        path: entry.path,
        line: entry.line,
        expected: entry.sha256,
        actual: hash
      });
    }
  }
  for (const file of present)
    if (!listed.has(path4.posix.normalize(file))) problems.push({ kind: "unlisted", path: file });
  return problems;
}
function judgeIntegrity(entries, problems, manifestPath, rootPath, config) {
  const counted = problems.filter((p) => p.kind !== "unlisted" || !config.allow_unlisted);
  const count = (kind) => counted.filter((p) => p.kind === kind).length;
  const status = counted.length > 0 ? "fail" : "pass";
  const describe = (p) => {
    if (p.kind === "mismatch")
      return `hash differs: manifest says ${p.expected.slice(0, 12)}\u2026, file has ${p.actual.slice(0, 12)}\u2026`;
    if (p.kind === "missing") return "listed in the manifest but not present";
    if (p.kind === "duplicate") return "listed twice in the manifest";
    return "present under root but not listed in the manifest";
  };
  const annotations = counted.filter((p) => p.kind !== "unlisted").slice(0, 50).map((p) => ({
    path: manifestPath,
    start_line: p.line,
    end_line: p.line,
    level: "failure",
    title: `Integrity: ${p.path}`,
    message: `${p.path}: ${describe(p)}.`
  }));
  const tally = [
    count("mismatch") ? `${count("mismatch")} mismatched` : "",
    count("missing") ? `${count("missing")} missing` : "",
    count("unlisted") ? `${count("unlisted")} unlisted` : "",
    count("duplicate") ? `${count("duplicate")} duplicated` : ""
  ].filter(Boolean);
  const summary = status === "fail" ? `${manifestPath}: ${tally.join(", ")} of ${entries.length} listed files.` : `${entries.length} files under ${rootPath} match ${manifestPath}.`;
  const lines = [`Manifest \`${manifestPath}\`, root \`${rootPath}\`: ${entries.length} entries.`];
  if (counted.length) {
    lines.push("", "| file | problem |", "| --- | --- |");
    for (const p of counted.slice(0, 100))
      lines.push(`| \`${escapeTableCell(p.path)}\` | ${escapeTableCell(describe(p))} |`);
    if (counted.length > 100) lines.push(`| \u2026 | ${counted.length - 100} more |`);
    if (count("unlisted")) {
      lines.push(
        "",
        "Unlisted files: regenerate the manifest, or set gates.integrity.allow_unlisted or gates.integrity.ignore."
      );
    }
  }
  const unlistedAllowed = problems.length - counted.length;
  if (unlistedAllowed)
    lines.push("", `${unlistedAllowed} unlisted files accepted (gates.integrity.allow_unlisted).`);
  return {
    gate: "integrity",
    status,
    blocking: config.blocking,
    summary,
    details: lines.join("\n"),
    annotations,
    metrics: {
      files_listed: entries.length,
      files_mismatched: count("mismatch"),
      files_missing: count("missing"),
      files_unlisted: problems.filter((p) => p.kind === "unlisted").length
    }
  };
}
async function runIntegrityGate(config, ctx) {
  const manifestText = await ctx.readFile(config.manifest);
  if (manifestText === null) {
    return makeSkipResult(
      "integrity",
      config.blocking,
      `gates.integrity.manifest: '${config.manifest}' does not exist. Write it (for example \`sha256sum * > SHA256SUMS\` in the artifact folder) or fix the path.`
    );
  }
  let entries;
  try {
    entries = parseSha256Manifest(manifestText, config.manifest);
  } catch (error) {
    if (error instanceof ManifestFormatError)
      return makeErrorResult("integrity", config.blocking, error.message);
    throw error;
  }
  const root = config.root ?? path4.posix.dirname(config.manifest.replace(/\\/g, "/"));
  const rootAbsolute = path4.resolve(ctx.cwd, root);
  const actual = /* @__PURE__ */ new Map();
  for (const entry of entries)
    actual.set(entry.path, await ctx.hashFile(path4.resolve(rootAbsolute, entry.path)));
  const manifestAbsolute = path4.resolve(ctx.cwd, config.manifest);
  const ignored = config.ignore.length ? picomatch(config.ignore, { dot: true }) : () => false;
  const present = (await ctx.glob(["**/*"], rootAbsolute)).filter(
    (file) => path4.resolve(rootAbsolute, file) !== manifestAbsolute && !ignored(file)
  );
  const problems = compareManifest(
    entries.filter((entry) => !ignored(entry.path)),
    actual,
    present
  );
  return judgeIntegrity(entries, problems, config.manifest, root, config);
}

// src/gates/performance.ts
var MetricFileError = class extends Error {
  name = "MetricFileError";
};
function flatten(value, prefix, out) {
  if (typeof value === "number" && Number.isFinite(value)) out[prefix] = value;
  else if (value && typeof value === "object" && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, prefix ? `${prefix}.${key}` : key, out);
  }
}
function parseMetricFile(text, source) {
  let data;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new MetricFileError(`${source}: not valid JSON (${error.message}).`);
  }
  const metrics = {};
  if (Array.isArray(data)) {
    data.forEach((item, index) => {
      if (typeof item?.name !== "string" || typeof item.value !== "number") {
        throw new MetricFileError(`${source}: entry ${index} needs a string 'name' and a number 'value'.`);
      }
      metrics[item.name] = item.value;
    });
  } else if (data && typeof data === "object") {
    const record = data;
    const body = record.metrics && typeof record.metrics === "object" ? record.metrics : record;
    flatten(body, "", metrics);
  } else {
    throw new MetricFileError(`${source}: expected an object of metrics or a list of {name, value}.`);
  }
  if (Object.keys(metrics).length === 0) throw new MetricFileError(`${source}: holds no numeric metric.`);
  return metrics;
}
var relativeRules = ["min_ratio", "max_ratio", "max_increase", "max_decrease"];
function checkMetrics(current, baseline, rules) {
  const checks = [];
  for (const [metric, rule] of Object.entries(rules)) {
    const now = current[metric];
    const base = baseline?.[metric];
    if (now === void 0) {
      checks.push({
        metric,
        rule: "present",
        limit: "in the current file",
        ok: false,
        note: "missing from the current metrics"
      });
      continue;
    }
    if (rule.min !== void 0)
      checks.push({ metric, rule: "min", current: now, limit: `\u2265 ${rule.min}`, ok: now >= rule.min });
    if (rule.max !== void 0)
      checks.push({ metric, rule: "max", current: now, limit: `\u2264 ${rule.max}`, ok: now <= rule.max });
    for (const name of relativeRules) {
      const bound = rule[name];
      if (bound === void 0) continue;
      if (base === void 0) {
        checks.push({
          metric,
          rule: name,
          current: now,
          limit: String(bound),
          ok: true,
          note: "no baseline value: not compared"
        });
        continue;
      }
      const check = { metric, rule: name, current: now, baseline: base, limit: "", ok: true };
      if (name === "min_ratio") {
        check.limit = `\u2265 ${formatNumber(bound * base, 4)} (${bound} \xD7 baseline)`;
        check.ok = now >= bound * base;
      } else if (name === "max_ratio") {
        check.limit = `\u2264 ${formatNumber(bound * base, 4)} (${bound} \xD7 baseline)`;
        check.ok = now <= bound * base;
      } else if (name === "max_increase") {
        check.limit = `\u2264 ${formatNumber(base + Math.abs(base) * bound, 4)} (+${formatNumber(bound * 100)}%)`;
        check.ok = now <= base + Math.abs(base) * bound;
      } else {
        check.limit = `\u2265 ${formatNumber(base - Math.abs(base) * bound, 4)} (\u2212${formatNumber(bound * 100)}%)`;
        check.ok = now >= base - Math.abs(base) * bound;
      }
      checks.push(check);
    }
  }
  return checks;
}
function judgePerformance(checks, current, config) {
  const failed = checks.filter((c) => !c.ok);
  const status = failed.length > 0 ? "fail" : "pass";
  const describe = (c) => c.note && c.current === void 0 ? `${c.metric} is ${c.note}` : `${c.metric} = ${formatNumber(c.current ?? NaN, 4)}${c.baseline !== void 0 ? ` (baseline ${formatNumber(c.baseline, 4)})` : ""} breaks ${c.rule} ${c.limit}`;
  const summary = status === "fail" ? `${failed.length} metric check${failed.length === 1 ? "" : "s"} failed: ${failed.slice(0, 3).map(describe).join("; ")}${failed.length > 3 ? "; \u2026" : ""}.` : `${checks.length} metric check${checks.length === 1 ? "" : "s"} passed.`;
  const lines = [
    "| metric | rule | current | baseline | limit | result |",
    "| --- | --- | ---: | ---: | --- | --- |",
    ...checks.map(
      (c) => `| ${escapeTableCell(c.metric)} | ${c.rule} | ${c.current === void 0 ? "\u2014" : formatNumber(c.current, 4)} | ${c.baseline === void 0 ? "\u2014" : formatNumber(c.baseline, 4)} | ${escapeTableCell(c.limit)} | ${c.ok ? "ok" : "FAIL"}${c.note ? ` (${escapeTableCell(c.note)})` : ""} |`
    )
  ];
  const metrics = {};
  for (const name of Object.keys(config.metrics))
    if (current[name] !== void 0) metrics[name] = current[name];
  return {
    gate: "performance",
    status,
    blocking: config.blocking,
    summary,
    details: lines.join("\n"),
    annotations: [],
    metrics
  };
}
async function runPerformanceGate(config, ctx) {
  const currentText = await ctx.readFile(config.current);
  if (currentText === null) {
    return makeSkipResult(
      "performance",
      config.blocking,
      `gates.performance.current: '${config.current}' does not exist. Write the metrics in an earlier step, or fix the path.`
    );
  }
  let baselineText = null;
  if (config.baseline !== void 0) {
    baselineText = await ctx.readFile(config.baseline);
    const needsBaseline = Object.values(config.metrics).some(
      (rule) => relativeRules.some((name) => rule[name] !== void 0)
    );
    if (baselineText === null && needsBaseline) {
      return makeSkipResult(
        "performance",
        config.blocking,
        `gates.performance.baseline: '${config.baseline}' does not exist, so no relative rule can be checked. Restore the base commit's metrics before this step, or fix the path.`
      );
    }
  }
  try {
    const current = parseMetricFile(currentText, config.current);
    const baseline = baselineText === null ? void 0 : parseMetricFile(baselineText, config.baseline);
    return judgePerformance(checkMetrics(current, baseline, config.metrics), current, config);
  } catch (error) {
    if (error instanceof MetricFileError)
      return makeErrorResult("performance", config.blocking, error.message);
    throw error;
  }
}

// src/gates/sarif.ts
var SarifFormatError = class extends Error {
  name = "SarifFormatError";
};
var levelRank = { none: 0, note: 1, warning: 2, error: 3 };
var annotationLevel = {
  error: "failure",
  warning: "warning",
  note: "notice",
  none: "notice"
};
function findRule(run, result) {
  const reference = result.rule;
  const componentIndex = reference?.toolComponent?.index;
  const component = componentIndex !== void 0 && componentIndex >= 0 ? run.tool.extensions?.[componentIndex] : run.tool.driver;
  const rules = component?.rules ?? [];
  const index = reference?.index ?? result.ruleIndex;
  if (index !== void 0 && index >= 0 && rules[index]) return rules[index];
  const id = result.ruleId ?? reference?.id;
  if (id === void 0) return void 0;
  return rules.find((rule) => rule.id === id) ?? run.tool.extensions?.flatMap((extension) => extension.rules ?? []).find((rule) => rule.id === id);
}
function resolveLevel(result, rule) {
  if (result.level) return result.level;
  if (result.kind !== void 0 && result.kind !== "fail") return "none";
  return rule?.defaultConfiguration?.level ?? "warning";
}
function isSuppressed(result) {
  const suppressions = result.suppressions ?? [];
  if (suppressions.length === 0) return false;
  if (suppressions.some((s) => s.status === "underReview" || s.status === "rejected")) return false;
  return true;
}
function formatMessage(message, rule, ruleId) {
  let text = message?.text ?? message?.markdown;
  if (text === void 0 && message?.id) text = rule?.messageStrings?.[message.id]?.text;
  if (text === void 0) text = rule?.shortDescription?.text ?? rule?.fullDescription?.text ?? ruleId;
  const args = message?.arguments ?? [];
  if (args.length === 0) return text;
  return text.replace(/\{(\d+)\}/g, (whole, n) => args[Number(n)] ?? whole);
}
function resolveUri(run, location) {
  if (!location) return void 0;
  let uri = location.uri;
  if (uri === void 0 && location.index !== void 0) uri = run.artifacts?.[location.index]?.location?.uri;
  if (uri === void 0) return void 0;
  let baseId = location.uriBaseId;
  let guard = 0;
  while (baseId && guard < 10 && !/^[a-z][a-z0-9+.-]*:/i.test(uri)) {
    const base = run.originalUriBaseIds?.[baseId];
    if (!base?.uri) break;
    uri = base.uri.replace(/\/?$/, "/") + uri;
    baseId = base.uriBaseId;
    guard += 1;
  }
  try {
    return /^[a-z][a-z0-9+.-]*:/i.test(uri) && !/^file:/i.test(uri) ? uri : decodeURIComponent(uri);
  } catch {
    return uri;
  }
}
function parseSarif(text, source, root) {
  let log;
  try {
    log = JSON.parse(text);
  } catch (error) {
    throw new SarifFormatError(`${source}: not valid JSON (${error.message}).`);
  }
  if (!log || typeof log !== "object" || !Array.isArray(log.runs)) {
    throw new SarifFormatError(`${source}: not a SARIF log: it has no 'runs' array.`);
  }
  if (log.version !== void 0 && log.version !== "2.1.0") {
    throw new SarifFormatError(
      `${source}: SARIF version '${String(log.version)}' is not supported: write SARIF 2.1.0.`
    );
  }
  const findings = [];
  log.runs.forEach((run, runIndex) => {
    if (!run?.tool?.driver) {
      throw new SarifFormatError(
        `${source}: runs[${runIndex}] has no tool.driver, which SARIF 2.1.0 requires.`
      );
    }
    const tool = run.tool.driver.name ?? "unknown tool";
    const paths = /* @__PURE__ */ new Map();
    const repoPathOf = (location) => {
      if (!location) return void 0;
      const key = `${location.uriBaseId ?? ""}\0${location.index ?? ""}\0${location.uri ?? ""}`;
      if (paths.has(key)) return paths.get(key);
      const uri = resolveUri(run, location);
      const resolved = uri === void 0 ? void 0 : toRepoPath(uri, root);
      paths.set(key, resolved);
      return resolved;
    };
    for (const result of run.results ?? []) {
      const rule = findRule(run, result);
      const ruleId = result.ruleId ?? result.rule?.id ?? rule?.id ?? "(no rule)";
      const physical = result.locations?.[0]?.physicalLocation;
      const uri = repoPathOf(physical?.artifactLocation);
      const startLine = physical?.region?.startLine ?? physical?.contextRegion?.startLine;
      const located = uri !== void 0;
      const start = startLine !== void 0 && startLine > 0 ? startLine : 1;
      const end = physical?.region?.endLine ?? start;
      findings.push({
        tool,
        ruleId,
        level: resolveLevel(result, rule),
        message: formatMessage(result.message, rule, ruleId),
        path: uri ?? source,
        startLine: start,
        endLine: end >= start ? end : start,
        located,
        suppressed: isSuppressed(result)
      });
    }
  });
  return findings;
}
function touchesChange(finding, changedLines) {
  const lines = changedLines.get(finding.path);
  if (!lines || !finding.located) return false;
  for (let line = finding.startLine; line <= finding.endLine; line += 1) if (lines.has(line)) return true;
  return false;
}
function judgeSarif(findings, sources, config, changedLines) {
  const notes = [];
  const active = findings.filter((f) => !f.suppressed && f.level !== "none");
  const suppressed = findings.filter((f) => f.suppressed).length;
  let judged = active;
  if (config.only_changed_lines) {
    if (changedLines) judged = active.filter((f) => touchesChange(f, changedLines));
    else
      notes.push("gates.sarif.only_changed_lines is set but no diff is known, so every result was judged.");
  }
  const threshold = config.fail_on === "none" ? Infinity : levelRank[config.fail_on];
  const failing = judged.filter((f) => levelRank[f.level] >= threshold);
  const buckets = { error: [], warning: [], note: [] };
  for (const f of judged) if (f.level !== "none") buckets[f.level].push(f);
  const byLevel = { error: buckets.error.length, warning: buckets.warning.length, note: buckets.note.length };
  const ordered = [...buckets.error, ...buckets.warning, ...buckets.note];
  const annotations = ordered.slice(0, config.max_annotations).map((f) => ({
    path: f.path,
    start_line: f.startLine,
    end_line: f.endLine,
    level: annotationLevel[f.level],
    title: `${f.tool}: ${f.ruleId}`.slice(0, 255),
    message: f.message.slice(0, 4e3)
  }));
  const scope = config.only_changed_lines && changedLines ? " on changed lines" : "";
  const counts = `${byLevel.error} error, ${byLevel.warning} warning, ${byLevel.note} note`;
  const status = failing.length > 0 ? "fail" : "pass";
  const summary = status === "fail" ? `${failing.length} result${failing.length === 1 ? "" : "s"}${scope} at or above gates.sarif.fail_on (${config.fail_on}): ${counts}.` : `No result${scope} at or above gates.sarif.fail_on (${config.fail_on}): ${counts}.`;
  const byRule = /* @__PURE__ */ new Map();
  for (const f of ordered) {
    let ofTool = byRule.get(f.tool);
    if (!ofTool) byRule.set(f.tool, ofTool = /* @__PURE__ */ new Map());
    const key = `${f.ruleId}\0${f.level}`;
    const entry = ofTool.get(key);
    if (entry) entry.count += 1;
    else ofTool.set(key, { tool: f.tool, ruleId: f.ruleId, level: f.level, count: 1 });
  }
  const rules = [...byRule.values()].flatMap((ofTool) => [...ofTool.values()]).sort((a, b) => levelRank[b.level] - levelRank[a.level] || b.count - a.count);
  const lines = [
    `Read ${sources.length} SARIF file${sources.length === 1 ? "" : "s"}: ${findings.length} results, ${suppressed} suppressed, ${judged.length} judged${scope}.`
  ];
  if (rules.length > 0) {
    lines.push("", "| tool | rule | level | results |", "| --- | --- | --- | ---: |");
    for (const rule of rules.slice(0, 50)) {
      lines.push(
        `| ${escapeTableCell(rule.tool)} | ${escapeTableCell(rule.ruleId)} | ${rule.level} | ${rule.count} |`
      );
    }
    if (rules.length > 50) lines.push(`| \u2026 | ${rules.length - 50} more rules | | |`);
  }
  if (judged.length > config.max_annotations) {
    lines.push(
      "",
      `Annotated the first ${config.max_annotations} of ${judged.length} results (gates.sarif.max_annotations).`
    );
  }
  lines.push(...notes.map((note) => `
${note}`));
  return {
    gate: "sarif",
    status,
    blocking: config.blocking,
    summary,
    details: lines.join("\n"),
    annotations,
    metrics: {
      sarif_results: judged.length,
      sarif_errors: byLevel.error,
      sarif_warnings: byLevel.warning,
      sarif_notes: byLevel.note,
      sarif_suppressed: suppressed,
      sarif_failing: failing.length
    }
  };
}
async function runSarifGate(config, ctx) {
  const matched = await readMatchedFiles(ctx, config.files, "gates.sarif.files");
  if (matched.missing !== void 0) return makeSkipResult("sarif", config.blocking, matched.missing);
  const findings = [];
  try {
    for (const file of matched.files) {
      for (const finding of parseSarif(file.text, file.path, ctx.cwd)) findings.push(finding);
    }
  } catch (error) {
    if (error instanceof SarifFormatError) return makeErrorResult("sarif", config.blocking, error.message);
    throw error;
  }
  return judgeSarif(
    findings,
    matched.files.map((f) => f.path),
    config,
    ctx.changedLines
  );
}

// src/gates/secrets.ts
import { createHash as createHash2 } from "node:crypto";
import picomatch2 from "picomatch";
function measureEntropy(text) {
  if (text.length === 0) return 0;
  const counts = /* @__PURE__ */ new Map();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) {
    const p = count / text.length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}
function isJwt(token) {
  const [header] = token.split(".");
  try {
    const decoded = JSON.parse(Buffer.from(header, "base64url").toString("utf8"));
    return typeof decoded === "object" && decoded !== null && typeof decoded.alg === "string";
  } catch {
    return false;
  }
}
function looksLikePlaceholder(value) {
  return /^\$\{.*\}$|^\$\(.*\)$|^\{\{.*\}\}$|^<.*>$|^%.*%$/.test(value) || /^(x+|\*+|\.+|-+)$/i.test(value) || /(example|placeholder|changeme|your[_-]?|dummy|redacted|sample)/i.test(value);
}
var secretRules = [
  { kind: "private key", pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/ },
  { kind: "AWS access key id", pattern: /\b((?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})\b/, group: 1 },
  {
    kind: "AWS secret access key",
    pattern: /aws_?secret_?(?:access_?)?key["']?\s*[:=]\s*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/i,
    group: 1
  },
  { kind: "GitHub token", pattern: /\b(gh[pousr]_[A-Za-z0-9]{36,251})\b/, group: 1 },
  {
    kind: "GitHub fine-grained token",
    pattern: /\b(github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})\b/,
    group: 1
  },
  { kind: "Slack token", pattern: /\b(xox[abposr]-[A-Za-z0-9-]{10,})\b/, group: 1 },
  {
    kind: "Slack webhook URL",
    pattern: /(https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]{20,})/,
    group: 1
  },
  { kind: "Stripe live key", pattern: /\b((?:sk|rk)_live_[A-Za-z0-9]{20,})\b/, group: 1 },
  { kind: "Stripe test key", pattern: /\b((?:sk|rk)_test_[A-Za-z0-9]{20,})\b/, group: 1 },
  { kind: "Google API key", pattern: /\b(AIza[A-Za-z0-9_-]{35})(?![A-Za-z0-9_-])/, group: 1 },
  {
    kind: "JSON Web Token",
    pattern: /\b(eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{10,})/,
    group: 1,
    accept: isJwt
  },
  {
    kind: "high-entropy secret assignment",
    pattern: /(?:password|passwd|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|client[_-]?secret|auth[_-]?key)[\w.-]{0,40}["']?\s*(?::=|=>|[:=])\s*["'`]([^"'`\s]{12,512})["'`]/i,
    group: 1,
    accept: (secret, threshold) => !looksLikePlaceholder(secret) && measureEntropy(secret) >= threshold
  }
];
function fingerprintSecret(secret) {
  return createHash2("sha256").update(secret).digest("hex").slice(0, 12);
}
function scanAddedLines(lines, entropyThreshold) {
  const findings = [];
  for (const added of lines) {
    if (added.text.length > 1e5) continue;
    const seen = /* @__PURE__ */ new Set();
    for (const rule of secretRules) {
      const match = rule.pattern.exec(added.text);
      if (!match) continue;
      const secret = match[rule.group ?? 0] ?? match[0];
      if (rule.accept && !rule.accept(secret, entropyThreshold)) continue;
      if ([...seen].some((earlier) => earlier.includes(secret) || secret.includes(earlier))) continue;
      seen.add(secret);
      findings.push({
        kind: rule.kind,
        path: added.path,
        line: added.line,
        fingerprint: fingerprintSecret(secret)
      });
    }
  }
  return findings;
}
function judgeSecrets(findings, scannedLines, config) {
  const allowPath = config.allow.length ? picomatch2(config.allow, { dot: true }) : () => false;
  const allowedFingerprints = new Set(config.allow_fingerprints);
  const reported = findings.filter((f) => !allowedFingerprints.has(f.fingerprint) && !allowPath(f.path));
  const allowed = findings.length - reported.length;
  const annotations = reported.map((f) => ({
    path: f.path,
    start_line: f.line,
    end_line: f.line,
    level: "failure",
    title: `Possible ${f.kind}`,
    message: `This line adds what looks like a ${f.kind} (fingerprint ${f.fingerprint}). Remove it and rotate the credential; if it is not a secret, add ${f.fingerprint} to gates.secrets.allow_fingerprints in the policy file.`
  }));
  const status = reported.length > 0 ? "fail" : "pass";
  const summary = status === "fail" ? `${reported.length} possible secret${reported.length === 1 ? "" : "s"} in added lines: ${[...new Set(reported.map((f) => f.kind))].join(", ")}.` : `No secret found in ${scannedLines} added line${scannedLines === 1 ? "" : "s"}${allowed ? ` (${allowed} allowed)` : ""}.`;
  const lines = [`Scanned ${scannedLines} added lines.`];
  if (reported.length) {
    lines.push("", "| kind | location | fingerprint |", "| --- | --- | --- |");
    for (const f of reported)
      lines.push(`| ${f.kind} | \`${escapeTableCell(f.path)}:${f.line}\` | \`${f.fingerprint}\` |`);
    lines.push(
      "",
      "The values are not shown. Remove each secret from the change and rotate it: it is in the branch history. A false positive can be allowed by fingerprint (gates.secrets.allow_fingerprints) or by path (gates.secrets.allow)."
    );
  }
  if (allowed)
    lines.push(
      "",
      `${allowed} finding${allowed === 1 ? " was" : "s were"} allowed by gates.secrets.allow or allow_fingerprints.`
    );
  return {
    gate: "secrets",
    status,
    blocking: config.blocking,
    summary,
    details: lines.join("\n"),
    annotations,
    metrics: { secrets_found: reported.length, secrets_allowed: allowed, added_lines_scanned: scannedLines }
  };
}
async function runSecretsGate(config, ctx) {
  if (!ctx.addedLines) {
    return makeSkipResult(
      "secrets",
      config.blocking,
      "gates.secrets: no diff is known, so no added line could be scanned. Run on a pull request or give base and head commits."
    );
  }
  const allowPath = config.allow.length ? picomatch2(config.allow, { dot: true }) : () => false;
  const scanned = ctx.addedLines.filter((line) => !allowPath(line.path));
  return judgeSecrets(scanAddedLines(ctx.addedLines, config.entropy), scanned.length, config);
}

// src/gates/tests.ts
import { XMLParser as XMLParser2, XMLValidator as XMLValidator2 } from "fast-xml-parser";
var JunitFormatError = class extends Error {
  name = "JunitFormatError";
};
var arrayTags = /* @__PURE__ */ new Set([
  "testsuite",
  "testcase",
  "failure",
  "error",
  "skipped",
  "flakyFailure",
  "flakyError",
  "rerunFailure",
  "rerunError",
  "stackTrace"
]);
var parser = new XMLParser2({
  ignoreAttributes: false,
  attributeNamePrefix: "",
  attributesGroupName: "@",
  textNodeName: "#text",
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: false,
  processEntities: true,
  isArray: (tagName) => arrayTags.has(tagName)
});
function attr(node, name) {
  const attrs2 = node["@"];
  const value = attrs2?.[name];
  return value === void 0 ? void 0 : String(value);
}
function children(node, tag) {
  const value = node[tag];
  if (value === void 0) return [];
  return (Array.isArray(value) ? value : [value]).map(
    (item) => typeof item === "object" && item !== null ? item : { "#text": String(item) }
  );
}
function textOf(node) {
  const text = node["#text"];
  return typeof text === "string" ? text.trim() : "";
}
function findLineInTrace(trace, file) {
  const escaped = file.replace(/^\.\//, "").replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const match = new RegExp(`(?:^|[\\s(/])${escaped}:(\\d+)`, "m").exec(trace);
  return match ? Number(match[1]) : void 0;
}
function readCase(node, suite, lineIsZeroBased) {
  const failure = children(node, "failure")[0];
  const error = children(node, "error")[0];
  const skipped = children(node, "skipped")[0];
  const flaky = children(node, "flakyFailure")[0] ?? children(node, "flakyError")[0];
  let outcome = "passed";
  let problem;
  if (failure) [outcome, problem] = ["failed", failure];
  else if (error) [outcome, problem] = ["errored", error];
  else if (skipped) [outcome, problem] = ["skipped", skipped];
  else if (flaky) [outcome, problem] = ["flaky", flaky];
  const timeText = attr(node, "time");
  const lineText = attr(node, "line");
  const line = lineText !== void 0 && /^\d+$/.test(lineText) ? Number(lineText) + (lineIsZeroBased ? 1 : 0) : void 0;
  const testCase = {
    suite,
    classname: attr(node, "classname") ?? "",
    name: attr(node, "name") ?? "(unnamed test)",
    outcome
  };
  if (timeText !== void 0 && Number.isFinite(Number(timeText.replace(/,/g, "")))) {
    testCase.time = Number(timeText.replace(/,/g, ""));
  }
  const file = attr(node, "file");
  if (file) testCase.file = file;
  if (line !== void 0 && line > 0) testCase.line = line;
  if (problem) {
    const body = textOf(problem) || textOf(children(problem, "stackTrace")[0] ?? {});
    const message = attr(problem, "message") || body.split("\n")[0] || attr(problem, "type");
    if (message) testCase.message = message;
    if (body) testCase.body = body;
    if (testCase.file && testCase.line === void 0 && body) {
      const found = findLineInTrace(body, testCase.file);
      if (found !== void 0) testCase.line = found;
    }
  }
  return testCase;
}
function readSuite(node, parentName, out, parentIsPytest) {
  const name = attr(node, "name") ?? parentName;
  const isPytest = parentIsPytest || name === "pytest";
  for (const testCase of children(node, "testcase")) out.push(readCase(testCase, name, isPytest));
  for (const nested of children(node, "testsuite")) readSuite(nested, name, out, isPytest);
}
function parseJunitReport(xml, source) {
  const valid = XMLValidator2.validate(xml);
  if (valid !== true) {
    throw new JunitFormatError(
      `${source}:${valid.err.line}:${valid.err.col}: not well-formed XML (${valid.err.msg}).`
    );
  }
  const document = parser.parse(xml);
  const cases = [];
  if (document.testsuites !== void 0) {
    const root = typeof document.testsuites === "object" ? document.testsuites : {};
    for (const suite of children(root, "testsuite")) readSuite(suite, "", cases, false);
  } else if (document.testsuite !== void 0) {
    for (const suite of children(document, "testsuite")) readSuite(suite, "", cases, false);
  } else {
    const root = Object.keys(document).find((key) => !key.startsWith("?")) ?? "(none)";
    throw new JunitFormatError(
      `${source}: not a JUnit report: the root element is <${root}>, expected <testsuites> or <testsuite>.`
    );
  }
  return { source, cases };
}
function countTests(reports, allowFlaky) {
  const counts = { total: 0, passed: 0, failed: 0, errored: 0, skipped: 0, flaky: 0 };
  for (const report of reports) {
    for (const testCase of report.cases) {
      counts.total += 1;
      counts[testCase.outcome] += 1;
    }
  }
  const ran = counts.total - counts.skipped;
  const good = counts.passed + (allowFlaky ? counts.flaky : 0);
  return { ...counts, passRate: ran === 0 ? 100 : good / ran * 100 };
}
function describeCase(testCase) {
  return [testCase.classname, testCase.name].filter(Boolean).join(" \u203A ");
}
function judgeTests(reports, config, root) {
  const counts = countTests(reports, config.allow_flaky);
  const ran = counts.total - counts.skipped;
  const problems = [];
  if (ran < config.min_tests) {
    problems.push(
      `${ran} test${ran === 1 ? "" : "s"} ran, fewer than gates.tests.min_tests (${config.min_tests})`
    );
  }
  if (counts.passRate < config.min_pass_rate) {
    problems.push(
      `pass rate ${formatNumber(counts.passRate)}% is below gates.tests.min_pass_rate (${config.min_pass_rate}%)`
    );
  }
  const bad = reports.flatMap(
    (report) => report.cases.filter(
      (c) => c.outcome === "failed" || c.outcome === "errored" || !config.allow_flaky && c.outcome === "flaky"
    ).map((testCase) => ({ report, testCase }))
  );
  const annotations = bad.slice(0, config.max_annotations).map(({ report, testCase }) => {
    const line = testCase.file && testCase.line ? testCase.line : 1;
    const kind = testCase.outcome === "errored" ? "errored" : testCase.outcome === "flaky" ? "is flaky" : "failed";
    return {
      path: toRepoPath(testCase.file ?? report.source, root),
      start_line: line,
      end_line: line,
      level: "failure",
      title: `Test ${kind}: ${describeCase(testCase)}`.slice(0, 255),
      message: [testCase.message, testCase.body].filter(Boolean).join("\n\n").slice(0, 4e3) || `The test ${kind}.`
    };
  });
  const status = problems.length > 0 ? "fail" : "pass";
  const tally = [
    `${counts.passed} passed`,
    `${counts.failed} failed`,
    `${counts.errored} errored`,
    `${counts.skipped} skipped`,
    ...counts.flaky ? [`${counts.flaky} flaky`] : []
  ].join(", ");
  const summary = status === "pass" ? `${ran} tests ran: ${tally}; pass rate ${formatNumber(counts.passRate)}%.` : `${problems.join("; ")} (${tally}).`;
  const lines = [
    `| report | tests | failed | errored | skipped |`,
    `| --- | ---: | ---: | ---: | ---: |`,
    ...reports.map((report) => {
      const c = countTests([report], config.allow_flaky);
      return `| ${escapeTableCell(toRepoPath(report.source, root))} | ${c.total} | ${c.failed} | ${c.errored} | ${c.skipped} |`;
    })
  ];
  if (bad.length > 0) {
    lines.push("", `**Failing tests** (${bad.length}):`, "");
    for (const { testCase } of bad.slice(0, 50)) {
      const message = testCase.message ? ` \u2014 ${escapeTableCell(testCase.message).slice(0, 200)}` : "";
      lines.push(`- \`${describeCase(testCase).replace(/`/g, "'")}\` ${testCase.outcome}${message}`);
    }
    if (bad.length > 50) lines.push(`- \u2026 and ${bad.length - 50} more`);
  }
  return {
    gate: "tests",
    status,
    blocking: config.blocking,
    summary,
    details: lines.join("\n"),
    annotations,
    metrics: {
      tests_total: counts.total,
      tests_passed: counts.passed,
      tests_failed: counts.failed,
      tests_errored: counts.errored,
      tests_skipped: counts.skipped,
      tests_flaky: counts.flaky,
      pass_rate: counts.passRate
    }
  };
}
async function runTestsGate(config, ctx) {
  const matched = await readMatchedFiles(ctx, config.junit, "gates.tests.junit");
  if (matched.missing !== void 0) return makeSkipResult("tests", config.blocking, matched.missing);
  const reports = [];
  for (const file of matched.files) {
    try {
      reports.push(parseJunitReport(file.text, file.path));
    } catch (error) {
      if (error instanceof JunitFormatError) return makeErrorResult("tests", config.blocking, error.message);
      throw error;
    }
  }
  return judgeTests(reports, config, ctx.cwd);
}

// src/gates/run-gates.ts
function planGates(config, ctx) {
  const plan = [];
  const add = (kind, gateConfig, runner) => {
    if (gateConfig)
      plan.push({
        name: kind,
        kind,
        blocking: gateConfig.blocking,
        required: gateConfig.required,
        run: () => runner(gateConfig, ctx)
      });
  };
  add("tests", config.tests, runTestsGate);
  add("coverage", config.coverage, runCoverageGate);
  add("sarif", config.sarif, runSarifGate);
  add("dependencies", config.dependencies, runDependenciesGate);
  add("secrets", config.secrets, runSecretsGate);
  add("integrity", config.integrity, runIntegrityGate);
  add("performance", config.performance, runPerformanceGate);
  for (const command of listCommands(config)) {
    plan.push({
      name: command.name,
      kind: "command",
      blocking: command.blocking,
      required: false,
      run: () => runCommandGate(command, ctx)
    });
  }
  return plan;
}
async function runGates(config, ctx, only) {
  const plan = planGates(config, ctx);
  const wanted = only?.map((name) => name.trim()).filter(Boolean);
  const chosen = wanted?.length ? plan.filter((gate) => wanted.includes(gate.name) || wanted.includes(gate.kind)) : plan;
  const results = [];
  for (const name of wanted ?? []) {
    if (!plan.some((gate) => gate.name === name || gate.kind === name)) {
      const known = plan.map((gate) => gate.name);
      results.push(
        makeErrorResult(
          name,
          false,
          `Gate '${name}' is not configured: the policy's gates: section has ${known.length ? known.join(", ") : "no gate"}. Fix the gates list or add gates.${name} to the policy.`
        )
      );
    }
  }
  for (const gate of chosen) {
    try {
      const result = await gate.run();
      if (result.status === "skip" && gate.required) {
        result.status = "fail";
        result.summary = `${result.summary} (gates.${gate.name}.required is set, so a missing input fails.)`;
      }
      results.push(result);
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      results.push(
        makeErrorResult(gate.name, gate.blocking, `The ${gate.name} gate could not run: ${message}`)
      );
    }
  }
  return results;
}
function listBlockingFailures(results) {
  return results.filter(
    (result) => result.blocking && (result.status === "fail" || result.status === "error")
  );
}

// src/assess/assess-change.ts
async function assessChange(options) {
  const change = await measureChange(options.repoDir, {
    base: options.base,
    head: options.head,
    cache: options.cache ?? true
  });
  let gates = [];
  if (options.gates) {
    const diff = await readGitDiff({
      cwd: options.repoDir,
      base: change.base ?? EMPTY_TREE,
      head: change.head
    });
    const ctx = createNodeContext({ cwd: options.repoDir, now: options.now, diff, env: options.env });
    gates = await runGates(options.gates, ctx, options.only);
  }
  const assessment = assessRisk({
    model: options.model,
    kamei: change.kamei,
    diff: computeDiffSignals(change.files),
    gates: gates.map((g) => ({ name: g.gate, status: g.status, blocking: g.blocking })),
    config: options.risk,
    // A skipped or errored gate is a missing signal (assessRisk counts it as such).
    missingSignals: change.missingSignals,
    context: change.context
  });
  return { assessment, change, gates, blocking_failures: listBlockingFailures(gates) };
}
export {
  assessChange
};
