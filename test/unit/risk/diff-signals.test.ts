import {
  classifyPath,
  computeDiffSignals,
  isTestPath,
  type DiffFile,
} from '../../../src/risk/diff-signals.js';

const file = (path: string, added = 1, deleted = 0, extra: Partial<DiffFile> = {}): DiffFile => ({
  path,
  added,
  deleted,
  binary: false,
  ...extra,
});

describe('classifyPath', () => {
  it.each([
    { path: '.github/workflows/ci.yml', kinds: ['ci'] },
    { path: '.gitlab-ci.yml', kinds: ['ci'] },
    { path: 'Jenkinsfile', kinds: ['ci'] },
    { path: 'infra/main.tf', kinds: ['infrastructure'] },
    { path: 'deploy/helm/web/Chart.yaml', kinds: ['infrastructure'] },
    { path: 'k8s/deployment.yaml', kinds: ['infrastructure'] },
    { path: 'services/api/Dockerfile', kinds: ['infrastructure'] },
    { path: 'docker-compose.prod.yml', kinds: ['infrastructure'] },
    { path: 'db/migrations/20240101_add_users.sql', kinds: ['migration'] },
    { path: 'app/alembic/versions/abc.py', kinds: ['migration'] },
    { path: 'package-lock.json', kinds: ['dependency'] },
    { path: 'web/package.json', kinds: ['dependency'] },
    { path: 'go.sum', kinds: ['dependency'] },
    { path: 'requirements-dev.txt', kinds: ['dependency'] },
    { path: 'src/auth/session-store.ts', kinds: ['security'] },
    { path: 'src/payments/oauth-client.ts', kinds: ['security'] },
    { path: 'lib/crypto.ts', kinds: ['security'] },
    { path: '.github/CODEOWNERS', kinds: ['security'] },
    { path: 'config/production.json', kinds: ['configuration'] },
    { path: 'settings.toml', kinds: ['configuration'] },
    { path: '.env.production', kinds: ['configuration'] },
    { path: 'src/author.ts', kinds: [] },
    { path: 'src/oracle.ts', kinds: [] },
    { path: 'src/tokenizer.ts', kinds: [] },
    { path: 'README.md', kinds: [] },
    { path: 'test/fixtures/config.yml', kinds: [] },
  ])('$path → $kinds', ({ path, kinds }) => {
    expect(classifyPath(path)).toEqual(kinds);
  });
});

describe('isTestPath', () => {
  it.each([
    { path: 'test/unit/a.test.ts', test: true },
    { path: 'src/__tests__/x.js', test: true },
    { path: 'pkg/server_test.go', test: true },
    { path: 'tests/test_api.py', test: true },
    { path: 'src/main/java/FooTest.java', test: true },
    { path: 'spec/models/user_spec.rb', test: true },
    { path: 'src/testing.ts', test: false },
    { path: 'src/contest/entry.ts', test: false },
  ])('$path → $test', ({ path, test }) => {
    expect(isTestPath(path)).toBe(test);
  });
});

describe('computeDiffSignals', () => {
  it.each([
    {
      name: 'an empty change',
      files: [],
      expected: { files: 0, testLines: 0, nonTestLines: 0, testRatio: null, binaryFiles: [] },
      touches: {},
    },
    {
      name: 'code with its tests',
      files: [file('src/a.ts', 30, 10), file('test/a.test.ts', 20, 0)],
      expected: { files: 2, testLines: 20, nonTestLines: 40, testRatio: 20 / 60, binaryFiles: [] },
      touches: {},
    },
    {
      name: 'a migration, a workflow and a binary',
      files: [
        file('db/migrations/002.sql', 12, 0),
        file('.github/workflows/deploy.yml', 2, 1),
        file('assets/logo.png', 0, 0, { binary: true }),
      ],
      expected: { files: 3, testLines: 0, nonTestLines: 15, testRatio: 0, binaryFiles: ['assets/logo.png'] },
      touches: { migration: ['db/migrations/002.sql'], ci: ['.github/workflows/deploy.yml'] },
    },
    {
      name: 'a rename out of a sensitive directory (the old path counts)',
      files: [file('src/session/store.ts', 0, 0, { oldPath: 'src/auth/store.ts' })],
      expected: { files: 1, testLines: 0, nonTestLines: 0, testRatio: null, binaryFiles: [] },
      touches: { security: ['src/session/store.ts'] },
    },
  ])('summarises $name', ({ files, expected, touches }) => {
    const signals = computeDiffSignals(files);
    expect(signals).toEqual({
      ...expected,
      touches: {
        ci: [],
        infrastructure: [],
        migration: [],
        dependency: [],
        security: [],
        configuration: [],
        ...touches,
      },
    });
  });
});
