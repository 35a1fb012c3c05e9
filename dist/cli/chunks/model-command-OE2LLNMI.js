import {
  UsageError
} from "./chunk-QLHZKYCG.js";
import {
  ModelFitError,
  computeRowEffort,
  computeScoreMetrics,
  formatRiskModel,
  trainRiskModel
} from "./chunk-IYBH2CW6.js";
import {
  KAMEI_FEATURES,
  RiskModelError,
  calibrateLogit,
  computeRiskLogit,
  createEmptyKameiVector,
  loadDefaultModel,
  parseRiskModel
} from "./chunk-2DWBICBI.js";

// src/cli/model-command.ts
import { mkdir, readFile as readFile2, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";

// src/risk/csv-kamei.ts
import { parse } from "csv-parse/sync";
var ALIASES = {
  bug: "bug",
  buggy: "bug",
  date: "date",
  entrophy: "entropy",
  ent: "entropy",
  aexp: "exp",
  arexp: "rexp",
  asexp: "sexp",
  ...Object.fromEntries(KAMEI_FEATURES.map((f) => [f, f]))
};
var MISSING_CELLS = /* @__PURE__ */ new Set(["", "na", "nan", "null"]);
var CsvDataError = class extends Error {
  constructor(message, file, line, column) {
    super(message);
    this.file = file;
    this.line = line;
    this.column = column;
  }
  file;
  line;
  column;
  name = "CsvDataError";
};
function splitCsvRecords(text, file) {
  const body = text.charCodeAt(0) === 65279 ? text.slice(1) : text;
  if (!body.includes('"')) {
    const records = [];
    for (const line of body.split(/\r\n|\n|\r/)) {
      if (line === "") continue;
      const fields = line.split(",");
      for (let k = 0; k < fields.length; k++) {
        const field = fields[k];
        if (field.length > 0 && (field.charCodeAt(0) <= 32 || field.charCodeAt(field.length - 1) <= 32))
          fields[k] = field.trim();
      }
      records.push(fields);
    }
    return records;
  }
  try {
    return parse(body, { relax_column_count: true, skip_empty_lines: true, trim: true });
  } catch (error) {
    const e = error;
    throw new CsvDataError(
      `${file}${e.lines ? `:${e.lines}` : ""}: not valid CSV (${e.message}). Fix: close every quoted field and escape quotes inside fields as "".`,
      file,
      e.lines
    );
  }
}
function readLabel(cell) {
  const lower = cell.toLowerCase();
  if (lower === "true") return 1;
  if (lower === "false") return 0;
  return cell === "" ? NaN : Number(cell);
}
function parseKameiCsv(text, file) {
  const records = splitCsvRecords(text, file);
  if (records.length === 0) {
    throw new CsvDataError(
      `${file}: the file is empty; expected a header row with bug and Kamei feature columns.`,
      file,
      1
    );
  }
  const header = records[0];
  const columnOf = /* @__PURE__ */ new Map();
  header.forEach((name, index) => {
    const key = ALIASES[name.toLowerCase()];
    if (!key) return;
    if (columnOf.has(key)) {
      throw new CsvDataError(
        `${file}:1: columns "${header[columnOf.get(key)]}" and "${name}" both give ${key}; keep one of them.`,
        file,
        1,
        name
      );
    }
    columnOf.set(key, index);
  });
  const bugColumn = columnOf.get("bug");
  if (bugColumn === void 0) {
    throw new CsvDataError(
      `${file}:1: no label column: expected "bug" (or "buggy") in the header, found ${header.map((h) => `"${h}"`).join(", ")}.`,
      file,
      1,
      "bug"
    );
  }
  const dateColumn = columnOf.get("date");
  const present = KAMEI_FEATURES.filter((f) => columnOf.has(f));
  const presentColumns = present.map((f) => columnOf.get(f));
  const missingFeatures = KAMEI_FEATURES.filter((f) => !columnOf.has(f));
  const rows = new Array(records.length - 1);
  for (let r = 1; r < records.length; r++) {
    const record = records[r];
    const line = r + 1;
    if (record.length !== header.length) {
      throw new CsvDataError(
        `${file}:${line}: row has ${record.length} fields but the header has ${header.length}; fix the row so every row has one value per column.`,
        file,
        line
      );
    }
    const bugCell = record[bugColumn];
    const bug = readLabel(bugCell);
    if (bug !== 0 && bug !== 1) {
      throw new CsvDataError(
        `${file}:${line}: column "${header[bugColumn]}" is "${bugCell}"; the label must be 0 or 1.`,
        file,
        line,
        header[bugColumn]
      );
    }
    const vector = createEmptyKameiVector();
    for (let k = 0; k < present.length; k++) {
      const cell = record[presentColumns[k]];
      const value = cell === "" ? NaN : Number(cell);
      if (Number.isFinite(value)) {
        vector[present[k]] = value;
        continue;
      }
      if (MISSING_CELLS.has(cell.toLowerCase())) continue;
      {
        throw new CsvDataError(
          `${file}:${line}: column "${header[presentColumns[k]]}" is "${cell}", not a number; use a number, or leave the cell empty (or NA) when the signal is unknown.`,
          file,
          line,
          header[presentColumns[k]]
        );
      }
    }
    let date = r;
    if (dateColumn !== void 0) {
      const cell = record[dateColumn];
      date = Number(cell);
      if (cell === "" || !Number.isFinite(date)) {
        throw new CsvDataError(
          `${file}:${line}: column "${header[dateColumn]}" is "${cell}"; the date must be unix seconds.`,
          file,
          line,
          header[dateColumn]
        );
      }
    }
    rows[r - 1] = { vector, bug, date, source: file };
  }
  return { rows, missingFeatures, hasDate: dateColumn !== void 0 };
}

// src/risk/csv-io.ts
import { readFile } from "node:fs/promises";
async function readKameiCsvFile(file, displayName = file) {
  let text;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = error.code ?? "unreadable";
    throw new CsvDataError(
      `${displayName}: cannot read the file (${code}); check the path given to --data.`,
      displayName
    );
  }
  return parseKameiCsv(text, displayName);
}

