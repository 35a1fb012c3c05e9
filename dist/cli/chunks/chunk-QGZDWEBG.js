// src/risk/git/detect-fix.ts
var FIX_WORDS = /\b(?:fix(?:e[sd]|ing)?|bug(?:s|fix(?:es)?)?|hotfix(?:es)?|defects?|patch(?:e[sd])?)\b/i;
var CLOSING_REFERENCE = /\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)\s*:?\s+(#\d+|gh-\d+|[A-Z][A-Z0-9]+-\d+)\b/gi;
function isFixMessage(message) {
  return FIX_WORDS.test(message) || findClosedIssues(message).length > 0;
}
function findClosedIssues(message) {
  const ids = /* @__PURE__ */ new Set();
  for (const match of message.matchAll(CLOSING_REFERENCE)) ids.add(match[1].toUpperCase());
  return [...ids];
}
var ISSUE_REFERENCE = /(?:^|[^\w#])(#\d+|[Gg][Hh]-\d+|[A-Z][A-Z0-9]+-\d+)\b/g;
function findIssueReferences(message) {
  const ids = /* @__PURE__ */ new Set();
  for (const match of message.matchAll(ISSUE_REFERENCE)) ids.add(match[1].toUpperCase());
  return [...ids];
}

// src/risk/git/path-parts.ts
var ROOT = ".";
function getSubsystem(path) {
  const slash = path.indexOf("/");
  return slash < 0 ? ROOT : path.slice(0, slash);
}
function getDirectory(path) {
  const slash = path.lastIndexOf("/");
  return slash < 0 ? ROOT : path.slice(0, slash);
}

// src/risk/git/compute-kamei-features.ts
var DAY = 86400;
var YEAR = 365.25 * DAY;
function computeEntropy(files) {
  let total = 0;
  for (const f of files) total += f.added + f.deleted;
  if (total === 0) return 0;
  let entropy = 0;
  for (const f of files) {
    const modified = f.added + f.deleted;
    if (modified > 0) {
      const p = modified / total;
      entropy -= p * Math.log2(p);
    }
  }
  return entropy === 0 ? 0 : entropy;
}
function countAbove(sorted, x) {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = lo + hi >>> 1;
    if (sorted[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return sorted.length - lo;
}
function computeRecentExperience(times, time) {
  let total = 0;
  let counted = 0;
  for (let years = 0; counted < times.length; years++) {
    const within = countAbove(times, time - (years + 1) * YEAR);
    total += (within - counted) / (years + 1);
    counted = within;
  }
  return total;
}
function findHistory(state, file) {
  return state.files.get(file.oldPath ?? file.path);
}
function computeKameiFeatures(state, change, options) {
  const subsystems = /* @__PURE__ */ new Set();
  const directories = /* @__PURE__ */ new Set();
  let la = 0;
  let ld = 0;
  let lt = 0;
  for (const file of change.files) {
    subsystems.add(getSubsystem(file.path));
    directories.add(getDirectory(file.path));
    la += file.added;
    ld += file.deleted;
    lt += options.linesBefore ? options.linesBefore.get(file.oldPath ?? file.path) ?? 0 : findHistory(state, file)?.lines ?? 0;
  }
  const vector = {
    ns: subsystems.size,
    nd: directories.size,
    nf: change.files.length,
    entropy: computeEntropy(change.files),
    la,
    ld,
    lt,
    fix: isFixMessage(change.message) ? 1 : 0,
    ndev: null,
    age: null,
    nuc: null,
    exp: null,
    rexp: null,
    sexp: null
  };
  if (!options.historyKnown) return vector;
  const devs = /* @__PURE__ */ new Set();
  const commits = /* @__PURE__ */ new Set();
  let ageSum = 0;
  let aged = 0;
  for (const file of change.files) {
    const history = findHistory(state, file);
    if (!history) continue;
    for (const dev of history.devs) devs.add(dev);
    for (const commit of history.commits) commits.add(commit);
    ageSum += Math.max(0, change.time - history.lastTime) / DAY;
    aged++;
  }
  vector.ndev = devs.size;
  vector.nuc = commits.size;
  vector.age = aged === 0 ? 0 : ageSum / aged;
  const authorIndex = state.authorIds.get(change.author);
  const author = authorIndex === void 0 ? void 0 : state.authors[authorIndex];
  vector.exp = author?.times.length ?? 0;
  vector.rexp = author ? computeRecentExperience(author.times, change.time) : 0;
  let sexp = 0;
  if (author) for (const subsystem of subsystems) sexp += author.subsystems.get(subsystem) ?? 0;
  vector.sexp = sexp;
  return vector;
}

export {
  isFixMessage,
  findClosedIssues,
  findIssueReferences,
  getSubsystem,
  getDirectory,
  computeEntropy,
  computeKameiFeatures
};
