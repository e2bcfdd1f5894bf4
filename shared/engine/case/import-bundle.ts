// Imports a bundle into a case in ONE SQLite transaction: the bundle's
// hashes and bytes, its evidence (every audit entry, register, certificates,
// dump), the verification result, the history check against the other
// exports of the installation, and the custody entry. An error, a cancel
// (AbortSignal) or a killed process leaves the case exactly as it was: the
// first two roll back, the third leaves a hot journal that SQLite rolls back
// when the case is next opened. The bundle itself is only read.
import { rmSync, statfsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type Database from 'better-sqlite3';
import type { Finding, Severity } from '../../model/findings.js';
import { compareFindings } from '../../model/findings.js';
import type { VerificationResult } from '../../model/verification.js';
import type { VerifyOptions } from '../verify/verify-bundle.js';
import { deriveVerdict } from '../verify/verdict.js';
import { BackgroundWriteback } from './background-writeback.js';
import { CaseFile, severityCounts } from './case-file.js';
import { checkCopyMatchesVerification, copySource, PassCopies, sameContentBundles } from './bundle-source.js';
import { checkHistory } from './history-check.js';
import { EngineError } from '../engine-error.js';
import { derivedDigest } from './derived-digest.js';
import { earlierVerification, type Reaudit } from './earlier-verification.js';

export type VerifyFn = (bundlePath: string, opts: VerifyOptions) => Promise<VerificationResult>;

export interface ImportOptions {
  trustPath?: string;
  trust?: VerifyOptions['trust'];
  /** Recorded instead of the paths when these mean nothing to the user (VerifyOptions). */
  bundleLabel?: string;
  trustLabel?: string;
  signal?: AbortSignal;
  onProgress?: VerifyOptions['onProgress'];
  tempRoot?: string;
  /** Keep a copy of the bundle's bytes in the case (default true). */
  keepBundleBytes?: boolean;
  /** SQLite page cache in MiB (default IMPORT_CACHE_MIB): bounds memory whatever the bundle size. */
  cacheMiB?: number;
  /** The verifier (default: engine/verify/verify-bundle.ts). */
  verify?: VerifyFn;
  /**
   * Most pages the case file may grow to (SQLite max_page_count): a disk that
   * fills at that size. Tests use it to meet a full disk on the real error path.
   */
  pageLimit?: number;
}

/** The disk filled during the import: the transaction was rolled back; the message says where and what was kept. */
export class DiskFullError extends EngineError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('DISK_FULL', message, options);
    this.name = 'DiskFullError';
  }
}

const DISK_FULL_CODES = new Set(['SQLITE_FULL', 'ENOSPC', 'EDQUOT']);

/**
 * The import's SQLite page cache, a quarter of the store's usual 64 MiB:
 * while the audit log is verified the dump is read on worker threads of its
 * own (crosscheck/cdr-scan-pool.ts), and with this cache the import keeps to
 * its memory budget (peak RSS <= 300 MB). Measured on a 5-million-CDR import
 * it is no slower: the bulk, the dump's bytes, is written once either way.
 */
export const IMPORT_CACHE_MIB = 16;

export interface ImportResult {
  caseId: string;
  bundleId: number;
  verificationId: number;
  /** The stored result: verification findings plus the case history check. */
  result: VerificationResult;
  /** case.history_rewritten findings, also in result.findings. */
  historyFindings: Finding[];
  custodySeq: number;
}

export class DuplicateBundleError extends EngineError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('BUNDLE_DUPLICATE', message, options);
    this.name = 'DuplicateBundleError';
  }
}

/** The bundle could not be opened as a bag (e.g. an unsafe archive): nothing was imported; `result` says why. */
export class ImportRefusedError extends EngineError {
  constructor(
    message: string,
    readonly result: VerificationResult,
  ) {
    super('BUNDLE_REFUSED', message);
    this.name = 'ImportRefusedError';
  }
}

