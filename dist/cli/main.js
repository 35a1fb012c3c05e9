import {
  UsageError
} from "./chunks/chunk-QLHZKYCG.js";

// src/cli/main.ts
var commands = {
  app: {
    summary: "run the GitHub App server (configured by APP_ID, PRIVATE_KEY, WEBHOOK_SECRET \u2026; see --help)",
    load: async () => (await import("./chunks/app-command-VTCL3657.js")).runAppCommand
  },
  assess: {
    summary: "assess the risk of a change in a local git repository (--base REV --head REV [--json])",
    load: async () => (await import("./chunks/assess-command-5ZENOTDI.js")).runAssessCommand
  },
  audit: {
    summary: "verify or export the signed audit log (verify [--public-key FILE], export --format jsonl)",
    load: async () => (await import("./chunks/audit-command-6TTDDVVA.js")).runAuditCommand
  },
  model: {
    summary: "evaluate or train risk models (eval --data CSV..., train --data CSV...|--repo DIR --out FILE)",
    load: async () => (await import("./chunks/model-command-OE2LLNMI.js")).runModelCommand
  },
  policy: {
    summary: "validate or explain a policy file (validate FILE..., explain --policy FILE ...)",
    load: async () => (await import("./chunks/policy-command-KD77WCKO.js")).runPolicyCommand
  }
};
function usage() {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`);
  return `usage: shipgate <command> [options]

commands:
${lines.join("\n")}

Run \`shipgate <command> --help\` for a command's options.
`;
}
async function runCli(argv, io) {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    io.stdout(usage());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    io.stderr(`shipgate: unknown command '${name}'.
${usage()}`);
    return 2;
  }
  try {
    const run = await command.load();
    return await run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`shipgate ${name}: ${error.message}
`);
      return 2;
    }
    const message = error instanceof Error ? error.stack ?? error.message : String(error);
    io.stderr(`shipgate ${name}: unexpected error: ${message}
`);
    return 1;
  }
}
export {
  runCli
};
