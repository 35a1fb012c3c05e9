// The workload of the App benchmarks: one repository whose policy (layered on the org's with
// `_extends`, with freeze windows that are not active) approves every tier without sign-off, so
// each deployment_protection_rule webhook ends in an approval call; helpers to build the webhooks
// and to count GitHub's answers.
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
      // Freeze windows to compile and check on every evaluation, none of them active.
      '    freeze:',
      "      - { name: leap-day, start: '0 1 29 2 *', end: '0 2 29 2 *', timezone: Europe/Berlin }",
      "      - { name: year-end-2025, from: '2025-12-20', until: '2026-01-04', timezone: America/New_York }",
      "      - { name: launch-2026, from: '2026-03-01T09:00', until: '2026-03-02T09:00', timezone: UTC }",
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

/** The commit and pull request a webhook deploys. */
export interface DeployedChange {
  sha: string;
  pullNumber: number;
}

/**
 * A change of its own for run `runId`: pull request #(100000 + runId) whose head is a commit no
 * other run deploys, so nothing about it (check runs, status comment) is shared with other runs.
 */
export function addOwnChange(github: FakeGitHub, runId: number): DeployedChange {
  const sha = runId.toString(16).padStart(40, 'd');
  const pullNumber = 100_000 + runId;
  github.addPull('acme', 'web', {
    number: pullNumber,
    head_sha: sha,
    base_sha: BASE_SHA,
    author: 'dave',
    commits: [{ sha, author: 'dave', committer: 'web-flow' }],
  });
  github.addRun('acme', 'web', runId, sha);
  return { sha, pullNumber };
}

/** A `deployment_protection_rule.requested` body for workflow run `runId` of acme/web. */
export function requestedEvent(
  githubUrl: string,
  runId: number,
  change: DeployedChange = { sha: HEAD_SHA, pullNumber: PULL_NUMBER },
): string {
  const { sha, pullNumber } = change;
  return JSON.stringify({
    action: 'requested',
    environment: 'production',
    event: 'push',
    deployment_callback_url: `${githubUrl}/repos/acme/web/actions/runs/${runId}/deployment_protection_rule`,
    deployment: { id: runId, sha, ref: 'main', environment: 'production' },
    pull_requests: [{ number: pullNumber, head: { sha }, base: { sha: BASE_SHA } }],
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
