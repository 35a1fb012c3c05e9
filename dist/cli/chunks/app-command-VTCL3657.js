import {
  checkSignerListed,
  evaluatePolicy,
  findEnvironmentPolicy,
  screenSignoff
} from "./chunk-4BGKQCPL.js";
import {
  parsePolicy
} from "./chunk-H7D7LJGZ.js";
import "./chunk-WVARKXY4.js";
import {
  assessRisk,
  computeDiffSignals
} from "./chunk-6ZYGZSDM.js";
import {
  TIERS,
  maxTier
} from "./chunk-DRH4ZT43.js";
import {
  loadSigningKey,
  openStore
} from "./chunk-V7DJGVIE.js";
import {
  UsageError
} from "./chunk-QLHZKYCG.js";
import {
  computeEntropy,
  getDirectory,
  getSubsystem,
  isFixMessage
} from "./chunk-QGZDWEBG.js";
import {
  createEmptyKameiVector,
  loadDefaultModel
} from "./chunk-2DWBICBI.js";

// src/cli/app-command.ts
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

// app/read-app-config.ts
import path from "node:path";
var HOW_TO_CREATE = 'Create the GitHub App from the manifest app.yml (see docs/app.md: "Creating the GitHub App"): on GitHub open Settings \u2192 Developer settings \u2192 GitHub Apps \u2192 New GitHub App, or use the manifest flow with app.yml; then set APP_ID to its App ID, PRIVATE_KEY_PATH to the downloaded .pem (or PRIVATE_KEY to its content), and WEBHOOK_SECRET to the webhook secret you entered.';
function readAppConfig(env, cwd, readTextFile) {
  const problems = [];
  const appId = env.APP_ID?.trim();
  if (!appId) problems.push("APP_ID is not set: the numeric App ID from the App settings page.");
  else if (!/^\d+$/.test(appId)) problems.push(`APP_ID must be the numeric App ID, not '${appId}'.`);
  let privateKey = env.PRIVATE_KEY?.trim() ? env.PRIVATE_KEY : void 0;
  if (privateKey && !privateKey.includes("-----BEGIN")) {
    const decoded = Buffer.from(privateKey.trim(), "base64").toString("utf8");
    if (decoded.includes("-----BEGIN")) privateKey = decoded;
    else problems.push("PRIVATE_KEY is neither a PEM private key nor the base64 of one.");
  }
  if (!privateKey && env.PRIVATE_KEY_PATH) {
    const file = path.resolve(cwd, env.PRIVATE_KEY_PATH);
    try {
      privateKey = readTextFile(file);
    } catch (error) {
      problems.push(`PRIVATE_KEY_PATH points at ${file}, which cannot be read: ${error.message}.`);
    }
  } else if (!privateKey) {
    problems.push(
      "PRIVATE_KEY or PRIVATE_KEY_PATH is not set: the App's private key (.pem) from its settings page."
    );
  }
  const webhookSecret = env.WEBHOOK_SECRET;
  if (!webhookSecret)
    problems.push("WEBHOOK_SECRET is not set: the webhook secret entered when creating the App.");
  const portText = env.PORT ?? "3000";
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    problems.push(`PORT must be a port number, not '${portText}'.`);
  let baseUrl;
  if (env.GHE_HOST) {
    const protocol = env.GHE_PROTOCOL ?? "https";
    if (protocol !== "https" && protocol !== "http")
      problems.push(`GHE_PROTOCOL must be https or http, not '${protocol}'.`);
    baseUrl = `${protocol}://${env.GHE_HOST}/api/v3`;
  }
  const sweepText = env.SHIPGATE_SWEEP_INTERVAL_MS ?? "30000";
  const sweepIntervalMs = Number(sweepText);
  if (!Number.isInteger(sweepIntervalMs) || sweepIntervalMs < 100) {
    problems.push(
      `SHIPGATE_SWEEP_INTERVAL_MS must be a whole number of milliseconds (at least 100), not '${sweepText}'.`
    );
  }
  const gapText = env.SHIPGATE_REPORT_GAP_MS ?? "1000";
  const reportGapMs = Number(gapText);
  if (!Number.isInteger(reportGapMs) || reportGapMs < 0 || reportGapMs > 6e4) {
    problems.push(
      `SHIPGATE_REPORT_GAP_MS must be a whole number of milliseconds from 0 to 60000 (default 1000: GitHub asks for about a second between content-creating requests), not '${gapText}'.`
    );
  }
  if (problems.length > 0) {
    const missing = problems.some(
      (p) => /APP_ID is not set|PRIVATE_KEY or|WEBHOOK_SECRET is not set/.test(p)
    );
    return { ok: false, message: `${problems.join("\n")}${missing ? `

${HOW_TO_CREATE}` : ""}` };
  }
  return {
    ok: true,
    config: {
      appId,
      privateKey,
      webhookSecret,
      port,
      host: env.HOST ?? "0.0.0.0",
      databaseUrl: env.DATABASE_URL || void 0,
      dataDir: env.SHIPGATE_DATA_DIR ? path.resolve(cwd, env.SHIPGATE_DATA_DIR) : path.join(cwd, ".shipgate"),
      baseUrl,
      sweepIntervalMs,
      reportGapMs
    }
  };
}

// app/start-app-server.ts
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";
import { createNodeMiddleware, Probot, ProbotOctokit } from "probot";

// src/github/create-file-cache.ts
function createFileCache(options = {}) {
  const maxFiles = options.maxFiles ?? 1e3;
  const maxChars = options.maxChars ?? 16 * 1024 * 1024;
  const files = /* @__PURE__ */ new Map();
  let chars = 0;
  const remove = (key) => {
    const file = files.get(key);
    if (!file) return;
    files.delete(key);
    chars -= file.text.length;
  };
  return {
    get(key) {
      const file = files.get(key);
      if (file) {
        files.delete(key);
        files.set(key, file);
      }
      return file;
    },
    set(key, file) {
      remove(key);
      if (file.text.length > maxChars) return;
      files.set(key, file);
      chars += file.text.length;
      for (const oldest of files.keys()) {
        if (files.size <= maxFiles && chars <= maxChars) break;
        remove(oldest);
      }
    },
    delete: remove,
    get size() {
      return files.size;
    }
  };
}

// src/github/create-keep-alive-fetch.ts
import { STATUS_CODES } from "node:http";
import { Agent, interceptors, request } from "undici";
var RETRIED_STATUSES = /* @__PURE__ */ new Set([500, 502, 503, 504]);
function isDroppedConnection(error) {
  const code = error?.code;
  return code === "ECONNRESET" || code === "ECONNREFUSED" || code === "EPIPE" || code === "UND_ERR_SOCKET" || code === "UND_ERR_CLOSED";
}
function retryDelayMs(attempt) {
  return Math.min(4e3, 500 * 2 ** attempt);
}
function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true }
    );
  });
}
function toResponse(url, status, raw, bytes) {
  const values = /* @__PURE__ */ new Map();
  for (const [name, value] of Object.entries(raw)) {
    if (value === void 0) continue;
    values.set(name.toLowerCase(), Array.isArray(value) ? value.join(", ") : value);
  }
  const headers = {
    get: (name) => values.get(name.toLowerCase()) ?? null,
    has: (name) => values.has(name.toLowerCase()),
    forEach: (fn) => values.forEach((value, name) => fn(value, name)),
    [Symbol.iterator]: () => values.entries()
  };
  const text = () => bytes.toString("utf8");
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText: STATUS_CODES[status] ?? "",
    url,
    redirected: false,
    headers,
    get body() {
      return new Blob([bytes]).stream();
    },
    text: async () => text(),
    json: async () => JSON.parse(text()),
    arrayBuffer: async () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)
  };
}
function createKeepAliveFetch(options = {}) {
  const timeoutMs = options.timeoutMs ?? 2e4;
  const agent = new Agent({
    connections: options.connectionsPerOrigin ?? 32,
    keepAliveTimeout: options.keepAliveTimeoutMs ?? 4e3,
    connect: { timeout: timeoutMs },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs
  });
  const readRetries = options.readRetries ?? 0;
  const dispatcher = agent.compose(
    interceptors.redirect({ maxRedirections: options.maxRedirections ?? 5 })
  );
  const fetch = async (input, init = {}) => {
    if (typeof input !== "string" && !(input instanceof URL)) {
      throw new TypeError("shipgate fetch: the input must be a URL or a URL string");
    }
    const url = String(input);
    const signal = init.signal ?? void 0;
    const method = (init.method ?? "GET").toUpperCase();
    const retries = method === "GET" || method === "HEAD" ? readRetries : 0;
    for (let attempt = 0; ; attempt += 1) {
      let response;
      try {
        signal?.throwIfAborted();
        const answer = await request(url, {
          dispatcher,
          method,
          headers: init.headers,
          body: init.body ?? void 0,
          signal,
          ...init.redirect === "manual" || init.redirect === "error" ? { maxRedirections: 0 } : {}
        });
        const bytes = Buffer.from(await answer.body.arrayBuffer());
        if (init.redirect === "error" && answer.statusCode >= 300 && answer.statusCode < 400) {
          throw new Error(`redirected (${answer.statusCode}) while redirects are refused`);
        }
        response = toResponse(url, answer.statusCode, answer.headers, bytes);
      } catch (error) {
        if (signal?.aborted) throw signal.reason ?? error;
        if (attempt < retries && isDroppedConnection(error)) {
          await sleep(retryDelayMs(attempt), signal);
          continue;
        }
        throw new TypeError("fetch failed", { cause: error });
      }
      if (attempt < retries && RETRIED_STATUSES.has(response.status)) {
        await sleep(retryDelayMs(attempt), signal);
        continue;
      }
      return response;
    }
  };
  return { fetch, close: () => agent.close() };
}

// src/github/github-call-error.ts
var GitHubCallError = class extends Error {
  constructor(message, status, retryAfterMs = null, cause) {
    super(message);
    this.status = status;
    this.retryAfterMs = retryAfterMs;
    this.cause = cause;
  }
  status;
  retryAfterMs;
  cause;
  name = "GitHubCallError";
  /** Whether trying again later may succeed: no answer, 5xx, rate limits (403 with retry-after, 429). */
  get transient() {
    return this.status === 0 || this.status >= 500 || this.status === 429 || this.status === 403 && this.retryAfterMs !== null;
  }
};

