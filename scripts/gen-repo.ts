// Generates a deterministic git repository for shipgate's mining and assessment benchmarks:
// several authors and subsystems, renames, deletions, binary files and fix commits, written
// with one `git fast-import` stream.
//
//   node --import tsx scripts/gen-repo.ts DIR [--commits 20000] [--seed 1]
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

export interface GenerateOptions {
  commits: number;
  seed: number;
}

/** Mulberry32: a small, fast, seeded generator (deterministic across platforms). */
function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SUBSYSTEMS = ['api', 'core', 'web', 'db', 'auth', 'infra', 'payments', 'tools'];
const AUTHORS = [
  'Ada Lovelace',
  'Grace Hopper',
  'Alan Turing',
  'Edsger Dijkstra',
  'Barbara Liskov',
  'Donald Knuth',
  'Ken Thompson',
  'Margaret Hamilton',
  'Frances Allen',
  'John Backus',
  'Radia Perlman',
  'Leslie Lamport',
];
const FIX_MESSAGES = [
  'fix: handle empty input',
  'Fix crash when the list is empty',
  'bug: wrong total',
  'fixes #%d: off-by-one',
  'hotfix: restore retry',
];
const WORK_MESSAGES = [
  'feat: add option',
  'refactor: extract helper',
  'Add tests',
  'Update docs',
  'chore: tidy',
  'perf: cache lookups',
];

interface FileState {
  lines: string[];
  binary: boolean;
}

