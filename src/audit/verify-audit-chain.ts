import { verify } from 'node:crypto';
import { computeAuditHash, pickAuditContent } from './build-audit-record.js';
import { AUDIT_GENESIS_HASH, type AuditHead, type AuditRecord } from './audit-record.js';
import type { AuditPublicKey } from './audit-signer.js';

/** Why a record fails verification. */
export type AuditFailureReason =
  | 'seq_gap'
  | 'seq_order'
  | 'broken_link'
  | 'hash_mismatch'
  | 'unknown_key'
  | 'bad_signature'
  | 'malformed'
  | 'missing_tail'
  | 'past_head';

/** The outcome of verifying a chain: data, never an exception. */
export type AuditVerification =
  | { ok: true; count: number; head: AuditHead; keyIds: string[] }
  | {
      ok: false;
      count: number;
      /** The first bad record's seq (for `missing_tail`, the first seq that is missing). */
      seq: number;
      /** Position of the bad record in the list given (0-based); -1 for `missing_tail`. */
      index: number;
      reason: AuditFailureReason;
      message: string;
    };

export interface VerifyAuditOptions {
  /**
   * The head the store says it has. When given, a chain that stops short of it (records deleted
   * from the end) or goes past it fails.
   */
  expectedHead?: AuditHead;
}

const hex64 = /^[0-9a-f]{64}$/;

function describeShape(record: unknown): string | undefined {
  if (typeof record !== 'object' || record === null) return 'is not an object';
  const r = record as Record<string, unknown>;
  if (!Number.isSafeInteger(r.seq) || (r.seq as number) < 1) return 'has no positive integer seq';
  for (const field of ['at', 'kind', 'key_id', 'signature'] as const) {
    if (typeof r[field] !== 'string') return `has no string ${field}`;
  }
  for (const field of ['prev_hash', 'hash'] as const) {
    if (typeof r[field] !== 'string' || !hex64.test(r[field] as string))
      return `has no 64-hex-digit ${field}`;
  }
  for (const field of ['repo', 'environment', 'sha', 'actor'] as const) {
    if (r[field] !== null && typeof r[field] !== 'string')
      return `has a ${field} that is neither a string nor null`;
  }
  if (typeof r.data !== 'object' || r.data === null || Array.isArray(r.data)) return 'has no data object';
  return undefined;
}

/**
 * Verifies an audit chain in the order given (ascending seq). Detects changed records (hash
 * mismatch), records signed by an unknown key or with a bad signature, deleted records (gap in
 * seq), inserted or reordered records (seq order, broken link) and, with `expectedHead`, records
 * cut from the end. Reports the first bad record.
 */
export function verifyAuditChain(
  records: readonly AuditRecord[],
  publicKeys: readonly AuditPublicKey[],
  options: VerifyAuditOptions = {},
): AuditVerification {
  const keys = new Map(publicKeys.map((key) => [key.keyId, key.publicKey]));
  const usedKeys = new Set<string>();
  let prevSeq = 0;
  let prevHash = AUDIT_GENESIS_HASH;
  const fail = (
    index: number,
    seq: number,
    reason: AuditFailureReason,
    message: string,
  ): AuditVerification => ({
    ok: false,
    count: records.length,
    seq,
    index,
    reason,
    message,
  });

  for (const [index, record] of records.entries()) {
    const shape = describeShape(record);
    if (shape) {
      const seq = Number.isSafeInteger((record as { seq?: unknown })?.seq)
        ? (record as AuditRecord).seq
        : prevSeq + 1;
      return fail(index, seq, 'malformed', `the record at position ${index + 1} (seq ${seq}) ${shape}.`);
    }
    const expected = prevSeq + 1;
    if (record.seq > expected) {
      const missing =
        record.seq - expected === 1 ? `seq ${expected} is` : `seqs ${expected}–${record.seq - 1} are`;
      return fail(
        index,
        record.seq,
        'seq_gap',
        `seq ${record.seq} follows seq ${prevSeq}: ${missing} missing (deleted).`,
      );
    }
    if (record.seq < expected) {
      return fail(
        index,
        record.seq,
        'seq_order',
        `seq ${record.seq} appears after seq ${prevSeq}: the record was inserted or moved out of order.`,
      );
    }
    if (record.prev_hash !== prevHash) {
      return fail(
        index,
        record.seq,
        'broken_link',
        `seq ${record.seq} links to prev_hash ${record.prev_hash.slice(0, 12)}… but the record before it has hash ${prevHash.slice(0, 12)}…: a record was replaced, inserted or removed.`,
      );
    }
    const hash = computeAuditHash(record.prev_hash, pickAuditContent(record));
    if (hash !== record.hash) {
      return fail(
        index,
        record.seq,
        'hash_mismatch',
        `seq ${record.seq}: its content hashes to ${hash.slice(0, 12)}… but the record says ${record.hash.slice(0, 12)}…: the record was changed after it was written.`,
      );
    }
    const key = keys.get(record.key_id);
    if (!key) {
      const known = [...keys.keys()].join(', ') || 'none';
      return fail(
        index,
        record.seq,
        'unknown_key',
        `seq ${record.seq} is signed with key ${record.key_id}, which is not among the trusted public keys (${known}). Pass that key's public half with --public-key if you trust it.`,
      );
    }
    const signature = Buffer.from(record.signature, 'base64');
    if (!verify(null, Buffer.from(record.hash, 'hex'), key, signature)) {
      return fail(
        index,
        record.seq,
        'bad_signature',
        `seq ${record.seq}: the signature does not verify with key ${record.key_id}: the record was re-signed or forged.`,
      );
    }
    usedKeys.add(record.key_id);
    prevSeq = record.seq;
    prevHash = record.hash;
  }

  const head = { seq: prevSeq, hash: prevHash };
  const expectedHead = options.expectedHead;
  if (expectedHead && (expectedHead.seq !== head.seq || expectedHead.hash !== head.hash)) {
    if (expectedHead.seq > head.seq) {
      return fail(
        -1,
        head.seq + 1,
        'missing_tail',
        `the chain ends at seq ${head.seq} but the head records seq ${expectedHead.seq}: records ${head.seq + 1}–${expectedHead.seq} were deleted.`,
      );
    }
    const atHead = records.findIndex((record) => record.seq === expectedHead.seq);
    if (expectedHead.seq < head.seq && atHead >= 0 && records[atHead]?.hash === expectedHead.hash) {
      return fail(
        atHead + 1,
        expectedHead.seq + 1,
        'past_head',
        `seq ${expectedHead.seq + 1} comes after the head (seq ${expectedHead.seq}): records were added without the store's append.`,
      );
    }
    return fail(
      Math.max(atHead, -1),
      expectedHead.seq,
      'broken_link',
      `the head records seq ${expectedHead.seq} with hash ${expectedHead.hash.slice(0, 12)}… but the chain's record there differs: the head or the chain was altered.`,
    );
  }
  return { ok: true, count: records.length, head, keyIds: [...usedKeys].sort() };
}