// src/github/create-octokit-github.ts
function toCallError(what, error) {
  if (error instanceof GitHubCallError) return error;
  const failure = error ?? {};
  const answered = failure.response !== void 0 || failure.cause === void 0 && failure.name !== "AbortError";
  const status = typeof failure.status === "number" && answered ? failure.status : 0;
  const header = failure.response?.headers?.["retry-after"];
  const seconds = header === void 0 ? NaN : Number(header);
  const retryAfterMs = Number.isFinite(seconds) && seconds >= 0 ? seconds * 1e3 : null;
  const message = failure.message ?? String(error);
  return new GitHubCallError(
    `GitHub ${what} failed${status ? ` with ${status}` : ""}: ${message}`,
    status,
    retryAfterMs,
    error
  );
}
async function call(what, fn) {
  try {
    return await fn();
  } catch (error) {
    throw toCallError(what, error);
  }
}
function createOctokitGitHub(octokit, options = {}) {
  const { files } = options;
  return {
    async readFile(owner, repo, path2) {
      const key = `${owner}/${repo}:${path2}`;
      const cached = files?.get(key);
      try {
        const response = await octokit.rest.repos.getContent({
          owner,
          repo,
          path: path2,
          ...cached ? { headers: { "if-none-match": cached.etag } } : {}
        });
        const data = response.data;
        if (data.type !== "file" || typeof data.content !== "string") {
          files?.delete(key);
          return null;
        }
        const text = Buffer.from(
          data.content,
          data.encoding ?? "base64"
        ).toString("utf8");
        const etag = response.headers.etag;
        if (files && typeof etag === "string" && etag !== "") files.set(key, { etag, text });
        return text;
      } catch (error) {
        const status = error.status;
        if (status === 304 && cached) return cached.text;
        if (status === 404) {
          files?.delete(key);
          return null;
        }
        throw toCallError(`GET /repos/${owner}/${repo}/contents/${path2}`, error);
      }
    },
    compareCommits: (owner, repo, base, head) => call(`compare ${owner}/${repo} ${base}...${head}`, async () => {
      const { data } = await octokit.request("GET /repos/{owner}/{repo}/compare/{basehead}", {
        owner,
        repo,
        basehead: `${base}...${head}`,
        per_page: 100
      });
      return {
        status: data.status,
        ahead_by: data.ahead_by,
        behind_by: data.behind_by,
        files: (data.files ?? []).map((f) => ({
          filename: f.filename,
          previous_filename: f.previous_filename,
          status: f.status,
          additions: f.additions,
          deletions: f.deletions,
          changes: f.changes,
          patch: f.patch
        })),
        commits: data.commits.map((c) => ({
          sha: c.sha,
          message: c.commit.message,
          author_login: c.author?.login ?? null,
          committer_login: c.committer?.login ?? null
        }))
      };
    }),
    getWorkflowRunSha: (owner, repo, runId) => call(`GET workflow run ${runId} of ${owner}/${repo}`, async () => {
      const { data } = await octokit.request("GET /repos/{owner}/{repo}/actions/runs/{run_id}", {
        owner,
        repo,
        run_id: runId
      });
      return data.head_sha;
    }),
    getCommitParent: (owner, repo, sha) => call(`GET commit ${owner}/${repo}@${sha}`, async () => {
      const { data } = await octokit.request("GET /repos/{owner}/{repo}/commits/{ref}", {
        owner,
        repo,
        ref: sha
      });
      return data.parents[0]?.sha ?? null;
    }),
    getPullRequest: (owner, repo, number) => call(`GET pull request ${owner}/${repo}#${number}`, async () => {
      const { data } = await octokit.request("GET /repos/{owner}/{repo}/pulls/{pull_number}", {
        owner,
        repo,
        pull_number: number
      });
      return {
        number: data.number,
        head_sha: data.head.sha,
        base_sha: data.base.sha,
        author: data.user.login
      };
    }),
    listPullRequestCommits: (owner, repo, number) => call(`list commits of ${owner}/${repo}#${number}`, async () => {
      const commits = await octokit.paginate("GET /repos/{owner}/{repo}/pulls/{pull_number}/commits", {
        owner,
        repo,
        pull_number: number,
        per_page: 100
      });
      return commits.map((c) => ({
        sha: c.sha,
        author_login: c.author?.login ?? null,
        committer_login: c.committer?.login ?? null
      }));
    }),
    listTeamMembers: (org, slug) => call(`list members of team ${org}/${slug}`, async () => {
      const members = await octokit.paginate("GET /orgs/{org}/teams/{team_slug}/members", {
        org,
        team_slug: slug,
        per_page: 100
      });
      return members.map((m) => m.login);
    }),
    getPermission: (owner, repo, login) => call(`GET permission of ${login} on ${owner}/${repo}`, async () => {
      try {
        const { data } = await octokit.request(
          "GET /repos/{owner}/{repo}/collaborators/{username}/permission",
          { owner, repo, username: login }
        );
        return data.permission;
      } catch (error) {
        if (error.status === 404) return "none";
        throw error;
      }
    }),
    listCheckRuns: (owner, repo, sha, name) => call(`list check runs '${name}' on ${owner}/${repo}@${sha}`, async () => {
      const { data } = await octokit.request("GET /repos/{owner}/{repo}/commits/{ref}/check-runs", {
        owner,
        repo,
        ref: sha,
        check_name: name,
        per_page: 100
      });
      return data.check_runs.map((run) => ({
        id: Number(run.id),
        name: run.name,
        head_sha: run.head_sha,
        app_slug: run.app?.slug ?? null,
        output_text: run.output?.text ?? null
      }));
    }),
    createCheckRun: (owner, repo, run) => call(`create check run '${run.name}' on ${owner}/${repo}`, async () => {
      const { data } = await octokit.request("POST /repos/{owner}/{repo}/check-runs", {
        owner,
        repo,
        name: run.name,
        head_sha: run.head_sha,
        status: "completed",
        conclusion: run.conclusion,
        completed_at: run.completed_at,
        output: { title: run.title, summary: run.summary },
        actions: run.actions
      });
      return Number(data.id);
    }),
    createComment: (owner, repo, issueNumber, body) => call(`comment on ${owner}/${repo}#${issueNumber}`, async () => {
      const { data } = await octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", {
        owner,
        repo,
        issue_number: issueNumber,
        body
      });
      return Number(data.id);
    }),
    updateComment: (owner, repo, commentId, body) => call(`update comment ${commentId} on ${owner}/${repo}`, async () => {
      await octokit.request("PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}", {
        owner,
        repo,
        comment_id: commentId,
        body
      });
    }),
    addReaction: (owner, repo, commentId, content) => call(`react to comment ${commentId} on ${owner}/${repo}`, async () => {
      await octokit.request("POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions", {
        owner,
        repo,
        comment_id: commentId,
        content
      });
    }),
    reviewProtectionRule: (owner, repo, runId, review) => call(`review the deployment protection rule of run ${runId} in ${owner}/${repo}`, async () => {
      const response = await octokit.request(
        "POST /repos/{owner}/{repo}/actions/runs/{run_id}/deployment_protection_rule",
        { owner, repo, run_id: runId, ...review }
      );
      return { status: response.status };
    })
  };
}

// app/app-deps.ts
function auditEvent(at, kind, about, data) {
  return {
    at,
    kind,
    repo: about.repo ?? null,
    environment: about.environment ?? null,
    sha: about.sha ?? null,
    actor: about.actor ?? "shipgate",
    data
  };
}
async function appendAuditEvent(store, at, kind, about, data) {
  await store.appendAudit(auditEvent(at, kind, about, data));
}
async function auditRequestError(store, at, request2, stage, error) {
  await appendAuditEvent(
    store,
    at,
    "error",
    { repo: `${request2.owner}/${request2.repo}`, environment: request2.environment, sha: request2.sha },
    { request_id: request2.id, stage, error: describeError(error) }
  );
}
function describeError(error) {
  return error instanceof Error ? error.message : String(error);
}

// app/read-event-repository.ts
var OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
var REPO = /^[A-Za-z0-9._-]{1,100}$/;
function readEventRepository(payload) {
  const owner = payload.repository?.owner?.login;
  const repo = payload.repository?.name;
  const installationId = payload.installation?.id;
  if (typeof owner !== "string" || !OWNER.test(owner)) return null;
  if (typeof repo !== "string" || !REPO.test(repo) || repo === "." || repo === "..") return null;
  if (typeof installationId !== "number" || !Number.isSafeInteger(installationId) || installationId <= 0)
    return null;
  return { owner, repo, installationId };
}

// app/resolve-teams.ts
var TEAM_CACHE_MS = 10 * 6e4;
function listEnvironmentRules(env) {
  const rules = [];
  for (const [tier, requirement] of Object.entries(env.tiers ?? {})) {
    if (!requirement) continue;
    if (requirement.kind === "quorum") rules.push({ label: `tiers.${tier}`, rule: requirement.rule });
    else requirement.rules.forEach((rule, i) => rules.push({ label: `tiers.${tier}.all_of[${i}]`, rule }));
  }
  if (env.rollback && env.rollback.escalate_to.length > 0) {
    rules.push({ label: "rollback.escalate_to", rule: { approvals: 1, from: env.rollback.escalate_to } });
  }
  return rules;
}
async function resolveTeams(port, store, env, now) {
  const entries = /* @__PURE__ */ new Set();
  const rules = listEnvironmentRules(env).map((r) => r.rule);
  if (env.break_glass) rules.push(env.break_glass);
  for (const rule of rules) {
    for (const entry of rule.from ?? []) if (entry.startsWith("team:")) entries.add(entry.slice(5));
  }
  const teams = {};
  const unreadable = [];
  for (const slugPath of entries) {
    const [org, team] = slugPath.split("/");
    if (!org || !team) continue;
    const cached = await store.getTeamMembers({ org, team, now });
    if (cached) {
      teams[slugPath] = cached;
      continue;
    }
    try {
      const members = await port.listTeamMembers(org, team);
      await store.putTeamMembers({
        org,
        team,
        members,
        fetchedAt: now,
        expiresAt: new Date(now.getTime() + TEAM_CACHE_MS)
      });
      teams[slugPath] = members;
    } catch {
      unreadable.push(slugPath);
    }
  }
  return { teams, unreadable };
}
function needsWriteAccess(env) {
  return listEnvironmentRules(env).some((r) => r.rule.from === null && r.rule.approvals > 0) || env.break_glass !== null && env.break_glass.from === null && env.break_glass.approvals > 0;
}
var WRITE = /* @__PURE__ */ new Set(["admin", "maintain", "write"]);
async function checkWriteAccess(port, owner, repo, login) {
  return WRITE.has(await port.getPermission(owner, repo, login));
}

// app/check-signoff-eligibility.ts
function checkSignoffEligibility(env, signoff, ctx) {
  const screened = screenSignoff(signoff, ctx);
  if (screened) return screened;
  if (signoff.kind === "revoke") return null;
  if (signoff.kind === "break_glass") {
    if (!env.break_glass) {
      return `environment '${env.pattern}' has no break_glass rule, so break-glass cannot be used there`;
    }
    const notListed = checkSignerListed(signoff.login, env.break_glass, signoff, ctx);
    if (notListed) return `break-glass: ${notListed}`;
    if (env.break_glass.reason === "required" && !signoff.reason?.trim()) {
      return "break-glass needs a reason (break_glass.reason: required)";
    }
    return null;
  }
  const rules = listEnvironmentRules(env).filter((r) => r.rule.approvals > 0);
  if (rules.length === 0) {
    return `environment '${env.pattern}' requires no sign-off, so none is recorded`;
  }
  const reasons = [];
  for (const { label, rule } of rules) {
    const why = checkSignerListed(signoff.login, rule, signoff, ctx);
    if (why === null) return null;
    reasons.push(`${label}: ${why}`);
  }
  return reasons.join("; ");
}

// src/report/fit-comment.ts
var PROTECTION_COMMENT_LIMIT = 1024;
function fitComment(lines, limit = PROTECTION_COMMENT_LIMIT) {
  const text = lines.join("\n");
  if (text.length <= limit) return text;
  const more = "\n\u2026 (see the shipgate status comment on the pull request for the rest)";
  let kept = "";
  for (const line of lines) {
    const next = kept ? `${kept}
${line}` : line;
    if (next.length + more.length > limit) break;
    kept = next;
  }
  if (!kept) kept = text.slice(0, limit - more.length);
  return `${kept}${more}`;
}

// src/report/render-protection-comment.ts
function oneLine(text) {
  return text.replace(/\s+/g, " ").trim();
}
function renderProtectionComment(verdict) {
  const sha = verdict.sha.slice(0, 7);
  const lines = [];
  if (verdict.mode === "advise" && verdict.evaluated_decision !== "approved") {
    lines.push(
      `shipgate (advise mode) approved ${sha} for ${verdict.environment} (tier ${verdict.tier}), but it would have been ${verdict.evaluated_decision === "pending" ? "held" : "rejected"} because:`
    );
    for (const reason of verdict.reasons.slice(1)) lines.push(`- ${oneLine(reason)}`);
  } else if (verdict.decision === "approved") {
    lines.push(`shipgate approved ${sha} for ${verdict.environment} (tier ${verdict.tier}):`);
    for (const reason of verdict.reasons) lines.push(`- ${oneLine(reason)}`);
  } else if (verdict.decision === "rejected") {
    lines.push(`shipgate rejected ${sha} for ${verdict.environment} (tier ${verdict.tier}):`);
    for (const reason of verdict.reasons) lines.push(`- ${oneLine(reason)}`);
  } else {
    lines.push(`shipgate is holding ${sha} for ${verdict.environment} (tier ${verdict.tier}). Missing:`);
    for (const reason of verdict.reasons) lines.push(`- ${oneLine(reason)}`);
    lines.push(
      `Sign off in the pull request: /shipgate approve ${verdict.environment}, or the Approve button on the check run 'shipgate / ${verdict.environment}'.`
    );
    if (verdict.next_evaluation_at) lines.push(`shipgate looks again at ${verdict.next_evaluation_at}.`);
  }
  return fitComment(lines);
}

