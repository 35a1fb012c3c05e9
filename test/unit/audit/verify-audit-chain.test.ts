import { generateKeyPairSync, sign } from 'node:crypto';
import { formatAuditExportLine, parseAuditExport } from '../../../src/audit/audit-export.js';
import { AUDIT_GENESIS_HASH, type AuditEvent, type AuditRecord } from '../../../src/audit/audit-record.js';
import { createAuditSigner, type AuditSigner } from '../../../src/audit/audit-signer.js';
import { buildAuditRecord, computeAuditHash } from '../../../src/audit/build-audit-record.js';
import { verifyAuditChain, type AuditFailureReason } from '../../../src/audit/verify-audit-chain.js';

const now = new Date('2026-11-21T10:00:00.000Z');
const signer = createAuditSigner(generateKeyPairSync('ed25519').privateKey);
const other = createAuditSigner(generateKeyPairSync('ed25519').privateKey);
const publicOf = (s: AuditSigner) => ({ keyId: s.keyId, publicKey: s.publicKey });

function buildChain(events: AuditEvent[], signers: AuditSigner[] = [signer]): AuditRecord[] {
  const records: AuditRecord[] = [];
  let head = { seq: 0, hash: AUDIT_GENESIS_HASH };
  events.forEach((event, i) => {
    const record = buildAuditRecord(head, event, signers[i % signers.length]!);
    records.push(record);
    head = { seq: record.seq, hash: record.hash };
  });
  return records;
}

const events: AuditEvent[] = [1, 2, 3, 4, 5].map((n) => ({
  at: new Date(now.getTime() + n * 1000),
  kind: n === 4 ? 'verdict' : 'signoff_accepted',
  repo: 'acme/web',
  environment: 'production',
  sha: 'a'.repeat(40),
  actor: `signer-${n}`,
  data: { n, reasons: ['2 of 3'], nested: { b: true, a: null } },
}));
const chain = buildChain(events);

function resign(record: AuditRecord, by: AuditSigner, keyId = by.keyId): AuditRecord {
  const content = { ...record, key_id: keyId };
  const hash = computeAuditHash(record.prev_hash, content);
  return {
    ...content,
    hash,
    signature: sign(null, Buffer.from(hash, 'hex'), by.privateKey).toString('base64'),
  };
}

