import { runCommandGate } from './command.js';
import { gateKinds, listCommands, type GatesConfig } from './config.js';
import { runCoverageGate } from './coverage.js';
import { runDependenciesGate } from './dependencies.js';
import { makeErrorResult } from './gate-result.js';
import { runIntegrityGate } from './integrity.js';
import { runPerformanceGate } from './performance.js';
import { runSarifGate } from './sarif.js';
import { runSecretsGate } from './secrets.js';
import { runTestsGate } from './tests.js';
import type { GateContext, GateResult } from './types.js';

interface PlannedGate {
  name: string;
  kind: (typeof gateKinds)[number];
  blocking: boolean;
  /** A missing input fails the gate instead of skipping it. */
  required: boolean;
  run: () => Promise<GateResult>;
}

function planGates(config: GatesConfig, ctx: GateContext): PlannedGate[] {
  const plan: PlannedGate[] = [];
  const add = <C extends { blocking: boolean; required: boolean }>(
    kind: PlannedGate['kind'],
    gateConfig: C | undefined,
    runner: (c: C, x: GateContext) => Promise<GateResult>,
  ) => {
    if (gateConfig)
      plan.push({
        name: kind,
        kind,
        blocking: gateConfig.blocking,
        required: gateConfig.required,
        run: () => runner(gateConfig, ctx),
      });
  };
  add('tests', config.tests, runTestsGate);
  add('coverage', config.coverage, runCoverageGate);
  add('sarif', config.sarif, runSarifGate);
  add('dependencies', config.dependencies, runDependenciesGate);
  add('secrets', config.secrets, runSecretsGate);
  add('integrity', config.integrity, runIntegrityGate);
  add('performance', config.performance, runPerformanceGate);
  for (const command of listCommands(config)) {
    plan.push({
      name: command.name,
      kind: 'command',
      blocking: command.blocking,
      required: false,
      run: () => runCommandGate(command, ctx),
    });
  }
  return plan;
}

/**
 * Runs the configured gates in a fixed order (tests, coverage, sarif, dependencies, secrets,
 * integrity, performance, then each command) and returns one result each. `only` picks gates by
 * kind or command name (`command` picks every command); a name that matches no configured gate
 * yields an `error` result naming the ones that exist. A gate that throws becomes an `error`
 * result; the other gates still run.
 */
export async function runGates(
  config: GatesConfig,
  ctx: GateContext,
  only?: string[],
): Promise<GateResult[]> {
  const plan = planGates(config, ctx);
  const wanted = only?.map((name) => name.trim()).filter(Boolean);
  const chosen = wanted?.length
    ? plan.filter((gate) => wanted.includes(gate.name) || wanted.includes(gate.kind))
    : plan;
  const results: GateResult[] = [];
  for (const name of wanted ?? []) {
    if (!plan.some((gate) => gate.name === name || gate.kind === name)) {
      const known = plan.map((gate) => gate.name);
      results.push(
        makeErrorResult(
          name,
          false,
          `Gate '${name}' is not configured: the policy's gates: section has ${known.length ? known.join(', ') : 'no gate'}. Fix the gates list or add gates.${name} to the policy.`,
        ),
      );
    }
  }
  for (const gate of chosen) {
    try {
      const result = await gate.run();
      if (result.status === 'skip' && gate.required) {
        result.status = 'fail';
        result.summary = `${result.summary} (gates.${gate.name}.required is set, so a missing input fails.)`;
      }
      results.push(result);
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      results.push(
        makeErrorResult(gate.name, gate.blocking, `The ${gate.name} gate could not run: ${message}`),
      );
    }
  }
  return results;
}

/** The gates that fail the check run: blocking ones whose status is `fail` or `error`. */
export function listBlockingFailures(results: GateResult[]): GateResult[] {
  return results.filter(
    (result) => result.blocking && (result.status === 'fail' || result.status === 'error'),
  );
}
