// The EnginePort on the real engine: case files in a workspace folder
// (engine/case), imports through engine/case/import-bundle (which runs
// engine/verify/verify-bundle), and the screens' questions answered from the
// case's evidence store. Engine errors become API error codes here.
import { FINDING_CATALOG, type Finding } from '../model/findings.js';
import { worstVerdict, type VerificationResult } from '../model/verification.js';
import { importBundle } from '../engine/case/import-bundle.js';
import { BundleStandingError, CaseFile } from '../engine/case/case-file.js';
import { engineErrorCode } from '../engine/engine-error.js';
import { defaultTrustStorePath, loadTrustStore, readTrustFile, rootFingerprint, workstationHome } from '../engine/license/trust-store.js';
import { recordReports } from '../engine/reports/record-reports.js';
import { exportWorkstationPublicKey, loadOrCreateWorkstationKey, type WorkstationKey } from '../engine/reports/signing/workstation-key.js';
import { auditFacets, countAudit, locateAuditEntry, queryAuditPage, readAuditEntry } from '../engine/store/audit-query.js';
import { auditEntriesCsv } from '../engine/store/audit-export.js';
import { latestVerifications } from '../engine/store/verification-versions.js';
import type { VerifyProgress } from '../engine/verify/verify-bundle.js';
import { translateEngineError as translate } from './engine-errors.js';
import type { AuditEntryDetail, BundleRef, BundleSummary, CaseDetail, CaseSummary, Verdict } from './contract.js';
import type { EnginePort, ImportProgress } from './engine-port.js';
import { ApiFailure, capitalise } from './result.js';
import { CaseRegistry } from './binding/case-registry.js';
import { entryStatus, findingsOnEntry, worstSeverity } from './binding/entry-status.js';
import { exportCopies } from './binding/export-copies.js';
import { sourceFileName } from './source-label.js';
import { EvidenceLines } from './binding/evidence-lines.js';
import { custodyEntries, erasurePaths, licenseView, pendingErasureViews } from './binding/views.js';
import { revealRegister, revealReviewItems, revealTimeline } from './binding/reveals.js';
import { replayState } from './binding/replay-state.js';
import { ReverifyError, reverifyBundle } from '../engine/case/reverify-bundle.js';
import { caiqEvidence, caiqFiles, declare, history, importLibrary, libraryFile, questionnaire, type CaiqEvidence } from './binding/caiq.js';
import { erasureReportFiles } from './binding/erasure-report.js';
import { reportDay } from '../engine/reports/erasure-report.js';
import { PartiesError } from '../engine/case/case-parties.js';
import { auditReportFiles } from './binding/audit-report.js';
import { checkReport } from './binding/report-check.js';
import { bundleSubjectParts } from '../engine/review/case-subjects.js';
import { entrySubject } from '../model/review-subject.js';
import { reviewAnnotate, reviewHistory, reviewList, viewDelete, viewList, viewSave } from './binding/review.js';
import { MEDIA_TYPES, outputFile, publicKeyFileName } from './binding/report-files.js';
import { receivePortable, writePortable } from './binding/portable-case.js';

export interface EngineOptions {
  /** Folder holding the case files (created if missing). */
  workspace: string;
  /** Folder of the workstation key that signs reports (default: the workstation's home, as the CLI). */
  keyHome?: string;
  /**
   * Runs one import (default: on this thread). The engine host passes
   * `importOnThread` (shared/host/import-thread.ts), so the thread that
   * answers the screens never runs the verifier or the import's commit.
   */
  importer?: BundleImporter;
}

/** One import into a case file, as the engine port needs it back. */
export type BundleImporter = (
  casePath: string,
  bundlePath: string,
  opts: { trustPath?: string; bundleLabel?: string; trustLabel?: string; signal: AbortSignal; onProgress: (p: VerifyProgress) => void },
) => Promise<{ bundleId: number; verdict: Verdict }>;

/** The import on the calling thread. */
export const importInline: BundleImporter = async (casePath, bundlePath, opts) => {
  const r = await importBundle(casePath, bundlePath, opts);
  return { bundleId: r.bundleId, verdict: r.result.verdict };
};

async function guard<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw translate(e);
  }
}

const STAGE_OF: Record<VerifyProgress['stage'], string> = {
  extract: 'extract',
  bag: 'bag',
  license: 'license',
  audit: 'audit',
  crosscheck: 'crosscheck',
  // Verification is over; the case now stores the bundle's copy and commits.
  done: 'store',
};

