/**
 * Reads the run id from a `deployment_callback_url`
 * (`https://api.github.com/repos/{owner}/{repo}/actions/runs/{run_id}/deployment_protection_rule`,
 * or the same under a GitHub Enterprise `/api/v3` prefix). The URL must name the repository the
 * event came from.
 */
export function parseCallbackUrl(
  url: unknown,
  owner: string,
  repo: string,
): { runId: number } | { error: string } {
  if (typeof url !== 'string' || url.length > 2048) {
    return { error: 'the event has no deployment_callback_url, so the run cannot be answered' };
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { error: 'deployment_callback_url is not a URL' };
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    return { error: 'deployment_callback_url is not an http(s) URL' };
  }
  const match =
    /^(?:\/api\/v3)?\/repos\/([^/]+)\/([^/]+)\/actions\/runs\/(\d{1,18})\/deployment_protection_rule\/?$/.exec(
      parsed.pathname,
    );
  if (!match) {
    return {
      error:
        'deployment_callback_url does not end in /repos/{owner}/{repo}/actions/runs/{run_id}/deployment_protection_rule',
    };
  }
  const [, urlOwner, urlRepo, id] = match;
  if (
    decodeURIComponent(urlOwner!).toLowerCase() !== owner.toLowerCase() ||
    decodeURIComponent(urlRepo!).toLowerCase() !== repo.toLowerCase()
  ) {
    return { error: `deployment_callback_url names another repository than ${owner}/${repo}` };
  }
  const runId = Number(id);
  if (!Number.isSafeInteger(runId) || runId <= 0)
    return { error: 'deployment_callback_url has no valid run id' };
  return { runId };
}
