import {
  ModelFitError,
  formatRiskModel,
  trainRiskModel
} from "./chunk-IYBH2CW6.js";
import {
  RepositoryError,
  mineHistory,
  openRepository,
  runGit
} from "./chunk-HH7RP3GU.js";
import {
  findClosedIssues,
  findIssueReferences,
  isFixMessage
} from "./chunk-QGZDWEBG.js";
import "./chunk-2DWBICBI.js";

// src/risk/git/szz-train.ts
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

// src/risk/git/szz-blame.ts
function toLineRanges(lines) {
  const sorted = [...new Set(lines)].sort((a, b) => a - b);
  const ranges = [];
  for (const line of sorted) {
    const last = ranges[ranges.length - 1];
    if (last && line === last[1] + 1) last[1] = line;
    else ranges.push([line, line]);
  }
  return ranges;
}
function parseBlamePorcelain(text) {
  const commits = /* @__PURE__ */ new Set();
  for (const line of text.split("\n")) {
    const match = /^([0-9a-f]{40}|[0-9a-f]{64}) \d+ \d+/.exec(line);
    if (match) commits.add(match[1]);
  }
  return commits;
}
async function blameLines(repo, commit, path2, lines) {
  const ranges = toLineRanges(lines).flatMap(([a, b]) => ["-L", `${a},${b}`]);
  if (ranges.length === 0) return /* @__PURE__ */ new Set();
  const text = await runGit(repo.dir, ["blame", "--porcelain", "-w", ...ranges, commit, "--", path2]);
  return parseBlamePorcelain(text);
}

