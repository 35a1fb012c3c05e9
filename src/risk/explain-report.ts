import type { RiskAssessment } from './assess.js';
import { formatPoints } from './explain-factors.js';

/** What the report says about where the change came from. */
export interface ReportSubject {
  base: string;
  head: string;
  commits: number;
  files: number;
  /** e.g. "cached", "streamed 120 new commits", "streamed 20,000 commits". */
  history: string;
}

/** A readable, plain-text report of an assessment. */
export function renderAssessmentReport(assessment: RiskAssessment, subject: ReportSubject): string {
  const lines: string[] = [];
  const range = `${subject.base.slice(0, 12)}..${subject.head.slice(0, 12)}`;
  lines.push(
    `shipgate risk assessment for ${range} (${subject.commits} commit${subject.commits === 1 ? '' : 's'}, ${subject.files} file${subject.files === 1 ? '' : 's'})`,
  );
  lines.push('');
  lines.push(`  score           ${assessment.score}/100`);
  lines.push(
    `  probability     ${(assessment.probability * 100).toFixed(1)}% that the change will need a fix (model)`,
  );
  lines.push(
    `  tier            ${assessment.tier}${assessment.tier !== assessment.score_tier ? ` (score alone: ${assessment.score_tier})` : ''}`,
  );
  lines.push(`  confidence      ${assessment.confidence}`);
  lines.push(`  recommendation  ${assessment.recommendation}`);
  lines.push('');
  const b = assessment.breakdown;
  lines.push(
    `Score: an average change scores ${b.baseline}; this change's features ${formatPoints(b.model)}, what it touches ${formatPoints(b.diff)}, gates ${formatPoints(b.gates)}.`,
  );
  lines.push('');
  if (assessment.factors.length > 0) {
    lines.push('Factors, largest first:');
    for (const factor of assessment.factors) lines.push(`  - ${factor.text}`);
    lines.push('');
  }
  if (assessment.missing_signals.length > 0) {
    lines.push(`Missing signals (never counted as safe): ${assessment.missing_signals.join(', ')}`);
    lines.push('');
  }
  lines.push('Why this tier:');
  for (const reason of assessment.reasons) lines.push(`  - ${reason}`);
  lines.push('');
  lines.push(`History: ${subject.history}.`);
  return lines.join('\n') + '\n';
}
