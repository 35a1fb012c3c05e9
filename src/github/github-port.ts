/** A file in a comparison between two commits, as GitHub's compare API lists it. */
export interface ComparedFile {
  filename: string;
  previous_filename?: string;
  status: string;
  additions: number;
  deletions: number;
  changes: number;
  /** Absent for binary files and very large diffs. */
  patch?: string;
}

/** A commit in a comparison. */
export interface ComparedCommit {
  sha: string;
  message: string;
  author_login: string | null;
  committer_login: string | null;
}

/** `GET /repos/{owner}/{repo}/compare/{base}...{head}`. */
export interface Comparison {
  /** `ahead`: head is ahead of base; `behind`: head is an ancestor of base; also `identical`, `diverged`. */
  status: 'ahead' | 'behind' | 'identical' | 'diverged';
  ahead_by: number;
  behind_by: number;
  files: ComparedFile[];
  commits: ComparedCommit[];
}

export interface PullRequestInfo {
  number: number;
  head_sha: string;
  base_sha: string;
  author: string;
}

export interface PullRequestCommit {
  sha: string;
  author_login: string | null;
  committer_login: string | null;
}

/** A check run on a commit, with the app that created it. */
export interface CheckRunInfo {
  id: number;
  name: string;
  head_sha: string;
  app_slug: string | null;
  output_text: string | null;
}

export interface CheckRunAction {
  label: string;
  description: string;
  identifier: string;
}

export interface NewCheckRun {
  name: string;
  head_sha: string;
  conclusion: 'success' | 'failure' | 'action_required' | 'neutral';
  title: string;
  summary: string;
  actions: CheckRunAction[];
  completed_at: string;
}

/** The body of `POST /repos/{owner}/{repo}/actions/runs/{run_id}/deployment_protection_rule`. */
export interface ProtectionRuleReview {
  environment_name: string;
  /** Absent: a status report that leaves the deployment waiting. */
  state?: 'approved' | 'rejected';
  comment: string;
}

/**
 * Everything the App asks of GitHub, for one installation. The Octokit adapter implements it;
 * failures are thrown as `GitHubCallError` carrying the HTTP status.
 */
export interface GitHubPort {
  /** A file's text on the default branch; null when the repository or file does not exist. */
  readFile(owner: string, repo: string, path: string): Promise<string | null>;
  compareCommits(owner: string, repo: string, base: string, head: string): Promise<Comparison>;
  /** The commit a workflow run runs on. */
  getWorkflowRunSha(owner: string, repo: string, runId: number): Promise<string>;
  /** The first parent of a commit; null for a root commit. */
  getCommitParent(owner: string, repo: string, sha: string): Promise<string | null>;
  getPullRequest(owner: string, repo: string, number: number): Promise<PullRequestInfo>;
  listPullRequestCommits(owner: string, repo: string, number: number): Promise<PullRequestCommit[]>;
  listTeamMembers(org: string, slug: string): Promise<string[]>;
  /** `admin`, `maintain`, `write`, `triage`, `read` or `none`. */
  getPermission(owner: string, repo: string, login: string): Promise<string>;
  listCheckRuns(owner: string, repo: string, sha: string, name: string): Promise<CheckRunInfo[]>;
  createCheckRun(owner: string, repo: string, run: NewCheckRun): Promise<number>;
  createComment(owner: string, repo: string, issueNumber: number, body: string): Promise<number>;
  updateComment(owner: string, repo: string, commentId: number, body: string): Promise<void>;
  addReaction(owner: string, repo: string, commentId: number, content: '+1' | '-1'): Promise<void>;
  /** Approves, rejects or reports on a waiting deployment; resolves with GitHub's status (204). */
  reviewProtectionRule(
    owner: string,
    repo: string,
    runId: number,
    review: ProtectionRuleReview,
  ): Promise<{ status: number }>;
}
