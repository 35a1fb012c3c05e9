import { createHash, sign } from 'node:crypto';
import { canonicalizeJson } from './canonicalize-json.js';
import type { AuditSigner } from './audit-signer.js';
import type { AuditContent, AuditEvent, AuditHead, AuditRecord } from './audit-record.js';

/** The text the hash covers: canonical JSON of the record's content (without the chain fields). */
export function formatAuditContent(content: AuditContent): string {
  const { seq, at, kind, repo, environment, sha, actor, data, key_id } = content;
  return canonicalizeJson({ v: 1, seq, at, kind, repo, environment, sha, actor, data, key_id });
}

/** `sha256(prev_hash || canonical(content))`, hex. */
export function computeAuditHash(prevHash: string, content: AuditContent): string {
  return createHash('sha256')
    .update(prevHash, 'utf8')
    .update(formatAuditContent(content), 'utf8')
    .digest('hex');
}

/** Picks the content fields out of a record (or anything shaped like one). */
export function pickAuditContent(record: AuditContent): AuditContent {
  return {
    seq: record.seq,
    at: record.at,
    kind: record.kind,
    repo: record.repo,
    environment: record.environment,
    sha: record.sha,
    actor: record.actor,
    data: record.data,
    key_id: record.key_id,
  };
}

/** Builds the next record after `head`: its content, hash chained to the head, and signature. */
export function buildAuditRecord(head: AuditHead, event: AuditEvent, signer: AuditSigner): AuditRecord {
  const content: AuditContent = {
    seq: head.seq + 1,
    at: event.at.toISOString(),
    kind: event.kind,
    repo: event.repo ?? null,
    environment: event.environment ?? null,
    sha: event.sha ?? null,
    actor: event.actor ?? null,
    data: JSON.parse(canonicalizeJson(event.data ?? {})) as AuditContent['data'],
    key_id: signer.keyId,
  };
  const hash = computeAuditHash(head.hash, content);
  const signature = sign(null, Buffer.from(hash, 'hex'), signer.privateKey).toString('base64');
  return { ...content, prev_hash: head.hash, hash, signature };
}
