import {
  evaluatePolicy
} from "./chunk-4BGKQCPL.js";
import {
  parsePolicy,
  readPolicyFile
} from "./chunk-H7D7LJGZ.js";
import "./chunk-WVARKXY4.js";
import {
  TIERS,
  isTier,
  tierForScore
} from "./chunk-DRH4ZT43.js";
import {
  UsageError
} from "./chunk-QLHZKYCG.js";

// src/cli/policy-command.ts
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { parse as parseYaml } from "yaml";

// src/cli/render-verdict.ts
var HEADLINE = {
  approved: "APPROVED",
  pending: "HELD (pending)",
  rejected: "REJECTED"
};
function renderVerdict(verdict) {
  const lines = [];
  const advise = verdict.mode === "advise" ? " [advise mode]" : "";
  lines.push(
    `${HEADLINE[verdict.decision]}${advise}: deploy ${verdict.sha.slice(0, 7)} to ${verdict.environment} (tier ${verdict.tier})`
  );
  lines.push(
    verdict.policy_environment ? `policy: environments.${verdict.policy_environment}, evaluated at ${verdict.evaluated_at}` : `policy: none covers this environment, evaluated at ${verdict.evaluated_at}`
  );
  lines.push("", "Why:");
  for (const reason of verdict.reasons) lines.push(`  - ${reason}`);
  if (verdict.requirements.length > 0) {
    lines.push("", "Sign-off:");
    for (const r of verdict.requirements) {
      const mark = r.satisfied ? "[x]" : "[ ]";
      const from = r.from === null ? "anyone with write access" : r.from.join(", ");
      const who = r.signers.length ? ` \u2014 ${r.signers.join(", ")}` : "";
      lines.push(`  ${mark} ${r.label}: ${r.have}/${r.approvals} from ${from}${who}`);
      for (const refused of r.refused) lines.push(`      not counted: ${refused.login} \u2014 ${refused.reason}`);
    }
  }
  if (verdict.freeze.active) {
    lines.push(
      "",
      `Freeze: ${verdict.freeze.windows.join(", ")} until ${verdict.freeze.until} (${verdict.freeze.on_freeze})`
    );
  }
  if (verdict.rollback.is_rollback) {
    lines.push(
      "",
      verdict.rollback.tripped.length ? "Rollback guardrails tripped:" : "Rollback: no guardrail tripped."
    );
    for (const t of verdict.rollback.tripped) lines.push(`  - ${t.rule}: ${t.message}`);
  }
  if (verdict.next_evaluation_at) lines.push("", `Re-evaluated on its own at ${verdict.next_evaluation_at}.`);
  return lines.join("\n") + "\n";
}

