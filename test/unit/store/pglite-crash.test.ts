import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { verifyAuditChain } from '../../../src/audit/verify-audit-chain.js';
import { openPgliteStore } from '../../../src/store/open-pglite-store.js';
import { findLocalPublicKey } from '../../../src/store/signing-key-io.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Starts the child, waits until it has committed `target` records, kills it with SIGKILL; returns the last seq it reported. */
function appendUntilKilled(dataDir: string, target: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(here, 'pglite-crash-child.ts'), dataDir],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let acknowledged = 0;
    let buffered = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) if (/^\d+$/.test(line)) acknowledged = Number(line);
      if (acknowledged >= target && !child.killed) child.kill('SIGKILL');
    });
    child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
    child.on('exit', (_code, signal) => {
      if (signal === 'SIGKILL') resolve(acknowledged);
      else reject(new Error(`the writer exited by itself (${_code}): ${stderr}`));
    });
  });
}

describe('embedded store killed mid-write', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'shipgate-crash-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([{ round: 1 }, { round: 2 }])(
    'reopens with every committed record and a chain that verifies (kill $round)',
    async ({ round }) => {
      const acknowledged = await appendUntilKilled(dir, 60 * round);
      const store = await openPgliteStore({ dataDir: dir });
      try {
        const records = await store.listAudit();
        const key = findLocalPublicKey({ env: {}, dataDir: dir });
        if (!key) throw new Error('the writer left no key');
        const result = verifyAuditChain(records, [key], { expectedHead: await store.getAuditHead() });
        expect(result).toMatchObject({ ok: true });
        expect(records.length).toBeGreaterThanOrEqual(acknowledged);
        expect((await store.healthCheck()).ok).toBe(true);
      } finally {
        await store.close();
      }
    },
    120_000,
  );
});
