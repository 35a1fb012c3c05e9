// Runs every benchmark in bench/*.bench.ts (or those named on the command line) and writes
// each one's figures to bench/results/<name>.json.
import { readdir, writeFile, mkdir } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';
import os from 'node:os';

const here = path.dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const files = (await readdir(here)).filter((f) => f.endsWith('.bench.ts')).sort();
const chosen = wanted.length ? files.filter((f) => wanted.some((w) => f.startsWith(w))) : files;
if (chosen.length === 0) {
  console.error(`No benchmark matches ${wanted.join(', ')}. Available: ${files.join(', ')}`);
  process.exit(2);
}
await mkdir(path.join(here, 'results'), { recursive: true });
for (const file of chosen) {
  const name = file.replace(/\.bench\.ts$/, '');
  const mod = (await import(pathToFileURL(path.join(here, file)).href)) as {
    run: () => Promise<Record<string, unknown>>;
  };
  console.log(`bench ${name} …`);
  const started = Date.now();
  const figures = await mod.run();
  const result = {
    benchmark: name,
    measured_at: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version },
    wall_seconds: (Date.now() - started) / 1000,
    ...figures,
  };
  await writeFile(path.join(here, 'results', `${name}.json`), JSON.stringify(result, null, 2) + '\n');
  console.log(JSON.stringify(result, null, 2));
}
