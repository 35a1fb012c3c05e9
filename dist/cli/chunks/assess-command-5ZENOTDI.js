import {
  measureChange
} from "./chunk-BKWTICZZ.js";
import {
  assessRisk,
  computeDiffSignals,
  formatPoints
} from "./chunk-6ZYGZSDM.js";
import {
  DEFAULT_RISK_THRESHOLDS
} from "./chunk-DRH4ZT43.js";
import {
  UsageError
} from "./chunk-QLHZKYCG.js";
import {
  RepositoryError
} from "./chunk-HH7RP3GU.js";
import "./chunk-QGZDWEBG.js";
import {
  RiskModelError,
  loadDefaultModel,
  parseRiskModel
} from "./chunk-2DWBICBI.js";

// src/cli/assess-command.ts
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";

// src/risk/explain-report.ts
function renderAssessmentReport(assessment, subject) {
  const lines = [];
  const range = `${subject.base.slice(0, 12)}..${subject.head.slice(0, 12)}`;
  lines.push(
    `shipgate risk assessment for ${range} (${subject.commits} commit${subject.commits === 1 ? "" : "s"}, ${subject.files} file${subject.files === 1 ? "" : "s"})`
  );
  lines.push("");
  lines.push(`  score           ${assessment.score}/100`);
  lines.push(
    `  probability     ${(assessment.probability * 100).toFixed(1)}% that the change will need a fix (model)`
  );
  lines.push(
    `  tier            ${assessment.tier}${assessment.tier !== assessment.score_tier ? ` (score alone: ${assessment.score_tier})` : ""}`
  );
  lines.push(`  confidence      ${assessment.confidence}`);
  lines.push(`  recommendation  ${assessment.recommendation}`);
  lines.push("");
  const b = assessment.breakdown;
  lines.push(
    `Score: an average change scores ${b.baseline}; this change's features ${formatPoints(b.model)}, what it touches ${formatPoints(b.diff)}, gates ${formatPoints(b.gates)}.`
  );
  lines.push("");
  if (assessment.factors.length > 0) {
    lines.push("Factors, largest first:");
    for (const factor of assessment.factors) lines.push(`  - ${factor.text}`);
    lines.push("");
  }
  if (assessment.missing_signals.length > 0) {
    lines.push(`Missing signals (never counted as safe): ${assessment.missing_signals.join(", ")}`);
    lines.push("");
  }
  lines.push("Why this tier:");
  for (const reason of assessment.reasons) lines.push(`  - ${reason}`);
  lines.push("");
  lines.push(`History: ${subject.history}.`);
  return lines.join("\n") + "\n";
}

