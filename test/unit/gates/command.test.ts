import { commandGateSchema } from '../../../src/gates/config.js';
import { judgeCommand, runCommandGate, tailLines } from '../../../src/gates/command.js';
import { makeFixtureContext } from './fixture-context.js';

const node = (script: string) => `node -e ${JSON.stringify(script)}`;
const config = (extra: Record<string, unknown>) => commandGateSchema.parse({ name: 'check', ...extra });

describe('runCommandGate', () => {
  it.each([
    {
      name: 'a succeeding command',
      run: node('console.log("all good")'),
      status: 'pass',
      summary: /^`.*` succeeded in [\d.]+ s\.$/,
      exit: 0,
    },
    {
      name: 'a failing command',
      run: node('console.error("type error in x.ts"); process.exit(3)'),
      status: 'fail',
      summary: /exited with code 3 after/,
      exit: 3,
    },
    {
      name: 'a command that does not exist',
      run: 'shipgate-no-such-command-xyz',
      status: 'fail',
      summary: /exited with code 127/,
      exit: 127,
    },
  ])('judges $name', async ({ run, status, summary, exit }) => {
    const result = await runCommandGate(config({ run, blocking: true }), makeFixtureContext());
    expect(result).toMatchObject({ gate: 'check', status, blocking: true });
    expect(result.summary).toMatch(summary);
    expect(result.metrics!.exit_code).toBe(exit);
  });

  it('stops a command at its timeout and fails with a clear summary', async () => {
    const started = performance.now();
    const result = await runCommandGate(
      config({ run: node('setTimeout(() => {}, 20000)'), timeout: '300ms' }),
      makeFixtureContext(),
    );
    expect(performance.now() - started).toBeLessThan(5000);
    expect(result.status).toBe('fail');
    expect(result.summary).toMatch(
      /did not finish within 300ms and was stopped\. Make it faster or raise the timeout of command 'check'\.$/,
    );
    expect(result.metrics!.exit_code).toBeUndefined();
  });

  it('puts the last 50 lines of output into the details', async () => {
    const result = await runCommandGate(
      config({ run: node('for (let i = 1; i <= 120; i++) console.log("line " + i)') }),
      makeFixtureContext(),
    );
    expect(result.details).toContain('Last 50 lines of output:');
    expect(result.details).toContain('line 71\n');
    expect(result.details).toContain('line 120\n');
    expect(result.details).not.toContain('line 70\n');
  });

  it('runs in working_directory with extra env', async () => {
    const result = await runCommandGate(
      config({
        run: node('console.log(process.cwd() + " " + process.env.SHIPGATE_GREETING)'),
        working_directory: 'junit',
        env: { SHIPGATE_GREETING: 'hello' },
      }),
      makeFixtureContext(),
    );
    expect(result.details).toMatch(/fixtures\/gates\/junit hello/);
  });
});

describe('judgeCommand', () => {
  it.each([
    {
      result: { exitCode: 0, stdout: '', stderr: '', timedOut: false },
      status: 'pass',
      details: 'It printed nothing.',
    },
    {
      result: { exitCode: null, stdout: '', stderr: 'Killed', timedOut: false },
      status: 'fail',
      details: 'Last 1 lines of error output:',
    },
    {
      result: { exitCode: 1, stdout: 'has ``` fence', stderr: '', timedOut: false },
      status: 'fail',
      details: '````text\nhas ``` fence\n````',
    },
  ])('judges exit $result.exitCode as $status', ({ result, status, details }) => {
    const judged = judgeCommand(config({ run: 'make' }), result, 1500, 600_000);
    expect(judged.status).toBe(status);
    expect(judged.details).toContain(details);
  });
});

describe('tailLines', () => {
  it.each([
    { text: 'a\nb\nc\n\n', count: 2, lines: ['b', 'c'] },
    { text: '\u001b[31mred\u001b[0m\r\nplain', count: 5, lines: ['red', 'plain'] },
    { text: 'progress 10%\rprogress 100%\ndone', count: 2, lines: ['progress 100%', 'done'] },
  ])('keeps the last $count lines of $text', ({ text, count, lines }) => {
    expect(tailLines(text, count)).toEqual(lines);
  });
});
