// What the API handlers need from the engine, in the contract's own terms.
// `engine.ts` implements it with the real engine (verifier, case store,
// replay); the handlers only know this interface, so both transports share
// one implementation and the handlers never compute evidence themselves.
import type { ReportCheckInput } from './binding/report-check.js';
import type { VerificationResult } from '../model/verification.js';
import type {
  AuditEntryDetail,
  AuditExportRequest,
  AuditFacets,
  AuditLocate,
  AuditPage,
  AuditQuery,
  BundleRef,
  CaiqDeclaration,
  CaiqDeclared,
  CaiqExportDelivery,
  CaiqLibraryImport,
  CaiqQuestionnaire,
  CaiqVersionId,
  ErasureReportDelivery,
  ErasureReportRequest,
  ReportLang,
  CallLanguage,
  WorkstationKeyInfo,
  WorkstationTrustView,
  TrustFileView,
  CaseDetail,
  CasePartiesChange,
  CasePartiesView,
  CaseSummary,
  CustodyCheckView,
  CustodyEntry,
  ErasurePath,
  PendingErasureView,
  FileLines,
  FileLinesRequest,
  LicenseView,
  RevealRegisterPage,
  RevealsRequest,
  ReplayState,
  ReviewAnnotateRequest,
  ReviewEventView,
  ReportCheckView,
  PortableReceiptView,
  ReviewFilter,
  ReviewSubjectView,
  SavedViewInfo,
  SubjectReviewView,
  ViewScreen,
  RevealTimeline,
  ReviewItem,
  Verdict,
} from './contract.js';
import type { OutputFile } from './delivery.js';
import type { ReceiveInput, WrittenPortable } from './binding/portable-case.js';

export interface ImportProgress {
  stage: string;
  label: string;
  bytesRead?: number;
  bytesTotal?: number;
  entries?: number;
}

export interface EngineImportOptions {
  trustPath?: string;
  /** What the user knows the files as, when their paths are the engine's own (uploads). */
  bundleLabel?: string;
  trustLabel?: string;
  onProgress: (p: ImportProgress) => void;
  signal: AbortSignal;
}

/** Report files made by the engine, signed, not yet delivered. */
export interface GeneratedReport {
  files: OutputFile[];
  /** Bundle the report is about, for the custody log. */
  bundleId?: number;
  /** Kid of the workstation key that signed the files (none for plain exports, such as the explorer's CSV). */
  signedBy?: string;
  notes: string[];
}

/** A file the engine reads, and its name as the user knows it (an upload's own name, not the server's copy). */
export interface NamedPath {
  path: string;
  name: string;
}

export interface CaiqExportOptions {
  fileName: string;
  workbook?: NamedPath;
  version?: CaiqVersionId;
  overwrite?: boolean;
  nameDeclarant?: boolean;
  /** A portable library for this export only (its answers win over the case's). */
  answers?: NamedPath;
  lang?: ReportLang;
}

export interface GeneratedCaiqExport extends GeneratedReport {
  fill?: CaiqExportDelivery['fill'];
  declared: NonNullable<CaiqExportDelivery['declared']>;
}

export interface GeneratedErasureReport extends GeneratedReport {
  conclusions: ErasureReportDelivery['conclusions'];
}

/** One report file the user received, for the case's custody log. */
export interface DeliveredReport {
  bundleId?: number;
  kind: string;
  /** Where it went: the path written (desktop) or the file name offered (web). */
  file: string;
  sha256: string;
}