// src/github/translate-comparison.ts
var COMPARE_FILE_LIMIT = 300;
var HISTORY_SIGNALS = [
  "kamei.lt",
  "kamei.ndev",
  "kamei.age",
  "kamei.nuc",
  "kamei.exp",
  "kamei.rexp",
  "kamei.sexp"
];
function translateComparison(comparison) {
  const files = comparison.files.map((f) => ({
    path: f.filename,
    ...f.previous_filename ? { oldPath: f.previous_filename } : {},
    added: f.additions,
    deleted: f.deletions,
    // GitHub sends no patch and no line counts for a binary file.
    binary: f.patch === void 0 && f.changes === 0 && f.status !== "removed" && f.status !== "renamed"
  }));
  const kamei = createEmptyKameiVector();
  kamei.nf = files.length;
  kamei.ns = new Set(files.map((f) => getSubsystem(f.path))).size;
  kamei.nd = new Set(files.map((f) => getDirectory(f.path))).size;
  kamei.la = files.reduce((sum, f) => sum + f.added, 0);
  kamei.ld = files.reduce((sum, f) => sum + f.deleted, 0);
  kamei.entropy = computeEntropy(files.map((f) => ({ ...f, removed: false })));
  kamei.fix = comparison.commits.some((c) => isFixMessage(c.message)) ? 1 : 0;
  const missingSignals = [...HISTORY_SIGNALS];
  if (comparison.files.length >= COMPARE_FILE_LIMIT) missingSignals.push("diff.files_truncated");
  return { kamei, files, missingSignals };
}

// src/report/risk-report-markers.ts
import { z } from "zod";
var RISK_REPORT_BEGIN = "<!-- shipgate:risk-report:begin -->";
var RISK_REPORT_END = "<!-- shipgate:risk-report:end -->";
var riskReportSchema = z.object({
  version: z.literal(1),
  sha: z.string().regex(/^[0-9a-f]{40}$/i),
  score: z.number().min(0).max(100),
  tier: z.enum(TIERS),
  probability: z.number().min(0).max(1).optional(),
  confidence: z.enum(["high", "medium", "low"]).optional(),
  recommendation: z.enum(["promote", "review", "hold"]).optional(),
  missing_signals: z.array(z.string()).optional()
}).loose();
function decodeRiskReport(text) {
  if (typeof text !== "string") return null;
  const begin = text.indexOf(RISK_REPORT_BEGIN);
  if (begin < 0) return null;
  const end = text.indexOf(RISK_REPORT_END, begin);
  if (end < 0) return null;
  const inner = text.slice(begin + RISK_REPORT_BEGIN.length, end).trim().replace(/^```(?:json)?\s*/, "").replace(/\s*```$/, "");
  let data;
  try {
    data = JSON.parse(inner);
  } catch {
    return null;
  }
  const parsed = riskReportSchema.safeParse(data);
  return parsed.success ? parsed.data : null;
}

// app/assess-deployment-tier.ts
var RISK_CHECK_NAME = "shipgate / risk";
var TRUSTED_RISK_APP = "github-actions";
async function assessDeploymentTier(input) {
  const { port, owner, repo, sha } = input;
  const current = input.history.find((s) => s.status === "success");
  let base = null;
  let baseSource = "none";
  if (current && current.sha.toLowerCase() !== sha.toLowerCase()) {
    base = current.sha;
    baseSource = "environment";
  } else if (input.pullBaseSha) {
    base = input.pullBaseSha;
    baseSource = "pull_request";
  } else {
    base = await port.getCommitParent(owner, repo, sha);
    baseSource = base ? "parent" : "none";
  }
  const comparison = base ? await port.compareCommits(owner, repo, base, sha) : { status: "identical", ahead_by: 0, behind_by: 0, files: [], commits: [] };
  const features = translateComparison(comparison);
  const own = assessRisk({
    model: input.model,
    kamei: features.kamei,
    diff: computeDiffSignals(features.files),
    config: input.risk,
    missingSignals: features.missingSignals
  });
  const isRollback = baseSource === "environment" && comparison.status === "behind";
  let tier = own.tier;
  let actionReport = null;
  const ignored = [];
  for (const run of await port.listCheckRuns(owner, repo, sha, RISK_CHECK_NAME)) {
    const report = decodeRiskReport(run.output_text);
    if (!report) continue;
    const trusted = run.app_slug === TRUSTED_RISK_APP && run.head_sha.toLowerCase() === sha.toLowerCase() && report.sha.toLowerCase() === sha.toLowerCase();
    if (!trusted) {
      ignored.push({
        check_run_id: run.id,
        app_slug: run.app_slug,
        head_sha: run.head_sha,
        report_sha: report.sha,
        report_tier: report.tier,
        why: run.app_slug !== TRUSTED_RISK_APP ? `created by ${run.app_slug ?? "an unknown app"}, not ${TRUSTED_RISK_APP}` : "made for another commit"
      });
      continue;
    }
    actionReport = { tier: report.tier, score: report.score };
    tier = maxTier(tier, report.tier);
  }
  return {
    tier,
    own,
    base,
    base_source: baseSource,
    is_rollback: isRollback,
    action_report: actionReport,
    ignored_reports: ignored,
    people: [
      ...new Set(
        comparison.commits.flatMap((c) => [c.author_login, c.committer_login]).filter((login) => !!login && login.toLowerCase() !== "web-flow")
      )
    ].sort()
  };
}

// app/compute-backoff.ts
var BACKOFF_BASE_MS = 2e3;
var BACKOFF_CAP_MS = 10 * 6e4;
function computeBackoff(attempts, random, options = {}) {
  const base = options.baseMs ?? BACKOFF_BASE_MS;
  const cap = options.capMs ?? BACKOFF_CAP_MS;
  const ceiling = Math.min(cap, base * 2 ** Math.min(attempts, 30));
  const jittered = Math.round(ceiling / 2 + ceiling / 2 * random());
  return Math.max(jittered, options.retryAfterMs ?? 0);
}

// app/drain-outbox.ts
var OUTBOX_LEASE_MS = 5 * 6e4;
var SEND_CONCURRENCY = 8;
async function drainOutbox(deps, now, limit = 50, hints = {}) {
  const result = { sent: 0, retried: 0, abandoned: 0 };
  const entries = await deps.store.claimOutbox({
    workerId: deps.workerId,
    now,
    leaseMs: OUTBOX_LEASE_MS,
    limit
  });
  const known = new Map((hints.requests ?? []).map((r) => [r.id, r]));
  const ports = /* @__PURE__ */ new Map();
  for (const r of hints.requests ?? [])
    if (hints.port) ports.set(r.installationId, Promise.resolve(hints.port));
  const portFor = (installationId) => {
    let port = ports.get(installationId);
    if (!port) {
      port = deps.portFor(installationId);
      ports.set(installationId, port);
      port.catch(() => ports.delete(installationId));
    }
    return port;
  };
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(SEND_CONCURRENCY, entries.length) }, async () => {
      for (let i = next++; i < entries.length; i = next++) {
        const entry = entries[i];
        const hinted = known.get(entry.requestId);
        const request2 = hinted && hinted.round === entry.round ? hinted : void 0;
        const outcome = await sendOutboxEntry(deps, entry, now, request2, portFor);
        result[outcome] += 1;
      }
    })
  );
  return result;
}
async function sendClaimedOutboxEntry(deps, entry, now, request2, port) {
  return sendOutboxEntry(
    deps,
    entry,
    now,
    request2,
    (installationId) => port && installationId === request2.installationId ? Promise.resolve(port) : deps.portFor(installationId)
  );
}
async function sendOutboxEntry(deps, entry, now, known, portFor) {
  const { store, workerId } = deps;
  const request2 = known ?? await store.getRequest(entry.requestId);
  if (!request2) {
    await store.abandonOutbox(entry.id, workerId, { at: now, error: "request not found", answer: null });
    return "abandoned";
  }
  const about = {
    repo: `${request2.owner}/${request2.repo}`,
    environment: request2.environment,
    sha: request2.sha
  };
  const body = entry.body;
  const call2 = `POST /repos/${request2.owner}/${request2.repo}/actions/runs/${request2.runId}/deployment_protection_rule`;
  let port = null;
  try {
    port = await portFor(request2.installationId);
    const answer = await port.reviewProtectionRule(request2.owner, request2.repo, request2.runId, body);
    await store.completeOutbox(entry.id, workerId, now, { status: answer.status });
    await appendAuditEvent(store, now, "github_call", about, {
      call: call2,
      request_id: request2.id,
      outbox_id: entry.id,
      state: body.state ?? null,
      attempt: entry.attempts + 1,
      status: answer.status
    });
    await concludeCheckRun(
      deps,
      port,
      request2,
      body.state === "rejected" ? "failure" : "success",
      `${body.state === "rejected" ? "Rejected" : "Approved"} for ${request2.environment}`,
      body.comment,
      now
    );
    return "sent";
  } catch (error) {
    const status = error instanceof GitHubCallError ? error.status : 0;
    const transient = error instanceof GitHubCallError ? error.transient : true;
    const message = describeError(error);
    const callData = {
      call: call2,
      request_id: request2.id,
      outbox_id: entry.id,
      state: body.state ?? null,
      attempt: entry.attempts + 1,
      status,
      error: message
    };
    if (transient) {
      const delay = computeBackoff(entry.attempts, deps.random ?? Math.random, {
        retryAfterMs: error instanceof GitHubCallError ? error.retryAfterMs : null
      });
      const nextAttemptAt = new Date(now.getTime() + delay);
      await store.transaction(async (tx) => {
        await tx.retryOutbox(entry.id, workerId, { nextAttemptAt, error: message });
        await appendAuditEvent(tx, now, "github_call", about, {
          ...callData,
          outcome: "retry",
          retry_at: nextAttemptAt.toISOString()
        });
      });
      deps.log.warn(`shipgate: ${message}; retrying at ${nextAttemptAt.toISOString()}`);
      return "retried";
    }
    if (status === 422 && entry.attempts > 0) {
      await store.transaction(async (tx) => {
        await tx.completeOutbox(entry.id, workerId, now, { status, note: "already answered" });
        await appendAuditEvent(tx, now, "github_call", about, { ...callData, outcome: "already_answered" });
      });
      return "sent";
    }
    await store.transaction(async (tx) => {
      await tx.abandonOutbox(entry.id, workerId, { at: now, error: message, answer: { status } });
      await tx.failRequest(request2.id, message, now);
      await appendAuditEvent(tx, now, "error", about, { ...callData, outcome: "abandoned" });
    });
    deps.log.error(`shipgate: gave up on a decision: ${message}`);
    await tellPullRequests(deps, request2, body, status, now);
    await concludeCheckRun(
      deps,
      port,
      request2,
      "failure",
      `shipgate's answer was not delivered to ${request2.environment}`,
      `GitHub refused shipgate's answer (${status || "an error"}): the run is gone or no longer waiting. Re-run the deployment job.`,
      now
    );
    return "abandoned";
  }
}
async function tellPullRequests(deps, request2, body, status, now) {
  if (request2.pullNumbers.length === 0) return;
  const text = `shipgate decided to ${body.state === "rejected" ? "reject" : "approve"} the deployment of \`${request2.sha.slice(0, 7)}\` (workflow run ${request2.runId}), but GitHub refused the answer with ${status || "an error"}: the run is gone or no longer waiting. Nothing was deployed by shipgate. Re-run the deployment job to ask again.`;
  try {
    const port = await deps.portFor(request2.installationId);
    for (const number of request2.pullNumbers)
      await port.createComment(request2.owner, request2.repo, number, text);
  } catch (error) {
    await appendAuditEvent(
      deps.store,
      now,
      "error",
      { repo: `${request2.owner}/${request2.repo}`, environment: request2.environment, sha: request2.sha },
      { stage: "report_failure", error: describeError(error) }
    );
  }
}
async function concludeCheckRun(deps, known, request2, conclusion, title, summary, now) {
  try {
    const port = known ?? await deps.portFor(request2.installationId);
    await port.createCheckRun(request2.owner, request2.repo, {
      name: `shipgate / ${request2.environment}`,
      head_sha: request2.sha,
      conclusion,
      title,
      summary,
      actions: [],
      completed_at: now.toISOString()
    });
  } catch (error) {
    await auditRequestError(deps.store, now, request2, "check_run", error);
  }
}

