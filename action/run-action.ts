import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Octokit } from '@octokit/rest';
import { assessChange, type ChangeAssessment } from '../src/assess/assess-change.js';
import { parsePolicy } from '../src/policy/parse-policy.js';
import { DEFAULT_RISK_THRESHOLDS } from '../src/policy/tiers.js';
import type { Policy } from '../src/policy/types.js';
import { encodeRiskReport } from '../src/report/risk-report-markers.js';
import { loadDefaultModel } from '../src/risk/model.js';
import { InputError, type ActionSettings } from './inputs.js';
import { publishCheckRun } from './publish-check-run.js';
import {
  decideConclusion,
  renderSummary,
  renderTitle,
  truncateMarkdown,
  CHECK_RUN_TEXT_LIMIT,
  type Conclusion,
} from './render-check-run.js';

/** What the Action touches besides git and the gates' files. */
export interface ActionDeps {
  /** null in dry-run: nothing is written to GitHub. */
  octokit: Octokit | null;
  now: () => Date;
  log: (line: string) => void;
  setOutput: (name: string, value: string) => void;
  writeSummary: (markdown: string) => Promise<void>;
  writeFile: (file: string, text: string) => Promise<void>;
  /** The environment gate commands run with (without the GitHub token). */
  commandEnv: NodeJS.ProcessEnv;
}

export interface ActionOutcome {
  conclusion: Conclusion;
  result: ChangeAssessment;
  checkRun: { id: number; url: string } | null;
}

/** The machine-readable result the App reads from the check run (between markers in its text). */
export function buildRiskReport(result: ChangeAssessment, settings: ActionSettings, conclusion: Conclusion) {
  const a = result.assessment;
  return {
    version: 1 as const,
    sha: result.change.head,
    base_sha: result.change.base,
    score: a.score,
    probability: a.probability,
    tier: a.tier,
    confidence: a.confidence,
    recommendation: a.recommendation,
    missing_signals: a.missing_signals,
    factors: a.factors.map((f) => ({
      name: f.name,
      value: f.value,
      contribution: f.contribution,
      text: f.text,
    })),
    gates: result.gates.map((g) => ({
      gate: g.gate,
      status: g.status,
      blocking: g.blocking,
      summary: g.summary,
      metrics: g.metrics ?? {},
    })),
    failed_gates: result.gates.filter((g) => g.status === 'fail' || g.status === 'error').map((g) => g.gate),
    conclusion,
    repository: `${settings.repository.owner}/${settings.repository.repo}`,
  };
}

async function loadPolicy(settings: ActionSettings, log: (line: string) => void): Promise<Policy> {
  let text: string;
  try {
    text = await readFile(settings.configPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    log(
      `No policy file at ${settings.configPath}: using default risk thresholds and no gates. Add .github/shipgate.yml (see the README) to configure gates.`,
    );
    return {
      risk: { thresholds: DEFAULT_RISK_THRESHOLDS, low_confidence: 'raise' },
      gates: {},
      environments: [],
    };
  }
  const shown = path.relative(settings.workspace, settings.configPath) || settings.configPath;
  const parsed = parsePolicy(text, shown);
  if (!parsed.ok) {
    const lines = parsed.problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`);
    throw new InputError(`the policy file (input config-path) is invalid:\n${lines.join('\n')}`);
  }
  return parsed.policy;
}

/** Runs the gates and the risk assessment, then reports: check run, job summary, outputs, report file. */
export async function runAction(settings: ActionSettings, deps: ActionDeps): Promise<ActionOutcome> {
  const policy = await loadPolicy(settings, deps.log);
  const hasGates = Object.keys(policy.gates).length > 0;
  const result = await assessChange({
    repoDir: settings.workspace,
    base: settings.base,
    head: settings.head,
    risk: policy.risk,
    model: loadDefaultModel(),
    gates: hasGates && settings.gates?.length !== 0 ? policy.gates : null,
    only: settings.gates,
    now: deps.now(),
    env: deps.commandEnv,
  });
  const conclusion = decideConclusion(result, settings.failOn);
  const report = buildRiskReport(result, settings, conclusion);
  const summary = renderSummary(result, conclusion);
  const text = truncateMarkdown(
    `Machine-readable result for shipgate's deployment protection App:\n\n${encodeRiskReport(report)}`,
    CHECK_RUN_TEXT_LIMIT,
  );
  const annotations = result.gates.flatMap((g) => g.annotations);
  const title = renderTitle(result);

  let checkRun: ActionOutcome['checkRun'] = null;
  if (settings.dryRun || !deps.octokit) {
    deps.log(
      `dry-run: would post check run 'shipgate / risk' on ${result.change.head} with conclusion ${conclusion}: ${title}`,
    );
    deps.log(`dry-run: ${annotations.length} annotation(s) in ${Math.ceil(annotations.length / 50)} call(s)`);
    deps.log(summary);
  } else {
    checkRun = await publishCheckRun(deps.octokit, {
      owner: settings.repository.owner,
      repo: settings.repository.repo,
      headSha: result.change.head,
      conclusion,
      title,
      summary,
      text,
      annotations,
    });
    deps.log(`posted check run ${checkRun.url}`);
  }

  await deps.writeFile(settings.reportPath, JSON.stringify(report, null, 2) + '\n');
  await deps.writeSummary(summary);
  deps.setOutput('risk_score', String(result.assessment.score));
  deps.setOutput('risk_tier', result.assessment.tier);
  deps.setOutput('recommendation', result.assessment.recommendation);
  deps.setOutput('failed_gates', report.failed_gates.join(','));
  deps.setOutput('report_path', settings.reportPath);
  return { conclusion, result, checkRun };
}
