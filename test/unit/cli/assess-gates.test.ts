import { createGitFixture, lines, type GitFixture } from '../risk/git/git-fixture.js';
import { runShipgate } from './run-cli.js';

const junit = (failures: number) => `<?xml version="1.0"?>
<testsuite name="unit" tests="3" failures="${failures}">
  <testcase classname="a" name="one"/>
  <testcase classname="a" name="two"/>
  ${failures ? '<testcase classname="a" name="three"><failure message="boom">boom</failure></testcase>' : '<testcase classname="a" name="three"/>'}
</testsuite>
`;

let fixture: GitFixture;
beforeAll(() => {
  fixture = createGitFixture('shipgate-assess-gates-');
  fixture.commit({
    author: 'Ada',
    date: '2026-10-01T10:00:00Z',
    message: 'Start',
    files: {
      'src/a.ts': lines('a', 1, 10),
      '.github/shipgate.yml': 'gates:\n  tests: { junit: "reports/*.xml", blocking: true }\n',
      'other.yml': 'risk:\n  thresholds: { low: 10, medium: 20, high: 30 }\n',
    },
  });
  fixture.commit({
    author: 'Ben',
    date: '2026-10-02T10:00:00Z',
    message: 'Change',
    files: { 'src/a.ts': lines('b', 1, 30), 'reports/unit.xml': junit(1) },
  });
});
afterAll(() => fixture.remove());

describe('shipgate assess --gates', () => {
  it('runs the policy gates and exits 1 when a blocking gate fails', async () => {
    const result = await runShipgate(['assess', '--gates', '--json'], fixture.dir);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    const json = JSON.parse(result.stdout);
    expect(json.blocking_failures).toEqual(['tests']);
    expect(json.gates[0]).toMatchObject({ gate: 'tests', status: 'fail', blocking: true });
    expect(json.factors.map((f: { name: string }) => f.name)).toContain('gate.tests');
    expect(json.recommendation).toBe('hold');
  });

  it('exits 0 when the blocking gates pass', async () => {
    const dir = fixture.dir;
    fixture.commit({
      author: 'Ben',
      date: '2026-10-03T10:00:00Z',
      message: 'Fix test',
      files: { 'reports/unit.xml': junit(0) },
    });
    const result = await runShipgate(['assess', '--gates', '--gate', 'tests'], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('| tests | ✅ pass | blocking |');
  });

  it.each([
    [['assess', '--gate', 'tests'], '--gate NAME needs --gates'],
    [['assess', '--gates', '--config', 'other.yml'], 'the policy has no gates: section'],
  ])('usage error %j', async (argv, message) => {
    const result = await runShipgate(argv, fixture.dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });
});
