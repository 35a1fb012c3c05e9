import type { Octokit } from '@octokit/rest';
import type { Annotation } from '../src/gates/types.js';
import type { Conclusion } from './render-check-run.js';

export const CHECK_RUN_NAME = 'shipgate / risk';
const ANNOTATIONS_PER_CALL = 50;

export interface CheckRunContent {
  owner: string;
  repo: string;
  headSha: string;
  conclusion: Conclusion;
  title: string;
  summary: string;
  text: string;
  annotations: Annotation[];
}

/**
 * Creates the `shipgate / risk` check run on the head SHA, or updates the one this workflow's app
 * created before, then adds annotations in batches of 50 (GitHub's limit per call).
 * Returns the check run's id and URL.
 */
export async function publishCheckRun(
  octokit: Octokit,
  content: CheckRunContent,
): Promise<{ id: number; url: string }> {
  const { owner, repo, headSha } = content;
  const batches: Annotation[][] = [];
  for (let i = 0; i < content.annotations.length; i += ANNOTATIONS_PER_CALL) {
    batches.push(content.annotations.slice(i, i + ANNOTATIONS_PER_CALL));
  }
  const output = (annotations: Annotation[] | undefined) => ({
    title: content.title,
    summary: content.summary,
    text: content.text,
    ...(annotations && annotations.length ? { annotations: annotations.map(toGitHubAnnotation) } : {}),
  });

  const existing = await octokit.rest.checks.listForRef({
    owner,
    repo,
    ref: headSha,
    check_name: CHECK_RUN_NAME,
    filter: 'latest',
  });
  const mine = existing.data.check_runs.find((run) => run.app?.slug === 'github-actions');
  const completedAt = new Date().toISOString();
  let id: number;
  let url: string;
  if (mine) {
    const updated = await octokit.rest.checks.update({
      owner,
      repo,
      check_run_id: mine.id,
      status: 'completed',
      conclusion: content.conclusion,
      completed_at: completedAt,
      output: output(batches[0]),
    });
    id = updated.data.id;
    url = updated.data.html_url ?? '';
  } else {
    const created = await octokit.rest.checks.create({
      owner,
      repo,
      name: CHECK_RUN_NAME,
      head_sha: headSha,
      status: 'completed',
      conclusion: content.conclusion,
      completed_at: completedAt,
      output: output(batches[0]),
    });
    id = created.data.id;
    url = created.data.html_url ?? '';
  }
  for (const batch of batches.slice(1)) {
    await octokit.rest.checks.update({ owner, repo, check_run_id: id, output: output(batch) });
  }
  return { id, url };
}

/** GitHub's annotation shape; titles over 255 characters are cut. */
function toGitHubAnnotation(a: Annotation) {
  return {
    path: a.path,
    start_line: a.start_line,
    end_line: a.end_line,
    annotation_level: a.level,
    title: a.title.slice(0, 255),
    message: a.message,
  };
}