export async function importBundle(casePath: string, bundlePath: string, opts: ImportOptions = {}): Promise<ImportResult> {
  const verify = opts.verify ?? (await import('../verify/verify-bundle.js')).verifyBundle;
  const c = CaseFile.open(casePath, { create: true, cacheMiB: opts.cacheMiB ?? IMPORT_CACHE_MIB });
  const writeback = new BackgroundWriteback(casePath);
  let committed = false;
  let abortedBySqlite = false;
  if (opts.pageLimit !== undefined) c.db.pragma(`max_page_count = ${Math.max(1, Math.floor(opts.pageLimit))}`);
  try {
    opts.signal?.throwIfAborted();
    c.store.begin();
    try {
      let bundleId: number | undefined;
      const keepBytes = opts.keepBundleBytes ?? true;
      // The dump is hashed and copied in the pass that parses it (a directory bag).
      const copies = new PassCopies(c.db, bundlePath, keepBytes, writeback);
      // A re-audit: entries an earlier import of this installation verified are matched, not verified again.
      let reaudit: Reaudit | undefined;
      const result = await verify(bundlePath, {
        store: c.store,
        trustPath: opts.trustPath,
        trust: opts.trust,
        ...(opts.bundleLabel !== undefined ? { bundleLabel: opts.bundleLabel } : {}),
        ...(opts.trustLabel !== undefined ? { trustLabel: opts.trustLabel } : {}),
        // Always in full: a case is the evidence its reports cite.
        mode: 'full',
        keepAllEntries: true,
        tempRoot: opts.tempRoot,
        signal: opts.signal,
        onProgress: opts.onProgress,
        onBundleId: (id) => {
          bundleId = id;
          copies.bundleId = id;
        },
        tapFile: (abs) => copies.tap(abs),
        alreadyVerified: ({ installationId, trust }) => {
          if (bundleId === undefined) return undefined;
          reaudit = earlierVerification(c.db, bundleId, installationId, trust);
          return reaudit.hook;
        },
      });
      opts.signal?.throwIfAborted();
      if (bundleId === undefined) {
        throw new ImportRefusedError(`${bundlePath} was not imported: ${result.checks[0]?.summary ?? 'it cannot be opened as a bundle'}`, result);
      }
      // The rest of the bundle is read once more, hashed as it is copied; all of it must be what was verified.
      const copy = await copySource(c.db, bundleId, bundlePath, keepBytes, { signal: opts.signal, copies, writeback });
      const files = copy.files;
      const dup = sameContentBundles(c.db, files, bundleId);
      if (dup.length) {
        throw new DuplicateBundleError(`this bundle is already in the case (bundle #${dup[0]}, same files and hashes); it was not imported again.`);
      }
      const stored = c.store.latestVerification(bundleId);
      if (!stored) throw new Error('the verification result was not stored');
      const sameExport = sameExportBundles(c.db, stored.result, bundleId);
      if (sameExport.length) {
        throw new DuplicateBundleError(
          `this export is already in the case (bundle #${sameExport[0]}: the same manifests, every file matching them, in another container); it was not imported again.`,
        );
      }
      checkCopyMatchesVerification(copy, stored.result);
      const historyFindings = checkHistory(c.store, bundleId);
      let final = stored.result;
      if (historyFindings.length) final = withFindings(stored.result, historyFindings);
      if (reaudit && (reaudit.hook || reaudit.notUsed.length)) {
        // Throws when the matches rest on rows edited since their import: nothing is then imported.
        const matched = reaudit.hook?.finish() ?? [];
        final = { ...final, reaudit: { verified_now: final.stats.signatures_verified ?? 0, matched, not_used: reaudit.notUsed } };
      }
      if (final !== stored.result) c.store.amendVerification(stored.id, final, historyFindings);
      const custody = c.record('bundle.import', {
        bundle_id: bundleId,
        name: final.bundle.name,
        source_path: opts.bundleLabel ?? bundlePath,
        form: final.bundle.form,
        installation_id: final.installation_id ?? null,
        exported_at: final.exported_at ?? null,
        files: files.map((f) => ({ path: f.path, sha256: f.sha256, bytes: f.bytes })),
        verification_id: stored.id,
        verdict: final.verdict,
        // What the case stored, byte for byte: reports read it, so an edit of the case file must show (custody-log.ts).
        result_sha256: c.store.verificationDigest(stored.id)!.result_sha256,
        findings: severityCounts(final.findings.map((f) => f.severity) as Severity[]),
        // The rows replays and reports read, bound to this entry (derived-digest.ts; checked by custody --deep).
        derived: derivedDigest(c.db, bundleId),
      });
      opts.signal?.throwIfAborted();
      c.store.commit();
      committed = true;
      return { caseId: c.id, bundleId, verificationId: stored.id, result: final, historyFindings, custodySeq: custody.seq };
    } finally {
      // SQLite ends the transaction itself on a full disk; a parallel stage may then fail first with another error.
      if (!committed && !c.db.inTransaction) abortedBySqlite = true;
      if (!committed) c.store.rollback();
    }
  } catch (e) {
    let code = (e as NodeJS.ErrnoException).code;
    if (abortedBySqlite && (typeof code !== 'string' || !DISK_FULL_CODES.has(code)) && diskIsFull(c.db, casePath)) code = 'SQLITE_FULL';
    if (typeof code !== 'string' || !DISK_FULL_CODES.has(code)) throw e;
    // Rolled back already: say where the disk is full and what the case still holds, in one line.
    const kept = c.created ? 'no case file was kept' : `the case is unchanged (it still holds ${plural(c.bundles().length, 'bundle')})`;
    throw new DiskFullError(`the disk holding ${dirname(resolve(casePath))} is full (${code}); the import was rolled back and ${kept}. Free some space and import again.`);
  } finally {
    const created = c.created;
    try {
      c.close();
    } finally {
      // Only now: closing its descriptor earlier would drop SQLite's locks (background-writeback.ts).
      await writeback.close();
    }
    // A case this call created and could not fill is removed: "as it was" is no file at all.
    if (!committed && created) rmSync(casePath, { force: true });
  }
}

