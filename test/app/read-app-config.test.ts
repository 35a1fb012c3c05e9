import { readAppConfig } from '../../app/read-app-config.js';

const PEM = '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n';
const files: Record<string, string> = { '/srv/key.pem': PEM };
const read = (file: string) => {
  if (!(file in files)) throw new Error('ENOENT: no such file');
  return files[file]!;
};

describe('readAppConfig', () => {
  it.each([
    {
      name: 'a full configuration',
      env: {
        APP_ID: '123',
        PRIVATE_KEY: PEM,
        WEBHOOK_SECRET: 's',
        PORT: '8080',
        DATABASE_URL: 'postgres://db/x',
      },
      expected: {
        appId: '123',
        privateKey: PEM,
        port: 8080,
        databaseUrl: 'postgres://db/x',
        dataDir: '/work/.shipgate',
        baseUrl: undefined,
        reportGapMs: 1000,
      },
    },
    {
      name: 'a key file, GHE and a data dir',
      env: {
        APP_ID: '1',
        PRIVATE_KEY_PATH: '/srv/key.pem',
        WEBHOOK_SECRET: 's',
        GHE_HOST: 'ghe.example.com',
        SHIPGATE_DATA_DIR: 'data',
      },
      expected: {
        privateKey: PEM,
        port: 3000,
        databaseUrl: undefined,
        dataDir: '/work/data',
        baseUrl: 'https://ghe.example.com/api/v3',
      },
    },
    {
      name: 'a base64 key',
      env: { APP_ID: '1', PRIVATE_KEY: Buffer.from(PEM).toString('base64'), WEBHOOK_SECRET: 's' },
      expected: { privateKey: PEM },
    },
    {
      name: 'unpaced reports',
      env: { APP_ID: '1', PRIVATE_KEY: PEM, WEBHOOK_SECRET: 's', SHIPGATE_REPORT_GAP_MS: '0' },
      expected: { reportGapMs: 0 },
    },
  ])('reads $name', ({ env, expected }) => {
    const result = readAppConfig(env, '/work', read);
    expect(result).toMatchObject({ ok: true, config: expected });
  });

  it.each([
    {
      name: 'nothing',
      env: {},
      says: [
        'APP_ID is not set',
        'PRIVATE_KEY or PRIVATE_KEY_PATH is not set',
        'WEBHOOK_SECRET is not set',
        'app.yml',
      ],
    },
    {
      name: 'a bad APP_ID',
      env: { APP_ID: 'shipgate', PRIVATE_KEY: PEM, WEBHOOK_SECRET: 's' },
      says: ["APP_ID must be the numeric App ID, not 'shipgate'"],
    },
    {
      name: 'a missing key file',
      env: { APP_ID: '1', PRIVATE_KEY_PATH: '/nope.pem', WEBHOOK_SECRET: 's' },
      says: ['PRIVATE_KEY_PATH points at /nope.pem, which cannot be read'],
    },
    {
      name: 'a bad port',
      env: { APP_ID: '1', PRIVATE_KEY: PEM, WEBHOOK_SECRET: 's', PORT: 'http' },
      says: ["PORT must be a port number, not 'http'"],
    },
    {
      name: 'a report gap that is not a number of milliseconds',
      env: { APP_ID: '1', PRIVATE_KEY: PEM, WEBHOOK_SECRET: 's', SHIPGATE_REPORT_GAP_MS: '1s' },
      says: ['SHIPGATE_REPORT_GAP_MS must be a whole number of milliseconds from 0 to 60000', "not '1s'"],
    },
  ])('names what is wrong with $name', ({ env, says }) => {
    const result = readAppConfig(env, '/work', read);
    expect(result.ok).toBe(false);
    for (const text of says) expect((result as { message: string }).message).toContain(text);
  });
});
