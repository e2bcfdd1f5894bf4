// A case: one SQLite file (an evidence store) the user names, keeps and can
// move to another machine. Besides the imported evidence it holds the chain
// of custody, the auditor's notes and tags, and the history of the bundles of
// each installation. Opening a case made by a newer workstation is refused
// (store/migrate.ts).
import { statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Severity } from '../../model/findings.js';
import type { VerificationResult } from '../../model/verification.js';
import { EvidenceStore, type StoredBundle } from '../store/evidence-store.js';
import { CaseFormatError } from '../store/migrate.js';
import { notAFile } from '../input-file.js';
import { appendCustody, readCustody, verifyCustody, osUser, type CustodyAction, type CustodyCheck, type CustodyRecord } from './custody-log.js';
import { WORKSTATION_VERSION } from '../version.js';
import type { DeclaredAnswer } from '../reports/caiq/answer-types.js';
import type { DeadlineExtension } from '../reports/erasure/deadline.js';
import { CaseAnswerLibrary, type DeclareResult } from './case-answer-library.js';
import { excludedBundles, type BundleExclusion } from './bundle-standing.js';
import {
  extensionHistory,
  latestExtensions,
  latestReview,
  recordExtension,
  recordReview,
  reviewHistory,
  type ErasureReview,
  type RecordResult,
  type StoredExtension,
  type StoredReview,
} from './erasure-review-store.js';
import { EngineError } from '../engine-error.js';
import { caseParties, recordParties, type CaseParties, type PartiesChange } from './case-parties.js';

export interface CaseBundle extends StoredBundle {
  /** Set when the auditor excluded the bundle from the case (bundle-standing.ts). */
  excluded: BundleExclusion | null;
  first_seq: number | null;
  last_seq: number | null;
  entry_count: number | null;
  verdict: VerificationResult['verdict'] | null;
  finding_counts: Record<Severity, number>;
}

export interface Note {
  id: number;
  created_at: string;
  os_user: string;
  bundle_id: number | null;
  target: string;
  text: string;
}

export interface Tag {
  id: number;
  created_at: string;
  os_user: string;
  bundle_id: number | null;
  target: string;
  tag: string;
}

export interface OpenCaseOptions {
  /** Create the file when it does not exist (default false: a missing case is an error). */
  create?: boolean;
  readonly?: boolean;
  /** SQLite page cache in MiB (default 64). */
  cacheMiB?: number;
}

/** An exclusion or inclusion that cannot be made (no such bundle, already so, no reason). */
export class BundleStandingError extends Error {
  override name = 'BundleStandingError';
}

export class CaseNotFoundError extends EngineError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('CASE_NOT_FOUND', message, options);
    this.name = 'CaseNotFoundError';
  }
}

/** The case's chain of custody, or a stored verification, no longer holds: nothing is reported from it. */
export class CaseIntegrityError extends EngineError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('CASE_INTEGRITY', message, options);
    this.name = 'CaseIntegrityError';
  }
}

/**
 * Gives a new case its identity and first custody entry, in one transaction,
 * once. Checked under the write lock: two processes opening the same new
 * case (two imports started together) may both have found it empty.
 */
export function startCase(db: EvidenceStore['db']): void {
  db.transaction(() => {
    if (db.prepare("SELECT 1 FROM case_info WHERE key = 'case_id'").get() !== undefined) return;
    const id = randomUUID();
    const ins = db.prepare('INSERT INTO case_info (key, value) VALUES (?, ?)');
    ins.run('case_id', id);
    ins.run('created_at', new Date().toISOString());
    ins.run('created_by_version', WORKSTATION_VERSION);
    appendCustody(db, 'case.create', { case_id: id, created_by: osUser() });
  }).immediate();
}

export class CaseFile {
  private constructor(
    readonly store: EvidenceStore,
    readonly path: string,
    /** True when this open created the file. */
    readonly created: boolean,
  ) {}

  static open(path: string, opts: OpenCaseOptions = {}): CaseFile {
    // Said before SQLite is given the path: it would wait on a named pipe, write into a device,
    // or fail on a folder or a missing folder with an error that names neither.
    const st = statSync(path, { throwIfNoEntry: false });
    if (st !== undefined && !st.isFile()) throw new CaseFormatError(`${path} is ${notAFile(st)}, not a case file.`);
    const exists = st !== undefined;
    if (!exists && !opts.create) throw new CaseNotFoundError(`no case file at ${path}`);
    if (!exists && statSync(dirname(resolve(path)), { throwIfNoEntry: false })?.isDirectory() !== true) {
      throw new CaseNotFoundError(`cannot create the case file ${path}: its folder ${dirname(resolve(path))} does not exist`);
    }
    const store = EvidenceStore.open(path, { readonly: opts.readonly, cacheMiB: opts.cacheMiB, create: opts.create });
    const c = new CaseFile(store, path, !exists);
    if (!opts.readonly && c.info('case_id') === undefined) startCase(store.db);
    return c;
  }