// src/cli/model-command.ts
var HELP = `usage: shipgate model eval --data CSV... [--model FILE] [--json]
       shipgate model train --data CSV... --out FILE [--learner NAME] [--json]
       shipgate model train --repo DIR --out FILE [--json]

eval   scores labelled changes with the shipped model (or --model FILE) and prints
       n, positives, auc, brier, recall_at_20pct_effort and effort_at_20pct_recall
       (effort = la + ld).
train  trains a calibrated model: from labelled CSV (--data, needs a date column), or
       from a repository's history labelled with SZZ (--repo).

  --data CSV      labelled Kamei-feature CSV (repeat for several files). Columns: bug (or
                  buggy), date (unix seconds), ns nd nf entropy (or entrophy, ent) la ld lt
                  fix ndev age nuc exp rexp sexp (or aexp arexp asexp). A missing feature
                  column is an unknown signal, not zero; empty or NA cells likewise.
  --model FILE    a model written by \`shipgate model train\` (default: the shipped model)
  --out FILE      where train writes the model
  --learner NAME  additive-boosting (default) or logistic-regression
  --repo DIR      a local git repository with full history
  --json          print JSON instead of a table
`;
var LEARNERS = ["additive-boosting", "logistic-regression"];
async function readModelFile(file, io) {
  let json;
  try {
    json = JSON.parse(await readFile2(path.resolve(io.cwd, file), "utf8"));
  } catch (error) {
    const reason = error.code ?? error.message;
    throw new UsageError(
      `cannot read --model ${file} (${reason}). Fix: pass a JSON file written by \`shipgate model train\`.`
    );
  }
  try {
    return parseRiskModel(json);
  } catch (error) {
    if (error instanceof RiskModelError) throw new UsageError(`--model ${file}: ${error.message}`);
    throw error;
  }
}
async function readDataFiles(files, io, needDate) {
  const rows = [];
  for (const file of files) {
    let csv;
    try {
      csv = await readKameiCsvFile(path.resolve(io.cwd, file), file);
    } catch (error) {
      if (error instanceof CsvDataError) throw new UsageError(error.message);
      throw error;
    }
    if (csv.missingFeatures.length > 0) {
      io.stderr(
        `shipgate model: ${file} has no column for ${csv.missingFeatures.join(", ")}; these signals are treated as unknown (missing), not zero.
`
      );
    }
    if (needDate && !csv.hasDate) {
      throw new UsageError(
        `${file}:1: no "date" column; training splits rows by time (the newest 20% calibrate the model). Fix: add a date column with unix seconds.`
      );
    }
    for (const row of csv.rows) rows.push(row);
  }
  return rows;
}
function evaluateRiskModel(model, rows) {
  const probabilities = new Float64Array(rows.length);
  const labels = new Uint8Array(rows.length);
  const efforts = new Float64Array(rows.length);
  rows.forEach((row, i) => {
    probabilities[i] = calibrateLogit(model, computeRiskLogit(model, row.vector));
    labels[i] = row.bug;
    efforts[i] = computeRowEffort(row);
  });
  return computeScoreMetrics(probabilities, labels, efforts);
}
function formatValue(value, whyMissing) {
  return value === null ? `n/a (${whyMissing})` : value.toFixed(3);
}
function renderMetrics(metrics) {
  const needsBoth = "needs buggy and clean rows";
  const needsEffort = "needs buggy rows and known la/ld";
  const lines = [
    ["changes (n)", String(metrics.n)],
    ["buggy (positives)", String(metrics.positives)],
    ["AUC", formatValue(metrics.auc, needsBoth)],
    ["Brier score", formatValue(metrics.brier, "needs rows")],
    ["recall at 20% effort", formatValue(metrics.recall_at_20pct_effort, needsEffort)],
    ["effort at 20% recall", formatValue(metrics.effort_at_20pct_recall, needsEffort)]
  ];
  return lines.map(([k, v]) => `${k.padEnd(22)} ${v}`).join("\n") + "\n";
}
async function runEval(argv, io) {
  const { values } = parseOptions(argv, {
    data: { type: "string", multiple: true },
    model: { type: "string" },
    json: { type: "boolean", default: false }
  });
  const data = values.data ?? [];
  if (data.length === 0) throw new UsageError("model eval needs --data CSV (one or more labelled files).");
  const model = values.model ? await readModelFile(values.model, io) : loadDefaultModel();
  const rows = await readDataFiles(data, io, false);
  const metrics = evaluateRiskModel(model, rows);
  io.stdout(values.json ? JSON.stringify(metrics, null, 2) + "\n" : renderMetrics(metrics));
  return 0;
}
async function runTrain(argv, io) {
  const { values } = parseOptions(argv, {
    data: { type: "string", multiple: true },
    repo: { type: "string" },
    out: { type: "string" },
    learner: { type: "string" },
    json: { type: "boolean", default: false }
  });
  const data = values.data ?? [];
  const out = values.out;
  const repo = values.repo;
  if (!out) throw new UsageError("model train needs --out FILE: where to write the model.");
  if (data.length > 0 === (repo !== void 0)) {
    throw new UsageError("model train needs exactly one of --data CSV... or --repo DIR.");
  }
  const learner = values.learner;
  if (learner !== void 0 && !LEARNERS.includes(learner)) {
    throw new UsageError(`--learner ${learner} is not known; use one of ${LEARNERS.join(", ")}.`);
  }
  if (repo !== void 0) {
    if (learner !== void 0) throw new UsageError("--learner applies to --data training only.");
    const { trainFromRepository } = await import("./szz-train-3EE4FOWQ.js");
    return trainFromRepository(
      path.resolve(io.cwd, repo),
      { out, json: values.json, now: /* @__PURE__ */ new Date() },
      io
    );
  }
  const rows = await readDataFiles(data, io, true);
  let trained;
  try {
    trained = trainRiskModel(rows, {
      sources: data,
      ...learner ? { learner } : {}
    });
  } catch (error) {
    if (error instanceof ModelFitError)
      throw new UsageError(`cannot train on ${data.join(", ")}: ${error.message}`);
    throw error;
  }
  const file = path.resolve(io.cwd, out);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, formatRiskModel(trained.model));
  if (values.json) {
    const report = {
      out: file,
      learner: trained.model.learner,
      rows: rows.length,
      split: trained.split,
      metrics: trained.metrics
    };
    io.stdout(JSON.stringify(report, null, 2) + "\n");
  } else {
    io.stdout(
      `Trained a model (${trained.model.learner}) on ${trained.split.fit} changes; calibrated on the newest ${trained.split.calibration} (per file, by date). Metrics on that held-out slice:
` + renderMetrics(trained.metrics) + `Wrote ${file}. Use it with \`shipgate model eval --model ${out}\` or \`shipgate assess --model ${out}\`.
`
    );
  }
  return 0;
}
function parseOptions(argv, options) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false });
  } catch (error) {
    throw new UsageError(`${error.message}
${HELP}`);
  }
}
async function runModelCommand(argv, io) {
  const [sub, ...rest] = argv;
  if (sub === void 0 || sub === "--help" || sub === "-h" || rest.includes("--help") || rest.includes("-h")) {
    io.stdout(HELP);
    return sub === void 0 ? 2 : 0;
  }
  if (sub === "eval") return runEval(rest, io);
  if (sub === "train") return runTrain(rest, io);
  throw new UsageError(`unknown subcommand '${sub}'; use eval or train.
${HELP}`);
}
export {
  evaluateRiskModel,
  runModelCommand
};
