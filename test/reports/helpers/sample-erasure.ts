// The evidence of the minimal sample's one erasure (ERC-2026-000017), read
// from the sample's own files: the certificate, its two audit entries, and
// what the dump shows (the extension, its CDRs and reveals gone; the
// erasures row at line 580).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ErasureEvidence, AuditEntryRef } from '../../../shared/engine/reports/erasure/build-facts.js';
import type { VerificationResult } from '../../../shared/model/verification.js';
import { SAMPLE_BAG, sampleManifest, sampleVerification } from './sample-verification.js';

export const CERT_FILE = 'data/erasure/ERC-2026-000017.json';

function entry(seq: number): AuditEntryRef {
  const line = readFileSync(join(SAMPLE_BAG, 'data/audit/audit-log.jsonl'), 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`{"seq":${seq},`))!;
  const e = JSON.parse(line);
  return { seq: e.seq, ts: e.ts, actor: e.actor, role: e.role, target: e.target, motive: e.motive, hash: e.hash, details: e.details };
}

export function sampleErasureEvidence(verification: VerificationResult = sampleVerification()): ErasureEvidence {
  return {
    verification,
    file_sha256: sampleManifest(),
    certificate: { file: CERT_FILE, json: JSON.parse(readFileSync(join(SAMPLE_BAG, CERT_FILE), 'utf8')), signature: 'valid' },
    request_entry: entry(62),
    execute_entry: entry(129),
    dump: { remaining: { extension: 0, cdr: 0, reveals: 0 }, register_row: { line: 580, executed_at: '2026-02-28T14:00:00.000Z', cdr_deleted: 40, audit_seq: 129 } },
  };
}
