import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { formatAuditExportLine, parseAuditExport } from '../audit/audit-export.js';
import { AuditKeyError, type AuditPublicKey } from '../audit/audit-signer.js';
import type { AuditRecord } from '../audit/audit-record.js';
import { verifyAuditChain, type AuditVerification } from '../audit/verify-audit-chain.js';
import { defaultDataDir, openStore, type StoreLocation } from '../store/open-store.js';
import { describeDatabaseUrl } from '../store/open-postgres-store.js';
import { findLocalPublicKey, readPublicKeyFile } from '../store/signing-key-io.js';
import { StoreError, type Store } from '../store/store.js';
import { UsageError, type CliIo } from './io.js';

const help = `usage:
  shipgate audit verify [--database URL | --data-dir DIR] [--schema NAME] [--public-key FILE ...] [--json]
  shipgate audit verify --file EXPORT.jsonl --public-key FILE [--public-key FILE ...] [--json]
  shipgate audit export --format jsonl [--database URL | --data-dir DIR] [--schema NAME] [--out FILE]
  shipgate audit keys [--database URL | --data-dir DIR] [--schema NAME]

The store is DATABASE_URL when set, else the embedded store in .shipgate/.
verify checks every record's hash, link and Ed25519 signature and names the first bad one
(exit 0: intact, 1: broken). Without --public-key it trusts the local signing key
(SHIPGATE_SIGNING_KEY, or the data directory's signing-key.pem).
`;

const pageSize = 5000;

