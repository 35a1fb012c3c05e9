import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

const adapters = ['octokit', '@octokit/*', 'probot', '@actions/*', 'pg', '@electric-sql/*'];
const nodeIo = ['fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'child_process', 'node:child_process'];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'schema/', 'bench/results/', '.shipgate/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The boundary rule: the pure core takes plain data and `now`, never the outside world.
    files: [
      'src/policy/**/*.ts',
      'src/freeze/**/*.ts',
      'src/signoff/**/*.ts',
      'src/rollback/**/*.ts',
      'src/audit/**/*.ts',
      'src/risk/**/*.ts',
    ],
    ignores: ['src/risk/git/**', 'src/risk/**/*-io.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeIo.map((name) => ({
            name,
            message: 'The core is pure: do I/O in an adapter or shell.',
          })),
          patterns: [
            {
              group: adapters,
              message: 'The core is pure: Octokit, Probot, @actions and stores live in adapters.',
            },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'The core reads no environment; pass settings in.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'Time comes in as `now`.',
        },
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'Time comes in as `now`.',
        },
      ],
    },
  },
);