// app/load-policy.ts
import { parseDocument } from "yaml";

// src/policy/parse-extends.ts
var DEFAULT_POLICY_PATH = ".github/shipgate.yml";
function parseExtends(value, currentOwner) {
  const match = /^(?:([A-Za-z0-9][A-Za-z0-9-]*)\/)?([A-Za-z0-9._-]+)(?::(.+))?$/.exec(value.trim());
  if (!match) {
    return {
      error: `_extends: '${value}' is not a repository reference; write .github, owner/repo, or owner/repo:path/to/policy.yml`
    };
  }
  const [, owner, repo, path2] = match;
  if (path2 !== void 0 && (path2.startsWith("/") || path2.split("/").includes(".."))) {
    return { error: `_extends: path '${path2}' must be relative to the repository root, without '..'` };
  }
  return { owner: owner ?? currentOwner, repo, path: path2 ?? DEFAULT_POLICY_PATH };
}

// app/load-policy.ts
var PolicyLoadError = class extends Error {
  constructor(message, problems = []) {
    super(message);
    this.problems = problems;
  }
  problems;
  name = "PolicyLoadError";
};
function formatPolicyProblems(problems, max = 3) {
  const shown = problems.slice(0, max).map((p) => `${p.file}:${p.line}:${p.column}: ${p.key ? `${p.key}: ` : ""}${p.message}`);
  const more = problems.length > max ? ` (and ${problems.length - max} more)` : "";
  return shown.join("; ") + more;
}
async function loadPolicy(port, owner, repo) {
  const repoText = await port.readFile(owner, repo, DEFAULT_POLICY_PATH);
  if (repoText === null) {
    const orgText = repo === ".github" ? null : await port.readFile(owner, ".github", DEFAULT_POLICY_PATH);
    if (orgText === null) {
      throw new PolicyLoadError(
        `no policy found: neither ${owner}/${repo} nor ${owner}/.github has ${DEFAULT_POLICY_PATH} on its default branch; add one (see docs/app.md)`
      );
    }
    return parseOrThrow(orgText, `${owner}/.github:${DEFAULT_POLICY_PATH}`);
  }
  const file = DEFAULT_POLICY_PATH;
  const extendsValue = readExtends(repoText);
  if (extendsValue === void 0) return parseOrThrow(repoText, file);
  const target = parseExtends(extendsValue, owner);
  if ("error" in target) throw new PolicyLoadError(`${file}: ${target.error}`);
  const baseText = await port.readFile(target.owner, target.repo, target.path);
  if (baseText === null) {
    throw new PolicyLoadError(
      `${file}: _extends names ${target.owner}/${target.repo}:${target.path}, which does not exist on its default branch or cannot be read by the App; fix _extends or install the App there`
    );
  }
  return parseOrThrow(repoText, file, {
    text: baseText,
    file: `${target.owner}/${target.repo}:${target.path}`
  });
}
var MAX_CACHED_TEXT = 256 * 1024;
var MAX_CACHED_POLICIES = 256;
var parsedPolicies = /* @__PURE__ */ new Map();
var extendsValues = /* @__PURE__ */ new Map();
function remember(cache, key, compute) {
  const hit = cache.get(key);
  if (hit !== void 0 || cache.has(key)) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const value = compute();
  if (key.length <= MAX_CACHED_TEXT * 2) {
    cache.set(key, value);
    if (cache.size > MAX_CACHED_POLICIES) cache.delete(cache.keys().next().value);
  }
  return value;
}
function readExtends(text) {
  return remember(extendsValues, text, () => {
    try {
      const doc = parseDocument(text);
      const value = doc.errors.length === 0 ? doc.get("_extends") : void 0;
      return typeof value === "string" ? value : void 0;
    } catch {
      return void 0;
    }
  });
}
function parseOrThrow(text, file, base) {
  const key = JSON.stringify([file, text, base?.file ?? null, base?.text ?? null]);
  const parsed = remember(parsedPolicies, key, () => parsePolicy(text, file, base));
  if (!parsed.ok) {
    throw new PolicyLoadError(
      `the policy is invalid: ${formatPolicyProblems(parsed.problems)}; fix it on the default branch`,
      parsed.problems
    );
  }
  return parsed.policy;
}

// app/load-pull-facts.ts
var WEB_FLOW = "web-flow";
async function loadPullFacts(port, owner, repo, number) {
  const pull = await port.getPullRequest(owner, repo, number);
  const commits = await port.listPullRequestCommits(owner, repo, number);
  const people = /* @__PURE__ */ new Set();
  for (const c of commits) {
    for (const login of [c.author_login, c.committer_login]) {
      if (login && login.toLowerCase() !== WEB_FLOW) people.add(login);
    }
  }
  return { pull, author: pull.author, committers: [...people].sort() };
}

