import type { ProbotOctokit } from 'probot';
import type { FileCache } from './create-file-cache.js';
import { GitHubCallError } from './github-call-error.js';
import type {
  CheckRunInfo,
  Comparison,
  GitHubPort,
  NewCheckRun,
  ProtectionRuleReview,
  PullRequestCommit,
  PullRequestInfo,
} from './github-port.js';

type Octokit = InstanceType<typeof ProbotOctokit>;

interface OctokitFailure {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | number | undefined> };
}

/** Turns an Octokit failure into a GitHubCallError naming the call. */
function toCallError(what: string, error: unknown): GitHubCallError {
  if (error instanceof GitHubCallError) return error;
  const failure = (error ?? {}) as OctokitFailure & { cause?: unknown; name?: string };
  // Octokit reports a call that got no answer (timeout, connection refused or reset) as a 500
  // without a response; record it as what it is: no answer, status 0.
  const answered =
    failure.response !== undefined || (failure.cause === undefined && failure.name !== 'AbortError');
  const status = typeof failure.status === 'number' && answered ? failure.status : 0;
  const header = failure.response?.headers?.['retry-after'];
  const seconds = header === undefined ? NaN : Number(header);
  const retryAfterMs = Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : null;
  const message = failure.message ?? String(error);
  return new GitHubCallError(
    `GitHub ${what} failed${status ? ` with ${status}` : ''}: ${message}`,
    status,
    retryAfterMs,
    error,
  );
}

async function call<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw toCallError(what, error);
  }
}

export interface OctokitGitHubOptions {
  /**
   * Files read before, to make reads conditional: an unchanged file costs GitHub a 304 and no
   * rate limit. Share one cache between the ports of all installations.
   */
  files?: FileCache;
}

