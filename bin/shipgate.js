#!/usr/bin/env node
// The `shipgate` command. It runs the committed bundle in dist/cli/ (rebuilt by `npm run build`,
// which `npm test` runs first); SHIPGATE_FROM_SOURCE=1 runs the TypeScript sources through tsx instead.
let runCli;
if (process.env.SHIPGATE_FROM_SOURCE === '1') {
  const { register } = await import('tsx/esm/api');
  register();
  ({ runCli } = await import('../src/cli/main.ts'));
} else {
  ({ runCli } = await import('../dist/cli/main.js'));
}
process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  env: process.env,
});