describe('buildAuditRecord', () => {
  it('chains from the genesis hash and numbers from 1', () => {
    expect(chain[0]).toMatchObject({
      seq: 1,
      prev_hash: AUDIT_GENESIS_HASH,
      at: '2026-11-21T10:00:01.000Z',
      key_id: signer.keyId,
    });
    expect(chain.slice(1).map((r, i) => r.prev_hash === chain[i]!.hash)).toEqual([true, true, true, true]);
    expect(chain[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(signer.keyId).toMatch(/^[0-9a-f]{16}$/);
  });

  it('fills absent fields with null and {}', () => {
    const [record] = buildChain([{ at: now, kind: 'error' }]);
    expect(record).toMatchObject({ repo: null, environment: null, sha: null, actor: null, data: {} });
  });
});

describe('verifyAuditChain', () => {
  it('accepts an intact chain and reports its head and keys', () => {
    expect(
      verifyAuditChain(chain, [publicOf(signer)], { expectedHead: { seq: 5, hash: chain[4]!.hash } }),
    ).toEqual({
      ok: true,
      count: 5,
      head: { seq: 5, hash: chain[4]!.hash },
      keyIds: [signer.keyId],
    });
    expect(verifyAuditChain([], [publicOf(signer)])).toEqual({
      ok: true,
      count: 0,
      head: { seq: 0, hash: AUDIT_GENESIS_HASH },
      keyIds: [],
    });
  });

  it('accepts a chain signed by two keys after a rotation when both are trusted', () => {
    const rotated = buildChain(events, [signer, other]);
    expect(verifyAuditChain(rotated, [publicOf(signer), publicOf(other)])).toMatchObject({
      ok: true,
      keyIds: [signer.keyId, other.keyId].sort(),
    });
    expect(verifyAuditChain(rotated, [publicOf(signer)])).toMatchObject({
      ok: false,
      seq: 2,
      reason: 'unknown_key',
    });
  });

  const head = { seq: 5, hash: chain[4]!.hash };
  const cases: {
    name: string;
    records: () => unknown[];
    seq: number;
    reason: AuditFailureReason;
    expectedHead?: typeof head;
  }[] = [
    {
      name: 'a changed field',
      records: () => chain.map((r) => (r.seq === 3 ? { ...r, actor: 'mallory' } : r)),
      seq: 3,
      reason: 'hash_mismatch',
    },
    {
      name: 'a changed data value',
      records: () => chain.map((r) => (r.seq === 2 ? { ...r, data: { ...r.data, n: 9 } } : r)),
      seq: 2,
      reason: 'hash_mismatch',
    },
    {
      name: 'a changed time',
      records: () => chain.map((r) => (r.seq === 5 ? { ...r, at: '2026-11-21T10:00:06.000Z' } : r)),
      seq: 5,
      reason: 'hash_mismatch',
    },
    { name: 'a deleted record', records: () => chain.filter((r) => r.seq !== 2), seq: 3, reason: 'seq_gap' },
    {
      name: 'two deleted records',
      records: () => chain.filter((r) => r.seq !== 2 && r.seq !== 3),
      seq: 4,
      reason: 'seq_gap',
    },
    { name: 'a deleted first record', records: () => chain.slice(1), seq: 2, reason: 'seq_gap' },
    {
      name: 'records in the wrong order',
      records: () => [chain[0], chain[2], chain[1], chain[3], chain[4]],
      seq: 3,
      reason: 'seq_gap',
    },
    {
      name: 'a duplicated record',
      records: () => [chain[0], chain[1], chain[1], chain[2]],
      seq: 2,
      reason: 'seq_order',
    },
    {
      name: 'renumbered records after a deletion',
      records: () => [chain[0], { ...chain[2]!, seq: 2 }],
      seq: 2,
      reason: 'broken_link',
    },
    {
      name: 'a changed prev_hash',
      records: () => chain.map((r) => (r.seq === 4 ? { ...r, prev_hash: 'f'.repeat(64) } : r)),
      seq: 4,
      reason: 'broken_link',
    },
    {
      name: 'a record re-signed by an unknown key',
      records: () => chain.map((r) => (r.seq === 3 ? resign({ ...r, data: { n: 0 } }, other) : r)),
      seq: 3,
      reason: 'unknown_key',
    },
    {
      name: 'a record re-signed under the real key id',
      records: () =>
        chain.map((r) => (r.seq === 3 ? resign({ ...r, data: { n: 0 } }, other, signer.keyId) : r)),
      seq: 3,
      reason: 'bad_signature',
    },
    {
      name: 'a signature from another record',
      records: () => chain.map((r) => (r.seq === 2 ? { ...r, signature: chain[0]!.signature } : r)),
      seq: 2,
      reason: 'bad_signature',
    },
    {
      name: 'a record without a hash',
      records: () => chain.map((r) => (r.seq === 2 ? { ...r, hash: 'xyz' } : r)),
      seq: 2,
      reason: 'malformed',
    },
    {
      name: 'a record that is not an object',
      records: () => [chain[0], 'oops'],
      seq: 2,
      reason: 'malformed',
    },
    {
      name: 'records cut from the end',
      records: () => chain.slice(0, 3),
      seq: 4,
      reason: 'missing_tail',
      expectedHead: head,
    },
    {
      name: 'a record appended behind the head',
      records: () => [
        ...chain,
        buildAuditRecord(head, { at: now, kind: 'verdict', data: { decision: 'approved' } }, signer),
      ],
      seq: 6,
      reason: 'past_head',
      expectedHead: head,
    },
    {
      name: 'a head that does not match',
      records: () => chain,
      seq: 5,
      reason: 'broken_link',
      expectedHead: { seq: 5, hash: 'e'.repeat(64) },
    },
  ];

  it.each(cases)('names seq $seq ($reason) for $name', ({ records, seq, reason, expectedHead }) => {
    const result = verifyAuditChain(records() as AuditRecord[], [publicOf(signer)], { expectedHead });
    expect(result).toMatchObject({ ok: false, seq, reason });
    if (!result.ok) expect(result.message).toMatch(new RegExp(`seq ${seq}|records|head`));
  });
});

describe('audit export', () => {
  it('round-trips records through JSONL and still verifies', () => {
    const text = chain.map(formatAuditExportLine).join('');
    expect(text.split('\n')).toHaveLength(6);
    const parsed = parseAuditExport(text);
    expect(parsed).toEqual({ records: chain, problems: [] });
    expect(verifyAuditChain(parsed.records, [publicOf(signer)])).toMatchObject({ ok: true, count: 5 });
  });

  it.each([
    {
      text: '{"seq":1}\nnot json\n',
      problems: [{ line: 2, message: expect.stringContaining('is not valid JSON') }],
    },
    { text: '[1,2]\n\n{"seq":1}\n', problems: [{ line: 1, message: 'is not a JSON object' }] },
  ])('reports unreadable lines by number', ({ text, problems }) => {
    expect(parseAuditExport(text).problems).toEqual(problems);
  });
});
