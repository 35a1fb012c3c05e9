// Retrains the shipped default risk model from the shared labelled data (six projects of the
// ISSTA'21 just-in-time defect data), deterministically, and writes:
//   src/risk/model/default-model.json   the model artifact (features, calibration, metrics, LOPO table)
//   bench/results/model-quality.json    the leave-one-project-out tables and calibration figures
// Usage: npm run train-model [-- --data DIR]
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readKameiCsvFile } from '../src/risk/csv-io.js';
import { formatRiskModel } from '../src/risk/model-format.js';
import { trainDefaultRiskModel } from '../src/risk/train-default.js';
import type { LabelledRow } from '../src/risk/train.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: { data: { type: 'string', default: path.resolve(root, '../shared/data/jit/issta21') } },
});
const dataDir = path.resolve(values.data!);
const PROJECTS = ['gerrit', 'go', 'jdt', 'openstack', 'platform', 'qt'];

const projects = new Map<string, LabelledRow[]>();
for (const project of PROJECTS) {
  const csv = await readKameiCsvFile(
    path.join(dataDir, `${project}_k_feature.csv`),
    `${project}_k_feature.csv`,
  );
  projects.set(
    project,
    csv.rows.map((row) => ({ ...row, source: project })),
  );
}

const started = process.hrtime.bigint();
const { result, quality } = trainDefaultRiskModel(projects);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;

const modelFile = path.join(root, 'src/risk/model/default-model.json');
await mkdir(path.dirname(modelFile), { recursive: true });
await writeFile(modelFile, formatRiskModel(result.model));
const qualityFile = path.join(root, 'bench/results/model-quality.json');
await mkdir(path.dirname(qualityFile), { recursive: true });
await writeFile(qualityFile, JSON.stringify(quality, null, 2) + '\n');

const lopo = quality.leave_one_project_out;
const boosted = lopo.additive_boosting;
const baseline = lopo.logistic_regression;
const cell = (v: number | null) => (v === null ? '-' : v.toFixed(3)).padStart(9);
console.log('leave-one-project-out AUC (newest 20% of the held-out project)');
console.log('project        n    pos   boosted  logistic  LApredict');
boosted.projects.forEach((row, i) => {
  const cells = [row.auc, baseline.projects[i]!.auc, row.la_auc].map(cell);
  console.log(
    `${row.project.padEnd(10)} ${String(row.n).padStart(5)} ${String(row.positives).padStart(6)}${cells.join('')}`,
  );
});
console.log(
  `${'mean'.padEnd(23)}${[boosted.mean_auc, baseline.mean_auc, boosted.mean_la_auc].map(cell).join('')}`,
);
console.log(
  `shipped learner: ${lopo.chosen}; calibration slice: ${JSON.stringify(result.model.training.metrics)}`,
);
console.log(
  `wrote ${path.relative(root, modelFile)} and ${path.relative(root, qualityFile)} in ${seconds.toFixed(1)} s`,
);
