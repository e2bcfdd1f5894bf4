// Reading a case for the reports: its bundles with their latest verification,
// the hashes of their files, the audit activity per action, and the evidence
// of each erasure. Read-only SQL over the case's evidence tables; the report
// generators themselves stay pure functions of what this returns.
import type Database from 'better-sqlite3';
import type { VerificationResult } from '../../model/verification.js';
import type { CaseFile } from '../case/case-file.js';
import { bundlesThatCount } from '../case/bundle-standing.js';
import type { CaiqBundleEvidence } from './caiq/answer-types.js';
import type { AuditEntryRef, ErasureEvidence } from './erasure/build-facts.js';
import { EngineError } from '../engine-error.js';

interface BundleRow {
  id: number;
  name: string;
  form: string;
  exported_ms: number | null;
}

export interface CaseBundleEvidence {
  bundleId: number;
  verification: VerificationResult;
  file_sha256: Record<string, string>;
}

/**
 * Bag-relative file hashes of a bundle. A directory bag's files are stored
 * with their bag paths (bundle_files); an archive is stored as one file, and
 * its members' hashes are those its verification computed (bundle_members).
 * An archive imported before case format 5 has none: citations then name the
 * file and the archive's hash.
 */
function fileHashes(db: Database.Database, b: BundleRow): Record<string, string> {
  const table = b.form === 'directory' ? 'bundle_files' : 'bundle_members';
  const rows = db.prepare(`SELECT path, sha256 FROM ${table} WHERE bundle_id = ? ORDER BY path`).all(b.id) as { path: string; sha256: string }[];
  return Object.fromEntries(rows.map((r) => [r.path, r.sha256]));
}

/**
 * Every bundle of the case that counts (not excluded: case/bundle-standing.ts) and has
 * a verification, oldest export first. Refused when the case file does not hold.
 */
export function caseBundles(c: CaseFile): CaseBundleEvidence[] {
  // Reports cite these results: a case edited outside the workstation is not evidence (custody-log.ts).
  c.assertIntact();
  const counted = new Set(bundlesThatCount(c.db));
  const rows = (c.db.prepare('SELECT id, name, form, exported_ms FROM bundles ORDER BY exported_ms, id').all() as BundleRow[]).filter((b) => counted.has(b.id));
  const out: CaseBundleEvidence[] = [];
  for (const b of rows) {
    const v = c.store.latestVerification(b.id);
    if (v) out.push({ bundleId: b.id, verification: v.result, file_sha256: fileHashes(c.db, b) });
  }
  return out;
}

/** Audit entries per action, when the case kept every entry of the bundle (else counts would be partial). */
function actionCounts(db: Database.Database, bundleId: number): CaiqBundleEvidence['actions'] {
  const range = db.prepare('SELECT all_entries FROM audit_ranges WHERE bundle_id = ?').get(bundleId) as { all_entries: number } | undefined;
  if (!range || range.all_entries !== 1) return undefined;
  const rows = db
    .prepare('SELECT action, count(*) AS n, min(seq) AS first, max(seq) AS last FROM audit_entries WHERE bundle_id = ? GROUP BY action ORDER BY action')
    .all(bundleId) as { action: string; n: number; first: number; last: number }[];
  return Object.fromEntries(rows.map((r) => [r.action, { count: r.n, first_seq: r.first, last_seq: r.last }]));
}

/** The CAIQ evidence of each bundle; `bundles` when the caller already read them (the case is checked once). */
export function caiqBundlesFromCase(c: CaseFile, bundles: CaseBundleEvidence[] = caseBundles(c)): CaiqBundleEvidence[] {
  return bundles.map((b) => {
    const actions = actionCounts(c.db, b.bundleId);
    return { verification: b.verification, file_sha256: b.file_sha256, ...(actions ? { actions } : {}) };
  });
}

function parseObject(text: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function entryAt(db: Database.Database, bundleId: number, seq: unknown, action: string): AuditEntryRef | null {
  if (typeof seq !== 'number') return null;
  const r = db
    .prepare('SELECT seq, ts, actor, role, target, motive, hash, details FROM audit_entries WHERE bundle_id = ? AND seq = ? AND action = ? ORDER BY ord LIMIT 1')
    .get(bundleId, seq, action) as (Omit<AuditEntryRef, 'details'> & { details: string }) | undefined;
  return r ? { ...r, details: parseObject(r.details) } : null;
}

const at = (o: Record<string, unknown>, path: string): unknown =>
  path.split('.').reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), o);

