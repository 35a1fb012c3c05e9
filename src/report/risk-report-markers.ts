import { z } from 'zod';
import { TIERS } from '../policy/tiers.js';

export const RISK_REPORT_BEGIN = '<!-- shipgate:risk-report:begin -->';
export const RISK_REPORT_END = '<!-- shipgate:risk-report:end -->';

const riskReportSchema = z
  .object({
    version: z.literal(1),
    sha: z.string().regex(/^[0-9a-f]{40}$/i),
    score: z.number().min(0).max(100),
    tier: z.enum(TIERS),
    probability: z.number().min(0).max(1).optional(),
    confidence: z.enum(['high', 'medium', 'low']).optional(),
    recommendation: z.enum(['promote', 'review', 'hold']).optional(),
    missing_signals: z.array(z.string()).optional(),
  })
  .loose();

/** The machine-readable risk result the Action puts in its `shipgate / risk` check run. */
export type RiskReport = z.infer<typeof riskReportSchema>;

/**
 * Encodes a risk report for a check run's `output.text`: a fenced JSON block between
 * `<!-- shipgate:risk-report:begin -->` and `<!-- shipgate:risk-report:end -->`.
 */
export function encodeRiskReport(report: RiskReport): string {
  return `${RISK_REPORT_BEGIN}\n\`\`\`json\n${JSON.stringify(report)}\n\`\`\`\n${RISK_REPORT_END}`;
}

/** Reads the risk report out of a check run's text; null when there is none or it is malformed. */
export function decodeRiskReport(text: string | null | undefined): RiskReport | null {
  if (typeof text !== 'string') return null;
  const begin = text.indexOf(RISK_REPORT_BEGIN);
  if (begin < 0) return null;
  const end = text.indexOf(RISK_REPORT_END, begin);
  if (end < 0) return null;
  const inner = text
    .slice(begin + RISK_REPORT_BEGIN.length, end)
    .trim()
    .replace(/^```(?:json)?\s*/, '')
    .replace(/\s*```$/, '');
  let data: unknown;
  try {
    data = JSON.parse(inner);
  } catch {
    return null;
  }
  const parsed = riskReportSchema.safeParse(data);
  return parsed.success ? parsed.data : null;
}