// src/risk/git/szz-fix-diff.ts
var RECORD = "";
var NOISE = /^\s*(?:$|\/\/|#|\/\*|\*|\*\/|--|;|<!--)/;
function parseFixDiffs(text) {
  const result = /* @__PURE__ */ new Map();
  for (const record of text.split(RECORD)) {
    if (!record) continue;
    const newline = record.indexOf("\n");
    const hash = (newline < 0 ? record : record.slice(0, newline)).trim();
    const files = [];
    let current = null;
    let oldLine = 0;
    for (const line of record.slice(newline + 1).split("\n")) {
      if (line.startsWith("diff --git ")) {
        current = null;
      } else if (line.startsWith("--- ")) {
        const path2 = line.slice(4);
        current = path2 === "/dev/null" ? null : { path: path2.startsWith("a/") ? path2.slice(2) : path2, lines: [] };
        if (current) files.push(current);
      } else if (line.startsWith("+++ ")) {
        continue;
      } else if (line.startsWith("@@")) {
        const match = /^@@ -(\d+)(?:,(\d+))? /.exec(line);
        oldLine = match ? Number(match[1]) : 0;
      } else if (current && line.startsWith("-")) {
        if (!NOISE.test(line.slice(1))) current.lines.push(oldLine);
        oldLine++;
      }
    }
    result.set(
      hash,
      files.filter((f) => f.lines.length > 0)
    );
  }
  return result;
}
async function readFixDiffs(repo, fixes) {
  const result = /* @__PURE__ */ new Map();
  const batch = 500;
  for (let i = 0; i < fixes.length; i += batch) {
    const text = await runGit(repo.dir, [
      "show",
      "--no-color",
      "--no-ext-diff",
      "--no-textconv",
      "-U0",
      "-M",
      `--format=${RECORD}%H`,
      ...fixes.slice(i, i + batch),
      "--"
    ]);
    for (const [hash, files] of parseFixDiffs(text)) result.set(hash, files);
  }
  return result;
}

// src/risk/git/szz-label.ts
var DEFAULT_LEAVE_OUT_FRACTION = 0.1;
var DEFAULT_LEAVE_OUT_DAYS = 30;
async function runPool(items, limit, work) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
async function labelWithSzz(repo, options) {
  const commits = [];
  const index = /* @__PURE__ */ new Map();
  const parents = /* @__PURE__ */ new Map();
  const references = /* @__PURE__ */ new Map();
  const bugIssues = /* @__PURE__ */ new Set();
  await mineHistory(repo, {
    onCommit: (commit, features) => {
      const entry = {
        hash: commit.hash,
        time: commit.time,
        features,
        bug: 0,
        fix: isFixMessage(commit.message),
        leftOut: false
      };
      commits.push(entry);
      index.set(commit.hash, entry);
      if (commit.parents.length === 1) parents.set(commit.hash, commit.parents[0]);
      if (entry.fix) for (const id of findClosedIssues(commit.message)) bugIssues.add(id);
      const mentioned = findIssueReferences(commit.message);
      if (mentioned.length > 0) references.set(entry, mentioned);
    }
  });
  for (const [entry, ids] of references)
    if (!entry.fix && ids.some((id) => bugIssues.has(id))) entry.fix = true;
  const fixes = commits.filter((c) => c.fix && parents.has(c.hash));
  const diffs = await readFixDiffs(
    repo,
    fixes.map((f) => f.hash)
  );
  const jobs = fixes.flatMap(
    (fix) => (diffs.get(fix.hash) ?? []).map((file) => ({ fix, parent: parents.get(fix.hash), file }))
  );
  const traced = new Set(jobs.map((j) => j.fix.hash));
  await runPool(jobs, options.concurrency ?? 4, async ({ fix, parent, file }) => {
    for (const origin of await blameLines(repo, parent, file.path, file.lines)) {
      const introducing = index.get(origin);
      if (introducing && introducing !== fix && introducing.time <= fix.time) introducing.bug = 1;
    }
  });
  const byTime = [...commits].sort((a, b) => a.time - b.time);
  const fraction = options.leaveOutFraction ?? DEFAULT_LEAVE_OUT_FRACTION;
  const byFraction = Math.ceil(byTime.length * Math.min(1, Math.max(0, fraction)));
  const cutoff = options.now.getTime() / 1e3 - (options.leaveOutDays ?? DEFAULT_LEAVE_OUT_DAYS) * 86400;
  let byDays = 0;
  byTime.forEach((c, i) => {
    const recent = c.time > cutoff;
    if (recent) byDays++;
    if (recent || i >= byTime.length - byFraction) c.leftOut = true;
  });
  return {
    commits,
    fixes: fixes.length,
    tracedFixes: traced.size,
    bugIntroducing: commits.filter((c) => c.bug === 1).length,
    leftOut: { total: commits.filter((c) => c.leftOut).length, byFraction, byDays }
  };
}

// src/risk/git/szz-train.ts
function buildSzzRows(result, source) {
  return result.commits.filter((c) => !c.leftOut).map((c) => ({
    vector: c.features,
    bug: c.bug,
    date: c.time,
    effort: (c.features.la ?? 0) + (c.features.ld ?? 0),
    source
  }));
}
async function trainFromRepository(dir, options, io) {
  let repo;
  try {
    repo = await openRepository(dir);
  } catch (error) {
    if (error instanceof RepositoryError) {
      io.stderr(`shipgate model train: ${error.message}
`);
      return 2;
    }
    throw error;
  }
  if (repo.shallow) {
    io.stderr(
      `shipgate model train: ${repo.dir} is a shallow clone, so SZZ cannot trace fixes back to the commits that introduced the bugs. Fix: fetch the full history (\`git fetch --unshallow\`, or \`fetch-depth: 0\` in actions/checkout).
`
    );
    return 2;
  }
  const result = await labelWithSzz(repo, {
    now: options.now,
    leaveOutFraction: options.leaveOutFraction ?? DEFAULT_LEAVE_OUT_FRACTION,
    leaveOutDays: options.leaveOutDays ?? DEFAULT_LEAVE_OUT_DAYS
  });
  const source = path.basename(repo.dir);
  const rows = buildSzzRows(result, source);
  const positives = rows.filter((r) => r.bug === 1).length;
  const summary = {
    repository: repo.dir,
    commits: result.commits.length,
    fix_commits: result.fixes,
    traced_fixes: result.tracedFixes,
    bug_introducing: result.bugIntroducing,
    left_out: {
      total: result.leftOut.total,
      newest_fraction: options.leaveOutFraction ?? DEFAULT_LEAVE_OUT_FRACTION,
      by_fraction: result.leftOut.byFraction,
      days: options.leaveOutDays ?? DEFAULT_LEAVE_OUT_DAYS,
      by_days: result.leftOut.byDays
    },
    rows: rows.length,
    positives
  };
  let trained;
  try {
    trained = trainRiskModel(rows, { sources: [source], evaluation: { szz: summary } });
  } catch (error) {
    if (error instanceof ModelFitError) {
      io.stderr(
        `shipgate model train: cannot train on ${repo.dir}: ${error.message} (SZZ labelled ${positives} of ${rows.length} commits as bug-introducing after leaving out the newest ${result.leftOut.total}). Fix: use a repository with a longer history of fix commits, or lower the left-out share.
`
      );
      return 2;
    }
    throw error;
  }
  const out = path.resolve(io.cwd, options.out);
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, formatRiskModel(trained.model));
  if (options.json) {
    io.stdout(
      JSON.stringify({ ...summary, out, metrics: trained.metrics, split: trained.split }, null, 2) + "\n"
    );
  } else {
    const m = trained.metrics;
    io.stdout(
      [
        `Labelled ${summary.commits} commits of ${repo.dir} with SZZ: ${summary.fix_commits} fix commits (${summary.traced_fixes} traceable), ${summary.bug_introducing} bug-introducing commits.`,
        `Left out the newest ${summary.left_out.total} commits, whose bugs are likely not found yet (newest ${Math.round(summary.left_out.newest_fraction * 100)}%: ${summary.left_out.by_fraction}; last ${summary.left_out.days} days: ${summary.left_out.by_days}).`,
        `Trained on ${summary.rows} commits (${positives} bug-introducing); held-out calibration slice: AUC ${m.auc?.toFixed(3) ?? "n/a"}, Brier ${m.brier?.toFixed(3) ?? "n/a"}.`,
        `Wrote ${out}. Use it with \`shipgate assess --model ${options.out}\`.`
      ].join("\n") + "\n"
    );
  }
  return 0;
}
export {
  buildSzzRows,
  trainFromRepository
};
