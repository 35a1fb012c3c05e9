import { parseDocument } from 'yaml';
import type { GitHubPort } from '../src/github/github-port.js';
import { DEFAULT_POLICY_PATH, parseExtends } from '../src/policy/parse-extends.js';
import { parsePolicy } from '../src/policy/parse-policy.js';
import type { Policy, PolicyProblem } from '../src/policy/types.js';

/** The policy could not be read or is invalid; the App holds the deployment and says why. */
export class PolicyLoadError extends Error {
  override name = 'PolicyLoadError';
  constructor(
    message: string,
    readonly problems: PolicyProblem[] = [],
  ) {
    super(message);
  }
}

/** `file:line:col: key: message` for each problem (at most `max`). */
export function formatPolicyProblems(problems: readonly PolicyProblem[], max = 3): string {
  const shown = problems
    .slice(0, max)
    .map((p) => `${p.file}:${p.line}:${p.column}: ${p.key ? `${p.key}: ` : ''}${p.message}`);
  const more = problems.length > max ? ` (and ${problems.length - max} more)` : '';
  return shown.join('; ') + more;
}

/**
 * Reads the policy from the default branch (so a pull request cannot weaken the policy that
 * judges it): the repository's `.github/shipgate.yml`, layered on the file its `_extends` names;
 * without a repository file, the org default in `<owner>/.github`.
 */
export async function loadPolicy(port: GitHubPort, owner: string, repo: string): Promise<Policy> {
  const repoText = await port.readFile(owner, repo, DEFAULT_POLICY_PATH);
  if (repoText === null) {
    const orgText = repo === '.github' ? null : await port.readFile(owner, '.github', DEFAULT_POLICY_PATH);
    if (orgText === null) {
      throw new PolicyLoadError(
        `no policy found: neither ${owner}/${repo} nor ${owner}/.github has ${DEFAULT_POLICY_PATH} on its default branch; add one (see docs/app.md)`,
      );
    }
    return parseOrThrow(orgText, `${owner}/.github:${DEFAULT_POLICY_PATH}`);
  }
  const file = DEFAULT_POLICY_PATH;
  let extendsValue: unknown;
  try {
    const doc = parseDocument(repoText);
    extendsValue = doc.errors.length === 0 ? doc.get('_extends') : undefined;
  } catch {
    extendsValue = undefined;
  }
  if (typeof extendsValue !== 'string') return parseOrThrow(repoText, file);
  const target = parseExtends(extendsValue, owner);
  if ('error' in target) throw new PolicyLoadError(`${file}: ${target.error}`);
  const baseText = await port.readFile(target.owner, target.repo, target.path);
  if (baseText === null) {
    throw new PolicyLoadError(
      `${file}: _extends names ${target.owner}/${target.repo}:${target.path}, which does not exist on its default branch or cannot be read by the App; fix _extends or install the App there`,
    );
  }
  return parseOrThrow(repoText, file, {
    text: baseText,
    file: `${target.owner}/${target.repo}:${target.path}`,
  });
}

function parseOrThrow(text: string, file: string, base?: { text: string; file: string }): Policy {
  const parsed = parsePolicy(text, file, base);
  if (!parsed.ok) {
    throw new PolicyLoadError(
      `the policy is invalid: ${formatPolicyProblems(parsed.problems)}; fix it on the default branch`,
      parsed.problems,
    );
  }
  return parsed.policy;
}
