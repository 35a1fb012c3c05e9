// Bundles the GitHub Action's entry into dist/ (committed; CI rebuilds and diffs it).
import { existsSync } from 'node:fs';
import { build } from 'esbuild';

const entry = 'action/index.ts';
if (!existsSync(entry)) {
  console.log(`no ${entry} yet: nothing to bundle`);
} else {
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile: 'dist/index.cjs',
    minify: true,
    // Some dependencies (fdir) call createRequire(import.meta.url): give the CommonJS bundle a real one.
    define: { 'import.meta.url': '__shipgateImportMetaUrl' },
    banner: { js: "var __shipgateImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    legalComments: 'linked',
    logLevel: 'warning',
  });
  console.log('wrote dist/index.cjs');
}
