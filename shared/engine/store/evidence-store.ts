// The SQLite evidence store: one database holding bundles, their audit
// entries, reveal register, certificates and dump tables, and what the
// workstation concluded. `verify` uses a temporary store that is deleted
// afterwards; a case (engine/case/) is a store file the user keeps.
//
// Journal mode: a case file uses SQLite's rollback journal (DELETE), not WAL,
// for two reasons. At rest a case is exactly one file the user can move to
// another machine (WAL leaves -wal/-shm files beside it). And a large import is
// one transaction: with a rollback journal new pages go straight to the file
// and only pre-existing pages are journaled, where WAL would write the whole
// import twice. A killed import leaves a hot journal that SQLite rolls back the
// next time the file is opened, restoring the case as it was.
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Finding } from '../../model/findings.js';
import type { VerificationResult } from '../../model/verification.js';
import { WORKSTATION_VERSION } from '../version.js';
import { createAuditSink, msOf, type AuditSink, type AuditSinkOptions } from './audit-sink.js';
import { CaseFormatError, checkFormat, formatOf, migrate } from './migrate.js';
import { sha256Hex } from '../crypto/hash.js';

export type StoreKind = 'case' | 'temporary' | 'memory';

/** What verify-bundle knows about a bundle before reading its evidence. */
export interface BundleMeta {
  name: string;
  source_path: string;
  /** SHA-256 of the archive file; null for a directory bag. */
  source_sha256: string | null;
  form: 'directory' | 'zip' | 'tar.gz';
  installation_id: string | null;
  exported_at: string | null;
}

export interface StoredBundle extends BundleMeta {
  id: number;
  exported_ms: number | null;
  loaded_at: string;
  workstation_version: string;
}

export interface AuditRange {
  bundle_id: number;
  first_seq: number | null;
  last_seq: number | null;
  entry_count: number;
  stored_count: number;
  all_entries: number;
  first_ts: string | null;
  last_ts: string | null;
}

export interface StoredVerification {
  id: number;
  bundle_id: number;
  created_at: string;
  verdict: VerificationResult['verdict'];
  result: VerificationResult;
}

export interface OpenOptions {
  readonly?: boolean;
  /**
   * May an empty file (0 bytes, or an SQLite database with nothing in it) be
   * made into a case? Only the commands that create cases say so (`open`,
   * `import`); every other one refuses a file that is not already a case.
   */
  create?: boolean;
  /** Page cache in MiB (bounded so a 5-million-row import keeps a flat memory). */
  cacheMiB?: number;
}

/** A stored verification as the chain of custody vouches for it (custody-log.ts). */
export interface StoredVerificationDigest {
  bundle_id: number;
  verdict: string;
  result_sha256: string;
  /** The findings rows of the verification agree with its stored result (the views that count findings read the rows). */
  findings_agree: boolean;
}

export function storedVerificationDigest(db: Database.Database, verificationId: number): StoredVerificationDigest | undefined {
  const row = db.prepare('SELECT bundle_id, verdict, result FROM verifications WHERE id = ?').get(verificationId) as
    | { bundle_id: number; verdict: string; result: string }
    | undefined;
  if (!row) return undefined;
  let fromResult: string[] = [];
  try {
    fromResult = ((JSON.parse(row.result) as { findings?: unknown[] }).findings ?? []).map((f) => JSON.stringify(f)).sort();
  } catch {
    fromResult = ['(unreadable result)'];
  }
  // Every row of the verification, each filed under its bundle, holding exactly the result's findings.
  const rows = db.prepare('SELECT json, bundle_id FROM findings WHERE verification_id = ?').all(verificationId) as { json: string; bundle_id: number }[];
  const texts = rows.map((r) => r.json).sort();
  const agree = rows.every((r) => r.bundle_id === row.bundle_id) && texts.length === fromResult.length && texts.every((j, i) => j === fromResult[i]);
  return { bundle_id: row.bundle_id, verdict: row.verdict, result_sha256: sha256Hex(row.result), findings_agree: agree };
}

export class EvidenceStore {
  private constructor(
    readonly db: Database.Database,
    readonly kind: StoreKind,
    readonly path: string,
  ) {}

  /** Opens (creating if needed) a case file, migrating it to the current format or refusing it. */
  static open(path: string, opts: OpenOptions = {}): EvidenceStore {
    const db = new Database(path, { readonly: opts.readonly ?? false, fileMustExist: opts.readonly ?? false });
    try {
      // Refuse a foreign or newer file before touching it in any way. (Opening
      // already rolled back any hot journal left by a killed import.)
      if (formatOf(db, undefined, path) === 0 && !opts.create) {
        throw new CaseFormatError(`${path} is not a Natalia case file (it is empty); only \`open\` and \`import\` create a case.`);
      }
      if (!opts.readonly) {
        db.pragma('journal_mode = DELETE');
        db.pragma('synchronous = FULL');
      }
      EvidenceStore.tune(db, opts.cacheMiB ?? 64);
      // A read-only open cannot migrate: it only refuses what it cannot read.
      if (opts.readonly) checkFormat(db, path);
      else migrate(db, undefined, path);
    } catch (e) {
      db.close();
      throw e;
    }
    return new EvidenceStore(db, 'case', path);
  }

  /** A store for one verification, in `dir` (which the caller removes). Not crash-safe by design. */
  static openTemporary(dir: string): EvidenceStore {
    const path = join(dir, `evidence-${randomBytes(6).toString('hex')}.sqlite`);
    const db = new Database(path);
    db.pragma('journal_mode = MEMORY');
    db.pragma('synchronous = OFF');
    EvidenceStore.tune(db, 16);
    migrate(db, undefined, path);
    return new EvidenceStore(db, 'temporary', path);
  }

