import { parseCallbackUrl } from '../../src/github/parse-callback-url.js';

describe('parseCallbackUrl', () => {
  it.each([
    {
      url: 'https://api.github.com/repos/acme/web/actions/runs/4242/deployment_protection_rule',
      result: { runId: 4242 },
    },
    {
      url: 'https://ghe.example.com/api/v3/repos/acme/web/actions/runs/7/deployment_protection_rule',
      result: { runId: 7 },
    },
    {
      url: 'https://api.github.com/repos/ACME/Web/actions/runs/9/deployment_protection_rule/',
      result: { runId: 9 },
    },
    {
      url: 'https://api.github.com/repos/other/web/actions/runs/1/deployment_protection_rule',
      error: 'names another repository than acme/web',
    },
    {
      url: 'https://api.github.com/repos/acme/web/actions/runs/abc/deployment_protection_rule',
      error: 'does not end in',
    },
    { url: 'https://api.github.com/repos/acme/web/actions/runs/1/approve', error: 'does not end in' },
    {
      url: 'https://api.github.com/repos/acme/web/actions/runs/0/deployment_protection_rule',
      error: 'no valid run id',
    },
    { url: 'not a url', error: 'is not a URL' },
    { url: 'file:///repos/acme/web/actions/runs/1/deployment_protection_rule', error: 'not an http(s) URL' },
    { url: undefined, error: 'has no deployment_callback_url' },
    { url: 42, error: 'has no deployment_callback_url' },
  ])('reads $url', ({ url, result, error }) => {
    const parsed = parseCallbackUrl(url, 'acme', 'web');
    if (result) expect(parsed).toEqual(result);
    else expect((parsed as { error: string }).error).toContain(error);
  });
});
