import { runCli } from '../../../src/cli/main.js';

/** Runs the CLI in-process and captures what it prints. */
export async function runShipgate(
  argv: string[],
  cwd = process.cwd(),
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    cwd,
    env: {},
  });
  return { code, stdout, stderr };
}
