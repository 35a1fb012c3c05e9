import {
  computeKameiFeatures,
  getSubsystem
} from "./chunk-QGZDWEBG.js";

// src/risk/git/open-repository.ts
import { stat } from "node:fs/promises";

// src/risk/git/run-git.ts
import { execFile, spawn } from "node:child_process";
var GitCommandError = class extends Error {
  constructor(args, exitCode, stderr) {
    super(`git ${args.join(" ")} failed (exit ${exitCode}): ${stderr.trim() || "no message"}`);
    this.args = args;
    this.exitCode = exitCode;
    this.stderr = stderr;
  }
  args;
  exitCode;
  stderr;
  name = "GitCommandError";
};
function gitEnv() {
  return { ...process.env, GIT_PAGER: "cat", GIT_TERMINAL_PROMPT: "0", LC_ALL: "C", LANG: "C" };
}
function runGit(dir, args) {
  return new Promise((resolve, reject) => {
    execFile(
      "git",
      ["-c", "core.quotepath=off", ...args],
      { cwd: dir, env: gitEnv(), maxBuffer: 1024 * 1024 * 1024, encoding: "utf8" },
      (error, stdout, stderr) => {
        if (error) {
          const code = typeof error.code === "number" ? error.code : null;
          reject(new GitCommandError(args, code, stderr || error.message));
          return;
        }
        resolve(stdout);
      }
    );
  });
}
function streamGit(dir, args, onChunk) {
  return new Promise((resolve, reject) => {
    const child = spawn("git", ["-c", "core.quotepath=off", ...args], {
      cwd: dir,
      env: gitEnv(),
      stdio: ["ignore", "pipe", "pipe"]
    });
    let stderr = "";
    let failure = null;
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk) => {
      if (failure) return;
      try {
        onChunk(chunk);
      } catch (error) {
        failure = error;
        child.kill();
      }
    });
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("error", (error) => reject(new GitCommandError(args, null, error.message)));
    child.on("close", (code) => {
      if (failure) reject(failure);
      else if (code !== 0) reject(new GitCommandError(args, code, stderr));
      else resolve();
    });
  });
}

// src/risk/git/open-repository.ts
var RepositoryError = class extends Error {
  name = "RepositoryError";
};
async function openRepository(dir) {
  let output;
  try {
    output = await runGit(dir, [
      "rev-parse",
      "--path-format=absolute",
      "--show-toplevel",
      "--git-common-dir",
      "--is-shallow-repository"
    ]);
  } catch (error) {
    if (error instanceof GitCommandError && error.exitCode !== null) {
      throw new RepositoryError(
        `${dir} is not inside a git repository (${error.stderr.trim().split("\n")[0] || "git rev-parse failed"}). Fix: run shipgate inside a clone, or pass --repo DIR pointing at one.`
      );
    }
    if (!(await stat(dir).catch(() => null))?.isDirectory()) {
      throw new RepositoryError(`${dir} is not a directory. Fix: pass --repo DIR pointing at a clone.`);
    }
    const reason = error instanceof GitCommandError ? error.stderr.trim() : String(error);
    throw new RepositoryError(`cannot run git in ${dir} (${reason}). Fix: install git and put it on PATH.`);
  }
  const [top, gitDir, shallow] = output.trimEnd().split("\n");
  return { dir: top, gitDir, shallow: shallow === "true" };
}
async function resolveCommit(repo, revision, option) {
  try {
    return (await runGit(repo.dir, ["rev-parse", "--verify", "--quiet", "--end-of-options", `${revision}^{commit}`])).trim();
  } catch {
    const hint = repo.shallow ? " The clone is shallow, so older commits are absent: fetch more history (`git fetch --unshallow`, or `fetch-depth: 0` in actions/checkout)." : " Fix: pass a branch, tag or commit that exists (see `git log --oneline`).";
    throw new RepositoryError(`unknown revision '${revision}' for ${option} in ${repo.dir}.${hint}`);
  }
}
async function isAncestor(repo, ancestor, commit) {
  try {
    await runGit(repo.dir, ["merge-base", "--is-ancestor", ancestor, commit]);
    return true;
  } catch {
    return false;
  }
}