const options = {
  database: { type: 'string' },
  'data-dir': { type: 'string' },
  schema: { type: 'string' },
  'public-key': { type: 'string', multiple: true },
  file: { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>['values'];

function resolveLocation(values: Values, io: CliIo): StoreLocation & { description: string } {
  if (values.database && values['data-dir']) {
    throw new UsageError('give either --database URL or --data-dir DIR, not both.');
  }
  const dataDir = values['data-dir'] ? path.resolve(io.cwd, values['data-dir']) : defaultDataDir(io.cwd);
  const databaseUrl = values.database ?? (values['data-dir'] ? undefined : io.env.DATABASE_URL || undefined);
  const schema = values.schema;
  if (databaseUrl) {
    return {
      databaseUrl,
      schema,
      dataDir,
      description: describeDatabaseUrl(databaseUrl) + (schema ? ` (schema ${schema})` : ''),
    };
  }
  return { dataDir, description: dataDir };
}

async function openExisting(location: StoreLocation): Promise<Store> {
  try {
    return await openStore(location, { mustExist: true, migrate: false });
  } catch (error) {
    if (error instanceof StoreError) throw new UsageError(error.message);
    throw error;
  }
}

async function readAllRecords(store: Store): Promise<AuditRecord[]> {
  const records: AuditRecord[] = [];
  for (;;) {
    const page = await store.listAudit({ afterSeq: records.at(-1)?.seq ?? 0, limit: pageSize });
    records.push(...page);
    if (page.length < pageSize) return records;
  }
}

function loadKeys(values: Values, io: CliIo, dataDir: string): { keys: AuditPublicKey[]; origin: string } {
  try {
    const files = values['public-key'] ?? [];
    if (files.length > 0) {
      return { keys: files.map((f) => readPublicKeyFile(path.resolve(io.cwd, f))), origin: files.join(', ') };
    }
    const local = findLocalPublicKey({ env: io.env, dataDir });
    if (!local) {
      throw new UsageError(
        `no public key to verify with: pass --public-key FILE (the signing key's public half, e.g. ${path.join(dataDir, 'signing-key.pub.pem')}), ` +
          'or set SHIPGATE_SIGNING_KEY.',
      );
    }
    return {
      keys: [local],
      origin: io.env.SHIPGATE_SIGNING_KEY ? 'SHIPGATE_SIGNING_KEY' : `the signing key in ${dataDir}`,
    };
  } catch (error) {
    if (error instanceof AuditKeyError || error instanceof StoreError) throw new UsageError(error.message);
    throw error;
  }
}

function report(
  result: AuditVerification,
  source: string,
  keyOrigin: string,
  values: Values,
  io: CliIo,
): number {
  if (values.json) {
    io.stdout(`${JSON.stringify({ source, ...result })}\n`);
    return result.ok ? 0 : 1;
  }
  if (result.ok) {
    const range = result.count === 0 ? 'no records' : `${result.count} records, seq 1–${result.head.seq}`;
    io.stdout(
      `audit log intact: ${source}: ${range}, head ${result.head.hash.slice(0, 16)}…, ` +
        `signed by ${result.keyIds.join(', ') || 'no key'} (trusted keys from ${keyOrigin}).\n`,
    );
    return 0;
  }
  io.stdout(
    `audit log broken: ${source}: first bad record is seq ${result.seq} (${result.reason}).\n${result.message}\n` +
      (result.seq > 1 ? `Records up to seq ${result.seq - 1} verify.\n` : ''),
  );
  return 1;
}

async function runVerify(values: Values, io: CliIo): Promise<number> {
  if (values.file) {
    if (values.database || values['data-dir'])
      throw new UsageError('--file verifies an export; leave out --database and --data-dir.');
    if (!values['public-key']?.length) {
      throw new UsageError(
        "verifying an export needs the signer's public key: add --public-key FILE (one per key after a rotation).",
      );
    }
    const file = path.resolve(io.cwd, values.file);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read the export ${file}: ${(error as Error).message}.`);
    }
    const { keys, origin } = loadKeys(values, io, defaultDataDir(io.cwd));
    const { records, problems } = parseAuditExport(text);
    const problem = problems[0];
    if (problem) {
      io.stdout(
        `audit log broken: ${file}: line ${problem.line} ${problem.message}; an export has one JSON record per line.\n`,
      );
      return 1;
    }
    return report(verifyAuditChain(records, keys), file, origin, values, io);
  }
  const location = resolveLocation(values, io);
  const store = await openExisting(location);
  try {
    const { keys, origin } = loadKeys(values, io, location.dataDir);
    // Records first, then the head: appends that commit in between are read up to the head, so a
    // live store verifies without a false alarm, while rows past the head or missing below it still show.
    const records = await readAllRecords(store);
    const head = await store.getAuditHead();
    const lastSeq = records.at(-1)?.seq ?? 0;
    if (head.seq > lastSeq)
      records.push(...(await store.listAudit({ afterSeq: lastSeq, limit: head.seq - lastSeq })));
    return report(
      verifyAuditChain(records, keys, { expectedHead: head }),
      location.description,
      origin,
      values,
      io,
    );
  } finally {
    await store.close();
  }
}

async function runExport(values: Values, io: CliIo): Promise<number> {
  if ((values.format ?? 'jsonl') !== 'jsonl') {
    throw new UsageError(
      `--format ${values.format} is not supported; the export format is jsonl (one signed record per line).`,
    );
  }
  const location = resolveLocation(values, io);
  const store = await openExisting(location);
  const out = values.out ? path.resolve(io.cwd, values.out) : undefined;
  let fd: number | undefined;
  try {
    if (out) {
      try {
        fd = openSync(out, 'w');
      } catch (error) {
        throw new UsageError(`cannot write ${out}: ${(error as Error).message}.`);
      }
    }
    let count = 0;
    let afterSeq = 0;
    for (;;) {
      const page = await store.listAudit({ afterSeq, limit: pageSize });
      const text = page.map(formatAuditExportLine).join('');
      if (fd === undefined) io.stdout(text);
      else writeSync(fd, text);
      count += page.length;
      afterSeq = page.at(-1)?.seq ?? afterSeq;
      if (page.length < pageSize) break;
    }
    if (out) io.stderr(`exported ${count} audit records from ${location.description} to ${out}.\n`);
    return 0;
  } finally {
    if (fd !== undefined) closeSync(fd);
    await store.close();
  }
}

async function runKeys(values: Values, io: CliIo): Promise<number> {
  const location = resolveLocation(values, io);
  const store = await openExisting(location);
  try {
    const keys = await store.listAuditKeys();
    if (keys.length === 0) io.stdout(`no key has signed records in ${location.description} yet.\n`);
    for (const key of keys) {
      io.stdout(
        `# key ${key.keyId}, first used ${key.firstUsedAt.toISOString()}\n${key.publicKeyPem.trim()}\n`,
      );
    }
    return 0;
  } finally {
    await store.close();
  }
}

/** `shipgate audit verify|export|keys`: checks and exports the signed audit log. */
export async function runAuditCommand(argv: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${help}`);
  }
  const { values, positionals } = parsed;
  const [sub, ...extra] = positionals;
  if (values.help || sub === 'help') {
    io.stdout(help);
    return 0;
  }
  if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'.\n${help}`);
  switch (sub) {
    case 'verify':
      return runVerify(values, io);
    case 'export':
      return runExport(values, io);
    case 'keys':
      return runKeys(values, io);
    default:
      throw new UsageError(
        `${sub ? `unknown subcommand '${sub}'` : 'missing subcommand'}: use verify, export or keys.\n${help}`,
      );
  }
}
