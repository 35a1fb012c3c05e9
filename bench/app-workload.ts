// The workload of the App benchmarks: one repository whose policy (layered on the org's with
// `_extends`) approves every tier without sign-off, so each deployment_protection_rule webhook
// ends in an approval call; helpers to build the webhooks and to count GitHub's answers.
import type { FakeGitHub } from '../test/e2e/fake-github.js';

export const HEAD_SHA = 'c'.repeat(40);
export const BASE_SHA = 'b'.repeat(40);
export const PULL_NUMBER = 7;

/** The repository acme/web, its org policy, and pull request #7 with the deployed commit. */
export function setUpRepository(github: FakeGitHub): void {
  github.files.set(
    'acme/web:.github/shipgate.yml',
    '_extends: .github\nenvironments:\n  production:\n    signoff: { allow_author: false }\n',
  );
  github.files.set(
    'acme/.github:.github/shipgate.yml',
    [
      'environments:',
      '  production:',
      '    tiers:',
      '      trivial: { approvals: 0 }',
      '      low: { approvals: 0 }',
      '      medium: { approvals: 0 }',
      '      high: { approvals: 0 }',
      '',
    ].join('\n'),
  );
  github.addPull('acme', 'web', {
    number: PULL_NUMBER,
    head_sha: HEAD_SHA,
    base_sha: BASE_SHA,
    author: 'dave',
    commits: [{ sha: HEAD_SHA, author: 'dave', committer: 'web-flow' }],
  });
}

/** A `deployment_protection_rule.requested` body for workflow run `runId` of acme/web. */
export function requestedEvent(githubUrl: string, runId: number): string {
  return JSON.stringify({
    action: 'requested',
    environment: 'production',
    event: 'push',
    deployment_callback_url: `${githubUrl}/repos/acme/web/actions/runs/${runId}/deployment_protection_rule`,
    deployment: { id: runId, sha: HEAD_SHA, ref: 'main', environment: 'production' },
    pull_requests: [{ number: PULL_NUMBER, head: { sha: HEAD_SHA }, base: { sha: BASE_SHA } }],
    repository: {
      id: 100,
      name: 'web',
      full_name: 'acme/web',
      owner: { login: 'acme', id: 200, type: 'Organization' },
      default_branch: 'main',
    },
    organization: { login: 'acme', id: 200 },
    sender: { login: 'github-actions[bot]', id: 41898282, type: 'Bot' },
    installation: { id: 1 },
  });
}

/** How many of `runIds` GitHub saw answered (approved or rejected) once, more than once, never. */
export function countAnswers(
  github: FakeGitHub,
  owner: string,
  repo: string,
  runIds: readonly number[],
): { exactlyOnce: number; more: number; none: number } {
  const answers = new Map<number, number>();
  for (const review of github.reviews) {
    if (review.owner !== owner || review.repo !== repo || review.body.state === undefined) continue;
    answers.set(review.runId, (answers.get(review.runId) ?? 0) + 1);
  }
  const counts = { exactlyOnce: 0, more: 0, none: 0 };
  for (const id of runIds) {
    const n = answers.get(id) ?? 0;
    if (n === 1) counts.exactlyOnce += 1;
    else if (n === 0) counts.none += 1;
    else counts.more += 1;
  }
  return counts;
}

/** The p-th percentile of sorted numbers. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

export function round(n: number, digits = 2): number {
  return Math.round(n * 10 ** digits) / 10 ** digits;
}