// src/risk/git/history-state.ts
function createHistoryState() {
  return { commits: 0, head: null, authorIds: /* @__PURE__ */ new Map(), authors: [], files: /* @__PURE__ */ new Map() };
}
function getAuthorIndex(state, author) {
  let index = state.authorIds.get(author);
  if (index === void 0) {
    index = state.authors.length;
    state.authorIds.set(author, index);
    state.authors.push({ times: [], subsystems: /* @__PURE__ */ new Map() });
  }
  return index;
}
function insertSorted(values, value) {
  let hi = values.length;
  if (hi === 0 || values[hi - 1] <= value) {
    values.push(value);
    return;
  }
  let lo = 0;
  while (lo < hi) {
    const mid = lo + hi >>> 1;
    if (values[mid] <= value) lo = mid + 1;
    else hi = mid;
  }
  values.splice(lo, 0, value);
}
function applyCommit(state, commit) {
  const ordinal = state.commits;
  const authorIndex = getAuthorIndex(state, commit.author);
  const author = state.authors[authorIndex];
  insertSorted(author.times, commit.time);
  const subsystems = /* @__PURE__ */ new Set();
  for (const file of commit.files) {
    subsystems.add(getSubsystem(file.path));
    let history;
    if (file.oldPath !== void 0) {
      history = state.files.get(file.oldPath);
      state.files.delete(file.oldPath);
    } else {
      history = state.files.get(file.path);
    }
    if (file.removed) {
      state.files.delete(file.path);
      continue;
    }
    if (!history) history = { lines: 0, lastTime: commit.time, devs: [], commits: [] };
    history.lines = Math.max(0, history.lines + file.added - file.deleted);
    history.lastTime = commit.time;
    if (!history.devs.includes(authorIndex)) history.devs.push(authorIndex);
    history.commits.push(ordinal);
    state.files.set(file.path, history);
  }
  for (const subsystem of subsystems)
    author.subsystems.set(subsystem, (author.subsystems.get(subsystem) ?? 0) + 1);
  state.commits = ordinal + 1;
  state.head = commit.hash;
}

// src/risk/git/parse-numstat.ts
function parseNumstat(tokens) {
  const files = [];
  const removed = /* @__PURE__ */ new Set();
  for (let i = 0; i < tokens.length; i++) {
    let token = tokens[i];
    if (token.startsWith("\n")) token = token.slice(1);
    if (token === "") continue;
    if (token.startsWith(" ")) {
      for (const line of token.split("\n")) {
        const match = /^ delete mode \d+ (.*)$/.exec(line);
        if (match) removed.add(match[1]);
      }
      continue;
    }
    const first = token.indexOf("	");
    const second = token.indexOf("	", first + 1);
    if (first < 0 || second < 0) continue;
    const addedText = token.slice(0, first);
    const deletedText = token.slice(first + 1, second);
    const binary = addedText === "-" && deletedText === "-";
    const added = binary ? 0 : Number(addedText);
    const deleted = binary ? 0 : Number(deletedText);
    let path = token.slice(second + 1);
    let oldPath;
    if (path === "") {
      oldPath = tokens[i + 1];
      path = tokens[i + 2] ?? "";
      i += 2;
    }
    const change = { path, added, deleted, binary, removed: false };
    if (oldPath !== void 0 && oldPath !== path) change.oldPath = oldPath;
    files.push(change);
  }
  if (removed.size > 0) {
    for (const file of files) if (file.oldPath === void 0 && removed.has(file.path)) file.removed = true;
  }
  return files;
}

