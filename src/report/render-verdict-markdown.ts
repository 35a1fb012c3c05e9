import type { Verdict } from '../policy/verdict.js';
import { escapeMarkdown } from './escape-markdown.js';

const HEADLINE: Record<Verdict['decision'], string> = {
  approved: '✅ Approved',
  pending: '⏳ Held',
  rejected: '⛔ Rejected',
};

/** A verdict as Markdown, for the PR status comment and the check run summary. Every text is escaped. */
export function renderVerdictMarkdown(verdict: Verdict): string {
  const e = (text: string) => escapeMarkdown(text, 600);
  const lines: string[] = [];
  const advise =
    verdict.mode === 'advise' && verdict.evaluated_decision !== 'approved'
      ? ` (advise mode: would have been ${verdict.evaluated_decision === 'pending' ? 'held' : 'rejected'})`
      : verdict.mode === 'advise'
        ? ' (advise mode)'
        : '';
  lines.push(
    `**${HEADLINE[verdict.decision]}${advise}**: deploy \`${verdict.sha.slice(0, 7)}\` to **${e(verdict.environment)}**, risk tier **${verdict.tier}**`,
  );
  lines.push('');
  for (const reason of verdict.reasons) lines.push(`- ${e(reason)}`);
  if (verdict.requirements.length > 0) {
    lines.push('', '| requirement | have | from | signed by |', '| --- | --- | --- | --- |');
    for (const r of verdict.requirements) {
      const from = r.from === null ? 'anyone with write access' : r.from.map(e).join(', ');
      lines.push(
        `| ${r.satisfied ? '☑' : '☐'} ${e(r.label)} | ${r.have} of ${r.approvals} | ${from} | ${r.signers.map(e).join(', ') || '—'} |`,
      );
    }
    const refused = verdict.requirements.flatMap((r) => r.refused);
    if (refused.length > 0) {
      lines.push('', 'Not counted:');
      for (const r of refused) lines.push(`- ${e(r.login)}: ${e(r.reason)}`);
    }
  }
  if (verdict.rollback.is_rollback) {
    lines.push(
      '',
      verdict.rollback.tripped.length > 0
        ? `Rollback guardrails tripped: ${verdict.rollback.tripped.map((t) => e(t.rule)).join(', ')}`
        : 'This is a rollback; no guardrail tripped.',
    );
  }
  if (verdict.next_evaluation_at) lines.push('', `shipgate looks again at ${verdict.next_evaluation_at}.`);
  return lines.join('\n');
}
