import type { GitHubPort } from '../src/github/github-port.js';
import type { EnvironmentPolicy, QuorumRule } from '../src/policy/types.js';
import type { StoreOperations } from '../src/store/store.js';

/** How long team members are cached. */
export const TEAM_CACHE_MS = 10 * 60_000;

/** Every N-of-M rule of an environment: its tiers, break-glass and rollback escalation. */
export function listEnvironmentRules(env: EnvironmentPolicy): { label: string; rule: QuorumRule }[] {
  const rules: { label: string; rule: QuorumRule }[] = [];
  for (const [tier, requirement] of Object.entries(env.tiers ?? {})) {
    if (!requirement) continue;
    if (requirement.kind === 'quorum') rules.push({ label: `tiers.${tier}`, rule: requirement.rule });
    else requirement.rules.forEach((rule, i) => rules.push({ label: `tiers.${tier}.all_of[${i}]`, rule }));
  }
  if (env.rollback && env.rollback.escalate_to.length > 0) {
    rules.push({ label: 'rollback.escalate_to', rule: { approvals: 1, from: env.rollback.escalate_to } });
  }
  return rules;
}

/**
 * Members of every team the environment names (`team:org/slug`), from the store's cache or
 * `GET /orgs/{org}/teams/{slug}/members`. A team that cannot be read is left out: its members
 * then do not count, and the reason names it.
 */
export async function resolveTeams(
  port: GitHubPort,
  store: StoreOperations,
  env: EnvironmentPolicy,
  now: Date,
): Promise<{ teams: Record<string, string[]>; unreadable: string[] }> {
  const entries = new Set<string>();
  const rules = listEnvironmentRules(env).map((r) => r.rule);
  if (env.break_glass) rules.push(env.break_glass);
  for (const rule of rules) {
    for (const entry of rule.from ?? []) if (entry.startsWith('team:')) entries.add(entry.slice(5));
  }
  const teams: Record<string, string[]> = {};
  const unreadable: string[] = [];
  for (const slugPath of entries) {
    const [org, team] = slugPath.split('/');
    if (!org || !team) continue;
    const cached = await store.getTeamMembers({ org, team, now });
    if (cached) {
      teams[slugPath] = cached;
      continue;
    }
    try {
      const members = await port.listTeamMembers(org, team);
      await store.putTeamMembers({
        org,
        team,
        members,
        fetchedAt: now,
        expiresAt: new Date(now.getTime() + TEAM_CACHE_MS),
      });
      teams[slugPath] = members;
    } catch {
      unreadable.push(slugPath);
    }
  }
  return { teams, unreadable };
}

/** Whether any rule of the environment lets anyone with write access sign off (`from` left out). */
export function needsWriteAccess(env: EnvironmentPolicy): boolean {
  return (
    listEnvironmentRules(env).some((r) => r.rule.from === null && r.rule.approvals > 0) ||
    (env.break_glass !== null && env.break_glass.from === null && env.break_glass.approvals > 0)
  );
}

const WRITE = new Set(['admin', 'maintain', 'write']);

/** Whether a login has write access, through `GET /repos/{o}/{r}/collaborators/{login}/permission`. */
export async function checkWriteAccess(
  port: GitHubPort,
  owner: string,
  repo: string,
  login: string,
): Promise<boolean> {
  return WRITE.has(await port.getPermission(owner, repo, login));
}
