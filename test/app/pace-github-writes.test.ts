import { describe, expect, it } from '@jest/globals';
import type { GitHubPort } from '../../src/github/github-port.js';
import { createWritePacer, pacePort, ReportQueueFullError } from '../../app/pace-github-writes.js';

/** A clock that moves only when the pacer sleeps. */
function manualClock() {
  let t = 0;
  return {
    now: () => t,
    sleep: async (ms: number) => {
      t += ms;
    },
  };
}

type Step = { lane: 'report' | 'decision'; key?: string; name: string; fails?: boolean };

describe('createWritePacer', () => {
  it.each([
    {
      name: 'reports start a gap apart, in order',
      steps: [
        { lane: 'report', name: 'a' },
        { lane: 'report', name: 'b' },
        { lane: 'report', name: 'c' },
      ],
      written: [
        ['a', 0],
        ['b', 1000],
        ['c', 2000],
      ],
    },
    {
      name: 'a decision goes at once, ahead of waiting reports, and does not delay them',
      steps: [
        { lane: 'report', name: 'a' },
        { lane: 'report', name: 'b' },
        { lane: 'decision', name: 'approve' },
        { lane: 'report', name: 'c' },
      ],
      written: [
        ['a', 0],
        ['approve', 0],
        ['b', 1000],
        ['c', 2000],
      ],
    },
    {
      name: 'a waiting report is replaced by a newer one with the same key',
      steps: [
        { lane: 'report', key: 'comment:1', name: 'first' },
        { lane: 'report', key: 'comment:2', name: 'other' },
        { lane: 'report', key: 'comment:2', name: 'other-newer' },
        { lane: 'report', key: 'comment:1', name: 'first-newer' },
      ],
      written: [
        ['first', 0],
        ['other-newer', 1000],
        ['first-newer', 2000],
      ],
      // `first` was already being sent when `first-newer` came: only waiting writes are replaced.
      values: ['first', 'other-newer', 'other-newer', 'first-newer'],
    },
    {
      name: 'a failed report does not stop the next',
      steps: [
        { lane: 'report', name: 'a', fails: true },
        { lane: 'report', name: 'b' },
      ],
      written: [
        ['a', 0],
        ['b', 1000],
      ],
    },
  ] as { name: string; steps: Step[]; written: [string, number][]; values?: string[] }[])(
    '$name',
    async ({ steps, written, values }) => {
      const clock = manualClock();
      const pacer = createWritePacer({ gapMs: 1000, ...clock });
      const log: [string, number][] = [];
      const outcomes = await Promise.allSettled(
        steps.map((step, i) => {
          const write = async () => {
            log.push([step.name, clock.now()]);
            if (step.fails) throw new Error(`${step.name} failed`);
            return step.name;
          };
          return step.lane === 'decision' ? pacer.decision(write) : pacer.report(step.key ?? `k${i}`, write);
        }),
      );
      expect(log).toEqual(written);
      // Each caller gets the outcome of the write that went for it.
      steps.forEach((step, i) => {
        const outcome = outcomes[i]!;
        if (step.fails) expect(outcome).toMatchObject({ status: 'rejected' });
        else expect(outcome).toEqual({ status: 'fulfilled', value: values?.[i] ?? step.name });
      });
      expect(pacer.queued).toBe(0);
    },
  );

  it('refuses a report beyond the queue limit at once, saying why, and keeps the others', async () => {
    const clock = manualClock();
    const pacer = createWritePacer({ gapMs: 1000, maxQueued: 2, ...clock });
    const sent: string[] = [];
    const report = (name: string) =>
      pacer.report(name, async () => {
        sent.push(name);
        return name;
      });
    // `a` starts at once; `b` and `c` wait; `d` is one too many.
    const results = await Promise.allSettled([report('a'), report('b'), report('c'), report('d')]);
    expect(sent).toEqual(['a', 'b', 'c']);
    expect(results[3]).toMatchObject({ status: 'rejected' });
    const error = (results[3] as PromiseRejectedResult).reason as Error;
    expect(error).toBeInstanceOf(ReportQueueFullError);
    expect(error.message).toMatch(/2 reports to GitHub are already waiting .* one every 1000 ms/);
  });

  it('waits for waiting reports when asked to be idle', async () => {
    const pacer = createWritePacer({ gapMs: 20 });
    const sent: string[] = [];
    for (const name of ['a', 'b', 'c'])
      void pacer.report(name, async () => {
        sent.push(name);
      });
    await pacer.idle(5_000);
    expect(sent).toEqual(['a', 'b', 'c']);
  });
});

describe('pacePort', () => {
  it('sends decisions at once and paces and merges reports', async () => {
    const clock = manualClock();
    const calls: string[] = [];
    const record =
      (name: string) =>
      async (...args: unknown[]) => {
        calls.push(`${clock.now()} ${name} ${JSON.stringify(args.slice(2))}`);
        return name === 'createComment' ? 99 : name === 'reviewProtectionRule' ? { status: 204 } : 1;
      };
    const port = {
      readFile: record('readFile'),
      createCheckRun: record('createCheckRun'),
      createComment: record('createComment'),
      updateComment: record('updateComment'),
      addReaction: record('addReaction'),
      reviewProtectionRule: record('reviewProtectionRule'),
    } as unknown as GitHubPort;
    const paced = pacePort(port, createWritePacer({ gapMs: 1000, ...clock }));
    const run = (summary: string) => ({
      name: 'shipgate / production',
      head_sha: 'c'.repeat(40),
      conclusion: 'success' as const,
      title: summary,
      summary,
      actions: [],
      completed_at: '2026-11-22T00:00:00Z',
    });
    await Promise.all([
      paced.updateComment('acme', 'web', 5, 'one'),
      paced.createCheckRun('acme', 'web', run('waiting')),
      paced.createCheckRun('acme', 'web', run('approved')),
      paced.updateComment('acme', 'web', 5, 'two'),
      paced.reviewProtectionRule('acme', 'web', 7, {
        environment_name: 'production',
        comment: 'still missing',
      }),
      paced.reviewProtectionRule('acme', 'web', 7, {
        environment_name: 'production',
        state: 'approved',
        comment: 'ok',
      }),
      paced.readFile('acme', 'web', '.github/shipgate.yml'),
      paced.createComment('acme', 'web', 3, 'hello'),
      paced.createComment('acme', 'web', 3, 'hello'),
    ]);
    expect(calls).toEqual([
      '0 updateComment [5,"one"]',
      '0 reviewProtectionRule [7,{"environment_name":"production","state":"approved","comment":"ok"}]',
      '0 readFile [".github/shipgate.yml"]',
      '1000 createCheckRun [{"name":"shipgate / production","head_sha":"cccccccccccccccccccccccccccccccccccccccc","conclusion":"success","title":"approved","summary":"approved","actions":[],"completed_at":"2026-11-22T00:00:00Z"}]',
      '2000 updateComment [5,"two"]',
      '3000 reviewProtectionRule [7,{"environment_name":"production","comment":"still missing"}]',
      '4000 createComment [3,"hello"]',
      '5000 createComment [3,"hello"]',
    ]);
  });
});
