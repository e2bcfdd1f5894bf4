// What the API handlers need from the engine, in the contract's own terms.
// `engine.ts` implements it with the real engine (verifier, case store,
// replay); the handlers only know this interface, so both transports share
// one implementation and the handlers never compute evidence themselves.
import type { VerificationResult } from '../model/verification.js';
import type {
  AuditEntryDetail,
  AuditFacets,
  AuditLocate,
  AuditPage,
  AuditQuery,
  BundleRef,
  CaseDetail,
  CaseSummary,
  CustodyEntry,
  ErasurePath,
  FileLines,
  FileLinesRequest,
  LicenseView,
  RevealRegisterPage,
  RevealTimeline,
  ReviewItem,
  Verdict,
  VerificationMode,
} from './contract.js';

export interface ImportProgress {
  stage: string;
  label: string;
  bytesRead?: number;
  bytesTotal?: number;
  entries?: number;
}

export interface EngineImportOptions {
  trustPath?: string;
  mode?: VerificationMode;
  onProgress: (p: ImportProgress) => void;
  signal: AbortSignal;
}

export interface EnginePort {
  /** Folder holding the cases. */
  readonly workspace: string;
  listCases(): Promise<CaseSummary[]>;
  createCase(name: string): Promise<CaseSummary>;
  getCase(caseId: string): Promise<CaseDetail>;
  /** Verifies the bundle and records it in the case; evidence is read, never written. */
  importBundle(caseId: string, bundlePath: string, opts: EngineImportOptions): Promise<{ bundleId: string; verdict: Verdict }>;
  getVerification(ref: BundleRef): Promise<VerificationResult>;
  queryAudit(q: AuditQuery): Promise<AuditPage>;
  auditFacets(ref: BundleRef): Promise<AuditFacets>;
  auditEntry(ref: BundleRef, seq: number): Promise<AuditEntryDetail>;
  locateAudit(q: AuditLocate): Promise<{ index: number | null }>;
  fileLines(req: FileLinesRequest): Promise<FileLines>;
  revealTimeline(ref: BundleRef): Promise<RevealTimeline>;
  revealRegister(ref: BundleRef, offset: number, limit: number): Promise<RevealRegisterPage>;
  reviewItems(ref: BundleRef): Promise<ReviewItem[]>;
  erasurePaths(ref: BundleRef): Promise<ErasurePath[]>;
  licenseView(ref: BundleRef): Promise<LicenseView>;
  custodyLog(caseId: string): Promise<CustodyEntry[]>;
  close(): Promise<void>;
}
