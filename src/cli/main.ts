import type { CliCommand, CliIo } from './io.js';
import { UsageError } from './io.js';

/** Each entry loads its command lazily, so `shipgate policy …` never loads the model or the App. */
const commands: Record<string, { summary: string; load: () => Promise<CliCommand> }> = {
  app: {
    summary: 'run the GitHub App server (configured by APP_ID, PRIVATE_KEY, WEBHOOK_SECRET …; see --help)',
    load: async () => (await import('./app-command.js')).runAppCommand,
  },
  assess: {
    summary: 'assess the risk of a change in a local git repository (--base REV --head REV [--json])',
    load: async () => (await import('./assess-command.js')).runAssessCommand,
  },
  audit: {
    summary: 'verify or export the signed audit log (verify [--public-key FILE], export --format jsonl)',
    load: async () => (await import('./audit-command.js')).runAuditCommand,
  },
  model: {
    summary: 'evaluate or train risk models (eval --data CSV..., train --data CSV...|--repo DIR --out FILE)',
    load: async () => (await import('./model-command.js')).runModelCommand,
  },
  policy: {
    summary: 'validate or explain a policy file (validate FILE..., explain --policy FILE ...)',
    load: async () => (await import('./policy-command.js')).runPolicyCommand,
  },
};

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`);
  return `usage: shipgate <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nRun \`shipgate <command> --help\` for a command's options.\n`;
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    io.stderr(`shipgate: unknown command '${name}'.\n${usage()}`);
    return 2;
  }
  try {
    const run = await command.load();
    return await run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`shipgate ${name}: ${error.message}\n`);
      return 2;
    }
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.stderr(`shipgate ${name}: unexpected error: ${message}\n`);
    return 1;
  }
}
