// Writes schema/shipgate.schema.json from the policy schema in src/policy/schema.ts.
// CI regenerates it and fails when the committed file differs: run `npm run schema` after changing the schema.
import { writeFile, mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { z } from 'zod';
import { policyFileSchema } from '../src/policy/schema.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const schema = {
  ...z.toJSONSchema(policyFileSchema, { io: 'input', unrepresentable: 'any' }),
  $id: 'https://shipgate.dev/schema/shipgate.schema.json',
  title: 'shipgate policy (.github/shipgate.yml)',
};
await mkdir(path.join(root, 'schema'), { recursive: true });
await writeFile(path.join(root, 'schema', 'shipgate.schema.json'), JSON.stringify(schema, null, 2) + '\n');
console.log('wrote schema/shipgate.schema.json');
