import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createNodeContext, outputCapBytes } from '../../../src/gates/node-context.js';
import { now } from './fixture-context.js';

describe('createNodeContext', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'shipgate-context-'));
    await mkdir(path.join(dir, 'reports/nested'), { recursive: true });
    await mkdir(path.join(dir, 'node_modules/pkg'), { recursive: true });
    await writeFile(path.join(dir, 'reports/b.xml'), 'b');
    await writeFile(path.join(dir, 'reports/nested/a.xml'), 'a');
    await writeFile(path.join(dir, 'reports/.hidden.xml'), 'h');
    await writeFile(path.join(dir, 'node_modules/pkg/c.xml'), 'c');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    { patterns: ['**/*.xml'], found: ['reports/.hidden.xml', 'reports/b.xml', 'reports/nested/a.xml'] },
    { patterns: ['reports/*.xml'], found: ['reports/.hidden.xml', 'reports/b.xml'] },
    { patterns: ['reports/nested/a.xml', 'reports/b.xml'], found: ['reports/b.xml', 'reports/nested/a.xml'] },
    { patterns: ['missing/*.xml'], found: [] },
  ])('globs $patterns relative to cwd, sorted, without node_modules', async ({ patterns, found }) => {
    const ctx = createNodeContext({ cwd: dir, now });
    expect(await ctx.glob(patterns, dir)).toEqual(found);
  });

  it('resolves a relative cwd once, so globs and reads agree', async () => {
    const relative = path.relative(process.cwd(), dir);
    const ctx = createNodeContext({ cwd: relative, now });
    expect(ctx.cwd).toBe(dir);
    expect(await ctx.glob(['reports/*.xml'], ctx.cwd)).toEqual(['reports/.hidden.xml', 'reports/b.xml']);
    expect(await ctx.readFile('reports/b.xml')).toBe('b');
  });

  it('globs under another folder relative to it', async () => {
    const ctx = createNodeContext({ cwd: dir, now });
    expect(await ctx.glob(['**/*'], 'reports/nested')).toEqual(['a.xml']);
  });

  it.each([
    { file: 'reports/b.xml', text: 'b' },
    { file: 'reports/nested/a.xml', absolute: true, text: 'a' },
    { file: 'reports/none.xml', text: null },
    { file: 'reports/b.xml/inside', text: null },
  ])('reads $file', async ({ file, absolute, text }) => {
    const target = absolute ? path.join(dir, file) : file;
    expect(await createNodeContext({ cwd: dir, now }).readFile(target)).toBe(text);
  });

  it.each([
    { file: 'reports/b.xml', hash: '3e23e8160039594a33894f6564e1b1348bbd7a0088d42c4acb73eeaed59c009d' },
    { file: 'reports/none.xml', hash: null },
    { file: 'reports', hash: null },
  ])('hashes $file', async ({ file, hash }) => {
    expect(await createNodeContext({ cwd: dir, now }).hashFile(file)).toBe(hash);
  });

  it('keeps only the tail of very long output', async () => {
    const ctx = createNodeContext({ cwd: dir, now });
    const script = `process.stdout.write('x'.repeat(${outputCapBytes * 2}) + '\\nEND\\n')`;
    const result = await ctx.exec(`node -e "${script}"`, { timeoutMs: 20_000, cwd: dir });
    expect(result.exitCode).toBe(0);
    expect(result.stdout.startsWith('[earlier output cut]\n')).toBe(true);
    expect(result.stdout.endsWith('\nEND\n')).toBe(true);
    expect(result.stdout.length).toBeLessThanOrEqual(outputCapBytes + 30);
  });

  it('stops a command and its children at the timeout', async () => {
    const ctx = createNodeContext({ cwd: dir, now });
    const result = await ctx.exec('sleep 30 & sleep 30; echo never', { timeoutMs: 200, cwd: dir });
    expect(result).toEqual({ exitCode: null, stdout: '', stderr: '', timedOut: true });
  });

  it('reads the diff it is given into added and changed lines', () => {
    const diff = ['--- a/x.ts', '+++ b/x.ts', '@@ -1,0 +2,1 @@', '+added'].join('\n');
    const ctx = createNodeContext({ cwd: dir, now, diff });
    expect(ctx.addedLines).toEqual([{ path: 'x.ts', line: 2, text: 'added' }]);
    expect(ctx.changedLines).toEqual(new Map([['x.ts', new Set([2])]]));
    expect(createNodeContext({ cwd: dir, now }).addedLines).toBeUndefined();
  });
});
