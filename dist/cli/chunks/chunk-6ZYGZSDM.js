import {
  raiseTier,
  tierForScore
} from "./chunk-DRH4ZT43.js";
import {
  predictRisk
} from "./chunk-2DWBICBI.js";

// src/risk/assess-adjustments.ts
var TOUCH_POINTS = {
  migration: 8,
  infrastructure: 8,
  security: 8,
  ci: 5,
  dependency: 4,
  configuration: 3
};
var BINARY_POINTS = 2;
var UNTESTED_POINTS = 4;
var UNTESTED_MIN_LINES = 20;
var DIFF_POINTS_CAP = 25;
var BLOCKING_FAILURE_POINTS = 15;
var ADVISORY_FAILURE_POINTS = 5;
var GATE_POINTS_CAP = 30;
var TOUCH_WORDS = {
  migration: "a database migration",
  infrastructure: "infrastructure-as-code",
  security: "security-sensitive code",
  ci: "the CI/workflow definition",
  dependency: "dependencies",
  configuration: "configuration"
};
function listPaths(paths) {
  const shown = paths.slice(0, 3).join(", ");
  return paths.length > 3 ? `${shown} and ${paths.length - 3} more` : shown;
}
function computeDiffAdjustments(diff) {
  const adjustments = [];
  for (const kind of Object.keys(TOUCH_POINTS)) {
    const paths = diff.touches[kind];
    if (paths.length === 0) continue;
    adjustments.push({
      name: `diff.${kind}`,
      value: paths.length,
      points: TOUCH_POINTS[kind],
      text: `touches ${TOUCH_WORDS[kind]} (${listPaths(paths)})`
    });
  }
  if (diff.binaryFiles.length > 0) {
    adjustments.push({
      name: "diff.binary",
      value: diff.binaryFiles.length,
      points: BINARY_POINTS,
      text: `changes ${diff.binaryFiles.length === 1 ? "a binary file" : `${diff.binaryFiles.length} binary files`} that cannot be reviewed line by line (${listPaths(diff.binaryFiles)})`
    });
  }
  if (diff.testLines === 0 && diff.nonTestLines >= UNTESTED_MIN_LINES) {
    adjustments.push({
      name: "diff.untested",
      value: 0,
      points: UNTESTED_POINTS,
      text: `changes ${diff.nonTestLines.toLocaleString("en-US")} lines of code and no test lines`
    });
  }
  return adjustments;
}
function computeGateAdjustments(gates) {
  const adjustments = [];
  const missing = [];
  for (const gate of gates) {
    if (gate.status === "fail") {
      adjustments.push({
        name: `gate.${gate.name}`,
        value: "fail",
        points: gate.blocking ? BLOCKING_FAILURE_POINTS : ADVISORY_FAILURE_POINTS,
        text: `the ${gate.blocking ? "blocking" : "advisory"} gate "${gate.name}" failed`
      });
    } else if (gate.status === "skip" || gate.status === "error") {
      missing.push(`gate.${gate.name}`);
    }
  }
  return { adjustments, missing };
}
function capAdjustments(adjustments, cap) {
  let left = cap;
  const order = adjustments.map((a, i) => ({ a, i })).sort((x, y) => y.a.points - x.a.points || x.i - y.i);
  const capped = /* @__PURE__ */ new Map();
  for (const { a, i } of order) {
    const points = Math.min(a.points, Math.max(0, left));
    capped.set(i, points);
    left -= points;
  }
  return adjustments.map((a, i) => ({ ...a, points: capped.get(i) }));
}

