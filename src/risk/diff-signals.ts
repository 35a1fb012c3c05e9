import picomatch from 'picomatch';

/** One changed file, as the diff reports it (FileChange from the git reader fits). */
export interface DiffFile {
  path: string;
  oldPath?: string;
  added: number;
  deleted: number;
  binary: boolean;
}

/** Kinds of sensitive paths a change may touch. */
export const TOUCH_KINDS = [
  'ci',
  'infrastructure',
  'migration',
  'dependency',
  'security',
  'configuration',
] as const;
export type TouchKind = (typeof TOUCH_KINDS)[number];

/** What a change touches beyond the Kamei features: computed from the diff alone. */
export interface DiffSignals {
  files: number;
  /** Paths per kind (sorted). A path may count under several kinds, except `configuration`. */
  touches: Record<TouchKind, string[]>;
  /** Lines added + deleted in test files, and in all other files. */
  testLines: number;
  nonTestLines: number;
  /** testLines / (testLines + nonTestLines); null when no lines changed. */
  testRatio: number | null;
  /** Paths git reports as binary. */
  binaryFiles: string[];
}

/** The globs behind each kind (matched case-insensitively, dot files included). */
export const TOUCH_GLOBS: Record<TouchKind, readonly string[]> = {
  ci: [
    '.github/workflows/**',
    '.github/actions/**',
    '**/action.{yml,yaml}',
    '.gitlab-ci.yml',
    '.gitlab/ci/**',
    '.circleci/**',
    '**/Jenkinsfile',
    '**/azure-pipelines*.{yml,yaml}',
    '.buildkite/**',
    '.travis.yml',
    '**/bitbucket-pipelines.yml',
    '.drone.yml',
    '**/cloudbuild*.{yml,yaml}',
  ],
  infrastructure: [
    '**/*.{tf,tfvars,hcl,bicep}',
    '**/terraform/**',
    '**/Dockerfile',
    '**/Dockerfile.*',
    '**/*.dockerfile',
    '**/docker-compose*.{yml,yaml}',
    '**/compose.{yml,yaml}',
    '**/Chart.yaml',
    '**/charts/**',
    '**/helm/**',
    '**/k8s/**',
    '**/kubernetes/**',
    '**/manifests/**',
    '**/kustomization.{yml,yaml}',
    '**/ansible/**',
    '**/playbook*.{yml,yaml}',
    '**/cloudformation/**',
    '**/*.cfn.{json,yml,yaml}',
    '**/serverless.{yml,yaml}',
    '**/Pulumi*.yaml',
    '**/nginx*.conf',
    '**/Procfile',
    '**/fly.toml',
  ],
  migration: [
    '**/migrations/**',
    '**/migration/**',
    '**/migrate/**',
    '**/db/schema.rb',
    '**/alembic/**',
    '**/flyway/**',
    '**/liquibase/**',
    '**/*.sql',
    '**/schema.prisma',
    '**/prisma/migrations/**',
  ],
  dependency: [
    '**/package.json',
    '**/package-lock.json',
    '**/npm-shrinkwrap.json',
    '**/yarn.lock',
    '**/pnpm-lock.yaml',
    '**/bun.lockb',
    '**/go.mod',
    '**/go.sum',
    '**/Cargo.toml',
    '**/Cargo.lock',
    '**/requirements*.txt',
    '**/Pipfile',
    '**/Pipfile.lock',
    '**/pyproject.toml',
    '**/poetry.lock',
    '**/uv.lock',
    '**/Gemfile',
    '**/Gemfile.lock',
    '**/pom.xml',
    '**/build.gradle',
    '**/build.gradle.kts',
    '**/gradle.lockfile',
    '**/composer.json',
    '**/composer.lock',
    '**/*.csproj',
    '**/packages.lock.json',
    '**/mix.lock',
    '**/Package.resolved',
  ],
  security: [
    '**/auth/**',
    '**/authn/**',
    '**/authz/**',
    '**/oauth*/**',
    '**/auth.*',
    '**/*-auth.*',
    '**/*_auth.*',
    '**/*authenticat*',
    '**/*authoriz*',
    '**/*oauth*',
    '**/*login*',
    '**/*password*',
    '**/*passwd*',
    '**/*secret*',
    '**/*credential*',
    '**/*token.*',
    '**/*tokens.*',
    '**/*session.*',
    '**/*sessions.*',
    '**/*permission*',
    '**/*crypto*',
    '**/*encrypt*',
    '**/*jwt*',
    '**/*saml*',
    '**/*oidc*',
    '**/acl*.*',
    '**/*rbac*',
    '**/security/**',
    '**/*sanitiz*',
    '**/CODEOWNERS',
    '**/.npmrc',
    '**/*.pem',
    '**/*.key',
  ],
  configuration: [
    '**/*.{yml,yaml,toml,ini,cfg,conf,properties,env}',
    '**/.env',
    '**/.env.*',
    '**/config/**',
    '**/configs/**',
    '**/settings.*',
    '**/*.config.{js,cjs,mjs,ts,json}',
    '**/*rc.json',
    '**/.*rc',
    '**/appsettings*.json',
    '**/tsconfig*.json',
  ],
};