function dumpEvidence(db: Database.Database, bundleId: number, v: VerificationResult, cert: Record<string, unknown>, certId: string): ErasureEvidence['dump'] {
  const parse = v.checks.find((k) => k.id === 'dump.parse');
  if (!parse || parse.status === 'not_provided') return null;
  const extId = at(cert, 'subject.extension_id');
  const pseudo = at(cert, 'subject.ext_pseudonym');
  const n = (sql: string, ...p: unknown[]) => (db.prepare(sql).get(bundleId, ...p) as { n: number }).n;
  const ext = typeof extId === 'number' ? extId : null;
  const remaining = {
    extension: n('SELECT count(*) AS n FROM dump_extensions WHERE bundle_id = ? AND (id = ? OR ext_pseudonym = ?)', ext, typeof pseudo === 'string' ? pseudo : null),
    cdr: ext === null ? 0 : n('SELECT count(*) AS n FROM dump_cdr WHERE bundle_id = ? AND extension_id = ?', ext),
    reveals: ext === null ? 0 : n('SELECT count(*) AS n FROM dump_reveals WHERE bundle_id = ? AND extension_id = ?', ext),
  };
  const row = db
    .prepare('SELECT line, executed_ms, cdr_deleted, audit_seq FROM dump_erasures WHERE bundle_id = ? AND certificate_id = ? ORDER BY line LIMIT 1')
    .get(bundleId, certId) as { line: number; executed_ms: number | null; cdr_deleted: number; audit_seq: number } | undefined;
  return {
    remaining,
    register_row: row
      ? { line: row.line, executed_at: row.executed_ms !== null ? new Date(row.executed_ms).toISOString() : '', cdr_deleted: row.cdr_deleted, audit_seq: row.audit_seq }
      : null,
  };
}

/** One certificate or one data subject; `installationId` picks the installation when the case holds several. */
export type ErasureTarget = ({ certificateId: string } | { pseudonym: string }) & { installationId?: string };

/** The target matches erasures of several installations of the case: which one is meant must be said. */
export class AmbiguousErasureTargetError extends EngineError {
  constructor(
    what: string,
    readonly installations: string[],
  ) {
    super('ERASURE_AMBIGUOUS', `${what} is in ${installations.length} installations of this case (${installations.join(', ')}): say which one the report is for`);
    this.name = 'AmbiguousErasureTargetError';
  }
}

/**
 * The evidence of the erasures a report covers: one certificate, or every
 * certificate of one data subject (extension pseudonym), of one installation.
 * When several bundles of that installation hold the same certificate, the
 * most recent export speaks for it. Certificate ids and pseudonyms are an
 * installation's own: two appliances in one case may both have ERC-2026-000017.
 */
export function erasureEvidenceFromCase(c: CaseFile, target: ErasureTarget): ErasureEvidence[] {
  const bundles = caseBundles(c).filter((b) => target.installationId === undefined || b.verification.installation_id === target.installationId);
  const byCert = new Map<string, ErasureEvidence>();
  const installations = new Set<string>();
  for (const b of bundles) {
    const rows = (
      'certificateId' in target
        ? c.db.prepare('SELECT file, certificate_id, json, signature FROM certificates WHERE bundle_id = ? AND certificate_id = ? ORDER BY file').all(b.bundleId, target.certificateId)
        : c.db.prepare('SELECT file, certificate_id, json, signature FROM certificates WHERE bundle_id = ? AND ext_pseudonym = ? ORDER BY file').all(b.bundleId, target.pseudonym)
    ) as { file: string; certificate_id: string | null; json: string; signature: ErasureEvidence['certificate']['signature'] }[];
    if (rows.length > 0) installations.add(b.verification.installation_id ?? '(unknown installation)');
    for (const r of rows) {
      const json = parseObject(r.json);
      const id = r.certificate_id ?? r.file;
      byCert.set(id, {
        verification: b.verification,
        file_sha256: b.file_sha256,
        certificate: { file: r.file, json, signature: r.signature },
        request_entry: entryAt(c.db, b.bundleId, at(json, 'request.audit_seq'), 'erasure.request'),
        execute_entry: entryAt(c.db, b.bundleId, at(json, 'execution.audit_seq'), 'erasure.execute'),
        dump: dumpEvidence(c.db, b.bundleId, b.verification, json, id),
      });
    }
  }
  if (installations.size > 1) {
    throw new AmbiguousErasureTargetError('certificateId' in target ? target.certificateId : `ext:${target.pseudonym}`, [...installations].sort());
  }
  return [...byCert.values()];
}

/**
 * How many installations of the case hold the target's certificate id (or
 * pseudonym). Reviews and deadline extensions are kept by certificate id or
 * pseudonym alone, so where several do, a stored one cannot be told apart.
 */
export function installationsHolding(c: CaseFile, target: ErasureTarget): number {
  const r = c.db
    .prepare(
      `SELECT count(DISTINCT ifnull(b.installation_id, '')) AS n FROM certificates c JOIN bundles b ON b.id = c.bundle_id
       WHERE ${'certificateId' in target ? 'c.certificate_id' : 'c.ext_pseudonym'} = ?`,
    )
    .get('certificateId' in target ? target.certificateId : target.pseudonym) as { n: number };
  return r.n;
}

/** The latest bundle id holding a certificate (of that installation, when given), for the custody record. */
export function bundleIdOfCertificate(c: CaseFile, certificateId: string, installationId?: string): number | undefined {
  const r = c.db
    .prepare(
      `SELECT c.bundle_id AS id FROM certificates c JOIN bundles b ON b.id = c.bundle_id
       WHERE c.certificate_id = ? AND (? IS NULL OR b.installation_id = ?) ORDER BY b.exported_ms DESC, b.id DESC LIMIT 1`,
    )
    .get(certificateId, installationId ?? null, installationId ?? null) as { id: number } | undefined;
  return r?.id;
}
