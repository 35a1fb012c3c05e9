import { describe, expect, it } from '@jest/globals';
import { loadPolicy, PolicyLoadError } from '../../app/load-policy.js';
import type { GitHubPort } from '../../src/github/github-port.js';

/** A port that serves files from a map and counts reads; everything else is unused here. */
function filesPort(files: Map<string, string>): { port: GitHubPort; reads: string[] } {
  const reads: string[] = [];
  const port = {
    async readFile(owner: string, repo: string, path: string) {
      reads.push(`${owner}/${repo}:${path}`);
      return files.get(`${owner}/${repo}:${path}`) ?? null;
    },
  } as unknown as GitHubPort;
  return { port, reads };
}

const freezePolicy = (approvals: number) =>
  [
    'environments:',
    '  production:',
    '    tiers:',
    `      low: { approvals: ${approvals} }`,
    '    freeze:',
    '      - name: weekend',
    "        start: '0 17 * * FRI'",
    "        end: '0 8 * * MON'",
    '        timezone: Europe/Berlin',
    '',
  ].join('\n');

describe('loadPolicy', () => {
  it('reads the files for every call, and parses a text it has seen only once', async () => {
    const files = new Map([['acme/api:.github/shipgate.yml', freezePolicy(1)]]);
    const { port, reads } = filesPort(files);
    const first = await loadPolicy(port, 'acme', 'api');
    const second = await loadPolicy(port, 'acme', 'api');
    expect(reads).toHaveLength(2);
    // The same object: its compiled freeze schedule and environment index are kept with it.
    expect(second).toBe(first);
  });

  it('applies a changed policy at once', async () => {
    const files = new Map([['acme/svc:.github/shipgate.yml', freezePolicy(1)]]);
    const { port } = filesPort(files);
    const before = await loadPolicy(port, 'acme', 'svc');
    files.set('acme/svc:.github/shipgate.yml', freezePolicy(2));
    const after = await loadPolicy(port, 'acme', 'svc');
    expect(after).not.toBe(before);
    expect(after.environments[0]?.tiers?.low).toMatchObject({ rule: { approvals: 2 } });
  });

  it('applies a change to the file named by _extends at once', async () => {
    const files = new Map([
      ['acme/web:.github/shipgate.yml', '_extends: .github\n'],
      ['acme/.github:.github/shipgate.yml', freezePolicy(1)],
    ]);
    const { port, reads } = filesPort(files);
    const before = await loadPolicy(port, 'acme', 'web');
    files.set('acme/.github:.github/shipgate.yml', freezePolicy(3));
    const after = await loadPolicy(port, 'acme', 'web');
    expect(reads).toEqual([
      'acme/web:.github/shipgate.yml',
      'acme/.github:.github/shipgate.yml',
      'acme/web:.github/shipgate.yml',
      'acme/.github:.github/shipgate.yml',
    ]);
    expect(before.environments[0]?.tiers?.low).toMatchObject({ rule: { approvals: 1 } });
    expect(after.environments[0]?.tiers?.low).toMatchObject({ rule: { approvals: 3 } });
  });

  it('keeps the file name in the key: the same text at another path reports its own path', async () => {
    const bad = 'environments:\n  production:\n    tiers:\n      low: { approvals: -1 }\n';
    const files = new Map([
      ['acme/one:.github/shipgate.yml', bad],
      ['acme/.github:.github/shipgate.yml', bad],
    ]);
    const { port } = filesPort(files);
    for (const repo of ['one', 'one']) {
      const error = await loadPolicy(port, 'acme', repo).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PolicyLoadError);
      expect((error as PolicyLoadError).message).toContain('.github/shipgate.yml:4');
    }
    // No repository file: the org default is used, and its problems name the org file.
    const error = await loadPolicy(port, 'acme', 'two').catch((e: unknown) => e);
    expect((error as PolicyLoadError).message).toContain('acme/.github:.github/shipgate.yml:4');
  });
});
