import type { Verdict } from '../policy/verdict.js';

const HEADLINE: Record<Verdict['decision'], string> = {
  approved: 'APPROVED',
  pending: 'HELD (pending)',
  rejected: 'REJECTED',
};

/** A verdict as a reviewer reads it in a terminal. */
export function renderVerdict(verdict: Verdict): string {
  const lines: string[] = [];
  const advise = verdict.mode === 'advise' ? ' [advise mode]' : '';
  lines.push(
    `${HEADLINE[verdict.decision]}${advise}: deploy ${verdict.sha.slice(0, 7)} to ${verdict.environment} (tier ${verdict.tier})`,
  );
  lines.push(
    verdict.policy_environment
      ? `policy: environments.${verdict.policy_environment}, evaluated at ${verdict.evaluated_at}`
      : `policy: none covers this environment, evaluated at ${verdict.evaluated_at}`,
  );
  lines.push('', 'Why:');
  for (const reason of verdict.reasons) lines.push(`  - ${reason}`);
  if (verdict.requirements.length > 0) {
    lines.push('', 'Sign-off:');
    for (const r of verdict.requirements) {
      const mark = r.satisfied ? '[x]' : '[ ]';
      const from = r.from === null ? 'anyone with write access' : r.from.join(', ');
      const who = r.signers.length ? ` — ${r.signers.join(', ')}` : '';
      lines.push(`  ${mark} ${r.label}: ${r.have}/${r.approvals} from ${from}${who}`);
      for (const refused of r.refused) lines.push(`      not counted: ${refused.login} — ${refused.reason}`);
    }
  }
  if (verdict.freeze.active) {
    lines.push(
      '',
      `Freeze: ${verdict.freeze.windows.join(', ')} until ${verdict.freeze.until} (${verdict.freeze.on_freeze})`,
    );
  }
  if (verdict.rollback.is_rollback) {
    lines.push(
      '',
      verdict.rollback.tripped.length ? 'Rollback guardrails tripped:' : 'Rollback: no guardrail tripped.',
    );
    for (const t of verdict.rollback.tripped) lines.push(`  - ${t.rule}: ${t.message}`);
  }
  if (verdict.next_evaluation_at) lines.push('', `Re-evaluated on its own at ${verdict.next_evaluation_at}.`);
  return lines.join('\n') + '\n';
}
