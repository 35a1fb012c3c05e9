import type { JsonObject } from '../src/audit/audit-record.js';
import type { GitHubPort } from '../src/github/github-port.js';
import { translateComparison } from '../src/github/translate-comparison.js';
import { maxTier, type Tier } from '../src/policy/tiers.js';
import type { RiskSettings } from '../src/policy/types.js';
import { decodeRiskReport } from '../src/report/risk-report-markers.js';
import { assessRisk, type RiskAssessment } from '../src/risk/assess.js';
import { computeDiffSignals } from '../src/risk/diff-signals.js';
import type { RiskModel } from '../src/risk/model.js';
import type { DeploymentStatusRecord } from '../src/store/store.js';

/** The check run the Action posts, whose machine-readable report may raise the tier. */
export const RISK_CHECK_NAME = 'shipgate / risk';
/** Only check runs created by this app are trusted to raise the tier. */
export const TRUSTED_RISK_APP = 'github-actions';

export interface TierAssessment {
  /** The enforced tier: the App's own, raised (never lowered) by a trusted Action report. */
  tier: Tier;
  own: RiskAssessment;
  base: string | null;
  base_source: 'environment' | 'pull_request' | 'parent' | 'none';
  /** The deployed commit is an ancestor of the environment's current commit. */
  is_rollback: boolean;
  action_report: { tier: Tier; score: number } | null;
  /** Reports that were not trusted (another app, another commit), for the audit log. */
  ignored_reports: JsonObject[];
  /** Authors and committers of the compared commits (GitHub's `web-flow` left out). */
  people: string[];
}

/**
 * Computes the tier for a deployed commit from the compare API: base is the environment's last
 * successful deployment (when it is another commit), else the pull request's base, else the
 * parent. A rollback is detected here too: compare(current...deployed) answers `behind` when the
 * deployed commit is an ancestor of the environment's current one.
 */
export async function assessDeploymentTier(input: {
  port: GitHubPort;
  model: RiskModel;
  risk: RiskSettings;
  owner: string;
  repo: string;
  sha: string;
  history: readonly DeploymentStatusRecord[];
  pullBaseSha: string | null;
}): Promise<TierAssessment> {
  const { port, owner, repo, sha } = input;
  const current = input.history.find((s) => s.status === 'success');
  let base: string | null = null;
  let baseSource: TierAssessment['base_source'] = 'none';
  if (current && current.sha.toLowerCase() !== sha.toLowerCase()) {
    base = current.sha;
    baseSource = 'environment';
  } else if (input.pullBaseSha) {
    base = input.pullBaseSha;
    baseSource = 'pull_request';
  } else {
    base = await port.getCommitParent(owner, repo, sha);
    baseSource = base ? 'parent' : 'none';
  }
  const comparison = base
    ? await port.compareCommits(owner, repo, base, sha)
    : { status: 'identical' as const, ahead_by: 0, behind_by: 0, files: [], commits: [] };
  const features = translateComparison(comparison);
  const own = assessRisk({
    model: input.model,
    kamei: features.kamei,
    diff: computeDiffSignals(features.files),
    config: input.risk,
    missingSignals: features.missingSignals,
  });
  const isRollback = baseSource === 'environment' && comparison.status === 'behind';

  let tier = own.tier;
  let actionReport: TierAssessment['action_report'] = null;
  const ignored: JsonObject[] = [];
  for (const run of await port.listCheckRuns(owner, repo, sha, RISK_CHECK_NAME)) {
    const report = decodeRiskReport(run.output_text);
    if (!report) continue;
    const trusted =
      run.app_slug === TRUSTED_RISK_APP &&
      run.head_sha.toLowerCase() === sha.toLowerCase() &&
      report.sha.toLowerCase() === sha.toLowerCase();
    if (!trusted) {
      ignored.push({
        check_run_id: run.id,
        app_slug: run.app_slug,
        head_sha: run.head_sha,
        report_sha: report.sha,
        report_tier: report.tier,
        why:
          run.app_slug !== TRUSTED_RISK_APP
            ? `created by ${run.app_slug ?? 'an unknown app'}, not ${TRUSTED_RISK_APP}`
            : 'made for another commit',
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
        comparison.commits
          .flatMap((c) => [c.author_login, c.committer_login])
          .filter((login): login is string => !!login && login.toLowerCase() !== 'web-flow'),
      ),
    ].sort(),
  };
}