/** Writes the repository at `dir` (created; must not exist or be empty). Returns the commit count. */
export async function generateRepository(dir: string, options: GenerateOptions): Promise<number> {
  mkdirSync(dir, { recursive: true });
  execFileSync('git', ['init', '-q', '-b', 'main', dir]);
  const random = createRandom(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const files = new Map<string, FileState>();
  const paths: string[] = [];
  let serial = 0;
  const recentLines: { path: string; text: string; mark: number }[] = [];
  const seeded: { fix: number; introducing: number }[] = [];
  const newLine = () => `value_${(serial++).toString(36)} = compute(${serial % 97});`;
  const makeLines = (n: number) => Array.from({ length: n }, newLine);

  const marksFile = path.join(dir, '.git', 'shipgate-marks');
  const child = spawn('git', ['fast-import', '--quiet', '--done', `--export-marks=${marksFile}`], {
    cwd: dir,
    stdio: ['pipe', 'inherit', 'inherit'],
  });
  const closed = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
  let buffer = '';
  const flush = async () => {
    if (!child.stdin.write(buffer)) await new Promise((r) => child.stdin.once('drain', r));
    buffer = '';
  };
  const data = (text: string) => `data ${Buffer.byteLength(text)}\n${text}\n`;

  let time = Date.UTC(2021, 0, 4, 9, 0, 0) / 1000;
  for (let n = 1; n <= options.commits; n++) {
    const authorIndex = Math.min(AUTHORS.length - 1, Math.floor(Math.pow(random(), 1.6) * AUTHORS.length));
    const author = AUTHORS[authorIndex]!;
    const email = `${author.toLowerCase().replace(/[^a-z]+/g, '.')}@example.org`;
    const home = SUBSYSTEMS[authorIndex % SUBSYSTEMS.length]!;
    time += 600 + Math.floor(random() * 3 * 3600);
    const isFix = n > 1 && random() < 0.2;
    const message =
      n === 1
        ? 'Initial import'
        : (isFix ? pick(FIX_MESSAGES) : pick(WORK_MESSAGES)).replace(
            '%d',
            String(1 + Math.floor(random() * 500)),
          );
    const ops: string[] = [];
    const touched = new Set<string>();
    const write = (p: string) => {
      const f = files.get(p)!;
      ops.push(`M 100644 inline ${p}\n${data(f.binary ? f.lines.join('\0') : f.lines.join('\n') + '\n')}`);
      touched.add(p);
    };
    if (n === 1) {
      for (const subsystem of SUBSYSTEMS) {
        for (let d = 0; d < 4; d++) {
          for (let k = 0; k < 6; k++) {
            const p = `${subsystem}/mod${d}/file${k}.ts`;
            files.set(p, { lines: makeLines(20 + Math.floor(random() * 60)), binary: false });
            paths.push(p);
            write(p);
          }
        }
      }
      files.set('README.md', { lines: makeLines(10), binary: false });
      paths.push('README.md');
      write('README.md');
    } else {
      const roll = random();
      if (roll < 0.04) {
        const p = `${random() < 0.7 ? home : pick(SUBSYSTEMS)}/mod${Math.floor(random() * 6)}/new${n}.ts`;
        files.set(p, { lines: makeLines(5 + Math.floor(random() * 40)), binary: false });
        paths.push(p);
        write(p);
      } else if (roll < 0.05 && paths.length > 50) {
        const p = pick(paths);
        if (!touched.has(p)) {
          files.delete(p);
          paths.splice(paths.indexOf(p), 1);
          ops.push(`D ${p}\n`);
        }
      } else if (roll < 0.06) {
        const old = pick(paths.filter((q) => q.endsWith('.ts')));
        const next = old.replace(/([^/]+)\.ts$/, `$1_r${n}.ts`);
        files.set(next, files.get(old)!);
        files.delete(old);
        paths[paths.indexOf(old)] = next;
        ops.push(`R ${old} ${next}\n`);
        touched.add(next);
      } else if (roll < 0.07) {
        const p = `${pick(SUBSYSTEMS)}/assets/image${n % 40}.bin`;
        if (!files.has(p)) paths.push(p);
        files.set(p, { lines: [`\x01PNG${n}`, String(random())], binary: true });
        write(p);
      }
      // A fix repairs a line that a recent change added (picked in proportion to the change's
      // size, so larger changes are likelier to need fixes), which gives SZZ real work.
      if (isFix && recentLines.length > 0) {
        const target = recentLines[Math.floor(random() * recentLines.length)]!;
        const f = files.get(target.path);
        const at = f && !f.binary ? f.lines.indexOf(target.text) : -1;
        if (at >= 0) {
          f!.lines.splice(at, 1, newLine());
          write(target.path);
          seeded.push({ fix: n, introducing: target.mark });
        }
      }
      const count = isFix ? Math.floor(random() * 2) : 1 + Math.floor(Math.pow(random(), 2) * 5);
      const inserted: { path: string; text: string; mark: number }[] = [];
      for (let k = 0; k < count; k++) {
        const candidates = random() < 0.75 ? paths.filter((p) => p.startsWith(`${home}/`)) : paths;
        const p = pick(candidates.length ? candidates : paths);
        const f = files.get(p)!;
        if (f.binary || touched.has(p)) continue;
        const at = Math.floor(random() * (f.lines.length + 1));
        const removed = Math.min(f.lines.length - at, Math.floor(random() * (isFix ? 3 : 6)));
        const added = isFix ? 1 + Math.floor(random() * 3) : Math.floor(random() * 25);
        const fresh = makeLines(added);
        f.lines.splice(at, removed, ...fresh);
        for (const text of fresh) inserted.push({ path: p, text, mark: n });
        write(p);
      }
      if (!isFix) {
        recentLines.push(...inserted);
        if (recentLines.length > 400) recentLines.splice(0, recentLines.length - 400);
      }
      if (ops.length === 0) {
        const p = pick(paths.filter((q) => !files.get(q)!.binary));
        files.get(p)!.lines.push(newLine());
        write(p);
      }
    }
    buffer +=
      `commit refs/heads/main\nmark :${n}\n` +
      `author ${author} <${email}> ${time} +0000\ncommitter ${author} <${email}> ${time} +0000\n` +
      data(message) +
      (n > 1 ? `from :${n - 1}\n` : '') +
      ops.join('') +
      '\n';
    if (buffer.length > 1 << 20) await flush();
  }
  buffer += 'done\n';
  await flush();
  child.stdin.end();
  const code = await closed;
  if (code !== 0) throw new Error(`git fast-import failed with exit code ${code}`);
  execFileSync('git', ['reset', '-q', '--hard', 'main'], { cwd: dir });
  const hashes = new Map<number, string>();
  for (const line of readFileSync(marksFile, 'utf8').split('\n')) {
    const match = /^:(\d+) ([0-9a-f]+)$/.exec(line);
    if (match) hashes.set(Number(match[1]), match[2]!);
  }
  rmSync(marksFile, { force: true });
  const truth: SeededBug[] = seeded.map((s) => ({
    fix: hashes.get(s.fix)!,
    introducing: hashes.get(s.introducing)!,
  }));
  writeFileSync(path.join(dir, '.git', SEEDED_BUGS_FILE), JSON.stringify(truth) + '\n');
  return options.commits;
}

/** A fix the generator made on purpose, and the commit that added the line it repairs. */
export interface SeededBug {
  fix: string;
  introducing: string;
}

/** Where the generator records its seeded bugs, inside the git directory: SZZ's ground truth. */
export const SEEDED_BUGS_FILE = 'shipgate-seeded-bugs.json';

export function readSeededBugs(dir: string): SeededBug[] {
  return JSON.parse(readFileSync(path.join(dir, '.git', SEEDED_BUGS_FILE), 'utf8')) as SeededBug[];
}

/** Bump when the generator's output changes, so benchmarks regenerate their cached repository. */
export const GENERATOR_VERSION = 2;

/**
 * The benchmark repository: generated once into the system's temp directory and reused while the
 * generator version, commit count and seed stay the same.
 */
export async function ensureBenchRepository(
  commits = 20_000,
  seed = 1,
): Promise<{ dir: string; generatedSeconds: number | null }> {
  const dir = path.join(os.tmpdir(), `shipgate-bench-repo-v${GENERATOR_VERSION}-${commits}-s${seed}`);
  const marker = path.join(dir, '.git', 'shipgate-generated');
  if (existsSync(marker)) return { dir, generatedSeconds: null };
  rmSync(dir, { recursive: true, force: true });
  const started = performance.now();
  await generateRepository(dir, { commits, seed });
  writeFileSync(marker, `${commits} ${seed}\n`);
  return { dir, generatedSeconds: (performance.now() - started) / 1000 };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { commits: { type: 'string', default: '20000' }, seed: { type: 'string', default: '1' } },
  });
  const dir = positionals[0];
  if (!dir) {
    console.error('usage: node --import tsx scripts/gen-repo.ts DIR [--commits 20000] [--seed 1]');
    process.exit(2);
  }
  const started = performance.now();
  const commits = await generateRepository(path.resolve(dir), {
    commits: Number(values.commits),
    seed: Number(values.seed),
  });
  console.log(
    `generated ${commits} commits in ${dir} (${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );
}
