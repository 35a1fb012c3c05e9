import {
  RepositoryError,
  createHistoryState,
  identifyAuthor,
  isAncestor,
  mineHistory,
  openRepository,
  parseNumstat,
  resolveCommit,
  runGit
} from "./chunk-HH7RP3GU.js";
import {
  computeKameiFeatures,
  getSubsystem
} from "./chunk-QGZDWEBG.js";

// src/risk/git/history-cache.ts
import { mkdir, readFile, readdir, rename, stat, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
var HISTORY_CACHE_VERSION = 1;
var KEEP_SNAPSHOTS = 3;
function getCacheDir(gitDir, shallow = false) {
  return path.join(gitDir, "shipgate", `history-v${HISTORY_CACHE_VERSION}${shallow ? "-shallow" : ""}`);
}
function serialiseHistory(state) {
  if (!state.head) throw new Error("cannot cache a history state without a head commit");
  const names = [...state.authorIds.entries()].sort((a, b) => a[1] - b[1]).map(([name]) => name);
  const snapshot = {
    format: "shipgate-history",
    version: HISTORY_CACHE_VERSION,
    head: state.head,
    commits: state.commits,
    authors: state.authors.map((a, i) => [names[i], a.times, [...a.subsystems.entries()]]),
    files: [...state.files.entries()].map(([p, f]) => [p, f.lines, f.lastTime, f.devs, f.commits])
  };
  return JSON.stringify(snapshot);
}
function deserialiseHistory(text) {
  let snapshot;
  try {
    snapshot = JSON.parse(text);
  } catch {
    return null;
  }
  if (snapshot?.format !== "shipgate-history" || snapshot.version !== HISTORY_CACHE_VERSION) return null;
  const state = {
    commits: snapshot.commits,
    head: snapshot.head,
    authorIds: /* @__PURE__ */ new Map(),
    authors: [],
    files: /* @__PURE__ */ new Map()
  };
  snapshot.authors.forEach(([name, times, subsystems], i) => {
    state.authorIds.set(name, i);
    state.authors.push({ times, subsystems: new Map(subsystems) });
  });
  for (const [p, lines, lastTime, devs, commits] of snapshot.files)
    state.files.set(p, { lines, lastTime, devs, commits });
  return state;
}
async function readSnapshot(gitDir, shallow, commit) {
  try {
    const state = deserialiseHistory(
      await readFile(path.join(getCacheDir(gitDir, shallow), `${commit}.json`), "utf8")
    );
    return state && state.head === commit ? state : null;
  } catch {
    return null;
  }
}
async function listSnapshots(gitDir, shallow) {
  const dir = getCacheDir(gitDir, shallow);
  let names;
  try {
    names = (await readdir(dir)).filter((n) => /^[0-9a-f]{40,64}\.json$/.test(n));
  } catch {
    return [];
  }
  const dated = await Promise.all(
    names.map(async (n) => ({ n, t: (await stat(path.join(dir, n)).catch(() => null))?.mtimeMs ?? 0 }))
  );
  return dated.sort((a, b) => b.t - a.t).map((d) => d.n.replace(/\.json$/, ""));
}
async function writeSnapshot(gitDir, shallow, state) {
  const dir = getCacheDir(gitDir, shallow);
  try {
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, `${state.head}.json`);
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, serialiseHistory(state));
    await rename(temporary, file);
    const snapshots = await listSnapshots(gitDir, shallow);
    for (const old of snapshots.slice(KEEP_SNAPSHOTS))
      await unlink(path.join(dir, `${old}.json`)).catch(() => {
      });
    return true;
  } catch {
    return false;
  }
}

// src/risk/git/load-history.ts
async function loadHistory(repo, commit, options = { cache: true }) {
  if (options.cache) {
    const exact = await readSnapshot(repo.gitDir, repo.shallow, commit);
    if (exact) return { state: exact, source: "cache", streamed: 0 };
    for (const candidate of await listSnapshots(repo.gitDir, repo.shallow)) {
      if (!await isAncestor(repo, candidate, commit)) continue;
      const from = await readSnapshot(repo.gitDir, repo.shallow, candidate);
      if (!from) continue;
      const { state: state2, streamed: streamed2 } = await mineHistory(repo, { upTo: commit, from });
      await writeSnapshot(repo.gitDir, repo.shallow, state2);
      return { state: state2, source: "incremental", streamed: streamed2 };
    }
  }
  const { state, streamed } = await mineHistory(repo, { upTo: commit });
  if (options.cache) await writeSnapshot(repo.gitDir, repo.shallow, state);
  return { state, source: "full", streamed };
}

