import {
  AuditKeyError,
  StoreError,
  canonicalizeJson,
  computeAuditHash,
  defaultDataDir,
  describeDatabaseUrl,
  findLocalPublicKey,
  openStore,
  pickAuditContent,
  readPublicKeyFile
} from "./chunk-V7DJGVIE.js";
import {
  UsageError
} from "./chunk-QLHZKYCG.js";

// src/cli/audit-command.ts
import { closeSync, openSync, readFileSync, writeSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

// src/audit/audit-export.ts
function formatAuditExportLine(record) {
  return `${canonicalizeJson(record)}
`;
}
function parseAuditExport(text) {
  const records = [];
  const problems = [];
  text.split("\n").forEach((raw, index) => {
    const line = raw.trim();
    if (line === "") return;
    try {
      const value = JSON.parse(line);
      if (typeof value !== "object" || value === null || Array.isArray(value)) {
        problems.push({ line: index + 1, message: "is not a JSON object" });
        return;
      }
      records.push(value);
    } catch (error) {
      problems.push({ line: index + 1, message: `is not valid JSON (${error.message})` });
    }
  });
  return { records, problems };
}

// src/audit/verify-audit-chain.ts
import { verify } from "node:crypto";

// src/audit/audit-record.ts
var AUDIT_GENESIS_HASH = "0".repeat(64);

// src/audit/verify-audit-chain.ts
var hex64 = /^[0-9a-f]{64}$/;
function describeShape(record) {
  if (typeof record !== "object" || record === null) return "is not an object";
  const r = record;
  if (!Number.isSafeInteger(r.seq) || r.seq < 1) return "has no positive integer seq";
  for (const field of ["at", "kind", "key_id", "signature"]) {
    if (typeof r[field] !== "string") return `has no string ${field}`;
  }
  for (const field of ["prev_hash", "hash"]) {
    if (typeof r[field] !== "string" || !hex64.test(r[field]))
      return `has no 64-hex-digit ${field}`;
  }
  for (const field of ["repo", "environment", "sha", "actor"]) {
    if (r[field] !== null && typeof r[field] !== "string")
      return `has a ${field} that is neither a string nor null`;
  }
  if (typeof r.data !== "object" || r.data === null || Array.isArray(r.data)) return "has no data object";
  return void 0;
}
function verifyAuditChain(records, publicKeys, options2 = {}) {
  const keys = new Map(publicKeys.map((key) => [key.keyId, key.publicKey]));
  const usedKeys = /* @__PURE__ */ new Set();
  let prevSeq = 0;
  let prevHash = AUDIT_GENESIS_HASH;
  const fail = (index, seq, reason, message) => ({
    ok: false,
    count: records.length,
    seq,
    index,
    reason,
    message
  });
  for (const [index, record] of records.entries()) {
    const shape = describeShape(record);
    if (shape) {
      const seq = Number.isSafeInteger(record?.seq) ? record.seq : prevSeq + 1;
      return fail(index, seq, "malformed", `the record at position ${index + 1} (seq ${seq}) ${shape}.`);
    }
    const expected = prevSeq + 1;
    if (record.seq > expected) {
      const missing = record.seq - expected === 1 ? `seq ${expected} is` : `seqs ${expected}\u2013${record.seq - 1} are`;
      return fail(
        index,
        record.seq,
        "seq_gap",
        `seq ${record.seq} follows seq ${prevSeq}: ${missing} missing (deleted).`
      );
    }
    if (record.seq < expected) {
      return fail(
        index,
        record.seq,
        "seq_order",
        `seq ${record.seq} appears after seq ${prevSeq}: the record was inserted or moved out of order.`
      );
    }
    if (record.prev_hash !== prevHash) {
      return fail(
        index,
        record.seq,
        "broken_link",
        `seq ${record.seq} links to prev_hash ${record.prev_hash.slice(0, 12)}\u2026 but the record before it has hash ${prevHash.slice(0, 12)}\u2026: a record was replaced, inserted or removed.`
      );
    }
    const hash = computeAuditHash(record.prev_hash, pickAuditContent(record));
    if (hash !== record.hash) {
      return fail(
        index,
        record.seq,
        "hash_mismatch",
        `seq ${record.seq}: its content hashes to ${hash.slice(0, 12)}\u2026 but the record says ${record.hash.slice(0, 12)}\u2026: the record was changed after it was written.`
      );
    }
    const key = keys.get(record.key_id);
    if (!key) {
      const known = [...keys.keys()].join(", ") || "none";
      return fail(
        index,
        record.seq,
        "unknown_key",
        `seq ${record.seq} is signed with key ${record.key_id}, which is not among the trusted public keys (${known}). Pass that key's public half with --public-key if you trust it.`
      );
    }
    const signature = Buffer.from(record.signature, "base64");
    if (!verify(null, Buffer.from(record.hash, "hex"), key, signature)) {
      return fail(
        index,
        record.seq,
        "bad_signature",
        `seq ${record.seq}: the signature does not verify with key ${record.key_id}: the record was re-signed or forged.`
      );
    }
    usedKeys.add(record.key_id);
    prevSeq = record.seq;
    prevHash = record.hash;
  }
  const head = { seq: prevSeq, hash: prevHash };
  const expectedHead = options2.expectedHead;
  if (expectedHead && (expectedHead.seq !== head.seq || expectedHead.hash !== head.hash)) {
    if (expectedHead.seq > head.seq) {
      return fail(
        -1,
        head.seq + 1,
        "missing_tail",
        `the chain ends at seq ${head.seq} but the head records seq ${expectedHead.seq}: records ${head.seq + 1}\u2013${expectedHead.seq} were deleted.`
      );
    }
    const atHead = records.findIndex((record) => record.seq === expectedHead.seq);
    if (expectedHead.seq < head.seq && atHead >= 0 && records[atHead]?.hash === expectedHead.hash) {
      return fail(
        atHead + 1,
        expectedHead.seq + 1,
        "past_head",
        `seq ${expectedHead.seq + 1} comes after the head (seq ${expectedHead.seq}): records were added without the store's append.`
      );
    }
    return fail(
      Math.max(atHead, -1),
      expectedHead.seq,
      "broken_link",
      `the head records seq ${expectedHead.seq} with hash ${expectedHead.hash.slice(0, 12)}\u2026 but the chain's record there differs: the head or the chain was altered.`
    );
  }
  return { ok: true, count: records.length, head, keyIds: [...usedKeys].sort() };
}

// src/cli/audit-command.ts
var help = `usage:
  shipgate audit verify [--database URL | --data-dir DIR] [--schema NAME] [--public-key FILE ...] [--json]
  shipgate audit verify --file EXPORT.jsonl --public-key FILE [--public-key FILE ...] [--json]
  shipgate audit export --format jsonl [--database URL | --data-dir DIR] [--schema NAME] [--out FILE]
  shipgate audit keys [--database URL | --data-dir DIR] [--schema NAME]

The store is DATABASE_URL when set, else the embedded store in .shipgate/.
verify checks every record's hash, link and Ed25519 signature and names the first bad one
(exit 0: intact, 1: broken). Without --public-key it trusts the local signing key
(SHIPGATE_SIGNING_KEY, or the data directory's signing-key.pem).
`;
var pageSize = 5e3;
var options = {
  database: { type: "string" },
  "data-dir": { type: "string" },
  schema: { type: "string" },
  "public-key": { type: "string", multiple: true },
  file: { type: "string" },
  format: { type: "string" },
  out: { type: "string" },
  json: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false }
};
function resolveLocation(values, io) {
  if (values.database && values["data-dir"]) {
    throw new UsageError("give either --database URL or --data-dir DIR, not both.");
  }
  const dataDir = values["data-dir"] ? path.resolve(io.cwd, values["data-dir"]) : defaultDataDir(io.cwd);
  const databaseUrl = values.database ?? (values["data-dir"] ? void 0 : io.env.DATABASE_URL || void 0);
  const schema = values.schema;
  if (databaseUrl) {
    return {
      databaseUrl,
      schema,
      dataDir,
      description: describeDatabaseUrl(databaseUrl) + (schema ? ` (schema ${schema})` : "")
    };
  }
  return { dataDir, description: dataDir };
}
async function openExisting(location) {
  try {
    return await openStore(location, { mustExist: true, migrate: false });
  } catch (error) {
    if (error instanceof StoreError) throw new UsageError(error.message);
    throw error;
  }
}
async function readAllRecords(store) {
  const records = [];
  for (; ; ) {
    const page = await store.listAudit({ afterSeq: records.at(-1)?.seq ?? 0, limit: pageSize });
    records.push(...page);
    if (page.length < pageSize) return records;
  }
}
function loadKeys(values, io, dataDir) {
  try {
    const files = values["public-key"] ?? [];
    if (files.length > 0) {
      return { keys: files.map((f) => readPublicKeyFile(path.resolve(io.cwd, f))), origin: files.join(", ") };
    }
    const local = findLocalPublicKey({ env: io.env, dataDir });
    if (!local) {
      throw new UsageError(
        `no public key to verify with: pass --public-key FILE (the signing key's public half, e.g. ${path.join(dataDir, "signing-key.pub.pem")}), or set SHIPGATE_SIGNING_KEY.`
      );
    }
    return {
      keys: [local],
      origin: io.env.SHIPGATE_SIGNING_KEY ? "SHIPGATE_SIGNING_KEY" : `the signing key in ${dataDir}`
    };
  } catch (error) {
    if (error instanceof AuditKeyError || error instanceof StoreError) throw new UsageError(error.message);
    throw error;
  }
}
function report(result, source, keyOrigin, values, io) {
  if (values.json) {
    io.stdout(`${JSON.stringify({ source, ...result })}
`);
    return result.ok ? 0 : 1;
  }
  if (result.ok) {
    const range = result.count === 0 ? "no records" : `${result.count} records, seq 1\u2013${result.head.seq}`;
    io.stdout(
      `audit log intact: ${source}: ${range}, head ${result.head.hash.slice(0, 16)}\u2026, signed by ${result.keyIds.join(", ") || "no key"} (trusted keys from ${keyOrigin}).
`
    );
    return 0;
  }
  io.stdout(
    `audit log broken: ${source}: first bad record is seq ${result.seq} (${result.reason}).
${result.message}
` + (result.seq > 1 ? `Records up to seq ${result.seq - 1} verify.
` : "")
  );
  return 1;
}
async function runVerify(values, io) {
  if (values.file) {
    if (values.database || values["data-dir"])
      throw new UsageError("--file verifies an export; leave out --database and --data-dir.");
    if (!values["public-key"]?.length) {
      throw new UsageError(
        "verifying an export needs the signer's public key: add --public-key FILE (one per key after a rotation)."
      );
    }
    const file = path.resolve(io.cwd, values.file);
    let text;
    try {
      text = readFileSync(file, "utf8");
    } catch (error) {
      throw new UsageError(`cannot read the export ${file}: ${error.message}.`);
    }
    const { keys, origin } = loadKeys(values, io, defaultDataDir(io.cwd));
    const { records, problems } = parseAuditExport(text);
    const problem = problems[0];
    if (problem) {
      io.stdout(
        `audit log broken: ${file}: line ${problem.line} ${problem.message}; an export has one JSON record per line.
`
      );
      return 1;
    }
    return report(verifyAuditChain(records, keys), file, origin, values, io);
  }
  const location = resolveLocation(values, io);
  const store = await openExisting(location);
  try {
    const { keys, origin } = loadKeys(values, io, location.dataDir);
    const records = await readAllRecords(store);
    const head = await store.getAuditHead();
    const lastSeq = records.at(-1)?.seq ?? 0;
    if (head.seq > lastSeq)
      records.push(...await store.listAudit({ afterSeq: lastSeq, limit: head.seq - lastSeq }));
    return report(
      verifyAuditChain(records, keys, { expectedHead: head }),
      location.description,
      origin,
      values,
      io
    );
  } finally {
    await store.close();
  }
}
async function runExport(values, io) {
  if ((values.format ?? "jsonl") !== "jsonl") {
    throw new UsageError(
      `--format ${values.format} is not supported; the export format is jsonl (one signed record per line).`
    );
  }
  const location = resolveLocation(values, io);
  const store = await openExisting(location);
  const out = values.out ? path.resolve(io.cwd, values.out) : void 0;
  let fd;
  try {
    if (out) {
      try {
        fd = openSync(out, "w");
      } catch (error) {
        throw new UsageError(`cannot write ${out}: ${error.message}.`);
      }
    }
    let count = 0;
    let afterSeq = 0;
    for (; ; ) {
      const page = await store.listAudit({ afterSeq, limit: pageSize });
      const text = page.map(formatAuditExportLine).join("");
      if (fd === void 0) io.stdout(text);
      else writeSync(fd, text);
      count += page.length;
      afterSeq = page.at(-1)?.seq ?? afterSeq;
      if (page.length < pageSize) break;
    }
    if (out) io.stderr(`exported ${count} audit records from ${location.description} to ${out}.
`);
    return 0;
  } finally {
    if (fd !== void 0) closeSync(fd);
    await store.close();
  }
}
async function runKeys(values, io) {
  const location = resolveLocation(values, io);
  const store = await openExisting(location);
  try {
    const keys = await store.listAuditKeys();
    if (keys.length === 0) io.stdout(`no key has signed records in ${location.description} yet.
`);
    for (const key of keys) {
      io.stdout(
        `# key ${key.keyId}, first used ${key.firstUsedAt.toISOString()}
${key.publicKeyPem.trim()}
`
      );
    }
    return 0;
  } finally {
    await store.close();
  }
}
async function runAuditCommand(argv, io) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${error.message}
${help}`);
  }
  const { values, positionals } = parsed;
  const [sub, ...extra] = positionals;
  if (values.help || sub === "help") {
    io.stdout(help);
    return 0;
  }
  if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'.
${help}`);
  switch (sub) {
    case "verify":
      return runVerify(values, io);
    case "export":
      return runExport(values, io);
    case "keys":
      return runKeys(values, io);
    default:
      throw new UsageError(
        `${sub ? `unknown subcommand '${sub}'` : "missing subcommand"}: use verify, export or keys.
${help}`
      );
  }
}
export {
  runAuditCommand
};
