// The erasure evidence of one bundle, read back from the store: erasure.request
// and erasure.execute audit entries and the certificates. Erasures are few
// (tens, not millions), so they are held in memory and compared in code.
import type Database from 'better-sqlite3';

export interface ErasureEntry {
  action: string;
  seq: number;
  ts: string;
  ts_ms: number | null;
  tenant: string;
  actor: string;
  role: string;
  target: string;
  outcome: string;
  motive: string;
  hash: string;
  details: Record<string, unknown>;
  file: string;
  line: number;
}

export interface StoredCertificate {
  file: string;
  certificate_id: string | null;
  /** The certificate object as read; members may be missing or of the wrong type (reader findings say so). */
  json: Record<string, unknown>;
  signature: 'valid' | 'invalid' | 'unknown_key' | 'malformed';
  signature_note: string | null;
}

export interface ErasureFacts {
  requests: ErasureEntry[];
  executes: ErasureEntry[];
  certificates: StoredCertificate[];
  /** The (first) stored entry at `seq`, of any action; undefined when not stored. */
  entryAt(seq: number): ErasureEntry | undefined;
}

function readEntries(db: Database.Database, bundleId: number, action: string): ErasureEntry[] {
  const rows = db
    .prepare(
      `SELECT action, seq, ts, ts_ms, tenant, actor, role, target, outcome, motive, hash, details, file, line
       FROM audit_entries WHERE bundle_id = ? AND action = ? ORDER BY ord`,
    )
    .all(bundleId, action) as (Omit<ErasureEntry, 'details'> & { details: string })[];
  return rows.map((r) => ({ ...r, details: parseObject(r.details) }));
}

export function parseObject(text: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function loadErasureFacts(db: Database.Database, bundleId: number): ErasureFacts {
  const requests = readEntries(db, bundleId, 'erasure.request');
  const executes = readEntries(db, bundleId, 'erasure.execute');
  const certificates = (
    db
      .prepare('SELECT file, certificate_id, json, signature, signature_note FROM certificates WHERE bundle_id = ? ORDER BY file')
      .all(bundleId) as (Omit<StoredCertificate, 'json'> & { json: string })[]
  ).map((c) => ({ ...c, json: parseObject(c.json) }));
  const bySeq = new Map<number, ErasureEntry>();
  for (const e of [...requests, ...executes]) if (!bySeq.has(e.seq)) bySeq.set(e.seq, e);
  const anyAt = db.prepare(
    `SELECT action, seq, ts, ts_ms, tenant, actor, role, target, outcome, motive, hash, details, file, line
     FROM audit_entries WHERE bundle_id = ? AND seq = ? ORDER BY ord LIMIT 1`,
  );
  return {
    requests,
    executes,
    certificates,
    entryAt(seq) {
      const known = bySeq.get(seq);
      if (known) return known;
      const r = anyAt.get(bundleId, seq) as (Omit<ErasureEntry, 'details'> & { details: string }) | undefined;
      return r ? { ...r, details: parseObject(r.details) } : undefined;
    },
  };
}

// ── Certificate members, read defensively ──────────────────────────────────

export function member(obj: Record<string, unknown>, path: string): unknown {
  let v: unknown = obj;
  for (const k of path.split('.')) {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v;
}

export function str(obj: Record<string, unknown>, path: string): string | undefined {
  const v = member(obj, path);
  return typeof v === 'string' ? v : undefined;
}

export function int(obj: Record<string, unknown>, path: string): number | undefined {
  const v = member(obj, path);
  return typeof v === 'number' && Number.isSafeInteger(v) ? v : undefined;
}

/** The erasure a certificate or an execute entry stands for: what the dump and replay look up. */
export interface ErasureSubject {
  certificate_id: string | undefined;
  tenant: string | undefined;
  extension_id: number | undefined;
  ext_pseudonym: string | undefined;
  executed_ms: number | null;
  execute?: ErasureEntry;
  certificate?: StoredCertificate;
}

function pseudonymOfTarget(target: string): string | undefined {
  return target.startsWith('ext:') ? target.slice(4) : undefined;
}

/**
 * One subject per erasure: each certificate, joined with its execute entry by
 * certificate_id, then each successful execute entry no certificate names.
 */
export function erasureSubjects(facts: ErasureFacts): ErasureSubject[] {
  const out: ErasureSubject[] = [];
  const executeByCert = new Map<string, ErasureEntry>();
  for (const e of facts.executes) {
    const id = e.details.certificate_id;
    if (typeof id === 'string' && !executeByCert.has(id)) executeByCert.set(id, e);
  }
  const covered = new Set<ErasureEntry>();
  for (const c of facts.certificates) {
    if (c.signature === 'malformed') continue; // unreadable: its execute entry stands for it below
    const id = c.certificate_id ?? undefined;
    const execute = id !== undefined ? executeByCert.get(id) : undefined;
    if (execute) covered.add(execute);
    const executedAt = str(c.json, 'execution.executed_at');
    const ms = executedAt !== undefined ? Date.parse(executedAt) : NaN;
    out.push({
      certificate_id: id,
      tenant: str(c.json, 'tenant'),
      extension_id: int(c.json, 'subject.extension_id'),
      ext_pseudonym: str(c.json, 'subject.ext_pseudonym'),
      executed_ms: Number.isFinite(ms) ? ms : (execute?.ts_ms ?? null),
      execute,
      certificate: c,
    });
  }
  for (const e of facts.executes) {
    if (covered.has(e) || e.outcome !== 'success') continue;
    const ext = e.details.extension_id;
    out.push({
      certificate_id: typeof e.details.certificate_id === 'string' ? e.details.certificate_id : undefined,
      tenant: e.tenant,
      extension_id: typeof ext === 'number' && Number.isSafeInteger(ext) ? ext : undefined,
      ext_pseudonym: pseudonymOfTarget(e.target),
      executed_ms: e.ts_ms,
      execute: e,
    });
  }
  return out;
}