// src/cli/policy-command.ts
var HELP = `usage:
  shipgate policy validate FILE... [--org-policy FILE] [--json]
  shipgate policy explain --policy FILE [--org-policy FILE] --env NAME (--tier TIER | --score N) [--at ISO]
                          [--sha SHA] [--author LOGIN] [--committers LOGIN,...]
                          [--approvals LOGIN[@ISO],...] [--rejections LOGIN[@ISO],...]
                          [--break-glass LOGIN[@ISO],... --reason TEXT] [--teams FILE]
                          [--rollback --history FILE] [--json]

validate  checks policy files; prints FILE:LINE:COL: message per problem; exit 1 when any is invalid.
explain   evaluates the policy for one deployment and explains the verdict (exit 0 whatever the decision).
          --teams is YAML mapping org/slug to logins; a sign-off without @time was given at --at;
          --history is YAML/JSON: a list of {sha, at, kind: deploy|rollback} (or {sha: TARGET, events: [...]}).
`;
async function runPolicyCommand(argv, io) {
  const [sub, ...rest] = argv;
  if (sub === "validate") return runValidate(rest, io);
  if (sub === "explain") return runExplain(rest, io);
  if (!sub || sub === "--help" || sub === "-h") {
    io.stdout(HELP);
    return sub ? 0 : 2;
  }
  throw new UsageError(`unknown subcommand '${sub}'.
${HELP}`);
}
async function readText(file, io, what) {
  try {
    return await readFile(path.resolve(io.cwd, file), "utf8");
  } catch (error) {
    const code = error.code;
    throw new UsageError(`cannot read ${what} '${file}' (${code ?? String(error)}); check the path`);
  }
}
function formatProblem(p) {
  return `${p.file}:${p.line}:${p.column}: ${p.message}${p.key ? ` [${p.key}]` : ""}`;
}
async function runValidate(argv, io) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: "boolean" },
      "org-policy": { type: "string" },
      help: { type: "boolean", short: "h" }
    }
  });
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  if (positionals.length === 0)
    throw new UsageError(
      `validate needs at least one policy file, e.g. shipgate policy validate .github/shipgate.yml`
    );
  const base = values["org-policy"] ? { text: await readText(values["org-policy"], io, "org policy"), file: values["org-policy"] } : void 0;
  const reports = [];
  for (const file of positionals) {
    const text = await readText(file, io, "policy file");
    const result = parsePolicy(text, file, base);
    reports.push({ file, valid: result.ok, problems: result.ok ? [] : result.problems });
  }
  const valid = reports.every((r) => r.valid);
  if (values.json) {
    io.stdout(JSON.stringify({ valid, files: reports }, null, 2) + "\n");
  } else {
    for (const report of reports) {
      if (report.valid) io.stdout(`${report.file}: ok
`);
      else for (const p of report.problems) io.stdout(formatProblem(p) + "\n");
    }
  }
  return valid ? 0 : 1;
}
function parseInstant(text, what) {
  const date = new Date(text);
  if (Number.isNaN(date.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(text)) {
    throw new UsageError(`${what}: '${text}' is not an ISO 8601 time; write e.g. 2026-11-21T10:00:00Z`);
  }
  return date;
}
function parseSignoffList(text, kind, at, option, reason) {
  if (!text) return [];
  return text.split(",").map((part) => part.trim()).filter(Boolean).map((part) => {
    const [login, time] = part.split("@");
    if (!login) throw new UsageError(`${option}: '${part}' has no login; write LOGIN or LOGIN@ISO-TIME`);
    return {
      login,
      kind,
      at: time ? parseInstant(time, option) : at,
      can_write: true,
      ...reason !== void 0 ? { reason } : {}
    };
  });
}
async function readTeams(file, io) {
  if (!file) return {};
  const data = parseYaml(await readText(file, io, "teams file"));
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new UsageError(
      `${file}: a teams file maps org/slug to a list of logins, e.g. "acme/release: [alice, bob]"`
    );
  }
  const teams = {};
  for (const [team, members] of Object.entries(data)) {
    const slug = team.replace(/^team:/, "");
    if (!Array.isArray(members) || members.some((m) => typeof m !== "string")) {
      throw new UsageError(`${file}: team '${team}' must list logins, e.g. "${slug}: [alice, bob]"`);
    }
    teams[slug] = members;
  }
  return teams;
}
async function readHistory(file, io) {
  const data = parseYaml(await readText(file, io, "history file"));
  const record = typeof data === "object" && data !== null && !Array.isArray(data) ? data : {};
  const list = Array.isArray(data) ? data : record.events ?? record.history ?? record.deployments;
  if (!Array.isArray(list)) {
    throw new UsageError(
      `${file}: history is a list of {sha, at, kind: deploy|rollback}, or {sha: TARGET, events: [...]}`
    );
  }
  const events = list.map((item, index) => {
    const e = item ?? {};
    const sha = e.sha;
    const at = e.at ?? e.time ?? e.timestamp ?? e.date;
    const kind = String(e.kind ?? e.type ?? "deploy").toLowerCase();
    if (typeof sha !== "string" || !sha) throw new UsageError(`${file}: entry ${index + 1} needs a sha`);
    if (typeof at !== "string" && !(at instanceof Date))
      throw new UsageError(`${file}: entry ${index + 1} needs at (an ISO time)`);
    if (!["deploy", "deployment", "rollback"].includes(kind)) {
      throw new UsageError(`${file}: entry ${index + 1} has kind '${kind}'; use deploy or rollback`);
    }
    return {
      sha,
      at: at instanceof Date ? at : parseInstant(at, `${file} entry ${index + 1}`),
      kind: kind === "rollback" ? "rollback" : "deploy"
    };
  });
  const target = record.sha ?? record.target;
  return { target: typeof target === "string" ? target : null, events };
}
async function runExplain(argv, io) {
  const { values } = parseArgs({
    args: argv,
    options: {
      policy: { type: "string" },
      "org-policy": { type: "string" },
      env: { type: "string" },
      tier: { type: "string" },
      score: { type: "string" },
      at: { type: "string" },
      sha: { type: "string" },
      author: { type: "string" },
      committers: { type: "string" },
      approvals: { type: "string" },
      rejections: { type: "string" },
      "break-glass": { type: "string" },
      reason: { type: "string" },
      teams: { type: "string" },
      rollback: { type: "boolean" },
      history: { type: "string" },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" }
    }
  });
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  if (!values.policy)
    throw new UsageError("explain needs --policy FILE (the repository policy, e.g. .github/shipgate.yml)");
  if (!values.env)
    throw new UsageError("explain needs --env NAME (the deployment environment, e.g. production)");
  if (values.rollback && !values.history)
    throw new UsageError("--rollback needs --history FILE (the environment\u2019s recent deployments)");
  const at = values.at ? parseInstant(values.at, "--at") : /* @__PURE__ */ new Date();
  const text = await readText(values.policy, io, "policy file");
  const base = values["org-policy"] ? { text: await readText(values["org-policy"], io, "org policy"), file: values["org-policy"] } : void 0;
  if (!base && readPolicyFile(text, values.policy).file?._extends) {
    io.stderr(
      `note: ${values.policy} says _extends; pass --org-policy FILE to layer it on the org default
`
    );
  }
  const parsed = parsePolicy(text, values.policy, base);
  if (!parsed.ok) {
    for (const p of parsed.problems) io.stderr(formatProblem(p) + "\n");
    throw new UsageError(
      `the policy is invalid (${parsed.problems.length} problem${parsed.problems.length === 1 ? "" : "s"} above); fix it and run again`
    );
  }
  let tier = values.tier;
  if (!tier && values.score !== void 0) {
    const score = Number(values.score);
    if (!Number.isFinite(score) || score < 0 || score > 100)
      throw new UsageError(`--score must be a number from 0 to 100`);
    tier = tierForScore(score, parsed.policy.risk.thresholds);
  }
  if (!tier) throw new UsageError(`explain needs --tier (${TIERS.join("|")}) or --score N`);
  if (!isTier(tier)) throw new UsageError(`--tier '${tier}' is not a tier; use one of ${TIERS.join(", ")}`);
  if (values["break-glass"] && values.reason === void 0) {
    io.stderr("note: --break-glass without --reason: the sign-offs carry no reason\n");
  }
  const history = values.history ? await readHistory(values.history, io) : null;
  const sha = values.sha ?? history?.target ?? "0000000000000000000000000000000000000000";
  if (values.rollback && !values.sha && !history?.target) {
    io.stderr(
      "note: no --sha given for the rollback target; the loop check compares against an unknown commit\n"
    );
  }
  const facts = {
    environment: values.env,
    tier,
    sha,
    author: values.author ?? null,
    committers: (values.committers ?? "").split(",").map((c) => c.trim()).filter(Boolean),
    signoffs: [
      ...parseSignoffList(values.approvals, "approve", at, "--approvals"),
      ...parseSignoffList(values.rejections, "reject", at, "--rejections"),
      ...parseSignoffList(values["break-glass"], "break_glass", at, "--break-glass", values.reason)
    ],
    teams: await readTeams(values.teams, io),
    ...values.rollback ? { rollback: { is_rollback: true, history: history?.events ?? [] } } : {}
  };
  const verdict = evaluatePolicy(parsed.policy, facts, at);
  io.stdout(values.json ? JSON.stringify(verdict, null, 2) + "\n" : renderVerdict(verdict));
  return 0;
}
export {
  runPolicyCommand
};