export function toImportProgress(p: VerifyProgress): ImportProgress {
  const out: ImportProgress = { stage: STAGE_OF[p.stage], label: p.stage === 'done' ? 'Saving into the case' : p.label };
  if (p.bytesRead !== undefined) out.bytesRead = p.bytesRead;
  if (p.bytesTotal !== undefined) out.bytesTotal = p.bytesTotal;
  if (p.entries !== undefined) out.entries = p.entries;
  return out;
}

function bundleNumber(id: string): number {
  if (!/^\d{1,15}$/.test(id)) throw new ApiFailure('not_found', 'No such bundle.');
  return Number(id);
}

export async function createEngine(opts: EngineOptions): Promise<EnginePort> {
  const cases = new CaseRegistry(opts.workspace);
  const importer = opts.importer ?? importInline;
  const lines = new EvidenceLines();
  /** Last known summary per case, shown while the case is locked by an import. */
  const summaries = new Map<string, CaseSummary>();
  const verifications = new Map<string, { id: number; result: VerificationResult }>();
  /**
   * Entry counts per bundle and filter: evidence rows are write-once, so a
   * count stays true for the bundle's life (keyed by the case file and the
   * bundle's import time, so a re-created case never reads an old count).
   */
  const counts = new Map<string, number>();
  /** The running import of each case (imports into one case file run one after the other). */
  const importing = new Map<string, Promise<void>>();
  /** The case's evidence as the CAIQ rules read it, per case file and set of verifications (write-once rows). */
  const caiqCache = new Map<string, { key: string; evidence: CaiqEvidence }>();
  const keyHome = opts.keyHome ?? workstationHome();
  const signingKey = (): WorkstationKey => loadOrCreateWorkstationKey(keyHome);

  /** The case's CAIQ evidence, read again only when a bundle or a verification was added. */
  function evidenceOf(c: CaseFile): CaiqEvidence {
    const key = JSON.stringify(latestVerifications(c.db));
    const cached = caiqCache.get(c.path);
    if (cached && cached.key === key) return cached.evidence;
    const evidence = caiqEvidence(c);
    caiqCache.set(c.path, { key, evidence });
    return evidence;
  }

  /**
   * A writable connection for one short change (a declared answer, custody
   * entries), closed at once. The screens read through the registry's
   * read-only connections; an import writes through its own.
   */
  function withWriter<T>(caseId: string, fn: (c: CaseFile) => T | Promise<T>): Promise<T> {
    cases.reader(caseId); // not_found for an unknown case, before anything is opened for writing
    if (importing.has(caseId)) {
      throw new ApiFailure('conflict', 'An import into this case is running; try again when it has finished.');
    }
    const c = CaseFile.open(cases.pathOf(caseId));
    c.store.db.pragma('busy_timeout = 2000');
    return Promise.resolve()
      .then(() => fn(c))
      .finally(() => c.close());
  }

  function summarise(id: string, c: CaseFile): CaseDetail {
    const bundles: BundleSummary[] = c.bundles().map((b) => ({
      id: String(b.id),
      name: b.name,
      fileName: sourceFileName(b.source_path),
      form: b.form,
      importedAt: b.loaded_at,
      installationId: b.installation_id ?? undefined,
      exportedAt: b.exported_at ?? undefined,
      verdict: b.verdict ?? 'unverifiable',
      findingCounts: b.finding_counts,
      auditEntries: b.entry_count ?? 0,
      sha256: b.source_sha256 ?? undefined,
      ...(b.excluded ? { excluded: { reason: b.excluded.reason, at: b.excluded.ts, by: b.excluded.osUser } } : {}),
    }));
    const detail: CaseDetail = {
      id,
      name: cases.nameOf(id),
      createdAt: c.info('created_at') ?? '',
      bundleCount: bundles.length,
      worstVerdict: worstVerdict(bundles.map((b) => b.verdict)),
      path: c.path,
      bundles,
    };
    const { path: _p, bundles: _b, ...summary } = detail;
    summaries.set(id, summary);
    return detail;
  }

  /** The case's reader and the bundle's stored verdict, checked to exist. */
  function open(ref: BundleRef): { c: CaseFile; bundleId: number; result: VerificationResult } {
    const c = cases.reader(ref.caseId);
    const bundleId = bundleNumber(ref.bundleId);
    const key = `${ref.caseId}#${bundleId}`;
    const stored = c.store.latestVerification(bundleId);
    if (!stored) throw new ApiFailure('not_found', `No bundle ${ref.bundleId} in this case.`);
    let cached = verifications.get(key);
    if (!cached || cached.id !== stored.id) verifications.set(key, (cached = { id: stored.id, result: stored.result }));
    return { c, bundleId, result: cached.result };
  }

  const titleOf = (f: Finding) => FINDING_CATALOG[f.code]?.title ?? f.code;

  return {
    workspace: opts.workspace,

    listCases: () =>
      guard(() =>
        cases.ids().flatMap((id) => {
          // An import holds its case file locked for minutes: its last known summary, without waiting on the lock.
          const running = importing.has(id) ? summaries.get(id) : undefined;
          if (running) return [running];
          try {
            const { path: _p, bundles: _b, ...s } = summarise(id, cases.reader(id));
            return [s];
          } catch (e) {
            const busy = summaries.get(id);
            if (busy) return [busy];
            // A file that is not a readable case (foreign, newer, damaged) is left out of the list.
            if (translate(e) instanceof ApiFailure) return [];
            throw e;
          }
        }),
      ),

    createCase: (name) =>
      guard(() => {
        const id = cases.create(name);
        const { path: _p, bundles: _b, ...s } = summarise(id, cases.reader(id));
        return s;
      }),

    getCase: (caseId) => guard(() => summarise(caseId, cases.reader(caseId))),

    caseParties: (caseId) => guard(() => cases.reader(caseId).parties()),

    setCaseParties: ({ caseId, controller, dpoName, dpoContact }) =>
      guard(() =>
        withWriter(caseId, (c) => {
          try {
            return c.setParties({
              ...(controller !== undefined ? { controller } : {}),
              ...(dpoName !== undefined ? { dpoName } : {}),
              ...(dpoContact !== undefined ? { dpoContact } : {}),
            });
          } catch (e) {
            if (e instanceof PartiesError) throw new ApiFailure('invalid_request', `${capitalise(e.message)}.`);
            throw e;
          }
        }).then(({ recorded, parties }) => ({ recorded, parties })),
      ),

    importBundle: (caseId, bundlePath, o) =>
      guard(async () => {
        const path = cases.pathOf(caseId);
        // One writer per case file: a second import into the same case waits its turn.
        const previous = importing.get(caseId);
        if (previous) o.onProgress({ stage: 'queued', label: 'Waiting for the previous import into this case' });
        const before = previous ?? Promise.resolve();
        const mine = before.then(async () => {
          o.signal.throwIfAborted();
          const r = await importer(path, bundlePath, {
            ...(o.trustPath !== undefined ? { trustPath: o.trustPath } : {}),
            ...(o.bundleLabel !== undefined ? { bundleLabel: o.bundleLabel } : {}),
            ...(o.trustLabel !== undefined ? { trustLabel: o.trustLabel } : {}),
            signal: o.signal,
            onProgress: (p) => o.onProgress(toImportProgress(p)),
          });
          return { bundleId: String(r.bundleId), verdict: r.verdict };
        });
        const settled = mine.then(
          () => {},
          () => {},
        );
        importing.set(caseId, settled);
        void settled.then(() => {
          if (importing.get(caseId) === settled) importing.delete(caseId);
        });
        return mine;
      }),

    getVerification: (ref) => guard(() => open(ref).result),

    queryAudit: (q) =>
      guard(() => {
        const started = performance.now();
        const { c, bundleId, result } = open(q);
        const countKey = `${c.path}#${bundleId}#${c.store.bundle(bundleId)?.loaded_at}#${JSON.stringify(q.filter)}`;
        let total = counts.get(countKey);
        if (total === undefined) {
          total = countAudit(c.db, bundleId, q.filter);
          if (counts.size >= 200) counts.delete(counts.keys().next().value!);
          counts.set(countKey, total);
        }
        const page = queryAuditPage(c.db, bundleId, q, total);
        const located = result.findings.filter((f) => f.seq !== undefined);
        const rows = page.rows.map((r) => {
          const w = located.length ? worstSeverity(findingsOnEntry(located, r.seq)) : undefined;
          return w ? { ...r, worstSeverity: w } : r;
        });
        return { ...page, rows, elapsedMs: performance.now() - started };
      }),

    auditFacets: (ref) =>
      guard(() => {
        const { c, bundleId } = open(ref);
        return auditFacets(c.db, bundleId);
      }),

    auditEntry: (ref, seq) =>
      guard(() => {
        const { c, bundleId, result } = open(ref);
        const read = readAuditEntry(c.db, bundleId, seq);
        if (!read) throw new ApiFailure('not_found', `This bundle holds no audit entry with seq ${seq}.`);
        const onEntry = findingsOnEntry(result.findings, seq);
        const { installation } = bundleSubjectParts(c.store, bundleId, result);
        const detail: AuditEntryDetail = {
          entry: read.entry,
          location: { file: read.file, line: read.line },
          status: entryStatus(result, onEntry),
          findings: onEntry,
          reviewSubject: entrySubject(installation, seq),
        };
        const copies = exportCopies(read.entry, onEntry, seq);
        return copies ? { ...detail, copies } : detail;
      }),

    locateAudit: (q) =>
      guard(() => {
        const { c, bundleId } = open(q);
        return { index: locateAuditEntry(c.db, bundleId, q.filter, q.sort, q.seq) };
      }),

    fileLines: (req) =>
      guard(async () => {
        const { c, bundleId } = open(req);
        const form = c.store.bundle(bundleId)?.form ?? 'directory';
        return lines.read(c.db, req.caseId, bundleId, form, req.file, req.line, req.context);
      }),

    revealTimeline: (r) =>
      guard(() => {
        const { c, bundleId } = open(r);
        return revealTimeline(c.store, bundleId, r.filter);
      }),

    revealRegister: (r, offset, limit) =>
      guard(() => {
        const { c, bundleId, result } = open(r);
        return revealRegister(c.store, bundleId, result.findings, offset, limit, r.filter);
      }),

    reviewItems: (r) =>
      guard(() => {
        const { c, bundleId, result } = open(r);
        return revealReviewItems(c.store, bundleId, result.findings, titleOf, r.filter);
      }),

    erasurePaths: (ref) =>
      guard(() => {
        const { c, bundleId, result } = open(ref);
        return erasurePaths(c.store, bundleId, bundleSubjectParts(c.store, bundleId, result).installation);
      }),

    pendingErasures: (ref) =>
      guard(() => {
        const { c, bundleId } = open(ref);
        return pendingErasureViews(c.store, bundleId);
      }),

    licenseView: (ref) =>
      guard(() => {
        const { c, bundleId, result } = open(ref);
        return licenseView(c.db, bundleId, result);
      }),

    replayState: (caseId, at) => guard(() => replayState(cases.reader(caseId).store, at)),

    custodyLog: (caseId, lang) => guard(() => custodyEntries(cases.reader(caseId).custody(), lang)),
    custodyCheck: (caseId, deep) =>
      guard(() => {
        const c = cases.reader(caseId).checkCustody({ deep: deep === true });
        return {
          ok: c.ok,
          entries: c.entries,
          headHash: c.headHash,
          problems: c.problems.map((p) => capitalise(p.message) + '.'),
          deep: c.deep,
          rowsChecked: c.rowsChecked?.length ?? 0,
          rowsUncheckable: c.rowsUncheckable?.length ?? 0,
        };
      }),

    setBundleExcluded: (ref, excluded, reason) =>
      guard(() =>
        withWriter(ref.caseId, (c) => {
          const bundleId = bundleNumber(ref.bundleId);
          try {
            return { custodySeq: (excluded ? c.excludeBundle(bundleId, reason) : c.includeBundle(bundleId)).seq };
          } catch (e) {
            if (e instanceof BundleStandingError) throw new ApiFailure(/no bundle/.test(e.message) ? 'not_found' : 'conflict', capitalise(e.message) + '.');
            throw e;
          }
        }),
      ),

    reverifyBundle: (ref) =>
      guard(async () => {
        cases.reader(ref.caseId); // not_found for an unknown case
        if (importing.has(ref.caseId)) throw new ApiFailure('conflict', 'An import into this case is running; try again when it has finished.');
        try {
          const r = await reverifyBundle(cases.pathOf(ref.caseId), bundleNumber(ref.bundleId));
          return { verdict: r.result.verdict, ...(r.previousVerdict ? { previousVerdict: r.previousVerdict } : {}), custodySeq: r.custodySeq };
        } catch (e) {
          if (e instanceof ReverifyError) throw new ApiFailure(/no bundle/.test(e.message) ? 'not_found' : 'conflict', capitalise(e.message) + '.');
          throw e;
        }
      }),

    caiqQuestionnaire: (caseId, version) =>
      guard(() => {
        const c = cases.reader(caseId);
        return questionnaire(c, caseId, evidenceOf(c), version);
      }),

    declareCaiqAnswer: (d, documents) => guard(() => withWriter(d.caseId, (c) => declare(c, d, new Date(), documents))),

    caiqHistory: (caseId, version, questionId) => guard(() => history(cases.reader(caseId), version, questionId)),

    caiqLibraryFile: (caseId, fileName) => guard(() => libraryFile(cases.reader(caseId), fileName)),

    importCaiqLibrary: (caseId, file, author) => guard(() => withWriter(caseId, (c) => importLibrary(c, file, author))),

    auditExport: (q, fileName) =>
      guard(() => {
        const { c, bundleId } = open(q);
        const csv = auditEntriesCsv(c.db, bundleId, q.filter, q.sort);
        const notes = csv.truncated
          ? [`Only the first ${csv.rows.toLocaleString('en-GB')} matching entries are in the file (the most one export holds); narrow the filter to export the rest.`]
          : [];
        return { files: [outputFile(fileName, 'report', MEDIA_TYPES.csv, csv.content)], notes };
      }),

    caiqExport: (caseId, o) =>
      guard(async () => {
        const c = cases.reader(caseId);
        return caiqFiles(c, evidenceOf(c), keyHome, o);
      }),

    erasureReport: (r, fileName, wordsLang) =>
      guard(() =>
        // A review or an extension given with the request is recorded in the case: that needs the writer.
        r.review || r.extension
          ? withWriter(r.caseId, (c) => erasureReportFiles(c, r, fileName, keyHome, reportDay(), wordsLang))
          : erasureReportFiles(cases.reader(r.caseId), r, fileName, keyHome, reportDay(), wordsLang),
      ),

    recordReports: (caseId, reports) => guard(() => withWriter(caseId, (c) => recordReports(c, reports))),

    workstationKey: () =>
      guard(() => {
        const pub = exportWorkstationPublicKey(signingKey());
        return { format: pub.format, kid: pub.kid, publicKey: pub.public_key, createdAt: pub.created_at };
      }),

    checkReport: (r) => guard(() => checkReport(r, keyHome)),

    workstationTrust: async () => {
      try {
        const store = await loadTrustStore();
        return { path: defaultTrustStorePath(), roots: store.roots.map((r) => ({ kid: r.kid, label: r.label ?? null, fingerprint: rootFingerprint(r) })) };
      } catch (e) {
        if (engineErrorCode(e) === 'TRUST_STORE') return { path: defaultTrustStorePath(), roots: [], problem: capitalise((e as Error).message) };
        throw e;
      }
    },

    inspectTrust: (path, shownAs) =>
      guard(() => {
        const store = readTrustFile(path, shownAs);
        return { name: shownAs, roots: store.roots.map((r) => ({ kid: r.kid, label: r.label ?? null, fingerprint: rootFingerprint(r) })) };
      }),

    publicKeyFile: () =>
      guard(() => {
        const pub = exportWorkstationPublicKey(signingKey());
        // The same bytes as `natalia-audit verify-report --export-key FILE`.
        return outputFile(publicKeyFileName(pub.kid), 'key', MEDIA_TYPES.json, Buffer.from(JSON.stringify(pub, null, 2) + '\n', 'utf8'));
      }),

    auditReport: (caseId, lang, fileName, annexTag, wordsLang) => guard(() => auditReportFiles(cases.reader(caseId), lang, fileName, keyHome, annexTag, wordsLang)),
    reviewList: (caseId, filter) => guard(() => reviewList(cases.reader(caseId), filter)),
    reviewAnnotate: (r) => guard(() => withWriter(r.caseId, (c) => reviewAnnotate(c, r, new Date()))),
    reviewHistory: (caseId, subject) => guard(() => reviewHistory(cases.reader(caseId), subject)),
    listViews: (caseId, screen) => guard(() => viewList(cases.reader(caseId), screen)),
    saveView: (caseId, screen, name, filter) => guard(() => withWriter(caseId, (c) => viewSave(c, screen, name, filter))),
    deleteView: (caseId, screen, name) => guard(() => withWriter(caseId, (c) => viewDelete(c, screen, name))),

    exportPortable: (caseId, o) => guard(() => withWriter(caseId, (c) => writePortable(c, { ...o, keyHome }))),

    receivePortable: (r, name) =>
      guard(async () => {
        const id = cases.reserve(name);
        const received = await receivePortable(r, cases.pathOf(id), keyHome);
        return { caseId: id, name: cases.nameOf(id), ...received };
      }),

    close: async () => {
      await lines.close();
      cases.close();
    },
  };
}