// src/report/escape-markdown.ts
function escapeMarkdown(text, maxLength = 300) {
  const oneLine2 = text.replace(/[\r\n\t\u2028\u2029]+/g, " ").replace(/[\u0000-\u001f\u007f]/g, "");
  const cut = oneLine2.length > maxLength ? `${oneLine2.slice(0, maxLength - 1)}\u2026` : oneLine2;
  return cut.replace(/[\\`*_{}[\]()<>#|~@!&]/g, (c) => `&#${c.charCodeAt(0)};`);
}

// src/report/render-verdict-markdown.ts
var HEADLINE = {
  approved: "\u2705 Approved",
  pending: "\u23F3 Held",
  rejected: "\u26D4 Rejected"
};
function renderVerdictMarkdown(verdict) {
  const e = (text) => escapeMarkdown(text, 600);
  const lines = [];
  const advise = verdict.mode === "advise" && verdict.evaluated_decision !== "approved" ? ` (advise mode: would have been ${verdict.evaluated_decision === "pending" ? "held" : "rejected"})` : verdict.mode === "advise" ? " (advise mode)" : "";
  lines.push(
    `**${HEADLINE[verdict.decision]}${advise}**: deploy \`${verdict.sha.slice(0, 7)}\` to **${e(verdict.environment)}**, risk tier **${verdict.tier}**`
  );
  lines.push("");
  for (const reason of verdict.reasons) lines.push(`- ${e(reason)}`);
  if (verdict.requirements.length > 0) {
    lines.push("", "| requirement | have | from | signed by |", "| --- | --- | --- | --- |");
    for (const r of verdict.requirements) {
      const from = r.from === null ? "anyone with write access" : r.from.map(e).join(", ");
      lines.push(
        `| ${r.satisfied ? "\u2611" : "\u2610"} ${e(r.label)} | ${r.have} of ${r.approvals} | ${from} | ${r.signers.map(e).join(", ") || "\u2014"} |`
      );
    }
    const refused = verdict.requirements.flatMap((r) => r.refused);
    if (refused.length > 0) {
      lines.push("", "Not counted:");
      for (const r of refused) lines.push(`- ${e(r.login)}: ${e(r.reason)}`);
    }
  }
  if (verdict.rollback.is_rollback) {
    lines.push(
      "",
      verdict.rollback.tripped.length > 0 ? `Rollback guardrails tripped: ${verdict.rollback.tripped.map((t) => e(t.rule)).join(", ")}` : "This is a rollback; no guardrail tripped."
    );
  }
  if (verdict.next_evaluation_at) lines.push("", `shipgate looks again at ${verdict.next_evaluation_at}.`);
  return lines.join("\n");
}

// src/report/render-status-comment.ts
function statusCommentMarker(environment) {
  return `<!-- shipgate:status environment=${encodeURIComponent(environment)} -->`;
}
var REFUSED = {
  approve: "approval",
  reject: "rejection",
  break_glass: "break-glass",
  revoke: "revoke"
};
var KIND = {
  approve: "approved",
  reject: "rejected",
  break_glass: "broke the glass",
  revoke: "revoked their sign-off"
};
function renderStatusComment(input) {
  const env = escapeMarkdown(input.environment);
  const sha = input.sha.slice(0, 7);
  const lines = [statusCommentMarker(input.environment), `### shipgate \xB7 ${env}`, ""];
  if (input.stale) {
    lines.push(
      `\u26A0\uFE0F New commits were pushed (\`${input.stale.after.slice(0, 7)}\`). Sign-offs given for \`${input.stale.before.slice(0, 7)}\` are stale and no longer count: sign off again on the new commit (\`/shipgate approve ${env}\`).`,
      ""
    );
  }
  if (input.problem) {
    lines.push(
      `\u26D4 shipgate could not evaluate this deployment and approves nothing: ${escapeMarkdown(input.problem, 800)}`,
      ""
    );
  }
  if (input.verdict) {
    lines.push(renderVerdictMarkdown(input.verdict), "");
  } else if (!input.problem) {
    lines.push(
      input.waiting ? `A deployment of \`${sha}\` to **${env}** is waiting for sign-off.` : `No deployment of \`${sha}\` to **${env}** is waiting for shipgate yet.`,
      ""
    );
  }
  lines.push(`**Sign-offs for \`${sha}\`**`);
  if (input.signoffs.length === 0) lines.push("", "None yet.");
  else lines.push("");
  for (const s of input.signoffs) {
    const via = s.source === "check_run" ? "check run button" : "comment";
    if (s.accepted) {
      lines.push(`- \u2714 ${escapeMarkdown(s.login)} ${KIND[s.kind]} (${via}, ${s.at.toISOString()})`);
    } else {
      lines.push(
        `- \u2718 ${escapeMarkdown(s.login)}: ${REFUSED[s.kind]} refused (${via}, ${s.at.toISOString()}): ${escapeMarkdown(s.refusalReason ?? "refused", 400)}`
      );
    }
  }
  lines.push(
    "",
    `<sub>Sign off with \`/shipgate approve ${env}\`, \`/shipgate reject ${env} <reason>\`, \`/shipgate revoke ${env}\` or \`/shipgate break-glass ${env} <reason>\`, or with the buttons on the check run \`shipgate / ${env}\`.</sub>`
  );
  return lines.join("\n");
}

// app/update-status-comment.ts
async function updateStatusComment(port, store, target, now) {
  const { owner, repo, pullNumber, environment, sha } = target;
  const signoffs = target.signoffs ?? await store.listSignOffs({ owner, repo, sha, environment });
  const body = renderStatusComment({
    environment,
    sha,
    verdict: target.verdict,
    signoffs,
    stale: target.stale ?? null,
    problem: target.problem ?? null,
    waiting: target.waiting ?? false
  });
  const key = { owner, repo, pullNumber, environment };
  const existing = await store.getStatusComment(key);
  if (existing !== void 0) {
    await port.updateComment(owner, repo, existing, body);
    return existing;
  }
  const id = await port.createComment(owner, repo, pullNumber, body);
  await store.setStatusComment(key, id, now);
  return id;
}

// app/evaluate-request.ts
var REQUEST_LIMIT_MS = 29 * 24 * 36e5;
var STATUS_REPORT_LIMIT = 10;
var ERROR_RETRY_BASE_MS = 6e4;
var ERROR_RETRY_CAP_MS = 36e5;
async function gatherAndEvaluate(deps, port, request2, now) {
  const { store } = deps;
  const { owner, repo } = request2;
  const pullNumber = request2.pullNumbers[0];
  const policy = await loadPolicy(port, owner, repo);
  const env = findEnvironmentPolicy(policy, request2.environment);
  const [people, history, teams] = await settleInOrder([
    pullNumber !== void 0 ? loadPullFacts(port, owner, repo, pullNumber) : null,
    store.listDeploymentStatuses({ owner, repo, environment: request2.environment, limit: 100 }),
    env ? resolveTeams(port, store, env, now).then((r) => r.teams) : {}
  ]);
  const assessment = await assessDeploymentTier({
    port,
    model: deps.model,
    risk: policy.risk,
    owner,
    repo,
    sha: request2.sha,
    history,
    pullBaseSha: people?.pull.base_sha ?? null
  });
  const stored = await store.listSignOffs({
    owner,
    repo,
    sha: request2.sha,
    environment: request2.environment
  });
  const signoffs = stored.filter((s) => s.accepted).map((s) => ({
    login: s.login,
    // A stored sign-off exists now, even when another replica's clock (or a later delivery)
    // dated it a few milliseconds past this evaluation's `now`: count it as given now.
    at: s.at.getTime() > now.getTime() ? now : s.at,
    kind: s.kind,
    sha: s.sha,
    ...s.reason ? { reason: s.reason } : {}
  }));
  if (env && needsWriteAccess(env)) await checkSignersWriteAccess(port, owner, repo, signoffs);
  const committers = people?.committers ?? assessment.people;
  const facts = {
    environment: request2.environment,
    tier: assessment.tier,
    sha: request2.sha,
    author: people?.author ?? null,
    committers,
    signoffs,
    teams,
    rollback: {
      is_rollback: assessment.is_rollback,
      history: history.filter((h) => h.status === "success").map((h) => ({ sha: h.sha, at: h.at, kind: h.isRollback ? "rollback" : "deploy" }))
    }
  };
  return { verdict: evaluatePolicy(policy, facts, now), assessment, stored };
}
async function settleInOrder(work) {
  const settled = await Promise.allSettled(work);
  for (const result of settled) if (result.status === "rejected") throw result.reason;
  return settled.map((r) => r.value);
}
async function checkSignersWriteAccess(port, owner, repo, signoffs) {
  const logins = [...new Set(signoffs.map((s) => s.login))];
  const access = new Map(
    await Promise.all(
      logins.map(async (login) => [login, await checkWriteAccess(port, owner, repo, login)])
    )
  );
  for (const s of signoffs) s.can_write = access.get(s.login);
}
async function evaluateRequest(deps, request2, now, options) {
  const { store } = deps;
  if (request2.state !== "pending") return { kind: "skipped" };
  const about = {
    repo: `${request2.owner}/${request2.repo}`,
    environment: request2.environment,
    sha: request2.sha
  };
  const deadline = new Date(request2.createdAt.getTime() + REQUEST_LIMIT_MS);
  let port = null;
  let evaluated;
  try {
    port = await deps.portFor(request2.installationId);
    evaluated = await gatherAndEvaluate(deps, port, request2, now);
  } catch (error) {
    return failClosed(deps, port, request2, now, error, options, deadline);
  }
  const { verdict, assessment, stored } = evaluated;
  const verdictEvents = [
    {
      kind: "verdict",
      data: {
        request_id: request2.id,
        trigger: options.trigger,
        decision: verdict.decision,
        evaluated_decision: verdict.evaluated_decision,
        mode: verdict.mode,
        tier: verdict.tier,
        own_tier: assessment.own.tier,
        own_score: assessment.own.score,
        confidence: assessment.own.confidence,
        base: assessment.base,
        base_source: assessment.base_source,
        action_report_tier: assessment.action_report?.tier ?? null,
        is_rollback: verdict.rollback.is_rollback,
        rollback_tripped: verdict.rollback.tripped.map((t) => t.rule),
        reasons: verdict.reasons,
        next_evaluation_at: verdict.next_evaluation_at
      }
    },
    ...assessment.ignored_reports.map((ignored) => ({
      kind: "risk_report_ignored",
      data: { request_id: request2.id, ...ignored }
    }))
  ];
  if (verdict.decision === "pending" && now.getTime() >= deadline.getTime()) {
    const comment = fitComment([
      `shipgate rejected ${request2.sha.slice(0, 7)} for ${request2.environment}: it has waited since ${request2.createdAt.toISOString()}, and GitHub fails a deployment left waiting 30 days. Still missing:`,
      ...verdict.reasons.map((r) => `- ${r}`),
      "Re-run the deployment job once the sign-offs are given."
    ]);
    await decide(deps, port, request2, "rejected", comment, now, about, verdictEvents, verdict, stored);
    return { kind: "decided", state: "rejected", verdict };
  }
  if (verdict.decision !== "pending") {
    const comment = renderProtectionComment(verdict);
    await decide(deps, port, request2, verdict.decision, comment, now, about, verdictEvents, verdict, stored);
    return { kind: "decided", state: verdict.decision, verdict };
  }
  for (const event of verdictEvents) await appendAuditEvent(store, now, event.kind, about, event.data);
  await postStatusReport(deps, port, request2, renderProtectionComment(verdict), now, about);
  const wake = verdict.next_evaluation_at ? new Date(verdict.next_evaluation_at) : null;
  const next = wake && wake.getTime() < deadline.getTime() ? wake : deadline;
  await schedule(deps, request2, options, { nextEvaluationAt: next, at: now, lastError: null });
  await refreshComments(deps, port, request2, verdict, null, now, stored);
  return { kind: "pending", verdict };
}
async function decide(deps, port, request2, state, comment, now, about, before, verdict, stored) {
  const call2 = { environment_name: request2.environment, state, comment };
  const toEvent = (entry) => auditEvent(now, entry.kind, about, entry.data);
  const result = await deps.store.decideRequest({
    requestId: request2.id,
    state,
    comment,
    decidedAt: now,
    call: call2,
    claim: { workerId: deps.workerId, leaseMs: OUTBOX_LEASE_MS },
    audit: ({ request: decided, outbox }) => [
      ...before.map(toEvent),
      toEvent({
        kind: "decision",
        data: {
          request_id: request2.id,
          round: decided.round,
          state,
          comment,
          outbox_id: outbox.id
        }
      })
    ]
  });
  if (result.decided) {
    await sendClaimedOutboxEntry(deps, result.outbox, now, result.request, port);
  } else {
    for (const event of before) await appendAuditEvent(deps.store, now, event.kind, about, event.data);
  }
  if (verdict) await refreshComments(deps, port, request2, verdict, null, now, stored);
}
async function postStatusReport(deps, port, request2, comment, now, about) {
  const slot = await deps.store.takeStatusReportSlot(request2.id, STATUS_REPORT_LIMIT);
  if (slot === void 0) {
    await appendAuditEvent(deps.store, now, "status_report", about, {
      request_id: request2.id,
      posted: false,
      why: `all ${STATUS_REPORT_LIMIT} status reports for this deployment are used; the pull request's status comment carries the rest`
    });
    return;
  }
  try {
    const answer = await port.reviewProtectionRule(request2.owner, request2.repo, request2.runId, {
      environment_name: request2.environment,
      comment
    });
    await appendAuditEvent(deps.store, now, "status_report", about, {
      request_id: request2.id,
      posted: true,
      slot,
      status: answer.status,
      comment
    });
  } catch (error) {
    await appendAuditEvent(deps.store, now, "status_report", about, {
      request_id: request2.id,
      posted: false,
      slot,
      status: error instanceof GitHubCallError ? error.status : 0,
      error: describeError(error)
    });
  }
}
async function schedule(deps, request2, options, update) {
  if (options.claimed) await deps.store.releaseRequest(request2.id, deps.workerId, update);
  else await deps.store.rescheduleRequest(request2.id, update);
}
async function refreshComments(deps, port, request2, verdict, problem, now, signoffs) {
  if (!port) return;
  for (const pullNumber of request2.pullNumbers) {
    try {
      await updateStatusComment(
        port,
        deps.store,
        {
          owner: request2.owner,
          repo: request2.repo,
          pullNumber,
          environment: request2.environment,
          sha: request2.sha,
          verdict,
          problem,
          signoffs
        },
        now
      );
    } catch (error) {
      await auditRequestError(deps.store, now, request2, "status_comment", error);
    }
  }
}
async function failClosed(deps, port, request2, now, error, options, deadline) {
  const about = {
    repo: `${request2.owner}/${request2.repo}`,
    environment: request2.environment,
    sha: request2.sha
  };
  const message = describeError(error);
  await appendAuditEvent(deps.store, now, "error", about, {
    request_id: request2.id,
    stage: "evaluate",
    trigger: options.trigger,
    error: message,
    kind: error instanceof Error ? error.name : "unknown",
    status: error instanceof GitHubCallError ? error.status : null
  });
  deps.log.warn(`shipgate: holding ${about.repo} ${request2.environment} ${request2.sha}: ${message}`);
  if (now.getTime() >= deadline.getTime()) {
    const comment = fitComment([
      `shipgate rejected ${request2.sha.slice(0, 7)} for ${request2.environment}: it has waited since ${request2.createdAt.toISOString()} and could not be evaluated (${message}); GitHub fails a deployment left waiting 30 days.`,
      "Fix the problem and re-run the deployment job."
    ]);
    await decide(deps, port, request2, "rejected", comment, now, about, [], null);
    return { kind: "decided", state: "rejected", verdict: null };
  }
  const delay = computeBackoff(request2.attempts, deps.random ?? Math.random, {
    baseMs: ERROR_RETRY_BASE_MS,
    capMs: ERROR_RETRY_CAP_MS
  });
  const retryAt = new Date(Math.min(now.getTime() + delay, deadline.getTime()));
  if (port) {
    const comment = fitComment([
      `shipgate is holding ${request2.sha.slice(0, 7)} for ${request2.environment} and approves nothing until it can evaluate it: ${message}`,
      `It tries again at ${retryAt.toISOString()}.`
    ]);
    await postStatusReport(deps, port, request2, comment, now, about);
  }
  await schedule(deps, request2, options, {
    nextEvaluationAt: retryAt,
    at: now,
    lastError: message,
    countAttempt: true
  });
  await refreshComments(deps, port, request2, null, message, now);
  return { kind: "error", message, retryAt };
}

// app/record-signoff.ts
async function recordSignoff(deps, input, now) {
  const { store } = deps;
  const { owner, repo, environment } = input;
  const port = await deps.portFor(input.installationId);
  let people = null;
  let refusal = null;
  try {
    people = input.pullNumber !== null ? await loadPullFacts(port, owner, repo, input.pullNumber) : null;
  } catch (error) {
    refusal = `GitHub could not be asked about the pull request (${describeError(error)}), so the sign-off cannot be checked; sign off again in a minute`;
  }
  const sha = (input.sha ?? people?.pull.head_sha ?? "").toLowerCase();
  if (refusal === null) {
    try {
      refusal = await findRefusal(deps, port, input, people, sha, now);
    } catch (error) {
      refusal = `the sign-off could not be checked (${describeError(error)}); sign off again in a minute`;
    }
  }
  const signoff = {
    owner,
    repo,
    sha,
    environment,
    login: input.login,
    kind: input.kind,
    reason: input.reason,
    at: now,
    source: input.source,
    accepted: refusal === null,
    refusalReason: refusal,
    pullNumber: input.pullNumber
  };
  const stored = await store.transaction(async (tx) => {
    if (!await tx.recordDelivery(input.deliveryId, input.event, now)) return false;
    const saved = sha ? await tx.appendSignOff(signoff) : null;
    await appendAuditEvent(
      tx,
      now,
      refusal === null ? "signoff_accepted" : "signoff_refused",
      { repo: `${owner}/${repo}`, environment, sha, actor: input.login },
      {
        signoff_id: saved?.id ?? null,
        kind: input.kind,
        source: input.source,
        pull_number: input.pullNumber,
        reason: input.reason,
        refusal
      }
    );
    return true;
  });
  if (!stored) return { status: "duplicate" };
  if (input.commentId !== null) {
    try {
      await port.addReaction(owner, repo, input.commentId, refusal === null ? "+1" : "-1");
    } catch (error) {
      await appendAuditEvent(
        store,
        now,
        "error",
        { repo: `${owner}/${repo}`, environment, sha },
        {
          stage: "reaction",
          error: describeError(error)
        }
      );
    }
  }
  const pending = sha ? await store.listPendingRequests({ owner, repo, sha, environment }) : [];
  const evaluations = [];
  if (refusal === null) {
    for (const request2 of pending) {
      evaluations.push(await evaluateRequest(deps, request2, now, { trigger: `signoff:${input.kind}` }));
    }
  }
  const covered = refusal === null && pending.some((r) => input.pullNumber !== null && r.pullNumbers.includes(input.pullNumber));
  if (input.pullNumber !== null && sha && !covered) {
    const last = evaluations.at(-1);
    await updateStatusComment(
      port,
      store,
      {
        owner,
        repo,
        pullNumber: input.pullNumber,
        environment,
        sha,
        verdict: last && "verdict" in last ? last.verdict : null,
        waiting: pending.length > 0 && evaluations.length === 0
      },
      now
    );
  }
  return { status: "recorded", accepted: refusal === null, refusal, sha, evaluations };
}
async function findRefusal(deps, port, input, people, sha, now) {
  if (input.isBot) return "bots cannot sign off";
  if (!people || !sha) {
    return "the sign-off is not linked to a pull request, so its author and committers cannot be checked; sign off with a comment in the pull request";
  }
  let policy;
  try {
    policy = await loadPolicy(port, input.owner, input.repo);
  } catch (error) {
    return `the policy could not be read, so no sign-off can be checked: ${describeError(error)}; sign off again once it is fixed`;
  }
  const env = findEnvironmentPolicy(policy, input.environment);
  if (!env) {
    return `no policy covers environment '${input.environment}': check the name, or add it under environments: in .github/shipgate.yml`;
  }
  const { teams } = await resolveTeams(port, deps.store, env, now);
  const signoff = {
    login: input.login,
    at: now,
    kind: input.kind,
    sha,
    ...input.reason ? { reason: input.reason } : {},
    is_bot: input.isBot
  };
  if (needsWriteAccess(env))
    signoff.can_write = await checkWriteAccess(port, input.owner, input.repo, input.login);
  const ctx = {
    sha,
    author: people.author,
    committers: people.committers,
    allow_author: env.signoff.allow_author,
    expires_after_ms: env.signoff.expires_after_ms,
    teams,
    now
  };
  return checkSignoffEligibility(env, signoff, ctx);
}

// app/validate-environment-name.ts
function isEnvironmentName(value) {
  return typeof value === "string" && value.length > 0 && value.length <= 255 && /^[A-Za-z0-9](?:[A-Za-z0-9._ -]*[A-Za-z0-9._-])?$/.test(value) && !value.includes("..");
}

// app/validate-login.ts
function isGitHubLogin(value) {
  return typeof value === "string" && /^[A-Za-z0-9](?:[A-Za-z0-9_-]{0,99})(?:\[bot\])?$/.test(value);
}

// app/handle-check-run-action.ts
var CHECK_NAME = /^shipgate \/ (.+)$/;
async function handleCheckRunAction(deps, payload, deliveryId, now) {
  const name = payload.check_run?.name;
  const match = typeof name === "string" ? CHECK_NAME.exec(name) : null;
  const environment = match?.[1];
  if (!isEnvironmentName(environment) || environment === "risk") {
    return { status: "ignored", why: "not a shipgate sign-off check run" };
  }
  const identifier = payload.requested_action?.identifier;
  if (identifier !== "approve" && identifier !== "reject")
    return { status: "ignored", why: "unknown action" };
  const where = readEventRepository(payload);
  const owner = where?.owner;
  const repo = where?.repo;
  const installationId = where?.installationId;
  const sha = payload.check_run?.head_sha;
  const login = payload.sender?.login;
  if (typeof owner !== "string" || typeof repo !== "string" || typeof installationId !== "number" || typeof sha !== "string" || !/^[0-9a-f]{40}$/i.test(sha) || !isGitHubLogin(login)) {
    return { status: "ignored", why: "the event lacks fields shipgate needs" };
  }
  const pulls = Array.isArray(payload.check_run?.pull_requests) ? payload.check_run.pull_requests : [];
  const first = pulls[0]?.number;
  return recordSignoff(
    deps,
    {
      installationId,
      owner,
      repo,
      pullNumber: typeof first === "number" && Number.isSafeInteger(first) && first > 0 ? first : null,
      sha,
      login,
      isBot: payload.sender?.type === "Bot" || login.toLowerCase().endsWith("[bot]"),
      kind: identifier,
      environment,
      reason: identifier === "reject" ? "rejected with the Reject button on the check run" : null,
      source: "check_run",
      deliveryId,
      event: "check_run.requested_action",
      commentId: null
    },
    now
  );
}

// app/handle-deployment-status.ts
var STATES = /* @__PURE__ */ new Set(["success", "failure", "error", "inactive", "in_progress", "queued", "pending"]);
async function handleDeploymentStatus(deps, payload, deliveryId, now) {
  const where = readEventRepository(payload);
  const owner = where?.owner;
  const repo = where?.repo;
  const installationId = where?.installationId;
  const deploymentId = payload.deployment?.id;
  const sha = payload.deployment?.sha;
  const state = payload.deployment_status?.state;
  const environment = payload.deployment_status?.environment ?? payload.deployment?.environment;
  if (typeof owner !== "string" || typeof repo !== "string" || typeof installationId !== "number" || typeof deploymentId !== "number" || !Number.isSafeInteger(deploymentId) || deploymentId <= 0 || typeof sha !== "string" || !/^[0-9a-f]{40}$/i.test(sha) || typeof state !== "string" || !STATES.has(state) || !isEnvironmentName(environment)) {
    return { status: "ignored" };
  }
  const createdAt = typeof payload.deployment_status?.created_at === "string" ? new Date(payload.deployment_status.created_at) : now;
  const at = Number.isNaN(createdAt.getTime()) ? now : createdAt;
  const history = await deps.store.listDeploymentStatuses({ owner, repo, environment, limit: 100 });
  let isRollback = history.some((h) => h.deploymentId === deploymentId && h.isRollback);
  let comparedWith = null;
  if (state === "success") {
    const current = history.find((h) => h.status === "success" && h.deploymentId !== deploymentId);
    if (current && current.sha.toLowerCase() !== sha.toLowerCase()) {
      const port = await deps.portFor(installationId);
      const comparison = await port.compareCommits(owner, repo, current.sha, sha);
      isRollback = comparison.status === "behind";
      comparedWith = current.sha;
    }
  }
  const record = await deps.store.transaction(async (tx) => {
    if (!await tx.recordDelivery(deliveryId, "deployment_status.created", now)) return null;
    const saved = await tx.recordDeploymentStatus({
      owner,
      repo,
      environment,
      deploymentId,
      sha: sha.toLowerCase(),
      status: state,
      at,
      isRollback
    });
    await appendAuditEvent(
      tx,
      now,
      "deployment_status",
      { repo: `${owner}/${repo}`, environment, sha: sha.toLowerCase() },
      {
        deployment_id: deploymentId,
        state,
        is_rollback: isRollback,
        compared_with: comparedWith
      }
    );
    return saved;
  });
  return record ? { status: "recorded", record } : { status: "duplicate" };
}

// src/github/parse-callback-url.ts
function parseCallbackUrl(url, owner, repo) {
  if (typeof url !== "string" || url.length > 2048) {
    return { error: "the event has no deployment_callback_url, so the run cannot be answered" };
  }
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return { error: "deployment_callback_url is not a URL" };
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    return { error: "deployment_callback_url is not an http(s) URL" };
  }
  const match = /^(?:\/api\/v3)?\/repos\/([^/]+)\/([^/]+)\/actions\/runs\/(\d{1,18})\/deployment_protection_rule\/?$/.exec(
    parsed.pathname
  );
  if (!match) {
    return {
      error: "deployment_callback_url does not end in /repos/{owner}/{repo}/actions/runs/{run_id}/deployment_protection_rule"
    };
  }
  const [, urlOwner, urlRepo, id] = match;
  if (decodeURIComponent(urlOwner).toLowerCase() !== owner.toLowerCase() || decodeURIComponent(urlRepo).toLowerCase() !== repo.toLowerCase()) {
    return { error: `deployment_callback_url names another repository than ${owner}/${repo}` };
  }
  const runId = Number(id);
  if (!Number.isSafeInteger(runId) || runId <= 0)
    return { error: "deployment_callback_url has no valid run id" };
  return { runId };
}

// app/handle-protection-request.ts
var FIRST_LOOK_GRACE_MS = 2 * 6e4;
var SHA = /^[0-9a-f]{40}$/i;
var MAX_PULL_NUMBER = 2147483647;
function readPullNumbers(value) {
  if (!Array.isArray(value)) return [];
  const numbers = /* @__PURE__ */ new Set();
  for (const pr of value.slice(0, 20)) {
    const n = pr?.number;
    if (typeof n === "number" && Number.isSafeInteger(n) && n > 0 && n <= MAX_PULL_NUMBER) numbers.add(n);
  }
  return [...numbers];
}
async function handleProtectionRequest(deps, payload, deliveryId, now) {
  deps = reusePorts(deps);
  const where = readEventRepository(payload);
  if (!where) return ignore(deps, "the event names no repository or installation");
  const { owner, repo, installationId } = where;
  if (!isEnvironmentName(payload.environment)) {
    return ignore(
      deps,
      `the event's environment is missing or not a valid environment name (${owner}/${repo})`
    );
  }
  const environment = payload.environment;
  const callback = parseCallbackUrl(payload.deployment_callback_url, owner, repo);
  if ("error" in callback) return ignore(deps, `${owner}/${repo}: ${callback.error}`);
  let port = null;
  let sha = payload.deployment?.sha;
  if (typeof sha !== "string" || !SHA.test(sha)) {
    try {
      port = await deps.portFor(installationId);
      sha = await port.getWorkflowRunSha(owner, repo, callback.runId);
    } catch (error) {
      if (error instanceof GitHubCallError && error.status === 404) {
        return ignore(
          deps,
          `${owner}/${repo}: the event has no deployment SHA and run ${callback.runId} does not exist`
        );
      }
      throw error;
    }
    if (typeof sha !== "string" || !SHA.test(sha))
      return ignore(deps, `${owner}/${repo}: no commit SHA for run ${callback.runId}`);
  }
  const deploymentId = payload.deployment?.id;
  const ref = payload.deployment?.ref;
  const pullNumbers = readPullNumbers(payload.pull_requests);
  const stored = await deps.store.transaction(async (tx) => {
    if (!await tx.recordDelivery(deliveryId, "deployment_protection_rule.requested", now)) return null;
    const { request: request2, outcome: outcome2 } = await tx.upsertRequest({
      owner,
      repo,
      installationId,
      environment,
      runId: callback.runId,
      deploymentId: typeof deploymentId === "number" && Number.isSafeInteger(deploymentId) ? deploymentId : null,
      sha: sha.toLowerCase(),
      ref: typeof ref === "string" ? ref.slice(0, 255) : null,
      pullNumbers,
      callbackUrl: payload.deployment_callback_url,
      deliveryId,
      createdAt: now,
      nextEvaluationAt: new Date(now.getTime() + FIRST_LOOK_GRACE_MS)
    });
    if (outcome2 !== "unchanged") {
      await appendAuditEvent(
        tx,
        now,
        "request_received",
        { repo: `${owner}/${repo}`, environment, sha: request2.sha },
        {
          request_id: request2.id,
          delivery_id: deliveryId,
          run_id: callback.runId,
          deployment_id: request2.deploymentId,
          pull_numbers: pullNumbers,
          round: request2.round,
          outcome: outcome2
        }
      );
    }
    return { request: request2, outcome: outcome2 };
  });
  if (!stored) return { status: "duplicate" };
  if (stored.outcome === "unchanged") return { status: "handled", request: stored.request };
  const outcome = await evaluateRequest(deps, stored.request, now, { trigger: "requested" });
  if (outcome.kind === "pending") {
    await createSignoffCheckRun(
      deps,
      port ?? await deps.portFor(installationId),
      stored.request,
      outcome,
      now
    );
  }
  return { status: "handled", outcome, request: stored.request };
}
function reusePorts(deps) {
  const ports = /* @__PURE__ */ new Map();
  return {
    ...deps,
    portFor(installationId) {
      let port = ports.get(installationId);
      if (!port) {
        port = deps.portFor(installationId);
        ports.set(installationId, port);
        port.catch(() => ports.delete(installationId));
      }
      return port;
    }
  };
}
var SIGNOFF_ACTIONS = [
  { label: "Approve", description: "Sign off on deploying this commit", identifier: "approve" },
  { label: "Reject", description: "Reject deploying this commit", identifier: "reject" }
];
async function createSignoffCheckRun(deps, port, request2, outcome, now) {
  try {
    await port.createCheckRun(request2.owner, request2.repo, {
      name: `shipgate / ${request2.environment}`,
      head_sha: request2.sha,
      conclusion: "action_required",
      title: `Waiting for sign-off to deploy to ${request2.environment}`,
      summary: renderVerdictMarkdown(outcome.verdict),
      actions: SIGNOFF_ACTIONS,
      completed_at: now.toISOString()
    });
  } catch (error) {
    await auditRequestError(deps.store, now, request2, "check_run", error);
  }
}
function ignore(deps, why) {
  deps.log.warn(`shipgate: ignored a deployment_protection_rule event: ${why}`);
  return { status: "ignored", why };
}

// app/handle-pull-request-push.ts
var SHA2 = /^[0-9a-f]{40}$/i;
async function handlePullRequestPush(deps, payload, deliveryId, now) {
  const where = readEventRepository(payload);
  const owner = where?.owner;
  const repo = where?.repo;
  const installationId = where?.installationId;
  const number = payload.pull_request?.number;
  const before = payload.before;
  const after = payload.after ?? payload.pull_request?.head?.sha;
  if (typeof owner !== "string" || typeof repo !== "string" || typeof installationId !== "number" || typeof number !== "number" || !Number.isSafeInteger(number) || number <= 0 || typeof before !== "string" || typeof after !== "string" || !SHA2.test(before) || !SHA2.test(after)) {
    return { status: "ignored" };
  }
  const fresh = await deps.store.transaction(async (tx) => {
    if (!await tx.recordDelivery(deliveryId, "pull_request.synchronize", now)) return false;
    await appendAuditEvent(
      tx,
      now,
      "signoffs_stale",
      {
        repo: `${owner}/${repo}`,
        sha: before.toLowerCase(),
        actor: typeof payload.sender?.login === "string" ? payload.sender.login : null
      },
      {
        pull_number: number,
        before: before.toLowerCase(),
        after: after.toLowerCase()
      }
    );
    return true;
  });
  if (!fresh) return { status: "duplicate" };
  const port = await deps.portFor(installationId);
  const environments = /* @__PURE__ */ new Set();
  const waiting = await deps.store.listPendingRequests({ owner, repo, sha: before.toLowerCase() });
  for (const r of waiting) if (r.pullNumbers.includes(number)) environments.add(r.environment);
  try {
    const policy = await loadPolicy(port, owner, repo);
    for (const env of policy.environments) if (!/[*?[\]{}]/.test(env.pattern)) environments.add(env.pattern);
  } catch (error) {
    deps.log.warn(`shipgate: could not read the policy of ${owner}/${repo}: ${describeError(error)}`);
  }
  const updated = [];
  for (const environment of [...environments].sort()) {
    const key = { owner, repo, pullNumber: number, environment };
    if (await deps.store.getStatusComment(key) === void 0) continue;
    await updateStatusComment(
      port,
      deps.store,
      { ...key, sha: after.toLowerCase(), verdict: null, stale: { before, after } },
      now
    );
    updated.push(environment);
  }
  return { status: "handled", environments: updated };
}

// app/parse-signoff-command.ts
var SIGNOFF_USAGE = "/shipgate approve <environment>, /shipgate reject <environment> <reason>, /shipgate revoke <environment>, /shipgate break-glass <environment> <reason>";
var VERBS = {
  approve: "approve",
  reject: "reject",
  revoke: "revoke",
  "break-glass": "break_glass"
};
var MAX_REASON_LENGTH = 500;
function parseSignoffCommand(body) {
  if (typeof body !== "string") return null;
  const firstLine = body.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0].trim();
  if (!/^\/shipgate(?:\s|$)/.test(firstLine)) return null;
  const [, verbText, environment, ...rest] = firstLine.split(/\s+/);
  const kind = verbText ? VERBS[verbText.toLowerCase()] : void 0;
  if (!kind) return { error: `unknown or missing command; use ${SIGNOFF_USAGE}` };
  if (!isEnvironmentName(environment)) {
    return {
      error: 'missing or invalid environment name (letters, digits, ".", "_" and "-", at most 255 characters); use ' + SIGNOFF_USAGE
    };
  }
  const reason = rest.join(" ").trim() || null;
  if ((kind === "reject" || kind === "break_glass") && !reason) {
    return { error: `a reason is required: /shipgate ${verbText.toLowerCase()} <environment> <reason>` };
  }
  if ((kind === "approve" || kind === "revoke") && reason) {
    return { error: `/shipgate ${kind} takes only the environment name; write any note on a separate line` };
  }
  if (reason && reason.length > MAX_REASON_LENGTH) {
    return { error: `the reason is longer than ${MAX_REASON_LENGTH} characters; shorten it` };
  }
  if (reason && /[\u0000-\u001f\u007f]/.test(reason))
    return { error: "the reason contains control characters" };
  return { kind, environment, reason };
}