// src/risk/git/parse-name-status.ts
function parseNameStatus(tokens) {
  const files = [];
  for (let i = 0; i < tokens.length; i++) {
    let status = tokens[i];
    if (status.startsWith("\n")) status = status.slice(1);
    if (status === "") continue;
    const kind = status[0];
    if (kind === "R" || kind === "C") {
      const oldPath = tokens[i + 1] ?? "";
      const path2 = tokens[i + 2] ?? "";
      i += 2;
      files.push(
        kind === "R" ? { path: path2, oldPath, added: 0, deleted: 0, binary: false, removed: false } : { path: path2, added: 0, deleted: 0, binary: false, removed: false }
      );
      continue;
    }
    const path = tokens[i + 1] ?? "";
    i += 1;
    files.push({ path, added: 0, deleted: 0, binary: false, removed: kind === "D" });
  }
  return files;
}

// src/risk/git/stream-log-commits.ts
var RECORD = "";
var LOG_FORMAT = `--format=${RECORD}%H%x00%P%x00%aE%x00%aN%x00%at%x00%B%x00`;
function buildLogArgs(range, detail = "numstat") {
  const files = detail === "numstat" ? ["--numstat", "--summary"] : ["--name-status"];
  return [
    "log",
    "-z",
    "--reverse",
    "--date-order",
    "--no-merges",
    ...files,
    "-M",
    LOG_FORMAT,
    ...range,
    "--"
  ];
}
function parseLogRecord(record, detail = "numstat") {
  const fields = [];
  let start = 0;
  for (let k = 0; k < 6; k++) {
    const end = record.indexOf("\0", start);
    if (end < 0) throw new Error(`malformed git log record: ${JSON.stringify(record.slice(0, 80))}`);
    fields.push(record.slice(start, end));
    start = end + 1;
  }
  const [hash, parents, email, name, time, message] = fields;
  return {
    hash,
    parents: parents ? parents.split(" ") : [],
    author: identifyAuthor(email, name),
    time: Number(time),
    message,
    files: (detail === "numstat" ? parseNumstat : parseNameStatus)(record.slice(start).split("\0"))
  };
}
function identifyAuthor(email, name) {
  const trimmed = email.trim().toLowerCase();
  return trimmed || name.trim();
}
async function streamLogCommits(dir, range, onCommit, detail = "numstat") {
  let pending = "";
  await streamGit(dir, buildLogArgs(range, detail), (chunk) => {
    pending += chunk;
    let cut = pending.indexOf(RECORD, 1);
    let begin = 0;
    while (cut >= 0) {
      const record = pending.slice(begin + 1, cut);
      if (record) onCommit(parseLogRecord(record, detail));
      begin = cut;
      cut = pending.indexOf(RECORD, cut + 1);
    }
    pending = pending.slice(begin);
  });
  if (pending.length > 1) onCommit(parseLogRecord(pending.slice(1), detail));
}

// src/risk/git/mine-history.ts
async function mineHistory(repo, options = {}) {
  const state = options.from ?? createHistoryState();
  const upTo = (await runGit(repo.dir, ["rev-parse", "--verify", `${options.upTo ?? "HEAD"}^{commit}`])).trim();
  const range = state.head ? [`${state.head}..${upTo}`] : [upTo];
  const historyKnown = !repo.shallow;
  let streamed = 0;
  const detail = options.detail ?? (options.onCommit ? "numstat" : "names");
  await streamLogCommits(
    repo.dir,
    range,
    (commit) => {
      if (options.onCommit) {
        const features = computeKameiFeatures(
          state,
          { files: commit.files, author: commit.author, time: commit.time, message: commit.message },
          { historyKnown }
        );
        options.onCommit(commit, features);
      }
      applyCommit(state, commit);
      streamed++;
    },
    detail
  );
  state.head = upTo;
  return { state, streamed };
}

export {
  createHistoryState,
  runGit,
  parseNumstat,
  identifyAuthor,
  mineHistory,
  RepositoryError,
  openRepository,
  resolveCommit,
  isAncestor
};