// src/risk/explain-factors.ts
function formatPoints(points) {
  return points < 0 ? `-${Math.abs(points)}` : `+${points}`;
}
function formatCount(value) {
  const rounded = Number.isInteger(value) ? value : Math.round(value * 10) / 10;
  return rounded.toLocaleString("en-US");
}
function plural(count, one, many = `${one}s`) {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}
function nameSubsystem(subsystem) {
  return subsystem === "." ? "the top-level directory" : `${subsystem}/`;
}
var MISSING_WORDS = {
  ns: "the number of subsystems",
  nd: "the number of directories",
  nf: "the number of files",
  entropy: "how the edits spread across files",
  la: "the lines added",
  ld: "the lines deleted",
  lt: "the size of the touched files",
  fix: "whether this is a fix",
  ndev: "how many developers changed these files",
  age: "when these files last changed",
  nuc: "how often these files changed",
  exp: "the author's experience",
  rexp: "the author's recent experience",
  sexp: "the author's experience in these subsystems"
};
function describeKameiFactor(feature, vector, context) {
  const value = vector[feature];
  if (value === null)
    return `${MISSING_WORDS[feature]} is unknown (missing history), counted at its risky end`;
  const subsystems = context?.subsystems ?? [];
  switch (feature) {
    case "la":
      return vector.ns !== null && vector.ns > 1 ? `adds ${plural(value, "line")} across ${formatCount(vector.ns)} subsystems` : `adds ${plural(value, "line")}`;
    case "ld":
      return `deletes ${plural(value, "line")}`;
    case "lt":
      if (value === 0) return "touches only new or empty files (no lines before the change)";
      return `touches files that had ${plural(value, "line")} before the change`;
    case "nf":
      return `changes ${plural(value, "file")}`;
    case "nd":
      return `changes files in ${plural(value, "directory", "directories")}`;
    case "ns":
      return subsystems.length > 0 && subsystems.length <= 4 ? `spans ${plural(value, "subsystem")} (${subsystems.map(nameSubsystem).join(", ")})` : `spans ${plural(value, "subsystem")}`;
    case "entropy":
      return value < 0.5 ? "concentrates its edits in one file" : `spreads its edits across files (entropy ${formatCount(value)} bits)`;
    case "fix":
      return value >= 1 ? "is a bug fix (fixes often need follow-up fixes)" : "is not a bug fix";
    case "ndev":
      if (value === 0) return "touches only files no developer has changed before";
      return `touches files ${plural(value, "developer")} have changed before`;
    case "age":
      if (vector.nuc === 0) return "touches only new files (no earlier change to date)";
      return value < 1 ? "touches files changed less than a day before" : `touches files last changed ${plural(Math.round(value), "day")} before, on average`;
    case "nuc":
      if (value === 0) return "touches files with no earlier changes";
      return `touches files with ${plural(value, "earlier change")}`;
    case "exp":
      return value === 0 ? "author's first change in this repository" : `author has ${plural(value, "earlier change")}`;
    case "rexp":
      return `author's recent experience is ${formatCount(value)} (earlier changes weighted by recency)`;
    case "sexp": {
      if (value === 0 && subsystems.length === 1)
        return `author's first change in ${nameSubsystem(subsystems[0])}`;
      if (value === 0) return "author's first change in these subsystems";
      const where = subsystems.length === 1 ? nameSubsystem(subsystems[0]) : "these subsystems";
      return `author has ${plural(value, "earlier change")} in ${where}`;
    }
  }
}

