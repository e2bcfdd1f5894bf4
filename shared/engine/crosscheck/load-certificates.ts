// Reads the erasure certificates (evidence/certificates.ts validates their
// shape), verifies each signature with the audit key in force at its
// issued_at, and stores them with the outcome.
//
// "In force at issued_at" is a question about the past: a certificate issued
// before a key.rotate stays valid under the key that rotation retired. The key
// schedule answers for the end of the chain (a retired key signs nothing
// more), so a retired key is looked up again here: allowed when its
// retirement (the ts of the retiring key.rotate) is after issued_at, with its
// public key from the license grants or the key.rotate that introduced it.
import type Database from 'better-sqlite3';
import type { Finding } from '../../model/findings.js';
import { canonicalize } from '../crypto/jcs.js';
import { importPublicKey, type VerifyingKey } from '../crypto/ed25519.js';
import type { LicenseKeyGrant } from '../audit/keys.js';
import type { KeySchedule } from '../audit/key-schedule.js';
import { readCertificates, verifyCertificate, type LocatedCertificate } from '../evidence/certificates.js';
import { toMs } from '../time/rfc3339.js';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parseLicenseFile } from '../license/license-file.js';
import { parseObject } from './erasure-facts.js';

type KeyResolution = { key: VerifyingKey } | { reason: string };

/** A key schedule that may also answer for a past time, retirement included. */
type TimedKeySchedule = KeySchedule & { keyAt?: (kid: string, ts: string) => KeyResolution };

/**
 * Public keys of the license files present in the bag, by kid. Used only for
 * a key the schedule says a trusted license granted (by license id), when the
 * caller did not pass the grants themselves: the kid is a hash of the public
 * key, so a key found this way is that key.
 */
export async function licenseKeysInBag(bagRoot: string, files: Iterable<string>): Promise<Map<string, { key: VerifyingKey; licenseId: string; notBefore: string }[]>> {
  const out = new Map<string, { key: VerifyingKey; licenseId: string; notBefore: string }[]>();
  for (const file of files) {
    if (!/^data\/license\/(?:natalia|history\/[^/]+)\.lic$/.test(file)) continue;
    let text: string;
    try {
      text = await readFile(join(bagRoot, file), 'utf8');
    } catch {
      continue;
    }
    const parsed = parseLicenseFile(text, file);
    if (!parsed.ok) continue;
    for (const k of parsed.payload.audit_keys ?? []) {
      const imported = importPublicKey(k.public_key);
      if (!('key' in imported) || imported.key.kid !== k.kid) continue;
      const l = out.get(k.kid) ?? [];
      l.push({ key: imported.key, licenseId: parsed.payload.license_id, notBefore: k.not_before });
      out.set(k.kid, l);
    }
  }
  return out;
}

export function certificateKeyResolver(
  db: Database.Database,
  bundleId: number,
  schedule: KeySchedule,
  grants: readonly LicenseKeyGrant[] = [],
): (kid: string, ts: string) => KeyResolution {
  const timed = schedule as TimedKeySchedule;
  if (typeof timed.keyAt === 'function') return (kid, ts) => timed.keyAt!(kid, ts);
  const rotateAt = db.prepare("SELECT ts, details, kid FROM audit_entries WHERE bundle_id = ? AND action = 'key.rotate' AND seq = ? LIMIT 1");
  return (kid, ts) => {
    const now = schedule.check(kid, ts);
    if ('key' in now) return now;
    const rows = schedule.summary().filter((r) => r.kid === kid);
    const retiredSeq = rows.find((r) => r.retired_at_seq !== undefined)?.retired_at_seq;
    if (retiredSeq === undefined) return now;
    const retiring = rotateAt.get(bundleId, retiredSeq) as { ts: string } | undefined;
    if (!retiring || !(toMs(ts) < toMs(retiring.ts))) {
      return { reason: `key ${kid} was retired by the key.rotate at seq ${retiredSeq}${retiring ? ` (${retiring.ts})` : ''}, before ${ts}` };
    }
    // Allowed then if a source granted it by that time.
    for (const g of grants) {
      if (g.key.kid === kid && g.notBefore <= ts) return { key: g.key };
    }
    for (const r of rows) {
      const m = /^key\.rotate seq (\d+)$/.exec(r.source);
      if (!m || r.not_before === undefined || r.not_before > ts) continue;
      const intro = rotateAt.get(bundleId, Number(m[1])) as { details: string } | undefined;
      const pk = intro ? parseObject(intro.details).new_public_key : undefined;
      if (typeof pk !== 'string') continue;
      const imported = importPublicKey(pk);
      if ('key' in imported && imported.key.kid === kid) return { key: imported.key };
    }
    return { reason: `key ${kid} was in use before its retirement at seq ${retiredSeq}, but its public key is not available to the workstation` };
  };
}

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
