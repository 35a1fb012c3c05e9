import type { GatesConfig } from '../gates/config.js';
import { createNodeContext } from '../gates/node-context.js';
import { readGitDiff } from '../gates/read-git-diff.js';
import { listBlockingFailures, runGates } from '../gates/run-gates.js';
import type { GateResult } from '../gates/types.js';
import type { RiskSettings } from '../policy/types.js';
import { assessRisk, type RiskAssessment } from '../risk/assess.js';
import { computeDiffSignals } from '../risk/diff-signals.js';
import { EMPTY_TREE, measureChange, type MeasuredChange } from '../risk/git/measure-change.js';
import type { RiskModel } from '../risk/model.js';

export interface AssessChangeOptions {
  repoDir: string;
  /** The commit the change starts from; default: the head's parent. */
  base?: string;
  head: string;
  risk: RiskSettings;
  model: RiskModel;
  /** The policy's gates; null: run none. */
  gates: GatesConfig | null;
  /** Run only these gates (by kind or command name). */
  only?: string[];
  now: Date;
  /** The environment gate commands run with. */
  env?: NodeJS.ProcessEnv;
  cache?: boolean;
}

export interface ChangeAssessment {
  assessment: RiskAssessment;
  change: MeasuredChange;
  gates: GateResult[];
  /** Blocking gates that failed or errored: these fail the check run. */
  blocking_failures: GateResult[];
}

/**
 * The whole local assessment of a change, as the Action and `shipgate assess --gates` run it:
 * measure base..head from git, run the policy's gates over the change, and score the risk with
 * the gate results as explicit adjustments (a skipped gate is a missing signal).
 */
export async function assessChange(options: AssessChangeOptions): Promise<ChangeAssessment> {
  const change = await measureChange(options.repoDir, {
    base: options.base,
    head: options.head,
    cache: options.cache ?? true,
  });
  let gates: GateResult[] = [];
  if (options.gates) {
    const diff = await readGitDiff({
      cwd: options.repoDir,
      base: change.base ?? EMPTY_TREE,
      head: change.head,
    });
    const ctx = createNodeContext({ cwd: options.repoDir, now: options.now, diff, env: options.env });
    gates = await runGates(options.gates, ctx, options.only);
  }
  const assessment = assessRisk({
    model: options.model,
    kamei: change.kamei,
    diff: computeDiffSignals(change.files),
    gates: gates.map((g) => ({ name: g.gate, status: g.status, blocking: g.blocking })),
    config: options.risk,
    // A skipped or errored gate is a missing signal (assessRisk counts it as such).
    missingSignals: change.missingSignals,
    context: change.context,
  });
  return { assessment, change, gates, blocking_failures: listBlockingFailures(gates) };
}
