import {
  decodeRiskReport,
  encodeRiskReport,
  RISK_REPORT_BEGIN,
  RISK_REPORT_END,
} from '../../src/report/risk-report-markers.js';

const SHA = 'a'.repeat(40);

describe('risk report markers', () => {
  it('round-trips a report inside other text', () => {
    const report = {
      version: 1 as const,
      sha: SHA,
      score: 62,
      tier: 'medium' as const,
      confidence: 'low' as const,
    };
    const text = `## Risk\n\nSome explanation.\n\n${encodeRiskReport(report)}\n\nMore text.`;
    expect(text).toContain(RISK_REPORT_BEGIN);
    expect(text).toContain(RISK_REPORT_END);
    expect(decodeRiskReport(text)).toEqual(report);
  });

  it.each([
    { name: 'no markers', text: 'just text' },
    { name: 'no end marker', text: `${RISK_REPORT_BEGIN}\n{"version":1}` },
    { name: 'broken JSON', text: `${RISK_REPORT_BEGIN}\n\`\`\`json\n{oops\n\`\`\`\n${RISK_REPORT_END}` },
    {
      name: 'an unknown tier',
      text: encodeRiskReport({ version: 1, sha: SHA, score: 5, tier: 'none' as never }),
    },
    {
      name: 'a score out of range',
      text: encodeRiskReport({ version: 1, sha: SHA, score: 101, tier: 'high' }),
    },
    { name: 'a short sha', text: encodeRiskReport({ version: 1, sha: 'abc', score: 5, tier: 'low' }) },
    {
      name: 'another version',
      text: encodeRiskReport({ version: 2 as never, sha: SHA, score: 5, tier: 'low' }),
    },
    { name: 'null', text: null },
  ])('decodes $name to null', ({ text }) => {
    expect(decodeRiskReport(text)).toBeNull();
  });
});
