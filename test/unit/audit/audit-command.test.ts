import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { runCli } from '../../../src/cli/main.js';
import type { CliIo } from '../../../src/cli/io.js';
import type { JsonObject } from '../../../src/audit/audit-record.js';
import { createAuditSigner } from '../../../src/audit/audit-signer.js';
import { openPgliteStore, pgliteDatabaseDir } from '../../../src/store/open-pglite-store.js';
import { openPostgresStore } from '../../../src/store/open-postgres-store.js';
import { loadSigningKey, publicKeyPath } from '../../../src/store/signing-key-io.js';

const now = new Date('2026-11-21T10:00:00.000Z');
const events: { kind: string; actor: string; data: JsonObject }[] = [
  { kind: 'request_received', actor: 'github', data: { run_id: 42 } },
  { kind: 'signoff_accepted', actor: 'alice', data: { approvals: 1 } },
  { kind: 'verdict', actor: 'shipgate', data: { decision: 'approved', approvals: 2, required: 2 } },
  { kind: 'github_call', actor: 'shipgate', data: { status: 204 } },
];

async function run(argv: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd, env };
  const code = await runCli(['audit', ...argv], io);
  return { code, stdout, stderr };
}

let dir: string;
let dataDir: string;
let pubFile: string;
let otherPubFile: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'shipgate-audit-cli-'));
  dataDir = path.join(dir, '.shipgate');
  const { signer } = loadSigningKey({ env: {}, dataDir, embedded: true });
  const store = await openPgliteStore({ dataDir, signer, now });
  for (const [i, e] of events.entries()) {
    await store.appendAudit({
      ...e,
      at: new Date(now.getTime() + i * 1000),
      repo: 'acme/web',
      environment: 'production',
    });
  }
  await store.close();
  pubFile = publicKeyPath(dataDir);
  otherPubFile = path.join(dir, 'other.pub.pem');
  writeFileSync(
    otherPubFile,
    generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  );
}, 120_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('shipgate audit (embedded store)', () => {
  it.each([
    {
      name: 'verify with the data directory key',
      argv: ['verify'],
      code: 0,
      out: /audit log intact: .*\.shipgate: 4 records, seq 1–4/,
    },
    {
      name: 'verify with a public key file',
      argv: ['verify', '--data-dir', '.shipgate', '--public-key', '.shipgate/signing-key.pub.pem'],
      code: 0,
      out: /4 records/,
    },
    {
      name: 'verify with an untrusted key',
      argv: ['verify', '--public-key', 'other.pub.pem'],
      code: 1,
      out: /first bad record is seq 1 \(unknown_key\)/,
    },
    {
      name: 'verify as JSON',
      argv: ['verify', '--json'],
      code: 0,
      out: /^\{"source":".*","ok":true,"count":4,/,
    },
    {
      name: 'an unknown subcommand',
      argv: ['check'],
      code: 2,
      err: /unknown subcommand 'check': use verify, export or keys/,
    },
    {
      name: 'an unknown format',
      argv: ['export', '--format', 'csv'],
      code: 2,
      err: /--format csv is not supported; the export format is jsonl/,
    },
    {
      name: 'both --database and --data-dir',
      argv: ['verify', '--database', 'postgres://x', '--data-dir', 'd'],
      code: 2,
      err: /either --database URL or --data-dir DIR/,
    },
    {
      name: 'a data directory with no store',
      argv: ['verify', '--data-dir', 'nowhere'],
      code: 2,
      err: /No shipgate store found at .*nowhere.*--data-dir DIR or --database URL/,
    },
    {
      name: 'an export without a public key',
      argv: ['verify', '--file', 'x.jsonl'],
      code: 2,
      err: /needs the signer's public key: add --public-key FILE/,
    },
    {
      name: 'the public keys',
      argv: ['keys'],
      code: 0,
      out: /# key [0-9a-f]{16}, first used 2026-11-21T10:00:00.000Z\n-----BEGIN PUBLIC KEY-----/,
    },
  ])('$name', async ({ argv, code, out, err }) => {
    const result = await run(argv, dir);
    expect({ code: result.code, stderr: result.stderr }).toEqual({
      code,
      stderr: err ? expect.stringMatching(err) : '',
    });
    if (out) expect(result.stdout).toMatch(out);
  });

  it('exports JSONL that verifies offline with only the public key, and names a tampered line', async () => {
    const exported = await run(['export', '--format', 'jsonl'], dir);
    expect(exported.code).toBe(0);
    const lines = exported.stdout.trim().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as { seq: number }).seq)).toEqual([1, 2, 3, 4]);

    const toFile = await run(['export', '--out', 'audit.jsonl'], dir);
    expect(toFile).toMatchObject({
      code: 0,
      stderr: expect.stringMatching(/exported 4 audit records from .* to .*audit\.jsonl/),
    });
    expect(readFileSync(path.join(dir, 'audit.jsonl'), 'utf8')).toBe(exported.stdout);

    const offline = await run(['verify', '--file', 'audit.jsonl', '--public-key', pubFile], dir);
    expect(offline).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/audit log intact: .*audit\.jsonl: 4 records/),
    });

    const tampered = lines
      .map((l, i) => (i === 2 ? l.replace('"approvals":2', '"approvals":3') : l))
      .join('\n');
    writeFileSync(path.join(dir, 'tampered.jsonl'), tampered);
    const caught = await run(['verify', '--file', 'tampered.jsonl', '--public-key', pubFile], dir);
    expect(caught.code).toBe(1);
    expect(caught.stdout).toMatch(
      /first bad record is seq 3 \(hash_mismatch\)[\s\S]*Records up to seq 2 verify/,
    );

    writeFileSync(path.join(dir, 'truncated.jsonl'), `${lines[0]}\n{"seq":2,`);
    const broken = await run(['verify', '--file', 'truncated.jsonl', '--public-key', pubFile], dir);
    expect(broken).toMatchObject({ code: 1, stdout: expect.stringMatching(/line 2 is not valid JSON/) });
  });

  it('names the changed record after the embedded store is altered with SQL', async () => {
    const db = new PGlite(pgliteDatabaseDir(dataDir));
    await db.exec(
      `ALTER TABLE audit_log DISABLE TRIGGER USER; UPDATE audit_log SET actor = 'mallory' WHERE seq = 2;`,
    );
    await db.close();
    const result = await run(['verify'], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/first bad record is seq 2 \(hash_mismatch\)/);
  });
});