  close(): void {
    this.store.close();
  }

  get db() {
    return this.store.db;
  }

  info(key: string): string | undefined {
    return (this.db.prepare('SELECT value FROM case_info WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  }

  get id(): string {
    return this.info('case_id') ?? '';
  }

  /** The case's name as its user knows it: the file's name without its extension (what the screens list). */
  get name(): string {
    return basename(this.path).replace(/\.[^.]*$/, '') || basename(this.path);
  }

  /** The controller and DPO its erasure reports name. */
  parties(): CaseParties {
    return caseParties(this.db);
  }

  /** Sets (part of) the controller and DPO, with a custody entry; `''` clears a field. */
  setParties(change: PartiesChange): ReturnType<typeof recordParties> {
    return recordParties(this.db, change);
  }

  // ── Custody ───────────────────────────────────────────────────────────────

  custody(): CustodyRecord[] {
    return readCustody(this.db);
  }

  /** The chain and the stored verifications; `deep` also recomputes every import's derived rows (slow on a big case). */
  checkCustody(opts: { deep?: boolean } = {}): CustodyCheck {
    return verifyCustody(this.db, opts);
  }

  /** Throws CaseIntegrityError unless the chain of custody, and every stored verification, hold. */
  assertIntact(opts: { deep?: boolean } = {}): void {
    const check = this.checkCustody(opts);
    if (check.ok) return;
    const first = check.problems[0]!;
    const more = check.problems.length > 1 ? ` (and ${check.problems.length - 1} more problem${check.problems.length > 2 ? 's' : ''})` : '';
    throw new CaseIntegrityError(`the case file does not hold: ${first.message}${more}. No report is made from it; see the chain of custody (the Custody screen, or natalia-audit custody) for details.`);
  }

  /** Records an event in the custody log (in the current transaction, if any). */
  record(action: CustodyAction, details: Record<string, unknown>): CustodyRecord {
    return appendCustody(this.db, action, details);
  }

  /** A report was produced from this case: kept with the report's own hash so the report can be traced back. */
  recordReport(r: { bundleId?: number; kind: string; file: string; sha256: string }): CustodyRecord {
    return this.db.transaction(() => this.record('report.create', { bundle_id: r.bundleId ?? null, kind: r.kind, file: r.file, sha256: r.sha256 }))();
  }

  // ── Notes and tags ────────────────────────────────────────────────────────

  /** Adds a note on a target ('' for the case, `seq:N`, `certificate:ID`, `reveal:ID`, `finding:CODE@FILE:LINE`...). */
  addNote(text: string, target = '', bundleId: number | null = null): Note {
    if (text.trim() === '') throw new Error('a note needs some text');
    return this.db.transaction(() => {
      const created_at = new Date().toISOString();
      const user = osUser();
      const r = this.db
        .prepare('INSERT INTO notes (created_at, os_user, bundle_id, target, text) VALUES (?,?,?,?,?)')
        .run(created_at, user, bundleId, target, text);
      const id = Number(r.lastInsertRowid);
      this.record('note.add', { note_id: id, bundle_id: bundleId, target, text });
      return { id, created_at, os_user: user, bundle_id: bundleId, target, text };
    })();
  }

  notes(filter: { bundleId?: number; target?: string } = {}): Note[] {
    return this.db
      .prepare(
        `SELECT * FROM notes WHERE (? IS NULL OR bundle_id = ?) AND (? IS NULL OR target = ?) ORDER BY id`,
      )
      .all(filter.bundleId ?? null, filter.bundleId ?? null, filter.target ?? null, filter.target ?? null) as Note[];
  }

  addTag(tag: string, target = '', bundleId: number | null = null): Tag | undefined {
    if (tag.trim() === '') throw new Error('a tag cannot be empty');
    return this.db.transaction(() => {
      const created_at = new Date().toISOString();
      const user = osUser();
      const r = this.db
        .prepare('INSERT OR IGNORE INTO tags (created_at, os_user, bundle_id, target, tag) VALUES (?,?,?,?,?)')
        .run(created_at, user, bundleId, target, tag);
      if (r.changes === 0) return undefined; // already tagged
      const id = Number(r.lastInsertRowid);
      this.record('tag.add', { tag_id: id, bundle_id: bundleId, target, tag });
      return { id, created_at, os_user: user, bundle_id: bundleId, target, tag };
    })();
  }

  removeTag(tag: string, target = '', bundleId: number | null = null): boolean {
    return this.db.transaction(() => {
      const r = this.db.prepare('DELETE FROM tags WHERE ifnull(bundle_id, 0) = ifnull(?, 0) AND target = ? AND tag = ?').run(bundleId, target, tag);
      if (r.changes > 0) this.record('tag.remove', { bundle_id: bundleId, target, tag });
      return r.changes > 0;
    })();
  }

  tags(filter: { bundleId?: number; target?: string; tag?: string } = {}): Tag[] {
    return this.db
      .prepare(
        `SELECT * FROM tags WHERE (? IS NULL OR bundle_id = ?) AND (? IS NULL OR target = ?) AND (? IS NULL OR tag = ?) ORDER BY id`,
      )
      .all(
        filter.bundleId ?? null,
        filter.bundleId ?? null,
        filter.target ?? null,
        filter.target ?? null,
        filter.tag ?? null,
        filter.tag ?? null,
      ) as Tag[];
  }

  // ── Declared answers (CAIQ answer library) ────────────────────────────────

  /** The case's answer library: current answers, their history, import (case-answer-library.ts). */
  answers(): CaseAnswerLibrary {
    return new CaseAnswerLibrary(this.db);
  }

  /** Declares (or changes) the answer to one CAIQ question; the previous version stays in the history. */
  declareAnswer(answer: DeclaredAnswer): DeclareResult {
    return this.answers().declare(answer);
  }

  // ── Erasure-report review data ────────────────────────────────────────────

  /** Records a deadline extension notified to the data subject of one certificate. */
  recordExtension(certificateId: string, extension: DeadlineExtension): RecordResult<StoredExtension> {
    return recordExtension(this.db, certificateId, extension);
  }

  /** The latest extension per certificate (only those given, when given). */
  extensions(certificateIds?: string[]): Record<string, StoredExtension> {
    return latestExtensions(this.db, certificateIds);
  }

  extensionHistory(certificateId: string): StoredExtension[] {
    return extensionHistory(this.db, certificateId);
  }

  /** Records the review of an erasure report; `target` is a certificate id or ext:PSEUDONYM. */
  recordReview(target: string, review: ErasureReview): RecordResult<StoredReview> {
    return recordReview(this.db, target, review);
  }

  review(target: string): StoredReview | undefined {
    return latestReview(this.db, target);
  }

  reviewHistory(target: string): StoredReview[] {
    return reviewHistory(this.db, target);
  }

  // ── Bundles ───────────────────────────────────────────────────────────────

  /**
   * Excludes a bundle from the case: its evidence no longer feeds replays or
   * reports (bundle-standing.ts). Its rows stay, and its screens still show it.
   */
  excludeBundle(bundleId: number, reason: string): CustodyRecord {
    if (reason.trim() === '') throw new BundleStandingError('say why the bundle is excluded (a reason is recorded in the chain of custody)');
    return this.db.transaction(() => {
      const b = this.bundleOrThrow(bundleId);
      const was = excludedBundles(this.db).get(bundleId);
      if (was) throw new BundleStandingError(`bundle #${bundleId} ${b.name} is already excluded (custody entry ${was.seq}, ${was.ts}: ${was.reason})`);
      return this.record('bundle.exclude', { bundle_id: bundleId, name: b.name, reason: reason.trim() });
    }).immediate();
  }

  /** Counts an excluded bundle again. */
  includeBundle(bundleId: number, reason = ''): CustodyRecord {
    return this.db.transaction(() => {
      const b = this.bundleOrThrow(bundleId);
      if (!excludedBundles(this.db).has(bundleId)) throw new BundleStandingError(`bundle #${bundleId} ${b.name} is not excluded: it already counts`);
      return this.record('bundle.include', { bundle_id: bundleId, name: b.name, reason: reason.trim() });
    }).immediate();
  }

  private bundleOrThrow(bundleId: number): StoredBundle {
    const b = this.store.bundle(bundleId);
    if (!b) throw new BundleStandingError(`there is no bundle #${bundleId} in this case`);
    return b;
  }

  /** Bundles in import order, each with its audit range and latest verdict. */
  bundles(): CaseBundle[] {
    const rows = this.db
      .prepare(
        `SELECT b.*, a.first_seq, a.last_seq, a.entry_count,
           (SELECT v.verdict FROM verifications v WHERE v.bundle_id = b.id ORDER BY v.id DESC LIMIT 1) AS verdict,
           (SELECT v.id FROM verifications v WHERE v.bundle_id = b.id ORDER BY v.id DESC LIMIT 1) AS verification_id
         FROM bundles b LEFT JOIN audit_ranges a ON a.bundle_id = b.id ORDER BY b.id`,
      )
      .all() as (CaseBundle & { verification_id: number | null })[];
    const counts = this.db.prepare('SELECT severity, count(*) AS n FROM findings WHERE verification_id = ? GROUP BY severity');
    const excluded = excludedBundles(this.db);
    return rows.map(({ verification_id, ...b }) => {
      const fc: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
      if (verification_id !== null) for (const r of counts.all(verification_id) as { severity: Severity; n: number }[]) fc[r.severity] = r.n;
      return { ...b, excluded: excluded.get(b.id) ?? null, finding_counts: fc };
    });
  }
}

export function severityCounts(severities: Severity[]): Record<Severity, number> {
  const fc: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  for (const s of severities) fc[s]++;
  return fc;
}