// src/risk/assess.ts
var LOW_CONFIDENCE_MISSING_FEATURES = 3;
var LOW_CONFIDENCE_MISSING_SIGNALS = 4;
function computeConfidence(missing) {
  const features = missing.filter((m) => m.startsWith("kamei.")).length;
  if (features >= LOW_CONFIDENCE_MISSING_FEATURES || missing.length >= LOW_CONFIDENCE_MISSING_SIGNALS)
    return "low";
  return missing.length > 0 ? "medium" : "high";
}
function assessRisk(input) {
  const prediction = predictRisk(input.model, input.kamei);
  const gateResult = computeGateAdjustments(input.gates ?? []);
  const diffAdjustments = capAdjustments(computeDiffAdjustments(input.diff), DIFF_POINTS_CAP);
  const gateAdjustments = capAdjustments(gateResult.adjustments, GATE_POINTS_CAP);
  const missing = [
    .../* @__PURE__ */ new Set([
      ...input.missingSignals,
      ...prediction.missing.map((f) => `kamei.${f}`),
      ...gateResult.missing
    ])
  ].sort();
  const confidence = computeConfidence(missing);
  const factors = [];
  for (const c of prediction.contributions) {
    if (c.points === 0 && c.value !== null) continue;
    factors.push({
      name: `kamei.${c.feature}`,
      value: c.value,
      contribution: c.points,
      text: `${describeKameiFactor(c.feature, input.kamei, input.context)} (${formatPoints(c.points)})`
    });
  }
  for (const a of [...diffAdjustments, ...gateAdjustments]) {
    if (a.points === 0) continue;
    factors.push({
      name: a.name,
      value: a.value,
      contribution: a.points,
      text: `${a.text} (${formatPoints(a.points)})`
    });
  }
  factors.sort((x, y) => Math.abs(y.contribution) - Math.abs(x.contribution) || x.name.localeCompare(y.name));
  const diffPoints = diffAdjustments.reduce((s, a) => s + a.points, 0);
  const gatePoints = gateAdjustments.reduce((s, a) => s + a.points, 0);
  const score = Math.max(0, Math.min(100, prediction.score + diffPoints + gatePoints));
  const scoreTier = tierForScore(score, input.config.thresholds);
  const reasons = [
    `score ${score} is in the ${scoreTier} tier (thresholds low ${input.config.thresholds.low}, medium ${input.config.thresholds.medium}, high ${input.config.thresholds.high})`
  ];
  let tier = scoreTier;
  if (confidence === "low") {
    if (input.config.low_confidence === "raise") {
      tier = raiseTier(scoreTier);
      reasons.push(
        `confidence is low (${missing.length} missing signals), so the tier is raised from ${scoreTier} to ${tier} (risk.low_confidence: raise)`
      );
    } else {
      reasons.push("confidence is low, and the tier is kept (risk.low_confidence: keep)");
    }
  }
  const blockingFailures = (input.gates ?? []).filter((g) => g.status === "fail" && g.blocking).map((g) => g.name);
  let recommendation = tier === "high" ? "hold" : tier === "medium" ? "review" : "promote";
  if (blockingFailures.length > 0) {
    recommendation = "hold";
    reasons.push(
      `blocking gate${blockingFailures.length > 1 ? "s" : ""} failed: ${blockingFailures.join(", ")}`
    );
  }
  return {
    score,
    probability: prediction.probability,
    tier,
    score_tier: scoreTier,
    confidence,
    missing_signals: missing,
    factors,
    recommendation,
    breakdown: {
      baseline: prediction.baseline.score,
      model: prediction.score - prediction.baseline.score,
      diff: diffPoints,
      gates: gatePoints
    },
    reasons
  };
}