const url = process.env.DATABASE_URL;
(url ? describe : describe.skip)('shipgate audit (PostgreSQL; needs DATABASE_URL)', () => {
  const schema = `sg_cli_${process.pid}_${Math.floor(Math.random() * 1e9).toString(36)}`;
  const key = generateKeyPairSync('ed25519').privateKey;
  const signer = createAuditSigner(key);

  beforeAll(async () => {
    const store = await openPostgresStore({ connectionString: url as string, schema, signer, now });
    for (const [i, e] of events.entries())
      await store.appendAudit({ ...e, at: new Date(now.getTime() + i * 1000) });
    await store.close();
  });
  afterAll(async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  });

  it('verifies the store named by DATABASE_URL with the key from SHIPGATE_SIGNING_KEY', async () => {
    const env = {
      DATABASE_URL: url,
      SHIPGATE_SIGNING_KEY: key.export({ type: 'pkcs8', format: 'pem' }).toString(),
    };
    const result = await run(['verify', '--schema', schema], dir, env);
    expect(result).toMatchObject({
      code: 0,
      stderr: '',
      stdout: expect.stringMatching(/4 records.*trusted keys from SHIPGATE_SIGNING_KEY/),
    });
  });

  it('names the deleted record', async () => {
    const pool = new pg.Pool({ connectionString: url, options: `-c search_path=${schema}`, max: 1 });
    await pool.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
    await pool.query('DELETE FROM audit_log WHERE seq = 2');
    await pool.end();
    const pub = path.join(dir, 'pg.pub.pem');
    writeFileSync(pub, signer.publicKey.export({ type: 'spki', format: 'pem' }).toString());
    const result = await run(
      ['verify', '--database', url as string, '--schema', schema, '--public-key', pub],
      dir,
    );
    expect(result).toMatchObject({
      code: 1,
      stdout: expect.stringMatching(/first bad record is seq 3 \(seq_gap\)/),
    });
  });

  it('says no store is there when the schema holds none', async () => {
    const result = await run(['verify', '--database', url as string, '--schema', `${schema}_none`], dir);
    expect(result).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/No shipgate store found in .*schema .*_none/),
    });
  });
});
