// Reads the erasure certificates (evidence/certificates.ts validates their
// shape), verifies each signature with the audit key in force at its
// issued_at, and stores them with the outcome.
//
// "In force at issued_at" is a question about the past: a certificate issued
// before a key.rotate stays valid under the key that rotation retired, which
// KeySchedule.keyAt answers (the caller passes it as resolveKey).
import type Database from 'better-sqlite3';
import type { Finding } from '../../model/findings.js';
import { basename } from 'node:path';
import { canonicalize } from '../crypto/jcs.js';
import { toMs } from '../time/rfc3339.js';
import type { VerifyingKey } from '../crypto/ed25519.js';
import { readCertificates, verifyCertificate, type LocatedCertificate } from '../evidence/certificates.js';

type KeyResolution = { key: VerifyingKey } | { reason: string };

const SQL = `INSERT INTO certificates (bundle_id, file, certificate_id, json, signature, signature_note, tenant, extension_id, ext_pseudonym,
  received_at, executed_at, executed_ms, request_seq, execution_seq, issued_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`;

export async function loadCertificates(
  db: Database.Database,
  bundleId: number,
  bagRoot: string,
  files: string[],
  resolveKey: (kid: string, ts: string) => KeyResolution,
): Promise<{ findings: Finding[]; count: number }> {
  const read = await readCertificates(bagRoot, files);
  const findings: Finding[] = [...read.findings];
  const ins = db.prepare(SQL);
  const store = (c: LocatedCertificate, signature: string, note: string | null) => {
    const x = c.certificate;
    ins.run(
      bundleId, c.file, x.certificate_id, canonicalize(x), signature, note, x.tenant, x.subject.extension_id, x.subject.ext_pseudonym,
      x.request.received_at, x.execution.executed_at, toMs(x.execution.executed_at), x.request.audit_seq, x.execution.audit_seq, x.issued_at,
    );
  };
  for (const c of read.certificates) {
    const resolved = resolveKey(c.certificate.kid, c.certificate.issued_at);
    const bad = verifyCertificate(c, () => resolved);
    if (bad) findings.push(bad);
    store(c, !bad ? 'valid' : 'reason' in resolved ? 'unknown_key' : 'invalid', bad ? bad.message : null);
  }
  // A certificate the reader refused is stored too, as 'malformed', under the id its
  // file name gives (spec §4: <certificate_id>.json): the other checks then know a
  // certificate exists but cannot be compared, rather than calling it missing.
  for (const f of read.findings) {
    if (!f.file) continue;
    db.prepare(
      "INSERT INTO certificates (bundle_id, file, certificate_id, json, signature, signature_note) VALUES (?,?,?,'{}','malformed',?)",
    ).run(bundleId, f.file, f.certificate_id ?? basename(f.file).replace(/\.json$/, ''), f.message);
  }
  return { findings, count: read.certificates.length };
}