/** Globs of test files and test directories. */
export const TEST_GLOBS: readonly string[] = [
  '**/test/**',
  '**/tests/**',
  '**/__tests__/**',
  '**/spec/**',
  '**/specs/**',
  '**/testdata/**',
  '**/fixtures/**',
  '**/e2e/**',
  '**/*.{test,spec}.*',
  '**/*_test.*',
  '**/*_spec.*',
  '**/test_*.py',
  '**/*Test.{java,kt,scala,cs}',
  '**/*Tests.{java,kt,scala,cs}',
];

const MATCH_OPTIONS = { dot: true, nocase: true } as const;
const touchMatchers = Object.fromEntries(
  TOUCH_KINDS.map((kind) => [
    kind,
    picomatch([...TOUCH_GLOBS[kind]], MATCH_OPTIONS) as (path: string) => boolean,
  ]),
) as Record<TouchKind, (path: string) => boolean>;
const testMatcher = picomatch([...TEST_GLOBS], MATCH_OPTIONS);

/** Whether a path is a test file (by the TEST_GLOBS). */
export function isTestPath(path: string): boolean {
  return testMatcher(path);
}

/** The kinds a path counts under. Configuration is only counted when no other kind applies. */
export function classifyPath(path: string): TouchKind[] {
  const kinds = TOUCH_KINDS.filter((kind) => kind !== 'configuration' && touchMatchers[kind](path));
  if (kinds.length === 0 && !isTestPath(path) && touchMatchers.configuration(path))
    kinds.push('configuration');
  return kinds;
}

/**
 * Computes the diff signals of a change: which sensitive kinds of path it touches (by the new
 * path and, for renames, the old one), how its changed lines split between tests and the rest,
 * and which files are binary.
 */
export function computeDiffSignals(files: readonly DiffFile[]): DiffSignals {
  const touches = Object.fromEntries(TOUCH_KINDS.map((k) => [k, new Set<string>()])) as Record<
    TouchKind,
    Set<string>
  >;
  let testLines = 0;
  let nonTestLines = 0;
  const binaryFiles: string[] = [];
  for (const file of files) {
    const kinds = new Set(classifyPath(file.path));
    if (file.oldPath !== undefined) for (const kind of classifyPath(file.oldPath)) kinds.add(kind);
    for (const kind of kinds) touches[kind].add(file.path);
    const lines = file.added + file.deleted;
    if (isTestPath(file.path)) testLines += lines;
    else nonTestLines += lines;
    if (file.binary) binaryFiles.push(file.path);
  }
  const total = testLines + nonTestLines;
  return {
    files: files.length,
    touches: Object.fromEntries(TOUCH_KINDS.map((k) => [k, [...touches[k]].sort()])) as Record<
      TouchKind,
      string[]
    >,
    testLines,
    nonTestLines,
    testRatio: total === 0 ? null : testLines / total,
    binaryFiles: binaryFiles.sort(),
  };
}
