import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Everything the Action reads from its inputs and the workflow, validated, in one typed object. */
export interface ActionSettings {
  workspace: string;
  configPath: string;
  token: string;
  /** `owner/repo` */
  repository: { owner: string; repo: string };
  apiUrl: string;
  base: string | undefined;
  head: string;
  /** Run only these gates; undefined: every configured gate; []: none. */
  gates: string[] | undefined;
  failOn: 'blocking-gates' | 'high-risk' | 'never';
  dryRun: boolean;
  /** Where the JSON report is written. */
  reportPath: string;
  pullNumber: number | null;
}

/** Raised for a wrong input; the message names the input and the fix. */
export class InputError extends Error {
  override name = 'InputError';
}

/**
 * The only reader of the Action's inputs and of the workflow's environment. Composite actions get
 * no INPUT_* variables: action.yml maps each input to a SHIPGATE_* variable in the step's env.
 */
export function readActionSettings(env: NodeJS.ProcessEnv): ActionSettings {
  const workspace = env.GITHUB_WORKSPACE || process.cwd();
  const repositoryText = env.GITHUB_REPOSITORY ?? '';
  const [owner, repo] = repositoryText.split('/');
  if (!owner || !repo)
    throw new InputError(`GITHUB_REPOSITORY is '${repositoryText}'; run the Action inside a GitHub workflow`);

  const event = readEvent(env.GITHUB_EVENT_PATH);
  const pr = event?.pull_request as
    { base?: { sha?: string }; head?: { sha?: string }; number?: number } | undefined;
  const base = nonEmpty(env.SHIPGATE_BASE) ?? pr?.base?.sha ?? undefined;
  const head = nonEmpty(env.SHIPGATE_HEAD) ?? pr?.head?.sha ?? env.GITHUB_SHA ?? 'HEAD';

  const failOn = nonEmpty(env.SHIPGATE_FAIL_ON) ?? 'blocking-gates';
  if (!['blocking-gates', 'high-risk', 'never'].includes(failOn)) {
    throw new InputError(`input fail-on is '${failOn}'; use blocking-gates, high-risk or never`);
  }
  const dryRunText = (nonEmpty(env.SHIPGATE_DRY_RUN) ?? 'false').toLowerCase();
  if (!['true', 'false'].includes(dryRunText))
    throw new InputError(`input dry-run is '${dryRunText}'; use true or false`);
  const dryRun = dryRunText === 'true';

  const token = nonEmpty(env.SHIPGATE_GITHUB_TOKEN) ?? '';
  if (!token && !dryRun) {
    throw new InputError(
      'input github-token is empty; pass ${{ github.token }} (the default) with checks: write, or set dry-run: true',
    );
  }
  const gatesText = env.SHIPGATE_GATES;
  const gates =
    gatesText === undefined || gatesText.trim() === ''
      ? undefined
      : gatesText.trim() === 'none'
        ? []
        : gatesText.split(/[,\s]+/).filter(Boolean);

  return {
    workspace,
    configPath: path.resolve(workspace, nonEmpty(env.SHIPGATE_CONFIG_PATH) ?? '.github/shipgate.yml'),
    token,
    repository: { owner, repo },
    apiUrl: env.GITHUB_API_URL || 'https://api.github.com',
    base,
    head,
    gates,
    failOn: failOn as ActionSettings['failOn'],
    dryRun,
    reportPath: path.resolve(env.RUNNER_TEMP || workspace, 'shipgate-report.json'),
    pullNumber: typeof pr?.number === 'number' ? pr.number : null,
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== '' ? value.trim() : undefined;
}

function readEvent(file: string | undefined): Record<string, unknown> | null {
  if (!file) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
}
