import { parseSignoffCommand } from '../../app/parse-signoff-command.js';

describe('parseSignoffCommand', () => {
  it.each([
    {
      body: '/shipgate approve production',
      result: { kind: 'approve', environment: 'production', reason: null },
    },
    {
      body: '/shipgate approve production\nLooks good to me',
      result: { kind: 'approve', environment: 'production', reason: null },
    },
    {
      body: '  /shipgate Approve staging-eu.1  ',
      result: { kind: 'approve', environment: 'staging-eu.1', reason: null },
    },
    {
      body: '/shipgate reject production breaks checkout',
      result: { kind: 'reject', environment: 'production', reason: 'breaks checkout' },
    },
    {
      body: '/shipgate revoke production',
      result: { kind: 'revoke', environment: 'production', reason: null },
    },
    {
      body: '/shipgate break-glass production outage INC-42',
      result: { kind: 'break_glass', environment: 'production', reason: 'outage INC-42' },
    },
  ])('reads $body', ({ body, result }) => {
    expect(parseSignoffCommand(body)).toEqual(result);
  });

  it.each([
    { body: 'LGTM', name: 'plain text' },
    { body: 'please run /shipgate approve production', name: 'a command not at the start' },
    { body: 'hello\n/shipgate approve production', name: 'a command on the second line' },
    { body: '/shipgatex approve production', name: 'another word' },
    { body: null, name: 'no body' },
  ])('ignores $name', ({ body }) => {
    expect(parseSignoffCommand(body)).toBeNull();
  });

  it.each([
    { body: '/shipgate', error: 'unknown or missing command' },
    { body: '/shipgate deploy production', error: 'unknown or missing command' },
    { body: '/shipgate approve', error: 'missing or invalid environment name' },
    { body: '/shipgate approve ../../etc/passwd', error: 'missing or invalid environment name' },
    { body: '/shipgate approve prod<script>', error: 'missing or invalid environment name' },
    { body: '/shipgate reject production', error: 'a reason is required' },
    { body: '/shipgate break-glass production', error: 'a reason is required' },
    { body: '/shipgate approve production because', error: 'takes only the environment name' },
    { body: `/shipgate reject production ${'x'.repeat(501)}`, error: 'longer than 500 characters' },
  ])('refuses $body without echoing it', ({ body, error }) => {
    const parsed = parseSignoffCommand(body) as { error: string };
    expect(parsed.error).toContain(error);
    expect(parsed.error).not.toContain('passwd');
    expect(parsed.error).not.toContain('<script>');
  });
});
