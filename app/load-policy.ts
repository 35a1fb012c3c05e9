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
  const extendsValue = readExtends(repoText);
  if (extendsValue === undefined) return parseOrThrow(repoText, file);
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

/** Policy texts larger than this are parsed every time instead of kept. */
const MAX_CACHED_TEXT = 256 * 1024;
/** How many parsed policies (and `_extends` values) are kept, least recently used first out. */
const MAX_CACHED_POLICIES = 256;

/**
 * Parsed policies by their exact text. The policy is read from GitHub for every evaluation, so a
 * change on the default branch applies at once; parsing (cron and time-zone checks) and the freeze
 * schedules compiled for a policy object are kept for as long as the text stays the same.
 */
const parsedPolicies = new Map<string, ReturnType<typeof parsePolicy>>();
const extendsValues = new Map<string, string | undefined>();

function remember<V>(cache: Map<string, V>, key: string, compute: () => V): V {
  const hit = cache.get(key);
  if (hit !== undefined || cache.has(key)) {
    // Re-insert: a Map iterates in insertion order, so the first key is the least recently used.
    cache.delete(key);
    cache.set(key, hit as V);
    return hit as V;
  }
  const value = compute();
  if (key.length <= MAX_CACHED_TEXT * 2) {
    cache.set(key, value);
    if (cache.size > MAX_CACHED_POLICIES) cache.delete(cache.keys().next().value as string);
  }
  return value;
}

/** The `_extends` value of a policy text, if it is a string in a document that parses. */
function readExtends(text: string): string | undefined {
  return remember(extendsValues, text, () => {
    try {
      const doc = parseDocument(text);
      const value: unknown = doc.errors.length === 0 ? doc.get('_extends') : undefined;
      return typeof value === 'string' ? value : undefined;
    } catch {
      return undefined;
    }
  });
}

function parseOrThrow(text: string, file: string, base?: { text: string; file: string }): Policy {
  const key = JSON.stringify([file, text, base?.file ?? null, base?.text ?? null]);
  const parsed = remember(parsedPolicies, key, () => parsePolicy(text, file, base));
  if (!parsed.ok) {
    throw new PolicyLoadError(
      `the policy is invalid: ${formatPolicyProblems(parsed.problems)}; fix it on the default branch`,
      parsed.problems,
    );
  }
  return parsed.policy;
}