// app/handle-signoff-comment.ts
var positive = (v) => typeof v === "number" && Number.isSafeInteger(v) && v > 0;
async function handleSignoffComment(deps, payload, deliveryId, now) {
  if (!payload.issue?.pull_request) return { status: "ignored", why: "not a pull request comment" };
  const command = parseSignoffCommand(payload.comment?.body);
  if (command === null) return { status: "ignored", why: "not a shipgate command" };
  const where = readEventRepository(payload);
  const owner = where?.owner;
  const repo = where?.repo;
  const installationId = where?.installationId;
  const pullNumber = payload.issue.number;
  const commentId = payload.comment?.id;
  const user = payload.comment?.user ?? payload.sender;
  const login = user?.login;
  if (typeof owner !== "string" || typeof repo !== "string" || !positive(installationId) || !positive(pullNumber) || !positive(commentId) || !isGitHubLogin(login)) {
    deps.log.warn(
      "shipgate: ignored a shipgate command in an event without repository, installation, PR, comment or author"
    );
    return { status: "ignored", why: "the event lacks fields shipgate needs" };
  }
  if ("error" in command) {
    const recorded = await deps.store.transaction(async (tx) => {
      if (!await tx.recordDelivery(deliveryId, "issue_comment.created", now)) return false;
      await appendAuditEvent(
        tx,
        now,
        "signoff_refused",
        { repo: `${owner}/${repo}`, actor: login },
        {
          pull_number: pullNumber,
          comment_id: commentId,
          refusal: command.error
        }
      );
      return true;
    });
    if (!recorded) return { status: "duplicate" };
    try {
      const port = await deps.portFor(installationId);
      await port.addReaction(owner, repo, commentId, "-1");
      await port.createComment(
        owner,
        repo,
        pullNumber,
        `shipgate could not read that command: ${command.error}.`
      );
    } catch (error) {
      deps.log.warn(`shipgate: could not answer a malformed command: ${describeError(error)}`);
    }
    return { status: "malformed", error: command.error };
  }
  return recordSignoff(
    deps,
    {
      installationId,
      owner,
      repo,
      pullNumber,
      sha: null,
      login,
      isBot: user?.type === "Bot" || login.toLowerCase().endsWith("[bot]"),
      kind: command.kind,
      environment: command.environment,
      reason: command.reason,
      source: "comment",
      deliveryId,
      event: "issue_comment.created",
      commentId
    },
    now
  );
}