// src/cli/assess-command.ts
var HELP = `usage: shipgate assess [--repo DIR] [--base REV] [--head REV] [--config FILE] [--model FILE] [--json] [--no-cache]
                       [--gates [--gate NAME ...]]

Assesses the risk of the change base..head in a local git repository and recommends
promote, review or hold.

  --repo DIR      the repository (default: the current directory)
  --base REV      the commit the change starts from (default: the head's parent; a root
                  commit is measured against the empty tree)
  --head REV      the commit the change ends at (default: HEAD)
  --config FILE   a shipgate policy file; its risk: section sets the thresholds and
                  what low confidence does (default: thresholds low 20, medium 45, high 70)
  --model FILE    a model written by \`shipgate model train\` (default: the shipped model)
  --json          print the assessment as JSON
  --no-cache      neither read nor write the history cache under <git-dir>/shipgate/
  --gates         also run the policy's gates (the same as the Action) over the change; their
                  results adjust the score; exit 1 when a blocking gate fails. The policy is
                  --config, else <repo>/.github/shipgate.yml
  --gate NAME     with --gates: run only this gate (a kind or a command name); repeatable
`;
async function readPolicy(file, shown) {
  let text;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new UsageError(
      `cannot read --config ${shown}: ${error.message}. Fix: pass an existing policy file.`
    );
  }
  const { parsePolicy } = await import("./parse-policy-PFZQBEUG.js");
  const result = parsePolicy(text, shown);
  if (!result.ok) {
    const problems = result.problems.map(
      (p) => `  ${p.file}:${p.line}:${p.column}: ${p.key ? `${p.key}: ` : ""}${p.message}`
    );
    throw new UsageError(`--config ${shown} is not a valid shipgate policy:
${problems.join("\n")}`);
  }
  return result.policy;
}
async function readModel(file) {
  let json;
  try {
    json = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    throw new UsageError(
      `cannot read --model ${file}: ${error.message}. Fix: pass a file written by \`shipgate model train\`.`
    );
  }
  try {
    return parseRiskModel(json);
  } catch (error) {
    if (error instanceof RiskModelError) throw new UsageError(`--model ${file}: ${error.message}`);
    throw error;
  }
}
async function runAssessCommand(argv, io) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        repo: { type: "string" },
        base: { type: "string" },
        head: { type: "string" },
        config: { type: "string" },
        model: { type: "string" },
        json: { type: "boolean", default: false },
        "no-cache": { type: "boolean", default: false },
        gates: { type: "boolean", default: false },
        gate: { type: "string", multiple: true },
        help: { type: "boolean", short: "h", default: false }
      },
      strict: true,
      allowPositionals: false
    }));
  } catch (error) {
    throw new UsageError(`${error.message}
${HELP}`);
  }
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const repoDir = path.resolve(io.cwd, values.repo ?? ".");
  if (values.gate?.length && !values.gates) throw new UsageError("--gate NAME needs --gates");
  let configFile = values.config ? path.resolve(io.cwd, values.config) : void 0;
  let configShown = values.config;
  if (!configFile && values.gates) {
    configFile = path.join(repoDir, ".github", "shipgate.yml");
    configShown = path.relative(io.cwd, configFile) || configFile;
    if (!existsSync(configFile)) {
      throw new UsageError(
        `--gates needs a policy with a gates: section: none at ${configShown}; pass --config FILE`
      );
    }
  }
  const policy = configFile ? await readPolicy(configFile, configShown) : null;
  const settings = policy?.risk ?? {
    thresholds: DEFAULT_RISK_THRESHOLDS,
    low_confidence: "raise"
  };
  const model = values.model ? await readModel(path.resolve(io.cwd, values.model)) : loadDefaultModel();
  if (values.gates) return runWithGates(values, repoDir, policy, model, io);
  let change;
  try {
    change = await measureChange(repoDir, {
      base: values.base,
      head: values.head ?? "HEAD",
      cache: !values["no-cache"]
    });
  } catch (error) {
    if (error instanceof RepositoryError) throw new UsageError(error.message);
    throw error;
  }
  const assessment = assessRisk({
    model,
    kamei: change.kamei,
    diff: computeDiffSignals(change.files),
    config: settings,
    missingSignals: change.missingSignals,
    context: change.context
  });
  if (values.json) {
    const output = {
      ...assessment,
      change: {
        base: change.base,
        head: change.head,
        merge_base: change.mergeBase,
        commits: change.commits,
        files: change.files.length,
        shallow: change.repo.shallow
      },
      kamei: change.kamei,
      history: change.history
    };
    io.stdout(JSON.stringify(output, null, 2) + "\n");
    return 0;
  }
  const count = (n, what) => `${n.toLocaleString("en-US")} ${what}${n === 1 ? "" : "s"}`;
  const history = change.history.source === "cache" ? `read from the cache (${count(change.history.commits, "commit")} up to base)` : change.history.source === "incremental" ? `cache updated with ${count(change.history.streamed, "new commit")}` : `streamed ${count(change.history.streamed, "commit")}` + (change.repo.shallow ? " of a shallow clone (history features missing)" : "");
  io.stdout(
    renderAssessmentReport(assessment, {
      base: change.base ?? change.mergeBase,
      head: change.head,
      commits: change.commits,
      files: change.files.length,
      history
    })
  );
  return 0;
}
async function runWithGates(values, repoDir, policy, model, io) {
  const { assessChange } = await import("./assess-change-ISPKUY7N.js");
  const { renderGateReport } = await import("./render-gate-report-ITHOFU5P.js");
  if (Object.keys(policy.gates).length === 0) {
    throw new UsageError("--gates: the policy has no gates: section; add one (see docs/gates.md)");
  }
  let result;
  try {
    result = await assessChange({
      repoDir,
      base: values.base,
      head: values.head ?? "HEAD",
      risk: policy.risk,
      model,
      gates: policy.gates,
      only: values.gate,
      now: /* @__PURE__ */ new Date(),
      env: io.env,
      cache: !values["no-cache"]
    });
  } catch (error) {
    if (error instanceof RepositoryError) throw new UsageError(error.message);
    throw error;
  }
  const failed = result.blocking_failures.map((g) => g.gate);
  if (values.json) {
    io.stdout(
      JSON.stringify({ ...result.assessment, gates: result.gates, blocking_failures: failed }, null, 2) + "\n"
    );
  } else {
    const change = result.change;
    io.stdout(
      renderAssessmentReport(result.assessment, {
        base: change.base ?? change.mergeBase,
        head: change.head,
        commits: change.commits,
        files: change.files.length,
        history: `${change.history.source} history`
      })
    );
    io.stdout("\nGates:\n\n" + renderGateReport(result.gates) + "\n");
    if (failed.length) io.stdout(`Blocking gate(s) failed: ${failed.join(", ")}.
`);
  }
  return failed.length > 0 ? 1 : 0;
}
export {
  runAssessCommand
};