// src/risk/diff-signals.ts
import picomatch from "picomatch";
var TOUCH_KINDS = [
  "ci",
  "infrastructure",
  "migration",
  "dependency",
  "security",
  "configuration"
];
var TOUCH_GLOBS = {
  ci: [
    ".github/workflows/**",
    ".github/actions/**",
    "**/action.{yml,yaml}",
    ".gitlab-ci.yml",
    ".gitlab/ci/**",
    ".circleci/**",
    "**/Jenkinsfile",
    "**/azure-pipelines*.{yml,yaml}",
    ".buildkite/**",
    ".travis.yml",
    "**/bitbucket-pipelines.yml",
    ".drone.yml",
    "**/cloudbuild*.{yml,yaml}"
  ],
  infrastructure: [
    "**/*.{tf,tfvars,hcl,bicep}",
    "**/terraform/**",
    "**/Dockerfile",
    "**/Dockerfile.*",
    "**/*.dockerfile",
    "**/docker-compose*.{yml,yaml}",
    "**/compose.{yml,yaml}",
    "**/Chart.yaml",
    "**/charts/**",
    "**/helm/**",
    "**/k8s/**",
    "**/kubernetes/**",
    "**/manifests/**",
    "**/kustomization.{yml,yaml}",
    "**/ansible/**",
    "**/playbook*.{yml,yaml}",
    "**/cloudformation/**",
    "**/*.cfn.{json,yml,yaml}",
    "**/serverless.{yml,yaml}",
    "**/Pulumi*.yaml",
    "**/nginx*.conf",
    "**/Procfile",
    "**/fly.toml"
  ],
  migration: [
    "**/migrations/**",
    "**/migration/**",
    "**/migrate/**",
    "**/db/schema.rb",
    "**/alembic/**",
    "**/flyway/**",
    "**/liquibase/**",
    "**/*.sql",
    "**/schema.prisma",
    "**/prisma/migrations/**"
  ],
  dependency: [
    "**/package.json",
    "**/package-lock.json",
    "**/npm-shrinkwrap.json",
    "**/yarn.lock",
    "**/pnpm-lock.yaml",
    "**/bun.lockb",
    "**/go.mod",
    "**/go.sum",
    "**/Cargo.toml",
    "**/Cargo.lock",
    "**/requirements*.txt",
    "**/Pipfile",
    "**/Pipfile.lock",
    "**/pyproject.toml",
    "**/poetry.lock",
    "**/uv.lock",
    "**/Gemfile",
    "**/Gemfile.lock",
    "**/pom.xml",
    "**/build.gradle",
    "**/build.gradle.kts",
    "**/gradle.lockfile",
    "**/composer.json",
    "**/composer.lock",
    "**/*.csproj",
    "**/packages.lock.json",
    "**/mix.lock",
    "**/Package.resolved"
  ],
  security: [
    "**/auth/**",
    "**/authn/**",
    "**/authz/**",
    "**/oauth*/**",
    "**/auth.*",
    "**/*-auth.*",
    "**/*_auth.*",
    "**/*authenticat*",
    "**/*authoriz*",
    "**/*oauth*",
    "**/*login*",
    "**/*password*",
    "**/*passwd*",
    "**/*secret*",
    "**/*credential*",
    "**/*token.*",
    "**/*tokens.*",
    "**/*session.*",
    "**/*sessions.*",
    "**/*permission*",
    "**/*crypto*",
    "**/*encrypt*",
    "**/*jwt*",
    "**/*saml*",
    "**/*oidc*",
    "**/acl*.*",
    "**/*rbac*",
    "**/security/**",
    "**/*sanitiz*",
    "**/CODEOWNERS",
    "**/.npmrc",
    "**/*.pem",
    "**/*.key"
  ],
  configuration: [
    "**/*.{yml,yaml,toml,ini,cfg,conf,properties,env}",
    "**/.env",
    "**/.env.*",
    "**/config/**",
    "**/configs/**",
    "**/settings.*",
    "**/*.config.{js,cjs,mjs,ts,json}",
    "**/*rc.json",
    "**/.*rc",
    "**/appsettings*.json",
    "**/tsconfig*.json"
  ]
};
var TEST_GLOBS = [
  "**/test/**",
  "**/tests/**",
  "**/__tests__/**",
  "**/spec/**",
  "**/specs/**",
  "**/testdata/**",
  "**/fixtures/**",
  "**/e2e/**",
  "**/*.{test,spec}.*",
  "**/*_test.*",
  "**/*_spec.*",
  "**/test_*.py",
  "**/*Test.{java,kt,scala,cs}",
  "**/*Tests.{java,kt,scala,cs}"
];
var MATCH_OPTIONS = { dot: true, nocase: true };
var touchMatchers = Object.fromEntries(
  TOUCH_KINDS.map((kind) => [
    kind,
    picomatch([...TOUCH_GLOBS[kind]], MATCH_OPTIONS)
  ])
);
var testMatcher = picomatch([...TEST_GLOBS], MATCH_OPTIONS);
function isTestPath(path) {
  return testMatcher(path);
}
function classifyPath(path) {
  const kinds = TOUCH_KINDS.filter((kind) => kind !== "configuration" && touchMatchers[kind](path));
  if (kinds.length === 0 && !isTestPath(path) && touchMatchers.configuration(path))
    kinds.push("configuration");
  return kinds;
}
function computeDiffSignals(files) {
  const touches = Object.fromEntries(TOUCH_KINDS.map((k) => [k, /* @__PURE__ */ new Set()]));
  let testLines = 0;
  let nonTestLines = 0;
  const binaryFiles = [];
  for (const file of files) {
    const kinds = new Set(classifyPath(file.path));
    if (file.oldPath !== void 0) for (const kind of classifyPath(file.oldPath)) kinds.add(kind);
    for (const kind of kinds) touches[kind].add(file.path);
    const lines = file.added + file.deleted;
    if (isTestPath(file.path)) testLines += lines;
    else nonTestLines += lines;
    if (file.binary) binaryFiles.push(file.path);
  }
  const total = testLines + nonTestLines;
  return {
    files: files.length,
    touches: Object.fromEntries(TOUCH_KINDS.map((k) => [k, [...touches[k]].sort()])),
    testLines,
    nonTestLines,
    testRatio: total === 0 ? null : testLines / total,
    binaryFiles: binaryFiles.sort()
  };
}

export {
  formatPoints,
  assessRisk,
  computeDiffSignals
};