  static openInMemory(): EvidenceStore {
    const db = new Database(':memory:');
    migrate(db, undefined, ':memory:');
    return new EvidenceStore(db, 'memory', ':memory:');
  }

  private static tune(db: Database.Database, cacheMiB: number) {
    db.pragma(`cache_size = ${-Math.max(64, Math.round(cacheMiB * 1024))}`);
    db.pragma('temp_store = FILE');
  }

  close(): void {
    if (!this.db.open) return;
    this.db.close();
    if (this.kind === 'temporary') rmSync(this.path, { force: true });
  }

  // ── Transactions ──────────────────────────────────────────────────────────

  /** Starts the write transaction that an import runs in (BEGIN IMMEDIATE: fails fast if another writer holds the file). */
  begin(): void {
    this.db.exec('BEGIN IMMEDIATE');
  }

  commit(): void {
    this.db.exec('COMMIT');
  }

  /** Undoes everything since begin(); harmless when no transaction is open. */
  rollback(): void {
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
  }

  get inTransaction(): boolean {
    return this.db.inTransaction;
  }

  // ── Bundles ───────────────────────────────────────────────────────────────

  beginBundle(meta: BundleMeta): number {
    const r = this.db
      .prepare(
        `INSERT INTO bundles (name, source_path, form, source_sha256, installation_id, exported_at, exported_ms, loaded_at, workstation_version)
         VALUES (?,?,?,?,?,?,?,?,?)`,
      )
      .run(
        meta.name,
        meta.source_path,
        meta.form,
        meta.source_sha256,
        meta.installation_id,
        meta.exported_at,
        msOf(meta.exported_at),
        new Date().toISOString(),
        WORKSTATION_VERSION,
      );
    return Number(r.lastInsertRowid);
  }

  /**
   * The sink verify-bundle feeds with every audit entry. A case keeps every
   * entry whatever `all` says: its explorer and the history check between
   * successive exports read them all.
   */
  auditSink(bundleId: number, opts: AuditSinkOptions): AuditSink {
    return createAuditSink(this.db, bundleId, { all: opts.all || this.kind === 'case' });
  }

  /** An archive bundle's members as the verification hashed them (migration 0005). */
  saveMemberHashes(bundleId: number, hashes: ReadonlyMap<string, string>): void {
    const ins = this.db.prepare('INSERT INTO bundle_members (bundle_id, path, sha256) VALUES (?,?,?)');
    for (const [path, sha256] of [...hashes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) ins.run(bundleId, path, sha256);
  }

  bundles(): StoredBundle[] {
    return this.db.prepare('SELECT * FROM bundles ORDER BY id').all() as StoredBundle[];
  }

  bundle(id: number): StoredBundle | undefined {
    return this.db.prepare('SELECT * FROM bundles WHERE id = ?').get(id) as StoredBundle | undefined;
  }

  auditRange(bundleId: number): AuditRange | undefined {
    return this.db.prepare('SELECT * FROM audit_ranges WHERE bundle_id = ?').get(bundleId) as AuditRange | undefined;
  }

  // ── Verification results ──────────────────────────────────────────────────

  /** Stores a verification result and its findings; returns the verification id. */
  saveVerification(bundleId: number, result: VerificationResult): number {
    return this.db.transaction(() => {
      const r = this.db
        .prepare('INSERT INTO verifications (bundle_id, created_at, verdict, result) VALUES (?,?,?,?)')
        .run(bundleId, new Date().toISOString(), result.verdict, JSON.stringify(result));
      const id = Number(r.lastInsertRowid);
      this.insertFindings(id, bundleId, result.findings);
      return id;
    })();
  }

  /** Replaces a stored result with an amended one (findings added after verification, e.g. by the case history check). */
  amendVerification(verificationId: number, result: VerificationResult, added: Finding[]): void {
    this.db.transaction(() => {
      const row = this.db.prepare('SELECT bundle_id FROM verifications WHERE id = ?').get(verificationId) as { bundle_id: number } | undefined;
      if (!row) throw new Error(`no verification ${verificationId}`);
      this.db.prepare('UPDATE verifications SET verdict = ?, result = ? WHERE id = ?').run(result.verdict, JSON.stringify(result), verificationId);
      this.insertFindings(verificationId, row.bundle_id, added);
    })();
  }

  private insertFindings(verificationId: number, bundleId: number, findings: Finding[]) {
    const ins = this.db.prepare(
      `INSERT INTO findings (verification_id, bundle_id, code, severity, file, line, seq, certificate_id, reveal_id, message, json)
       VALUES (?,?,?,?,?,?,?,?,?,?,?)`,
    );
    for (const f of findings) {
      ins.run(
        verificationId,
        bundleId,
        f.code,
        f.severity,
        f.file ?? null,
        f.line ?? null,
        f.seq ?? null,
        f.certificate_id ?? null,
        f.reveal_id ?? null,
        f.message,
        JSON.stringify(f),
      );
    }
  }

  /** The stored verdict and the SHA-256 of the stored result text, as the chain of custody records them. */
  verificationDigest(verificationId: number): StoredVerificationDigest | undefined {
    return storedVerificationDigest(this.db, verificationId);
  }

  latestVerification(bundleId: number): StoredVerification | undefined {
    const row = this.db
      .prepare('SELECT * FROM verifications WHERE bundle_id = ? ORDER BY id DESC LIMIT 1')
      .get(bundleId) as (Omit<StoredVerification, 'result'> & { result: string }) | undefined;
    return row && { ...row, result: JSON.parse(row.result) as VerificationResult };
  }
}
