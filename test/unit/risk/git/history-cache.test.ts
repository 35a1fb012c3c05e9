import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  deserialiseHistory,
  getCacheDir,
  listSnapshots,
  readSnapshot,
  serialiseHistory,
  writeSnapshot,
} from '../../../../src/risk/git/history-cache.js';
import { applyCommit, createHistoryState } from '../../../../src/risk/git/history-state.js';

const HEAD = 'a'.repeat(40);

function sampleState() {
  const state = createHistoryState();
  applyCommit(state, {
    hash: 'b'.repeat(40),
    parents: [],
    author: 'alice@example.org',
    time: 1_700_000_000,
    message: 'start',
    files: [
      { path: 'src/a.ts', added: 10, deleted: 0, binary: false, removed: false },
      { path: 'README.md', added: 2, deleted: 0, binary: false, removed: false },
    ],
  });
  applyCommit(state, {
    hash: HEAD,
    parents: ['b'.repeat(40)],
    author: 'bob@example.org',
    time: 1_700_086_400,
    message: 'move',
    files: [{ path: 'lib/a.ts', oldPath: 'src/a.ts', added: 1, deleted: 3, binary: false, removed: false }],
  });
  return state;
}

describe('history cache', () => {
  let gitDir: string;
  beforeEach(() => {
    gitDir = mkdtempSync(path.join(os.tmpdir(), 'shipgate-cache-'));
  });
  afterEach(() => rmSync(gitDir, { recursive: true, force: true }));

  it('round-trips a state exactly', () => {
    const state = sampleState();
    expect(deserialiseHistory(serialiseHistory(state))).toEqual(state);
    expect(state.files.get('lib/a.ts')).toEqual({
      lines: 8,
      lastTime: 1_700_086_400,
      devs: [0, 1],
      commits: [0, 1],
    });
  });

  it.each([
    { name: 'another format version', text: JSON.stringify({ format: 'shipgate-history', version: 999 }) },
    { name: 'something else', text: JSON.stringify({ hello: 'world' }) },
    { name: 'broken JSON', text: '{"format": ' },
  ])('ignores $name', ({ text }) => {
    expect(deserialiseHistory(text)).toBeNull();
  });

  it('keeps full and shallow snapshots apart, and reads back what it wrote', async () => {
    const state = sampleState();
    expect(await writeSnapshot(gitDir, false, state)).toBe(true);
    expect(await readSnapshot(gitDir, false, HEAD)).toEqual(state);
    expect(await readSnapshot(gitDir, true, HEAD)).toBeNull();
    expect(getCacheDir(gitDir, true)).not.toBe(getCacheDir(gitDir, false));
  });

  it('keeps only the newest three snapshots', async () => {
    const state = sampleState();
    for (const c of ['1', '2', '3', '4']) {
      await writeSnapshot(gitDir, false, { ...state, head: c.repeat(40) });
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await listSnapshots(gitDir, false)).toEqual(['4', '3', '2'].map((c) => c.repeat(40)));
  });

  it('treats a snapshot whose head does not match its name as absent', async () => {
    const dir = getCacheDir(gitDir, false);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, `${'c'.repeat(40)}.json`), serialiseHistory(sampleState()));
    expect(await readSnapshot(gitDir, false, 'c'.repeat(40))).toBeNull();
  });
});