// app/pace-github-writes.ts
var ReportQueueFullError = class extends Error {
  name = "ReportQueueFullError";
};
function createWritePacer(options) {
  const now = options.now ?? (() => performance.now());
  const sleep2 = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  const maxQueued = options.maxQueued ?? 200;
  const queue = [];
  let lastStart = -Infinity;
  let running = null;
  const pump = async () => {
    while (queue.length > 0) {
      const wait = lastStart + options.gapMs - now();
      if (wait > 0) await sleep2(wait);
      const next = queue.shift();
      lastStart = now();
      try {
        const value = await next.write();
        for (const s of next.settle) s.resolve(value);
      } catch (error) {
        for (const s of next.settle) s.reject(error);
      }
    }
  };
  const start = () => {
    running ??= pump().finally(() => {
      running = null;
      if (queue.length > 0) start();
    });
  };
  return {
    decision: (write) => write(),
    report(key, write) {
      return new Promise((resolve, reject) => {
        const settle = { resolve, reject };
        const same = queue.findIndex((w) => w.key === key);
        if (same >= 0) {
          const replaced = queue[same];
          queue[same] = { key, write, settle: [...replaced.settle, settle] };
        } else if (queue.length >= maxQueued) {
          reject(
            new ReportQueueFullError(
              `not sent: ${queue.length} reports to GitHub are already waiting for this installation (at most one every ${options.gapMs} ms)`
            )
          );
          return;
        } else {
          queue.push({ key, write, settle: [settle] });
        }
        start();
      });
    },
    get queued() {
      return queue.length;
    },
    async idle(timeoutMs) {
      const deadline = now() + timeoutMs;
      while (running && now() < deadline) {
        await Promise.race([running, sleep2(Math.max(0, Math.min(50, deadline - now())))]);
      }
    }
  };
}
var unique = 0;
function pacePort(port, pacer) {
  return {
    ...port,
    reviewProtectionRule: (owner, repo, runId, review) => review.state ? pacer.decision(() => port.reviewProtectionRule(owner, repo, runId, review)) : pacer.report(
      `review:${owner}/${repo}:${runId}:${review.environment_name}`,
      () => port.reviewProtectionRule(owner, repo, runId, review)
    ),
    createCheckRun: (owner, repo, run) => pacer.report(
      `check:${owner}/${repo}:${run.head_sha}:${run.name}`,
      () => port.createCheckRun(owner, repo, run)
    ),
    updateComment: (owner, repo, commentId, body) => pacer.report(
      `comment:${owner}/${repo}:${commentId}`,
      () => port.updateComment(owner, repo, commentId, body)
    ),
    // Each new comment and reaction is its own: nothing replaces them.
    createComment: (owner, repo, issueNumber, body) => pacer.report(`new:${unique += 1}`, () => port.createComment(owner, repo, issueNumber, body)),
    addReaction: (owner, repo, commentId, content) => pacer.report(`new:${unique += 1}`, () => port.addReaction(owner, repo, commentId, content))
  };
}

