import { cp, mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { integrityGateSchema } from '../../../src/gates/config.js';
import { ManifestFormatError, parseSha256Manifest, runIntegrityGate } from '../../../src/gates/integrity.js';
import { fixturesDir, makeFixtureContext } from './fixture-context.js';

const hex = (c: string) => c.repeat(64);

describe('parseSha256Manifest', () => {
  it('reads text-mode, binary-mode, escaped and BSD-style lines, skipping blanks and comments', () => {
    const text = [
      `# artifacts of build 42`,
      `${hex('a')}  model/weights.json`,
      `${hex('B')} *model.bin`,
      '',
      `\\${hex('c')}  odd\\nname.txt`,
      `SHA256 (data set.csv) = ${hex('d')}`,
    ].join('\n');
    expect(parseSha256Manifest(text, 'SUMS')).toEqual([
      { path: 'model/weights.json', sha256: hex('a'), line: 2 },
      { path: 'model.bin', sha256: hex('b'), line: 3 },
      { path: 'odd\nname.txt', sha256: hex('c'), line: 5 },
      { path: 'data set.csv', sha256: hex('d'), line: 6 },
    ]);
  });

  it.each([
    { text: `${'a'.repeat(63)}  short.txt`, line: 1 },
    { text: `${hex('a')}  ok.txt\nmd5 1234 file`, line: 2 },
    { text: `${hex('g')}  not-hex.txt`, line: 1 },
  ])('rejects a bad line naming the file and line $line', ({ text, line }) => {
    expect(() => parseSha256Manifest(text, 'artifacts/SHA256SUMS')).toThrow(ManifestFormatError);
    expect(() => parseSha256Manifest(text, 'artifacts/SHA256SUMS')).toThrow(
      `artifacts/SHA256SUMS:${line}: not a sha256sum line`,
    );
  });
});

describe('runIntegrityGate', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'shipgate-integrity-'));
    await cp(path.join(fixturesDir, 'integrity'), dir, { recursive: true });
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    {
      name: 'untouched artifacts',
      change: async () => {},
      extra: {},
      status: 'pass',
      summary: '4 files under artifacts match artifacts/SHA256SUMS.',
    },
    {
      name: 'a changed file',
      change: (d: string) => writeFile(path.join(d, 'artifacts/data.csv'), 'name,score\nalice,2\n'),
      extra: {},
      status: 'fail',
      summary: 'artifacts/SHA256SUMS: 1 mismatched of 4 listed files.',
    },
    {
      name: 'a missing file',
      change: (d: string) => unlink(path.join(d, 'artifacts/model/weights.json')),
      extra: {},
      status: 'fail',
      summary: 'artifacts/SHA256SUMS: 1 missing of 4 listed files.',
    },
    {
      name: 'an unlisted file',
      change: (d: string) => writeFile(path.join(d, 'artifacts/model/extra.onnx'), 'x'),
      extra: {},
      status: 'fail',
      summary: 'artifacts/SHA256SUMS: 1 unlisted of 4 listed files.',
    },
    {
      name: 'an unlisted file with allow_unlisted',
      change: (d: string) => writeFile(path.join(d, 'artifacts/model/extra.onnx'), 'x'),
      extra: { allow_unlisted: true },
      status: 'pass',
      summary: '4 files under artifacts match artifacts/SHA256SUMS.',
    },
    {
      name: 'an ignored unlisted file',
      change: (d: string) => writeFile(path.join(d, 'artifacts/build.log'), 'x'),
      extra: { ignore: ['*.log'] },
      status: 'pass',
      summary: '4 files under artifacts match artifacts/SHA256SUMS.',
    },
  ])('judges $name', async ({ change, extra, status, summary }) => {
    await change(dir);
    const config = integrityGateSchema.parse({ manifest: 'artifacts/SHA256SUMS', ...extra });
    const result = await runIntegrityGate(config, makeFixtureContext({}, dir));
    expect(result.status).toBe(status);
    expect(result.summary).toBe(summary);
  });

  it('annotates a mismatch at its manifest line and shows both hashes in short', async () => {
    await writeFile(path.join(dir, 'artifacts/model.bin'), 'tampered');
    const result = await runIntegrityGate(
      integrityGateSchema.parse({ manifest: 'artifacts/SHA256SUMS' }),
      makeFixtureContext({}, dir),
    );
    expect(result.annotations).toEqual([
      {
        path: 'artifacts/SHA256SUMS',
        start_line: 2,
        end_line: 2,
        level: 'failure',
        title: 'Integrity: model.bin',
        message: expect.stringMatching(
          /^model\.bin: hash differs: manifest says 1144a44443b1…, file has [0-9a-f]{12}…\.$/,
        ),
      },
    ]);
    expect(result.metrics).toEqual({
      files_listed: 4,
      files_mismatched: 1,
      files_missing: 0,
      files_unlisted: 0,
    });
  });

  it('reads paths against an explicit root', async () => {
    await writeFile(
      path.join(dir, 'SUMS'),
      `e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  empty.txt\n`,
    );
    const config = integrityGateSchema.parse({ manifest: 'SUMS', root: 'artifacts', allow_unlisted: true });
    const result = await runIntegrityGate(config, makeFixtureContext({}, dir));
    expect(result.status).toBe('pass');
  });

  it('skips, naming the manifest, when it does not exist', async () => {
    const result = await runIntegrityGate(
      integrityGateSchema.parse({ manifest: 'dist/SHA256SUMS' }),
      makeFixtureContext({}, dir),
    );
    expect(result.status).toBe('skip');
    expect(result.summary).toMatch(/^gates\.integrity\.manifest: 'dist\/SHA256SUMS' does not exist/);
  });

  it('is an error naming the line when the manifest is malformed', async () => {
    await writeFile(path.join(dir, 'artifacts/SHA256SUMS'), 'not a checksum\n');
    const result = await runIntegrityGate(
      integrityGateSchema.parse({ manifest: 'artifacts/SHA256SUMS' }),
      makeFixtureContext({}, dir),
    );
    expect(result.status).toBe('error');
    expect(result.summary).toMatch(/^artifacts\/SHA256SUMS:1: not a sha256sum line/);
  });
});