/** Whose bag manifests all hold: their tag manifest hash then stands for every file of the export. */
function manifestsHold(r: VerificationResult): boolean {
  return r.checks.some((c) => c.id === 'bundle.manifests' && c.status === 'passed');
}

/**
 * Other bundles of the case that are the same export as `result`, whatever
 * their container: the same tag manifest (it binds bag-info and both
 * manifests), with every file matching its manifest on both sides. A copy
 * edited after export fails its manifests, so it is imported, to be compared.
 */
function sameExportBundles(db: Database.Database, result: VerificationResult, except: number): number[] {
  const tag = result.bundle.tagmanifest_sha256;
  if (tag === undefined || !manifestsHold(result)) return [];
  const rows = db
    .prepare(`SELECT bundle_id, result FROM verifications WHERE bundle_id != ? AND json_extract(result, '$.bundle.tagmanifest_sha256') = ? ORDER BY bundle_id`)
    .all(except, tag) as { bundle_id: number; result: string }[];
  return rows.filter((r) => manifestsHold(JSON.parse(r.result) as VerificationResult)).map((r) => r.bundle_id);
}

/** The result with case-level findings added, re-sorted, and the verdict re-derived. */
export function withFindings(result: VerificationResult, added: Finding[]): VerificationResult {
  const findings = [...result.findings, ...added].sort(compareFindings);
  const verdict = deriveVerdict({ findings, mode: result.stats.mode, unverifiable: result.verdict === 'unverifiable' });
  return { ...result, findings, verdict };
}

function plural(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

/** The case cannot grow: at its page limit, or less than a few pages free on its disk. */
function diskIsFull(db: Database.Database, casePath: string): boolean {
  try {
    const pages = db.pragma('page_count', { simple: true }) as number;
    const max = db.pragma('max_page_count', { simple: true }) as number;
    if (pages >= max - 1) return true;
    const fs = statfsSync(dirname(resolve(casePath)));
    return fs.bavail * fs.bsize < 1024 * 1024;
  } catch {
    return false;
  }
}
