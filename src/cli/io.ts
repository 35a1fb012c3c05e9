/** What a CLI command may touch of the outside world. The shell (bin/shipgate.js) provides it. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** A command's entry point: parses its own arguments and returns the exit code. */
export type CliCommand = (argv: string[], io: CliIo) => Promise<number>;

/** Raised for usage and configuration errors; the CLI prints the message and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