// src/risk/git/measure-change.ts
var HISTORY_FEATURES = ["ndev", "age", "nuc", "exp", "rexp", "sexp"];
var RECORD = "";
var EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
async function resolveQuickly(dir, options) {
  const base = options.base ?? `${options.head}~1`;
  if (options.head.startsWith("-") || base.startsWith("-")) return null;
  try {
    const output = await runGit(dir, [
      "rev-parse",
      "--path-format=absolute",
      "--show-toplevel",
      "--git-common-dir",
      "--is-shallow-repository",
      `${options.head}^{commit}`,
      `${base}^{commit}`
    ]);
    const lines = output.trimEnd().split("\n");
    if (lines.length !== 5 || lines.some((line) => !line)) return null;
    const [top, gitDir, shallow, head, baseCommit] = lines;
    return { repo: { dir: top, gitDir, shallow: shallow === "true" }, head, base: baseCommit };
  } catch {
    return null;
  }
}
async function hasParent(repo, commit) {
  const line = (await runGit(repo.dir, ["rev-list", "--parents", "-n", "1", commit])).trim();
  return line.split(" ").length > 1;
}
async function countLinesAt(repo, commit, files) {
  const counts = /* @__PURE__ */ new Map();
  const paths = [...new Set(files.map((f) => f.oldPath ?? f.path))];
  if (commit === EMPTY_TREE || paths.length === 0) return counts;
  const text = await runGit(repo.dir, [
    "--literal-pathspecs",
    "diff",
    "-z",
    "--no-renames",
    "--numstat",
    EMPTY_TREE,
    commit,
    "--",
    ...paths
  ]);
  for (const file of parseNumstat(text.split("\0"))) counts.set(file.path, file.added);
  return counts;
}
async function measureChange(dir, options) {
  const resolved = await resolveQuickly(dir, options);
  const repo = resolved?.repo ?? await openRepository(dir);
  const head = resolved?.head ?? await resolveCommit(repo, options.head, "--head");
  const rootChange = !resolved && options.base === void 0 && !await hasParent(repo, head) && !repo.shallow;
  const base = rootChange ? null : resolved?.base ?? await resolveCommit(repo, options.base ?? `${options.head}~1`, "--base");
  let mergeBase = EMPTY_TREE;
  if (base !== null && options.base === void 0) {
    mergeBase = base;
  } else if (base !== null) {
    try {
      mergeBase = (await runGit(repo.dir, ["merge-base", base, head])).trim();
    } catch {
      throw new RepositoryError(
        `${options.base} and ${options.head} share no history in ${repo.dir}, so there is no change to assess.` + (repo.shallow ? " The clone is shallow: fetch more history (`git fetch --unshallow`)." : " Fix: pick a --base the --head branched from.")
      );
    }
  }
  if (mergeBase === head) {
    throw new RepositoryError(
      `--head ${options.head} adds nothing to --base ${options.base} (it is already contained in it). Fix: pass the older commit as --base and the newer one as --head.`
    );
  }
  const [diffText, logText, loaded] = await Promise.all([
    runGit(repo.dir, [
      "diff",
      "-z",
      "--no-ext-diff",
      "--no-textconv",
      "--numstat",
      "--summary",
      "-M",
      mergeBase,
      head,
      "--"
    ]),
    runGit(repo.dir, [
      "log",
      "-z",
      `--format=${RECORD}%aE%x00%aN%x00%at%x00%B`,
      base === null ? head : `${mergeBase}..${head}`,
      "--"
    ]),
    base === null ? Promise.resolve({ state: createHistoryState(), source: "full", streamed: 0 }) : loadHistory(repo, base, { cache: options.cache ?? true })
  ]);
  const files = parseNumstat(diffText.split("\0"));
  const linesBefore = await countLinesAt(repo, mergeBase, files);
  const records = logText.split(RECORD).filter((r) => r.length > 0).map((r) => r.replace(/\0$/, "").split("\0"));
  const [email = "", name = "", time = "0"] = records[0] ?? [];
  const author = identifyAuthor(email, name);
  const message = records.map((r) => r.slice(3).join("\0")).join("\n");
  const kamei = computeKameiFeatures(
    loaded.state,
    { files, author, time: Number(time), message },
    { historyKnown: !repo.shallow, linesBefore }
  );
  const subsystems = [...new Set(files.map((f) => getSubsystem(f.path)))].sort();
  const authorIndex = loaded.state.authorIds.get(author);
  const authorHistory = authorIndex === void 0 ? void 0 : loaded.state.authors[authorIndex];
  const authorSubsystemChanges = Object.fromEntries(
    subsystems.map((s) => [s, authorHistory?.subsystems.get(s) ?? 0])
  );
  const missingSignals = repo.shallow ? HISTORY_FEATURES.map((f) => `kamei.${f}`) : [];
  return {
    repo,
    base,
    head,
    mergeBase,
    commits: records.length,
    files,
    kamei,
    missingSignals,
    context: { author, subsystems, authorSubsystemChanges },
    history: { source: loaded.source, streamed: loaded.streamed, commits: loaded.state.commits }
  };
}

export {
  EMPTY_TREE,
  measureChange
};
