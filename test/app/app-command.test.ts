import { runCli } from '../../src/cli/main.js';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), cwd: '/tmp', env: {} },
  };
}

describe('shipgate app', () => {
  it.each([
    { env: {}, says: ['APP_ID is not set', 'WEBHOOK_SECRET is not set', 'app.yml'] },
    { env: { APP_ID: '1', WEBHOOK_SECRET: 's' }, says: ['PRIVATE_KEY or PRIVATE_KEY_PATH is not set'] },
  ])('exits 2 and names what is missing', async ({ env, says }) => {
    const { err, io } = capture();
    expect(await runCli(['app'], { ...io, env })).toBe(2);
    for (const text of says) expect(err.join('')).toContain(text);
  });

  it('prints its help', async () => {
    const { out, io } = capture();
    expect(await runCli(['app', '--help'], io)).toBe(0);
    expect(out.join('')).toContain('WEBHOOK_SECRET');
  });
});
