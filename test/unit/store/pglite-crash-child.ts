// Appends audit records to an embedded store until it is killed; prints each committed seq.
// Run by pglite-crash.test.ts: node --import tsx pglite-crash-child.ts DATA_DIR
import { loadSigningKey } from '../../../src/store/signing-key-io.js';
import { openPgliteStore } from '../../../src/store/open-pglite-store.js';

const dataDir = process.argv[2] as string;
const { signer } = loadSigningKey({ env: {}, dataDir, embedded: true });
const store = await openPgliteStore({ dataDir, signer });
process.stdout.write('open\n');
const at = new Date('2026-11-21T10:00:00.000Z');
for (let i = 0; ; i += 1) {
  const batch = await Promise.all(
    [0, 1, 2].map((j) =>
      store.appendAudit({ at, kind: 'verdict', data: { i, j, padding: 'x'.repeat(500) } }),
    ),
  );
  await store.upsertRequest({
    owner: 'acme',
    repo: 'crash',
    installationId: 1,
    environment: 'production',
    runId: i + 1,
    deploymentId: null,
    sha: 'a'.repeat(40),
    ref: null,
    pullNumbers: [],
    callbackUrl: `https://api.github.com/repos/acme/crash/actions/runs/${i + 1}/deployment_protection_rule`,
    deliveryId: `crash-${i}`,
    createdAt: at,
    nextEvaluationAt: at,
  });
  process.stdout.write(`${Math.max(...batch.map((r) => r!.seq))}\n`);
}
