import type { Verdict } from '../policy/verdict.js';
import { fitComment } from './fit-comment.js';

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * The comment sent with a deployment protection rule review (≤ 1024 characters, plain text):
 * the decision, and why; for a held deployment, exactly what is missing.
 */
export function renderProtectionComment(verdict: Verdict): string {
  const sha = verdict.sha.slice(0, 7);
  const lines: string[] = [];
  if (verdict.mode === 'advise' && verdict.evaluated_decision !== 'approved') {
    lines.push(
      `shipgate (advise mode) approved ${sha} for ${verdict.environment} (tier ${verdict.tier}), but it would have been ${verdict.evaluated_decision === 'pending' ? 'held' : 'rejected'} because:`,
    );
    // The first reason restates the others under advise mode; list the underlying ones.
    for (const reason of verdict.reasons.slice(1)) lines.push(`- ${oneLine(reason)}`);
  } else if (verdict.decision === 'approved') {
    lines.push(`shipgate approved ${sha} for ${verdict.environment} (tier ${verdict.tier}):`);
    for (const reason of verdict.reasons) lines.push(`- ${oneLine(reason)}`);
  } else if (verdict.decision === 'rejected') {
    lines.push(`shipgate rejected ${sha} for ${verdict.environment} (tier ${verdict.tier}):`);
    for (const reason of verdict.reasons) lines.push(`- ${oneLine(reason)}`);
  } else {
    lines.push(`shipgate is holding ${sha} for ${verdict.environment} (tier ${verdict.tier}). Missing:`);
    for (const reason of verdict.reasons) lines.push(`- ${oneLine(reason)}`);
    lines.push(
      `Sign off in the pull request: /shipgate approve ${verdict.environment}, or the Approve button on the check run 'shipgate / ${verdict.environment}'.`,
    );
    if (verdict.next_evaluation_at) lines.push(`shipgate looks again at ${verdict.next_evaluation_at}.`);
  }
  return fitComment(lines);
}
