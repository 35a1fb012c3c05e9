import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Octokit } from '@octokit/rest';
import type { ProbotOctokit } from 'probot';
import { createFileCache, type FileCache } from '../../../src/github/create-file-cache.js';
import { createKeepAliveFetch, type FetchLike } from '../../../src/github/create-keep-alive-fetch.js';
import { createOctokitGitHub } from '../../../src/github/create-octokit-github.js';
import { FakeGitHub } from '../../e2e/fake-github.js';

/** Octokit logs failed requests with console.error; these tests expect failures. */
const silent = { debug() {}, info() {}, warn() {}, error() {} };

const github = new FakeGitHub();
const transport = createKeepAliveFetch();
const exchanges: { ifNoneMatch: string | null; status: number }[] = [];
const recordingFetch: FetchLike = async (input, init) => {
  const response = await transport.fetch(input, init);
  exchanges.push({ ifNoneMatch: init?.headers?.['if-none-match'] ?? null, status: response.status });
  return response;
};

beforeAll(async () => {
  await github.start();
});
afterAll(async () => {
  await github.stop();
  await transport.close();
});

/** A port over Octokit and the recording transport; `null`: without a file cache. */
function port(files: FileCache | null = createFileCache()) {
  const octokit = new Octokit({
    baseUrl: github.baseUrl,
    auth: 'ghs_test',
    request: { fetch: recordingFetch },
    log: silent,
  }) as unknown as InstanceType<typeof ProbotOctokit>;
  return createOctokitGitHub(octokit, files ? { files } : {});
}

describe('reading a file with a file cache', () => {
  it('asks GitHub every time, conditionally once it has a version, and applies a change at once', async () => {
    exchanges.length = 0;
    const files = createFileCache();
    const key = 'acme/web:.github/shipgate.yml';
    github.files.set(key, 'environments: {}\n');
    const gh = port(files);
    expect(await gh.readFile('acme', 'web', '.github/shipgate.yml')).toBe('environments: {}\n');
    expect(await gh.readFile('acme', 'web', '.github/shipgate.yml')).toBe('environments: {}\n');
    github.files.set(key, 'environments:\n  production: {}\n');
    expect(await gh.readFile('acme', 'web', '.github/shipgate.yml')).toBe(
      'environments:\n  production: {}\n',
    );
    github.files.delete(key);
    expect(await gh.readFile('acme', 'web', '.github/shipgate.yml')).toBeNull();
    expect(files.size).toBe(0);
    expect(exchanges.map((e) => [e.ifNoneMatch === null ? 'plain' : 'conditional', e.status])).toEqual([
      ['plain', 200],
      ['conditional', 304],
      ['conditional', 200],
      ['conditional', 404],
    ]);
  });

  it('shares versions between the ports of several installations', async () => {
    exchanges.length = 0;
    const files = createFileCache();
    github.files.set('acme/.github:.github/shipgate.yml', 'risk: {}\n');
    expect(await port(files).readFile('acme', '.github', '.github/shipgate.yml')).toBe('risk: {}\n');
    expect(await port(files).readFile('acme', '.github', '.github/shipgate.yml')).toBe('risk: {}\n');
    expect(exchanges.map((e) => e.status)).toEqual([200, 304]);
  });

  it('reads plainly without a cache', async () => {
    exchanges.length = 0;
    github.files.set('acme/api:.github/shipgate.yml', 'risk: {}\n');
    const gh = port(null);
    await gh.readFile('acme', 'api', '.github/shipgate.yml');
    await gh.readFile('acme', 'api', '.github/shipgate.yml');
    expect(exchanges).toEqual([
      { ifNoneMatch: null, status: 200 },
      { ifNoneMatch: null, status: 200 },
    ]);
  });
});