export interface EnginePort {
  /** Folder holding the cases. */
  readonly workspace: string;
  listCases(): Promise<CaseSummary[]>;
  createCase(name: string): Promise<CaseSummary>;
  getCase(caseId: string): Promise<CaseDetail>;
  caseParties(caseId: string): Promise<CasePartiesView>;
  setCaseParties(change: CasePartiesChange): Promise<{ recorded: boolean; parties: CasePartiesView }>;
  /** Verifies the bundle and records it in the case; evidence is read, never written. */
  importBundle(caseId: string, bundlePath: string, opts: EngineImportOptions): Promise<{ bundleId: string; verdict: Verdict }>;
  getVerification(ref: BundleRef): Promise<VerificationResult>;
  queryAudit(q: AuditQuery): Promise<AuditPage>;
  auditFacets(ref: BundleRef): Promise<AuditFacets>;
  auditEntry(ref: BundleRef, seq: number): Promise<AuditEntryDetail>;
  locateAudit(q: AuditLocate): Promise<{ index: number | null }>;
  fileLines(req: FileLinesRequest): Promise<FileLines>;
  revealTimeline(r: RevealsRequest): Promise<RevealTimeline>;
  revealRegister(r: RevealsRequest, offset: number, limit: number): Promise<RevealRegisterPage>;
  reviewItems(r: RevealsRequest): Promise<ReviewItem[]>;
  erasurePaths(ref: BundleRef): Promise<ErasurePath[]>;
  pendingErasures(ref: BundleRef): Promise<PendingErasureView[]>;
  licenseView(ref: BundleRef): Promise<LicenseView>;
  replayState(caseId: string, at: string): Promise<ReplayState>;
  /** Each entry's summary and actor in `lang`. */
  custodyLog(caseId: string, lang?: CallLanguage): Promise<CustodyEntry[]>;
  custodyCheck(caseId: string, deep?: boolean): Promise<CustodyCheckView>;
  /** Excludes a bundle from the case, or counts it again (case/bundle-standing.ts); each a custody entry. */
  setBundleExcluded(ref: BundleRef, excluded: boolean, reason: string): Promise<{ custodySeq: number }>;
  /** Verifies the case's copy of a bundle again under the workstation's trust store (case/reverify-bundle.ts). */
  reverifyBundle(ref: BundleRef): Promise<{ verdict: Verdict; previousVerdict?: Verdict; custodySeq: number }>;
  /** The CAIQ-Lite answers of the case (engine/reports/caiq), with the answer library's statements. */
  caiqQuestionnaire(caseId: string, version?: CaiqVersionId): Promise<CaiqQuestionnaire>;
  /**
   * Records a statement in the case's answer library (nothing when it says what the current one says);
   * `documents` are the files of `d.attach`, readable here, with the names the user knows them by.
   */
  declareCaiqAnswer(d: CaiqDeclaration, documents: NamedPath[]): Promise<{ recorded: boolean; version: number }>;
  /** Every version of one question's declared answer, oldest first. */
  caiqHistory(caseId: string, version: CaiqVersionId, questionId: string): Promise<CaiqDeclared[]>;
  /** The case's answer library as the portable file named `fileName`. */
  caiqLibraryFile(caseId: string, fileName: string): Promise<GeneratedReport>;
  /** Records a portable library file in the case (all or none). */
  importCaiqLibrary(caseId: string, file: NamedPath, author?: string): Promise<CaiqLibraryImport>;
  /** The signed workbook (ours, or `workbook` filled) and CSV, the workbook named `fileName`. */
  caiqExport(caseId: string, opts: CaiqExportOptions): Promise<GeneratedCaiqExport>;
  /** The explorer's filtered, sorted entries as a CSV file named `fileName`. */
  auditExport(q: AuditExportRequest, fileName: string): Promise<GeneratedReport>;
  /** The signed erasure report of one certificate: PDF named `fileName`, and its JSON twin. */
  /** `bundleId` picks the installation whose certificate is meant. */
  /** `wordsLang`: the language of its notes and conclusions (the screens'; the report's own is `r.lang`). */
  erasureReport(r: ErasureReportRequest, fileName: string, wordsLang?: CallLanguage): Promise<GeneratedErasureReport>;
  /** Appends report.create custody entries once the files are delivered. */
  recordReports(caseId: string, reports: DeliveredReport[]): Promise<void>;
  workstationKey(): Promise<WorkstationKeyInfo>;
  workstationTrust(): Promise<WorkstationTrustView>;
  /** A trust roots file read whole (`path`), named in every message and in the answer as `shownAs`. */
  inspectTrust(path: string, shownAs: string): Promise<TrustFileView>;
  /** The public key as the file recipients check reports with (natalia-audit.workstation-public-key.v1). */
  publicKeyFile(): Promise<OutputFile>;
  /** A received report judged against its signature (engine/reports/signing/check-report.ts). */
  checkReport(r: ReportCheckInput): Promise<ReportCheckView>;
  /** The signed findings report of the case: PDF named `fileName`, and its JSON twin. */
  auditReport(caseId: string, lang: ReportLang, fileName: string, annexTag?: string, wordsLang?: CallLanguage): Promise<GeneratedReport>;
  /** The auditor's review (engine/review): what there is to review, and each change with its custody entry. */
  reviewList(caseId: string, filter?: ReviewFilter): Promise<{ subjects: ReviewSubjectView[]; defaultReviewer: string }>;
  reviewAnnotate(r: ReviewAnnotateRequest): Promise<{ recorded: boolean; review: SubjectReviewView }>;
  reviewHistory(caseId: string, subject: string): Promise<ReviewEventView[]>;
  listViews(caseId: string, screen?: ViewScreen): Promise<SavedViewInfo[]>;
  saveView(caseId: string, screen: ViewScreen, name: string, filter: Record<string, unknown>): Promise<{ saved: boolean }>;
  deleteView(caseId: string, screen: ViewScreen, name: string): Promise<{ deleted: boolean }>;
  /**
   * The case (or the part tagged `tag`) as one signed file for a colleague (engine/portable):
   * written at `out` when the user chose where, else staged in a private folder as `fileName`.
   */
  exportPortable(caseId: string, opts: { out?: string; fileName: string; tag?: string }): Promise<WrittenPortable>;
  /** Opens a colleague's portable case as the new case `name`, once it checks out. */
  receivePortable(r: ReceiveInput, name: string): Promise<PortableReceiptView>;
  close(): Promise<void>;
}
