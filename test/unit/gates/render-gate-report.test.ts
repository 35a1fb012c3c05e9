import { renderGateReport } from '../../../src/gates/render-gate-report.js';
import type { GateResult } from '../../../src/gates/types.js';

const result = (extra: Partial<GateResult>): GateResult => ({
  gate: 'tests',
  status: 'pass',
  blocking: false,
  summary: '3 tests ran.',
  details: '| report | tests |\n| --- | --- |\n| a.xml | 3 |',
  annotations: [],
  ...extra,
});

describe('renderGateReport', () => {
  it('renders a row per gate and collapsed details', () => {
    const text = renderGateReport([
      result({ blocking: true }),
      result({ gate: 'sarif', status: 'fail', summary: 'a | b' }),
      result({ gate: 'secrets', status: 'skip', summary: 'no diff', details: 'no diff' }),
      result({ gate: 'x<y>', status: 'error', summary: 'bad', details: 'broken file' }),
    ]);
    expect(text.split('\n').slice(0, 6)).toEqual([
      '| gate | result | kind | summary |',
      '| --- | --- | --- | --- |',
      '| tests | ✅ pass | blocking | 3 tests ran. |',
      '| sarif | ❌ fail | advisory | a \\| b |',
      '| secrets | ⏭️ skip | advisory | no diff |',
      '| x<y> | ⚠️ error | advisory | bad |',
    ]);
    expect(text).toContain('<details><summary>tests: pass</summary>\n\n| report | tests |');
    expect(text).toContain('<details><summary>x&lt;y&gt;: error</summary>\n\nbroken file\n\n</details>');
    expect(text).not.toContain('<summary>secrets');
  });

  it('says how to configure gates when there are none', () => {
    expect(renderGateReport([])).toBe('No gate is configured: add a `gates:` section to the policy file.\n');
  });
});
