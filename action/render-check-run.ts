import type { ChangeAssessment } from '../src/assess/assess-change.js';
import { renderGateReport } from '../src/gates/render-gate-report.js';

/** GitHub's limit on a check run's summary and text. */
export const CHECK_RUN_TEXT_LIMIT = 65_535;

export type Conclusion = 'success' | 'neutral' | 'failure';

const RECOMMENDATION_TEXT = {
  promote: '✅ **promote**: low risk, the signals are in',
  review: '👀 **review**: a person should look before this ships',
  hold: '✋ **hold**: high risk or a failing gate; do not ship without sign-off',
} as const;

/** The check run's conclusion: failure only for a blocking gate failure, or any high-risk change under fail-on: high-risk. */
export function decideConclusion(
  result: ChangeAssessment,
  failOn: 'blocking-gates' | 'high-risk' | 'never',
): Conclusion {
  const blocking = result.blocking_failures.length > 0;
  if (failOn !== 'never' && blocking) return 'failure';
  if (failOn === 'high-risk' && result.assessment.tier === 'high') return 'failure';
  return result.assessment.recommendation === 'promote' && !blocking ? 'success' : 'neutral';
}

export function renderTitle(result: ChangeAssessment): string {
  const a = result.assessment;
  const failed = result.gates.filter((g) => g.status === 'fail' || g.status === 'error').length;
  return `Risk ${a.score}/100 (${a.tier}) · ${a.recommendation}${failed ? ` · ${failed} gate${failed === 1 ? '' : 's'} failing` : ''}`;
}

/** The Markdown summary: score, tier, recommendation, top factors, missing signals, then the gates table. */
export function renderSummary(result: ChangeAssessment, conclusion: Conclusion): string {
  const a = result.assessment;
  const lines = [
    `### shipgate: risk ${a.score}/100, tier **${a.tier}**, confidence ${a.confidence}`,
    '',
    RECOMMENDATION_TEXT[a.recommendation],
    '',
    `This is a recommendation: shipgate does not deploy. ${conclusion === 'failure' ? 'A blocking gate failed (or fail-on: high-risk), so this check fails.' : 'The check passes or is neutral; deployment protection rules decide what ships.'}`,
    '',
    `Change ${(result.change.base ?? result.change.mergeBase).slice(0, 7)}..${result.change.head.slice(0, 7)}: ${result.change.commits} commit(s), ${result.change.files.length} file(s). Model probability of needing a fix: ${(a.probability * 100).toFixed(1)}%.`,
    '',
  ];
  if (a.reasons.length) lines.push(...a.reasons.map((r) => `- ${r}`), '');
  const top = a.factors.filter((f) => f.contribution !== 0).slice(0, 8);
  if (top.length) lines.push('**Top factors**', '', ...top.map((f) => `- ${f.text}`), '');
  if (a.missing_signals.length) {
    lines.push(
      `**Missing signals** (they never lower the risk): ${a.missing_signals.map((m) => `\`${m}\``).join(', ')}`,
      '',
    );
  }
  lines.push('**Gates**', '', renderGateReport(result.gates));
  return truncateMarkdown(lines.join('\n'), CHECK_RUN_TEXT_LIMIT);
}

/** Cuts Markdown to `limit` characters with a note, never failing. */
export function truncateMarkdown(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const note = `\n\n… truncated: ${text.length - limit + 200} more characters; the full report is in the job's report_path output.`;
  return text.slice(0, limit - note.length) + note;
}