/** The GitHub port over an installation's Octokit (Probot's `context.octokit` or `app.auth(id)`). */
export function createOctokitGitHub(octokit: Octokit, options: OctokitGitHubOptions = {}): GitHubPort {
  const { files } = options;
  return {
    async readFile(owner, repo, path) {
      const key = `${owner}/${repo}:${path}`;
      const cached = files?.get(key);
      try {
        const response = await octokit.rest.repos.getContent({
          owner,
          repo,
          path,
          ...(cached ? { headers: { 'if-none-match': cached.etag } } : {}),
        });
        const data = response.data as { type?: string; content?: string; encoding?: string };
        if (data.type !== 'file' || typeof data.content !== 'string') {
          files?.delete(key);
          return null;
        }
        const text = Buffer.from(
          data.content,
          (data.encoding as BufferEncoding | undefined) ?? 'base64',
        ).toString('utf8');
        const etag = response.headers.etag;
        if (files && typeof etag === 'string' && etag !== '') files.set(key, { etag, text });
        return text;
      } catch (error) {
        const status = (error as OctokitFailure).status;
        // Not modified: the version read before is still the file on the default branch.
        if (status === 304 && cached) return cached.text;
        if (status === 404) {
          files?.delete(key);
          return null;
        }
        throw toCallError(`GET /repos/${owner}/${repo}/contents/${path}`, error);
      }
    },

    compareCommits: (owner, repo, base, head) =>
      call(`compare ${owner}/${repo} ${base}...${head}`, async () => {
        const { data } = await octokit.request('GET /repos/{owner}/{repo}/compare/{basehead}', {
          owner,
          repo,
          basehead: `${base}...${head}`,
          per_page: 100,
        });
        return {
          status: data.status,
          ahead_by: data.ahead_by,
          behind_by: data.behind_by,
          files: (data.files ?? []).map((f) => ({
            filename: f.filename,
            previous_filename: f.previous_filename,
            status: f.status,
            additions: f.additions,
            deletions: f.deletions,
            changes: f.changes,
            patch: f.patch,
          })),
          commits: data.commits.map((c) => ({
            sha: c.sha,
            message: c.commit.message,
            author_login: c.author?.login ?? null,
            committer_login: c.committer?.login ?? null,
          })),
        } satisfies Comparison;
      }),

    getWorkflowRunSha: (owner, repo, runId) =>
      call(`GET workflow run ${runId} of ${owner}/${repo}`, async () => {
        const { data } = await octokit.request('GET /repos/{owner}/{repo}/actions/runs/{run_id}', {
          owner,
          repo,
          run_id: runId,
        });
        return data.head_sha;
      }),

    getCommitParent: (owner, repo, sha) =>
      call(`GET commit ${owner}/${repo}@${sha}`, async () => {
        const { data } = await octokit.request('GET /repos/{owner}/{repo}/commits/{ref}', {
          owner,
          repo,
          ref: sha,
        });
        return data.parents[0]?.sha ?? null;
      }),

    getPullRequest: (owner, repo, number) =>
      call(`GET pull request ${owner}/${repo}#${number}`, async () => {
        const { data } = await octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', {
          owner,
          repo,
          pull_number: number,
        });
        return {
          number: data.number,
          head_sha: data.head.sha,
          base_sha: data.base.sha,
          author: data.user.login,
        } satisfies PullRequestInfo;
      }),

    listPullRequestCommits: (owner, repo, number) =>
      call(`list commits of ${owner}/${repo}#${number}`, async () => {
        const commits = await octokit.paginate('GET /repos/{owner}/{repo}/pulls/{pull_number}/commits', {
          owner,
          repo,
          pull_number: number,
          per_page: 100,
        });
        return commits.map((c): PullRequestCommit => ({
          sha: c.sha,
          author_login: c.author?.login ?? null,
          committer_login: c.committer?.login ?? null,
        }));
      }),

    listTeamMembers: (org, slug) =>
      call(`list members of team ${org}/${slug}`, async () => {
        const members = await octokit.paginate('GET /orgs/{org}/teams/{team_slug}/members', {
          org,
          team_slug: slug,
          per_page: 100,
        });
        return members.map((m) => m.login);
      }),

    getPermission: (owner, repo, login) =>
      call(`GET permission of ${login} on ${owner}/${repo}`, async () => {
        try {
          const { data } = await octokit.request(
            'GET /repos/{owner}/{repo}/collaborators/{username}/permission',
            { owner, repo, username: login },
          );
          return data.permission;
        } catch (error) {
          if ((error as OctokitFailure).status === 404) return 'none';
          throw error;
        }
      }),

    listCheckRuns: (owner, repo, sha, name) =>
      call(`list check runs '${name}' on ${owner}/${repo}@${sha}`, async () => {
        const { data } = await octokit.request('GET /repos/{owner}/{repo}/commits/{ref}/check-runs', {
          owner,
          repo,
          ref: sha,
          check_name: name,
          per_page: 100,
        });
        return data.check_runs.map((run): CheckRunInfo => ({
          id: Number(run.id),
          name: run.name,
          head_sha: run.head_sha,
          app_slug: run.app?.slug ?? null,
          output_text: run.output?.text ?? null,
        }));
      }),

    createCheckRun: (owner, repo, run: NewCheckRun) =>
      call(`create check run '${run.name}' on ${owner}/${repo}`, async () => {
        const { data } = await octokit.request('POST /repos/{owner}/{repo}/check-runs', {
          owner,
          repo,
          name: run.name,
          head_sha: run.head_sha,
          status: 'completed',
          conclusion: run.conclusion,
          completed_at: run.completed_at,
          output: { title: run.title, summary: run.summary },
          actions: run.actions,
        });
        return Number(data.id);
      }),

    createComment: (owner, repo, issueNumber, body) =>
      call(`comment on ${owner}/${repo}#${issueNumber}`, async () => {
        const { data } = await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
          owner,
          repo,
          issue_number: issueNumber,
          body,
        });
        return Number(data.id);
      }),

    updateComment: (owner, repo, commentId, body) =>
      call(`update comment ${commentId} on ${owner}/${repo}`, async () => {
        await octokit.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', {
          owner,
          repo,
          comment_id: commentId,
          body,
        });
      }),

    addReaction: (owner, repo, commentId, content) =>
      call(`react to comment ${commentId} on ${owner}/${repo}`, async () => {
        await octokit.request('POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions', {
          owner,
          repo,
          comment_id: commentId,
          content,
        });
      }),

    reviewProtectionRule: (owner, repo, runId, review: ProtectionRuleReview) =>
      call(`review the deployment protection rule of run ${runId} in ${owner}/${repo}`, async () => {
        const response = await octokit.request(
          'POST /repos/{owner}/{repo}/actions/runs/{run_id}/deployment_protection_rule',
          { owner, repo, run_id: runId, ...review },
        );
        return { status: response.status };
      }),
  };
}
