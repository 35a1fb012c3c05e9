// Builds the committed bundles (CI rebuilds them and fails on any difference):
// - dist/index.cjs: the GitHub Action, one self-contained file run by action.yml;
// - dist/cli/: the `shipgate` command (bin/shipgate.js), with dependencies loaded from node_modules
//   and each command in its own chunk, so a command loads only what it needs.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

await build({
  entryPoints: ['action/index.ts'],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  outfile: 'dist/index.cjs',
  minify: true,
  legalComments: 'linked',
  logLevel: 'warning',
  // Some dependencies (fdir) call createRequire(import.meta.url): give the CommonJS bundle a real one.
  define: { 'import.meta.url': '__shipgateImportMetaUrl' },
  banner: { js: "var __shipgateImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
});
console.log('wrote dist/index.cjs');

rmSync('dist/cli', { recursive: true, force: true });
await build({
  entryPoints: ['src/cli/main.ts'],
  bundle: true,
  splitting: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  outdir: 'dist/cli',
  packages: 'external',
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
});
console.log('wrote dist/cli/');
