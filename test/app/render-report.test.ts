import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { evaluatePolicy, type DeploymentFacts } from '../../src/policy/evaluate-policy.js';
import { parsePolicy } from '../../src/policy/parse-policy.js';
import { escapeMarkdown } from '../../src/report/escape-markdown.js';
import { fitComment } from '../../src/report/fit-comment.js';
import { renderProtectionComment } from '../../src/report/render-protection-comment.js';
import { renderStatusComment } from '../../src/report/render-status-comment.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const NOW = new Date('2026-11-18T10:00:00Z');
const SHA = 'c'.repeat(40);

function verdictFor(policyText: string, facts: Partial<DeploymentFacts> = {}) {
  const parsed = parsePolicy(policyText, '.github/shipgate.yml');
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return evaluatePolicy(
    parsed.policy,
    {
      environment: 'production',
      tier: 'high',
      sha: SHA,
      author: 'dave',
      committers: [],
      signoffs: [],
      teams: {},
      ...facts,
    },
    NOW,
  );
}

const POLICY =
  'environments:\n  production:\n    tiers:\n      high: { approvals: 2, from: [alice, bob, carol] }\n';

describe('protection rule comments', () => {
  it.each([
    {
      name: 'held',
      policy: POLICY,
      signoffs: [],
      starts: 'shipgate is holding ccccccc for production (tier high). Missing:',
    },
    {
      name: 'approved',
      policy: POLICY,
      signoffs: [
        { login: 'alice', at: NOW, kind: 'approve' as const },
        { login: 'bob', at: NOW, kind: 'approve' as const },
      ],
      starts:
        'shipgate approved ccccccc for production (tier high):\n- every requirement is met: tiers.high: 2 of 2 (alice, bob)',
    },
    {
      name: 'rejected',
      policy: POLICY,
      signoffs: [{ login: 'carol', at: NOW, kind: 'reject' as const, reason: 'breaks checkout' }],
      starts: 'shipgate rejected ccccccc for production (tier high):\n- rejected by carol: breaks checkout',
    },
    {
      name: 'advise',
      policy: POLICY.replace('tiers:', 'mode: advise\n    tiers:'),
      signoffs: [],
      starts:
        'shipgate (advise mode) approved ccccccc for production (tier high), but it would have been held because:\n- tiers.high needs 2 more approvals from alice, bob, carol',
    },
  ])('says why when $name', ({ policy, signoffs, starts }) => {
    const comment = renderProtectionComment(verdictFor(policy, { signoffs }));
    expect(comment.startsWith(starts)).toBe(true);
    expect(comment.length).toBeLessThanOrEqual(1024);
  });

  it('fits long reports into 1024 characters, cutting whole lines', () => {
    const lines = Array.from({ length: 50 }, (_, i) => `- reason ${i} ${'x'.repeat(40)}`);
    const text = fitComment(lines);
    expect(text.length).toBeLessThanOrEqual(1024);
    expect(text.endsWith('(see the shipgate status comment on the pull request for the rest)')).toBe(true);
    expect(
      text
        .split('\n')
        .slice(0, -1)
        .every((line) => lines.includes(line)),
    ).toBe(true);
  });
});

describe('escapeMarkdown', () => {
  it.each([
    { input: '@org/everyone please look', no: '@' },
    { input: '[click](https://evil.example)', no: '](' },
    { input: '<img src=x onerror=alert(1)>', no: '<' },
    { input: '| a | b |', no: '|' },
    { input: 'line\n# heading', no: '\n' },
    { input: '`code` and **bold**', no: '`' },
    { input: '&#64;mention', no: '&#64;mention' },
  ])('neutralises $input', ({ input, no }) => {
    expect(escapeMarkdown(input)).not.toContain(no);
  });
});

describe('the status comment', () => {
  it('renders a held deployment with accepted and refused sign-offs', () => {
    const verdict = verdictFor(POLICY, { signoffs: [{ login: 'alice', at: NOW, kind: 'approve' }] });
    const body = renderStatusComment({
      environment: 'production',
      sha: SHA,
      verdict,
      signoffs: [
        { login: 'alice', kind: 'approve', at: NOW, source: 'comment', accepted: true, refusalReason: null },
        {
          login: 'dave',
          kind: 'approve',
          at: NOW,
          source: 'check_run',
          accepted: false,
          refusalReason: 'the author of the change cannot sign off on it (signoff.allow_author is false)',
        },
      ],
    });
    expect(body).toMatchSnapshot();
  });

  it('says sign-offs are stale after a push', () => {
    const body = renderStatusComment({
      environment: 'production',
      sha: 'd'.repeat(40),
      verdict: null,
      signoffs: [],
      stale: { before: SHA, after: 'd'.repeat(40) },
    });
    expect(body).toMatchSnapshot();
  });
});

describe('app.yml', () => {
  it('asks for exactly the permissions and events shipgate needs', () => {
    const manifest = parse(readFileSync(path.join(here, '..', '..', 'app.yml'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(manifest.default_permissions).toEqual({
      deployments: 'write',
      actions: 'read',
      checks: 'write',
      pull_requests: 'write',
      issues: 'write',
      members: 'read',
      contents: 'read',
      metadata: 'read',
    });
    expect(manifest.default_events).toEqual([
      'deployment_protection_rule',
      'issue_comment',
      'check_run',
      'pull_request',
      'deployment_status',
    ]);
  });
});
