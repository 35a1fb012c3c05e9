import type { GitHubPort, PullRequestInfo } from '../src/github/github-port.js';

/** GitHub's committer for commits made in its web interface: not a person. */
const WEB_FLOW = 'web-flow';

export interface PullFacts {
  pull: PullRequestInfo;
  author: string;
  /** Authors and committers of the pull request's commits. */
  committers: string[];
}

/** The pull request, its author, and the people who wrote or committed its commits. */
export async function loadPullFacts(
  port: GitHubPort,
  owner: string,
  repo: string,
  number: number,
): Promise<PullFacts> {
  const pull = await port.getPullRequest(owner, repo, number);
  const commits = await port.listPullRequestCommits(owner, repo, number);
  const people = new Set<string>();
  for (const c of commits) {
    for (const login of [c.author_login, c.committer_login]) {
      if (login && login.toLowerCase() !== WEB_FLOW) people.add(login);
    }
  }
  return { pull, author: pull.author, committers: [...people].sort() };
}
