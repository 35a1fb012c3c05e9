import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_RISK_THRESHOLDS } from '../policy/tiers.js';
import type { RiskSettings } from '../policy/types.js';
import { assessRisk } from '../risk/assess.js';
import { computeDiffSignals } from '../risk/diff-signals.js';
import { renderAssessmentReport } from '../risk/explain-report.js';
import { measureChange } from '../risk/git/measure-change.js';
import { RepositoryError } from '../risk/git/open-repository.js';
import { loadDefaultModel, parseRiskModel, RiskModelError, type RiskModel } from '../risk/model.js';
import { UsageError, type CliIo } from './io.js';

const HELP = `usage: shipgate assess [--repo DIR] [--base REV] [--head REV] [--config FILE] [--model FILE] [--json] [--no-cache]

Assesses the risk of the change base..head in a local git repository and recommends
promote, review or hold.

  --repo DIR      the repository (default: the current directory)
  --base REV      the commit the change starts from (default: the head's parent; a root
                  commit is measured against the empty tree)
  --head REV      the commit the change ends at (default: HEAD)
  --config FILE   a shipgate policy file; its risk: section sets the thresholds and
                  what low confidence does (default: thresholds low 20, medium 45, high 70)
  --model FILE    a model written by \`shipgate model train\` (default: the shipped model)
  --json          print the assessment as JSON
  --no-cache      neither read nor write the history cache under <git-dir>/shipgate/
`;

async function readRiskSettings(file: string, shown: string): Promise<RiskSettings> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(
      `cannot read --config ${shown}: ${(error as Error).message}. Fix: pass an existing policy file.`,
    );
  }
  // Loaded only when asked for: the policy parser is not needed for a plain assessment.
  const { parsePolicy } = await import('../policy/parse-policy.js');
  const result = parsePolicy(text, shown);
  if (!result.ok) {
    const problems = result.problems.map(
      (p) => `  ${p.file}:${p.line}:${p.column}: ${p.key ? `${p.key}: ` : ''}${p.message}`,
    );
    throw new UsageError(`--config ${shown} is not a valid shipgate policy:\n${problems.join('\n')}`);
  }
  return result.policy.risk;
}

async function readModel(file: string): Promise<RiskModel> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new UsageError(
      `cannot read --model ${file}: ${(error as Error).message}. Fix: pass a file written by \`shipgate model train\`.`,
    );
  }
  try {
    return parseRiskModel(json);
  } catch (error) {
    if (error instanceof RiskModelError) throw new UsageError(`--model ${file}: ${error.message}`);
    throw error;
  }
}

/** `shipgate assess`: measures base..head from git, assesses it, prints a report or JSON. */
export async function runAssessCommand(argv: string[], io: CliIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        repo: { type: 'string' },
        base: { type: 'string' },
        head: { type: 'string' },
        config: { type: 'string' },
        model: { type: 'string' },
        json: { type: 'boolean', default: false },
        'no-cache': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${HELP}`);
  }
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const repoDir = path.resolve(io.cwd, values.repo ?? '.');
  const settings: RiskSettings = values.config
    ? await readRiskSettings(path.resolve(io.cwd, values.config), values.config)
    : { thresholds: DEFAULT_RISK_THRESHOLDS, low_confidence: 'raise' };
  const model = values.model ? await readModel(path.resolve(io.cwd, values.model)) : loadDefaultModel();

  let change;
  try {
    change = await measureChange(repoDir, {
      base: values.base,
      head: values.head ?? 'HEAD',
      cache: !values['no-cache'],
    });
  } catch (error) {
    if (error instanceof RepositoryError) throw new UsageError(error.message);
    throw error;
  }
  const assessment = assessRisk({
    model,
    kamei: change.kamei,
    diff: computeDiffSignals(change.files),
    config: settings,
    missingSignals: change.missingSignals,
    context: change.context,
  });
  if (values.json) {
    const output = {
      ...assessment,
      change: {
        base: change.base,
        head: change.head,
        merge_base: change.mergeBase,
        commits: change.commits,
        files: change.files.length,
        shallow: change.repo.shallow,
      },
      kamei: change.kamei,
      history: change.history,
    };
    io.stdout(JSON.stringify(output, null, 2) + '\n');
    return 0;
  }
  const count = (n: number, what: string) => `${n.toLocaleString('en-US')} ${what}${n === 1 ? '' : 's'}`;
  const history =
    change.history.source === 'cache'
      ? `read from the cache (${count(change.history.commits, 'commit')} up to base)`
      : change.history.source === 'incremental'
        ? `cache updated with ${count(change.history.streamed, 'new commit')}`
        : `streamed ${count(change.history.streamed, 'commit')}` +
          (change.repo.shallow ? ' of a shallow clone (history features missing)' : '');
  io.stdout(
    renderAssessmentReport(assessment, {
      base: change.base ?? change.mergeBase,
      head: change.head,
      commits: change.commits,
      files: change.files.length,
      history,
    }),
  );
  return 0;
}