// app/shipgate-app.ts
function createWritePacers(options) {
  const pacers = /* @__PURE__ */ new Map();
  return {
    for(installationId) {
      let pacer = pacers.get(installationId);
      if (!pacer) {
        pacer = createWritePacer(options);
        pacers.set(installationId, pacer);
      }
      return pacer;
    },
    async idle(timeoutMs) {
      await Promise.all([...pacers.values()].map((p) => p.idle(timeoutMs)));
    }
  };
}
function createAppDeps(app, options) {
  const files = options.files ?? createFileCache();
  const pacers = options.writePacers;
  return {
    store: options.store,
    model: options.model ?? loadDefaultModel(),
    workerId: options.workerId ?? `shipgate:${process.pid}`,
    log: {
      info: (m) => app.log.info(m),
      warn: (m) => app.log.warn(m),
      error: (m) => app.log.error(m)
    },
    random: options.random,
    portFor: async (installationId) => {
      const port = createOctokitGitHub(await app.auth(installationId), { files });
      return pacers ? pacePort(port, pacers.for(installationId)) : port;
    }
  };
}
function createShipgateApp(options) {
  const clock = options.clock ?? (() => /* @__PURE__ */ new Date());
  return (app) => {
    const deps = createAppDeps(app, options);
    const guard = (handle) => async (context) => {
      try {
        await handle(context.payload, context.id);
      } catch (error) {
        app.log.error(`shipgate: handling delivery ${context.id} failed: ${describeError(error)}`);
        throw new Error(`shipgate could not handle delivery ${context.id}: ${describeError(error)}`);
      }
    };
    app.on(
      "deployment_protection_rule.requested",
      guard((payload, id) => handleProtectionRequest(deps, payload, id, clock()))
    );
    app.on(
      "issue_comment.created",
      guard((payload, id) => handleSignoffComment(deps, payload, id, clock()))
    );
    app.on(
      "check_run.requested_action",
      guard((payload, id) => handleCheckRunAction(deps, payload, id, clock()))
    );
    app.on(
      "pull_request.synchronize",
      guard((payload, id) => handlePullRequestPush(deps, payload, id, clock()))
    );
    app.on(
      "deployment_status.created",
      guard((payload, id) => handleDeploymentStatus(deps, payload, id, clock()))
    );
  };
}

// app/sweeper.ts
var SWEEP_LEASE_MS = 5 * 6e4;
var DEFAULT_SWEEP_INTERVAL_MS = 3e4;
var SWEEP_CONCURRENCY = 8;
async function runSweep(deps, now, limit = 100) {
  const result = {
    claimed: 0,
    decided: 0,
    pending: 0,
    errors: 0,
    outbox: { sent: 0, retried: 0, abandoned: 0 }
  };
  await deps.store.sealPendingAudit();
  const due = await deps.store.claimDueRequests({
    workerId: deps.workerId,
    now,
    leaseMs: SWEEP_LEASE_MS,
    limit
  });
  result.claimed = due.length;
  const evaluate = async (request2) => {
    try {
      const outcome = await evaluateRequest(deps, request2, now, { trigger: "sweeper", claimed: true });
      if (outcome.kind === "decided") result.decided += 1;
      else if (outcome.kind === "pending") result.pending += 1;
      else if (outcome.kind === "error") result.errors += 1;
    } catch (error) {
      result.errors += 1;
      deps.log.error(`shipgate: sweeping request ${request2.id} failed: ${describeError(error)}`);
      try {
        await appendAuditEvent(
          deps.store,
          now,
          "error",
          { repo: `${request2.owner}/${request2.repo}`, environment: request2.environment, sha: request2.sha },
          {
            request_id: request2.id,
            stage: "sweep",
            error: describeError(error)
          }
        );
      } catch {
      }
    }
  };
  const groups = /* @__PURE__ */ new Map();
  for (const request2 of due) {
    const key = request2.pullNumbers.length > 0 ? `${request2.owner}/${request2.repo}:${request2.environment}` : `request:${request2.id}`;
    const group = groups.get(key);
    if (group) group.push(request2);
    else groups.set(key, [request2]);
  }
  const queue = [...groups.values()];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(SWEEP_CONCURRENCY, queue.length) }, async () => {
      for (let i = next++; i < queue.length; i = next++) {
        for (const request2 of queue[i]) await evaluate(request2);
      }
    })
  );
  result.outbox = await drainOutbox(deps, now);
  return result;
}
function startSweeper(deps, options = {}) {
  const clock = options.clock ?? (() => /* @__PURE__ */ new Date());
  let running = null;
  let stopped = false;
  const runOnce = async () => {
    while (running) await running.catch(() => void 0);
    running = runSweep(deps, clock());
    try {
      return await running;
    } finally {
      running = null;
    }
  };
  const timer = setInterval(() => {
    if (stopped || running) return;
    runOnce().catch((error) => deps.log.error(`shipgate: sweep failed: ${describeError(error)}`));
  }, options.intervalMs ?? DEFAULT_SWEEP_INTERVAL_MS);
  timer.unref();
  return {
    runOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (running) await running.catch(() => void 0);
    }
  };
}

// app/start-app-server.ts
var WEBHOOK_PATH = "/api/github/webhooks";
var MAX_WEBHOOK_BYTES = 25 * 1024 * 1024;
var DEFAULT_GITHUB_TIMEOUT_MS = 2e4;
var REPORT_GAP_MS = 1e3;
var STOP_REPORTS_WAIT_MS = 1e4;
function sendJson(res, status, body) {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}
function checkSignature(secret, body, header) {
  if (typeof header !== "string" || !header.startsWith("sha256=")) return false;
  const expected = Buffer.from(`sha256=${createHmac("sha256", secret).update(body).digest("hex")}`);
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
function checkPayloadShape(text) {
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    return "the webhook body is not JSON";
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return "the webhook body must be a JSON object, as GitHub sends";
  }
  const installation = value.installation;
  if (installation !== void 0 && installation !== null) {
    const id = installation.id;
    if (typeof id !== "number" || !Number.isSafeInteger(id) || id <= 0) {
      return "installation.id must be a positive integer";
    }
  }
  return null;
}
function checkDeliveryHeaders(req) {
  for (const name of ["x-github-event", "x-github-delivery"]) {
    const value = req.headers[name];
    if (typeof value !== "string" || value.trim() === "") {
      return `the ${name} header is missing or empty: GitHub sends it with every webhook`;
    }
  }
  const event = req.headers["x-github-event"];
  if (!/^[a-z][a-z_]{0,99}$/.test(event) || event in Object.prototype) {
    return "the x-github-event header is not a GitHub event name";
  }
  return null;
}
function readBody(req, limit) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (chunk) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on("end", () => resolve(tooLarge ? null : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}
async function startAppServer(options) {
  const timeoutMs = options.githubTimeoutMs ?? DEFAULT_GITHUB_TIMEOUT_MS;
  const pacing = options.githubPacing ?? true;
  const transport = createKeepAliveFetch({ timeoutMs, readRetries: pacing ? 2 : 0 });
  const withTimeout = (octokitOptions) => {
    const request2 = octokitOptions.request ?? {};
    const given = request2.fetch;
    const timedFetch = given ? (input, init) => {
      const timeout = AbortSignal.timeout(timeoutMs);
      const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
      return given(input, { ...init, signal });
    } : transport.fetch;
    return { ...octokitOptions, request: { ...request2, fetch: timedFetch } };
  };
  const Octokit = ProbotOctokit.defaults((octokitOptions) => ({
    ...withTimeout(octokitOptions),
    retry: { enabled: false },
    throttle: { ...octokitOptions.throttle, enabled: false }
  }));
  const probot = new Probot({
    appId: options.appId,
    privateKey: options.privateKey,
    secret: options.webhookSecret,
    baseUrl: options.baseUrl,
    Octokit,
    logLevel: options.logLevel ?? "info"
  });
  const reportGapMs = options.reportGapMs ?? REPORT_GAP_MS;
  const writePacers = pacing && reportGapMs > 0 ? createWritePacers({ gapMs: reportGapMs }) : void 0;
  const appOptions = {
    store: options.store,
    model: options.model,
    workerId: options.workerId,
    clock: options.clock,
    writePacers,
    files: createFileCache()
  };
  const middleware = await createNodeMiddleware(createShipgateApp(appOptions), {
    probot,
    webhooksPath: WEBHOOK_PATH
  });
  const sweeper = startSweeper(createAppDeps(probot, appOptions), {
    intervalMs: options.sweepIntervalMs,
    clock: options.clock
  });
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://localhost");
      if (url.pathname === "/healthz" && (req.method === "GET" || req.method === "HEAD")) {
        const health = await options.store.healthCheck();
        sendJson(res, health.ok ? 200 : 503, {
          status: health.ok ? "ok" : "unavailable",
          store: health
        });
        return;
      }
      if (url.pathname === WEBHOOK_PATH && req.method === "POST") {
        const body = await readBody(req, MAX_WEBHOOK_BYTES);
        if (body === null) {
          sendJson(res, 413, { error: `webhook body larger than ${MAX_WEBHOOK_BYTES} bytes` });
          return;
        }
        if (!checkSignature(options.webhookSecret, body, req.headers["x-hub-signature-256"])) {
          sendJson(res, 401, {
            error: "X-Hub-Signature-256 is missing or does not match: check that WEBHOOK_SECRET matches the App settings"
          });
          return;
        }
        const text = body.toString("utf8");
        const problem = checkDeliveryHeaders(req) ?? checkPayloadShape(text);
        if (problem) {
          sendJson(res, 400, { error: problem });
          return;
        }
        req.body = text;
      }
      await middleware(
        req,
        res,
        () => sendJson(res, 404, { error: `no route for ${req.method} ${url.pathname}` })
      );
    })().catch((error) => {
      probot.log.error(error);
      if (!res.headersSent) sendJson(res, 500, { error: "internal error" });
    });
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = server.address().port;
  return {
    server,
    port,
    url: `http://${options.host === "0.0.0.0" ? "127.0.0.1" : options.host}:${port}`,
    sweeper,
    async stop() {
      await sweeper.stop();
      await new Promise((resolve) => server.close(() => resolve()));
      await writePacers?.idle(STOP_REPORTS_WAIT_MS);
      await transport.close();
    }
  };
}

// src/cli/app-command.ts
var HELP = `usage: shipgate app

Starts the shipgate GitHub App: webhooks on /api/github/webhooks, health on /healthz.

Configuration (environment):
  APP_ID                      the App's numeric id
  PRIVATE_KEY | PRIVATE_KEY_PATH  its private key (PEM, base64 of PEM, or a .pem file)
  WEBHOOK_SECRET              the webhook secret
  PORT (3000), HOST (0.0.0.0)
  DATABASE_URL                PostgreSQL; without it the embedded store in SHIPGATE_DATA_DIR (.shipgate/)
  SHIPGATE_SIGNING_KEY        Ed25519 key for the audit log (generated in the data dir when embedded)
  GHE_HOST, GHE_PROTOCOL      another GitHub API host (GitHub Enterprise Server)
  SHIPGATE_SWEEP_INTERVAL_MS  how often pending requests are re-checked (30000)
  SHIPGATE_REPORT_GAP_MS      least time between two check-run or comment writes of one
                              installation (1000; 0: unpaced); decisions never wait

Create the App from app.yml; see docs/app.md.
`;
async function runAppCommand(argv, io) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { help: { type: "boolean", short: "h" } },
      strict: true
    }));
  } catch (error) {
    throw new UsageError(error.message);
  }
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const read = readAppConfig(io.env, io.cwd, (file) => readFileSync(file, "utf8"));
  if (!read.ok) throw new UsageError(`missing or invalid configuration:
${read.message}`);
  const { config } = read;
  const key = loadSigningKey({ env: io.env, dataDir: config.dataDir, embedded: !config.databaseUrl });
  if (key.warning) io.stderr(`${key.warning}
`);
  const store = await openStore(
    { databaseUrl: config.databaseUrl, dataDir: config.dataDir },
    { signer: key.signer }
  );
  const app = await startAppServer({
    appId: config.appId,
    privateKey: config.privateKey,
    webhookSecret: config.webhookSecret,
    port: config.port,
    host: config.host,
    baseUrl: config.baseUrl,
    store,
    sweepIntervalMs: config.sweepIntervalMs,
    reportGapMs: config.reportGapMs
  });
  io.stdout(
    `shipgate app listening on ${app.url} (store: ${store.adapter}${config.databaseUrl ? "" : ` in ${config.dataDir}`})
`
  );
  await new Promise((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  io.stdout("shipgate app stopping\n");
  await app.stop();
  await store.close();
  return 0;
}
export {
  runAppCommand
};
