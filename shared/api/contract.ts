// THE contract between the workstation's screens and its engine. One typed map
// of methods (request -> response) and of pushed events; two transports
// implement it: the Electron preload (ipcRenderer.invoke) and the web client
// (fetch + server-sent events). Both end with `satisfies WorkstationApi`.
//
// Pure types and constants: importable by the renderer, the preload, the
// Electron main process and the web server. No Node or Electron imports here.
import type { AuditEntry, AuditField, EntryLocation } from '../model/audit-entry.js';
import type { AuditFacets, AuditFilter, AuditPage, AuditPageQuery, AuditSort } from '../model/audit-query.js';
import type { Finding, FindingCode, Severity } from '../model/findings.js';
import type { RevealRegisterCells } from '../model/reveal-register.js';
import type { CheckId, CheckStatus, LicenseSummary, VerificationResult } from '../model/verification.js';
import type { Decision, SubjectKind } from '../model/review-subject.js';
import type { Result } from './result.js';
import type { DeadlineStatus, ErasurePath, Mark, PendingErasureView } from '../model/erasure-view.js';

export type { DeadlineStatus, ErasurePath, Mark, PendingErasureView };

export type { Result } from './result.js';
// The Result envelope's parts the renderer needs: the contract is all it imports of the API.
export { fail, isResult, ok, type ApiError } from './result.js';

// ── Shared view models ───────────────────────────────────────────────────────

export type Verdict = VerificationResult['verdict'];

/** Where a bundle (or trust store) to import comes from. */
export type FileSource =
  /** A path on the machine running the engine (native dialog, drag-and-drop in Electron, typed path). */
  | { kind: 'path'; path: string }
  /** A file the browser uploaded to the loopback server (web mode only). */
  | { kind: 'upload'; uploadId: string; name: string };

export interface CaseSummary {
  id: string;
  name: string;
  createdAt: string;
  bundleCount: number;
  /** The worst verdict of its bundles (shared/model/verification.ts worstVerdict), if it has any. */
  worstVerdict?: Verdict;
}

export interface BundleSummary {
  id: string;
  /** Bag name, e.g. natalia-evidence-NAT-7Q2K-94XD-20260302T091407Z. */
  name: string;
  /** The file (or folder) imported, by the name the user chose it under: tells two imports of one export apart. */
  fileName: string;
  form: 'directory' | 'zip' | 'tar.gz';
  importedAt: string;
  installationId?: string;
  exportedAt?: string;
  verdict: Verdict;
  findingCounts: Record<Severity, number>;
  auditEntries: number;
  sha256?: string;
  /** Set when the auditor excluded the bundle from the case: its evidence feeds no replay or report. */
  excluded?: { reason: string; at: string; by: string };
}

export interface CaseDetail extends CaseSummary {
  /** Folder holding the case on disk (shown so the user can back it up). */
  path: string;
  bundles: BundleSummary[];
}

export interface BundleRef {
  caseId: string;
  bundleId: string;
}

// ── Audit log explorer ───────────────────────────────────────────────────────

export {
  AUDIT_PAGE_MAX,
  AUDIT_SEARCH_CAP,
  AUDIT_SORT_FIELDS,
  type AuditFacets,
  type AuditFilter,
  type AuditPage,
  type AuditRow,
  type AuditSortField,
  type SortDirection,
} from '../model/audit-query.js';

export interface AuditQuery extends BundleRef, AuditPageQuery {}

/** The explorer's current filter and order, to export as CSV. */
export interface AuditExportRequest extends BundleRef {
  filter: AuditFilter;
  sort: AuditSort;
}

export interface AuditLocate extends BundleRef {
  filter: AuditFilter;
  sort: AuditSort;
  seq: number;
}


export interface AuditEntryDetail {
  entry: AuditEntry;
  /** Where the entry was read (CSV, else JSON lines). */
  location?: EntryLocation;
  status: {
    /** `hash` recomputes from the entry. */
    hash: Mark;
    /** `prev_hash` equals the previous entry's hash. */
    link: Mark;
    /** `sig` verifies. */
    signature: Mark;
    /** `kid` was allowed to sign at this point. */
    key: Mark;
  };
  findings: Finding[];
  /** The entry's review subject key (entry:INSTALLATION:SEQ), for review.* calls. */
  reviewSubject: string;
  /** Set when the CSV and JSON lines copies of this entry differ (an `audit.csv_jsonl_mismatch` at this seq). */
  copies?: ExportCopies;
}

/** One entry as each audit export holds it, for a side-by-side view. */
export interface ExportCopies {
  /** Fields where the copies differ, in field order. */
  fields: AuditField[];
  csv: ExportCopy;
  jsonl: ExportCopy;
  /**
   * Why the copies are not given whole: `run` (this entry continues a run of
   * entries with the same difference, whose first is `firstSeq`: only that
   * one's copies are kept), `too_long` (values too long to keep in a finding),
   * `not_kept` (imported by a version that did not keep them).
   */
  missing?: 'run' | 'too_long' | 'not_kept';
  /** The seq the finding was located at (this entry's own, unless `missing` is `run`). */
  firstSeq: number;
}

export interface ExportCopy {
  /** Bag-relative file. */
  file: string;
  /** Physical line where the record starts (when known: the first entry of a run). */
  line?: number;
  /** The entry as this file holds it (absent when `missing` is set). */
  entry?: AuditEntry;
}

export interface FileLinesRequest extends BundleRef {
  /** Bag-relative path, as findings give it. */
  file: string;
  /** 1-based line to centre on. */
  line: number;
  /** Lines shown before and after. */
  context: number;
}

export interface FileLines {
  file: string;
  firstLine: number;
  lines: string[];
  /** The line asked for (1-based). */
  line: number;
  /** Set when a line was cut for display. */
  truncated: boolean;
}

// ── Reveals, erasures, license, custody ─────────────────────────────────────

/**
 * The reveals screen's filter: the options of the CLI's `reveals` command
 * (--actor, --tenant, --phone, --extension, --from, --at), under the same
 * names. It is also what a saved view of the reveals screen holds.
 */
export interface RevealScreenFilter {
  actor?: string;
  tenant?: string;
  /** A phone pseudonym: its 64 hex digits, or the first 8 or more when one pseudonym of the bundle starts so. */
  phone?: string;
  extension?: number;
  /** Reveals at or after this instant (RFC 3339). */
  from?: string;
  /** As of T: reveals at or before this instant (RFC 3339). */
  at?: string;
}

/** A reveals screen request: the bundle, and the filter applied to its chart, register and review items. */
export interface RevealsRequest extends BundleRef {
  filter?: RevealScreenFilter;
}

export interface RevealTimeline {
  /** The appliance the reveals were made on (usernames and pseudonyms are its own). */
  installationId?: string;
  /** Reveals matching the filter. */
  total: number;
  byDay: { day: string; count: number }[];
  byActor: { actor: string; count: number }[];
  /** The full pseudonym the filter's phone prefix named. */
  phone?: string;
  /** What the filter can choose among, whatever it is set to: the bundle's actors and tenants of reveals. */
  choices: { actors: string[]; tenants: string[] };
}

/** A row of the reveal register, its cells as written. */
export interface RevealRow extends RevealRegisterCells {
  /** The row's audit_seq cell as a number; null when it is not one. */
  audit_seq: number | null;
  /** 1-based line in data/reveal/reveal-log.csv. */
  line?: number;
  /** Most severe finding raised on this row, if any. */
  worstSeverity?: Severity;
}

export interface RevealRegisterPage {
  /** Rows the filter selects. */
  total: number;
  /** Rows of the register, whatever the filter. */
  all: number;
  offset: number;
  rows: RevealRow[];
}

/** Something the replay thinks a person should look at, even if no rule was broken. */
export interface ReviewItem {
  id: string;
  /** What kind of item: a finding code (reveal.*, policy.*), or the replay's pattern (off_hours, burst...). */
  kind: string;
  /** Whose reveal it concerns, when the item names one. */
  actor?: string;
  /** Its review subject key (finding:… or review:…), for review.* calls. */
  reviewSubject: string;
  severity: Severity;
  title: string;
  /** Plain words: what was seen and what to check. */
  description: string;
  seq?: number;
  revealId?: string;
  file?: string;
  line?: number;
}

/** An extension as the replay knows it at T (the newest dump, plus those erased since). */
export interface ReplayExtension {
  installationId?: string;
  id?: number;
  tenant?: string;
  label?: string;
  last4?: string;
  /** Unknown when the dump no longer describes it (erased since). */
  createdAt?: string;
  pseudonym?: string;
  erasedAt?: string;
  certificateId?: string;
}

/** The state of the case's installations at a time T: what `natalia-audit replay --at T` shows. */
export interface ReplayState {
  /** The instant used, UTC with milliseconds. */
  at: string;
  /** The case's bundles the state was read from (excluded bundles feed no replay). */
  bundleIds: string[];
  /** What the evidence cannot say about T (before its first entry, after its export), in the engine's words. */
  notes: string[];
  extensions: ReplayExtension[];
  erased: ReplayExtension[];
  pendingErasures: PendingErasureView[];
  users: { installationId?: string; username: string; tenant: string; role?: string; disabled: boolean; source: 'audit' | 'dump' }[];
  reveals: {
    count: number;
    byActor: { installationId?: string; actor: string; count: number }[];
    /** The latest reveals up to T, oldest first. */
    latest: { installationId?: string; seq: number; ts: string; actor: string; tenant: string; cdrId?: string; extensionId?: number; field?: string; last4?: string }[];
  };
}

export interface LicenseEvent {
  seq: number;
  ts: string;
  action: string;
  licenseId?: string;
}

export interface LicenseView {
  exportedAt?: string;
  licenses: LicenseSummary[];
  /** license.* audit entries, oldest first. */
  events: LicenseEvent[];
}

export interface CustodyEntry {
  ts: string;
  actor: string;
  action: string;
  /** One sentence for people. */
  summary: string;
  details: Record<string, unknown>;
  /** Hash chaining the custody log, when the case keeps one. */
  hash?: string;
}

/** The custody log's chain recomputed, and every stored verification compared with it. */
export interface CustodyCheckView {
  ok: boolean;
  entries: number;
  headHash: string;
  /** One sentence each, in log order; empty when ok. */
  problems: string[];
  /** Whether each import's stored rows were recomputed against its custody digest (asked with deep). */
  deep: boolean;
  /** Imports whose rows were recomputed and match (deep only). */
  rowsChecked: number;
  /** Imports whose custody entry recorded no digest of their rows (an earlier version's): not checked (deep only). */
  rowsUncheckable: number;
}

export interface AppInfo {
  version: string;
  /** Folder holding the cases. */
  workspace: string;
  /** Case opened at launch (the demo case), if any. */
  initialCaseId?: string;
}

export interface ImportRequest {
  caseId: string;
  source: FileSource;
  /** Trust store for this import; else the workstation's own store. */
  trust?: FileSource;
}

// ── Reports: CAIQ-Lite questionnaire, erasure report, signing key ───────────
//
// The engine answers the questionnaire and writes the reports
// (engine/reports); these are the screens' views of them.

/** Where an answer comes from: the case's verified evidence, a statement in its answer library, or nothing yet. */
export type CaiqKind = 'evidence' | 'declared' | 'needs_input';
/** The CAIQ releases STAR accepts: v4.0.3 (also for v4.0.x workbooks) and v4.1.0. */
export type CaiqVersionId = '4.0.3' | '4.1.0';
export type CaiqAnswerValue = 'Yes' | 'No' | 'NA';

/** One piece of evidence an answer rests on (engine/reports/caiq Citation, with the case's bundle id for links). */
export interface CaiqCitation {
  kind: 'check' | 'document';
  check?: CheckId;
  status?: CheckStatus;
  /** Bundle name and SHA-256 as imported. */
  bundle?: string;
  bundleSha256?: string;
  /** The case's bundle the citation names, when it is in the case (for links to its entries, checks and files). */
  bundleId?: string;
  /** Bag-relative file (or, for a document, the user's file name) and its SHA-256. */
  file?: string;
  sha256?: string;
  finding?: FindingCode;
  line?: number;
  seqFirst?: number;
  seqLast?: number;
  rows?: number;
  /** Documents: the title the user gave. */
  title?: string;
  /** One sentence: what this piece shows. */
  note?: string;
}

/** The statement the case's answer library holds for a question (its current version). */
export interface CaiqDeclared {
  answer: CaiqAnswerValue;
  ownership?: string;
  description: string;
  customerResponsibilities?: string;
  author: string;
  declaredAt: string;
  /** Checks it leans on. */
  leansOn: CheckId[];
  /** Documents it leans on (declared from the command line; kept when edited here). */
  documents: { title: string; file?: string; sha256?: string }[];
  version: number;
  /** When and by which OS user this version entered the case. */
  recordedAt: string;
  recordedBy: string;
  /** How it entered the case: declared, or imported from a portable library (file name). */
  source: { kind: 'declare' } | { kind: 'import'; file: string };
  /** True when a later version replaced it (history only). */
  superseded: boolean;
}

export interface CaiqQuestion {
  questionId: string;
  domain: string;
  /** Topic in the project's own words (CSA's question text is not shipped). */
  topic: string;
  kind: CaiqKind;
  answer: CaiqAnswerValue | null;
  ownership: string | null;
  /** Column E: what is in place, in plain words. */
  description: string;
  /** Column F. */
  customerResponsibilities: string;
  /** Why the answer is No or still open. */
  reason?: string;
  declaredBy?: { author: string; declaredAt: string };
  citations: CaiqCitation[];
  /** False when the evidence answered No (a declared answer would be ignored). */
  declarable: boolean;
  /** What the answer library holds for this question, used or not. */
  declared?: CaiqDeclared;
  /** Verified evidence that supports the answer without covering the whole question. */
  support?: { bundle: string; shows: string; notShown: string };
  /** A declared answer of the other release proposed for this question, to review and declare. */
  carried?: { fromVersion: CaiqVersionId; fromQuestionId: string; renumbered: boolean; answer: CaiqAnswerValue; ownership?: string; description: string; author: string };
}

export interface CaiqSummary {
  total: number;
  /** Answered No from the evidence. */
  evidence: number;
  /** Supported by verified evidence (declared or still open). */
  supported: number;
  /** Open, with an answer of the other release to review. */
  carried: number;
  declared: number;
  needsInput: number;
  yes: number;
  no: number;
  na: number;
}

export interface CaiqQuestionnaire {
  caseId: string;
  /** The CAIQ release answered, and those the screen can switch to. */
  version: CaiqVersionId;
  versions: CaiqVersionId[];
  /** The latest time among the inputs: the date the exported questionnaire carries. */
  asOf: string;
  summary: CaiqSummary;
  /** The 17 CAIQ domains, in the workbook's order, with their question counts. */
  domains: { id: string; name: string; questions: number }[];
  questions: CaiqQuestion[];
  /** SSRM ownership values, spelled as CSA's workbook does. */
  ownerships: string[];
  /** Each check's status across the case's bundles (failed if it failed on one). */
  checks: { id: CheckId; status: CheckStatus }[];
  /** Author proposed for a new statement (the OS user running the workstation). */
  defaultAuthor: string;
  /** Current statements in the case's answer library, both releases together (what its export carries). */
  libraryAnswers: number;
}

export interface CaiqDeclaration {
  caseId: string;
  /** The release whose question this answers. */
  version: CaiqVersionId;
  questionId: string;
  answer: CaiqAnswerValue;
  /** Required for Yes and No; left out for NA. */
  ownership?: string;
  description: string;
  customerResponsibilities?: string;
  leansOn: CheckId[];
  author: string;
  /** When the statement was made (a day or a time, not in the future); now when left out (`--declared-at`). */
  declaredAt?: string;
  /** Documents to attach (uploaded in web mode, a path on the desktop): cited by name and SHA-256, only read (`--document`). */
  attach?: FileSource[];
  /** Documents of the current statement to leave out, by SHA-256 (or title when it has none); the others are kept. */
  drop?: string[];
}

/** What filling the user's workbook did: the rows written, kept as the user had answered them, and missing. */
export interface CaiqFillReport {
  sheet: string;
  version: CaiqVersionId;
  written: string[];
  kept: string[];
  /** Answered here, but the workbook has no row for them. */
  missing: string[];
  /** Question ids on more than one row (the first was filled). */
  duplicates: string[];
}

export interface CaiqExportRequest {
  caseId: string;
  /** The user's official CSA workbook to fill (`--workbook`); its release is the one answered. */
  workbook?: FileSource;
  /** The release to answer without a workbook (`--caiq-version`). */
  version?: CaiqVersionId;
  /** Write over the rows the user already answered in the workbook (`--overwrite`). */
  overwrite?: boolean;
  /** Name who declared each answer in the workbook and the CSV (`--name-declarant`). */
  nameDeclarant?: boolean;
  /** A portable answer library for this export only; its answers win over the case's (`--answers`). */
  answers?: FileSource;
  /** The language of the notes and the fill report (`--lang`); English when left out. */
  lang?: ReportLang;
}

export interface CaiqExportDelivery extends ReportDelivery {
  /** Set when the user's workbook was filled. */
  fill?: CaiqFillReport;
  /** Where the declared answers came from: the case, the file given for this export, and the case's it replaced (none when nothing was made). */
  declared?: { fromCase: number; fromFile: number; replaced: string[] };
}

/** A portable answer library recorded in the case (`answers import`). */
export interface CaiqLibraryImport {
  /** Each statement recorded, with the version it became. */
  recorded: { questionId: string; version: CaiqVersionId; answerVersion: number }[];
  /** Entries the case already held as current. */
  unchanged: number;
}

/** What happened to the files of a report the user asked for. */
export type DeliveryMode =
  /** Web mode: offered by the loopback server, to fetch from HTTP_PATHS.downloadPrefix + downloadId. */
  | 'download'
  /** Desktop: written where the user chose in the save dialog. */
  | 'saved'
  /** The user closed the save dialog: nothing written, nothing recorded. */
  | 'cancelled';

export interface DeliveredFile {
  name: string;
  /** `report` the file itself, `twin` its JSON or CSV companion, `signature` a detached .sig.json, `key` the public key, `case` a portable case. */
  role: 'report' | 'twin' | 'signature' | 'key' | 'case';
  mediaType: string;
  bytes: number;
  sha256: string;
  downloadId?: string;
  /** Desktop: where it was written. */
  path?: string;
}

export interface ReportDelivery {
  delivery: DeliveryMode;
  files: DeliveredFile[];
  /** Workstation key that signed the files. */
  signedBy?: string;
  /** Plain sentences about the result (rows filled, checks failed...). */
  notes: string[];
}

export type ReportLang = 'fr' | 'en';

/**
 * The language of the screens, sent with every call (the page's `<html lang>`:
 * the Accept-Language header in web mode, the call's second argument over IPC)
 * so that what the API writes for a person (dialog titles, report notes, the
 * custody log's sentences, its own messages) is in that language. Anything
 * else, or none, is English.
 */
export type CallLanguage = 'fr' | 'en';

export function callLanguage(v: unknown): CallLanguage {
  return typeof v === 'string' && /^fr\b/i.test(v) ? 'fr' : 'en';
}

export interface ErasureReportDelivery extends ReportDelivery {
  /** Per certificate the report covers: passed (every check), failed, or incomplete (some not provided). */
  conclusions: { certificateId: string; conclusion: 'passed' | 'failed' | 'incomplete'; notPassed: string[] }[];
}

/** The workstation's own trust store: the vendor roots an import uses when no trust file is chosen. */
export interface WorkstationTrustView {
  /** Where it is kept. */
  path: string;
  roots: { kid: string; label: string | null; fingerprint: string }[];
  /** Set when the store is there but cannot be read: imports without a trust file are then refused. */
  problem?: string;
}

/** A trust roots file the user chose, checked when chosen (before any import uses it). */
export interface TrustFileView {
  /** The file as the user chose it (its name for an upload). */
  name: string;
  roots: { kid: string; label: string | null; fingerprint: string }[];
}

/** A DPO's review of an erasure report, as `erasure-report --reviewer --reviewed-at [--note]` takes it. */
export interface ErasureReviewInput {
  reviewer: string;
  /** RFC 3339 UTC. */
  reviewedAt: string;
  note?: string;
}

/** A deadline extension notified to the data subject (GDPR art. 12(3)), as `--extension-*` takes it. */
export interface DeadlineExtensionInput {
  notifiedAt: string;
  reason: string;
  decidedBy: string;
  extendedTo?: string;
}

export interface ErasureReportRequest {
  caseId: string;
  /** A certificate id, or `ext:` and the 64 hex digits of an extension pseudonym: every erasure of that data subject. */
  certificateId: string;
  lang: ReportLang;
  bundleId?: string;
  /** Recorded in the case (custody entry) once the report is made, and used by this report and the later ones. */
  review?: ErasureReviewInput;
  extension?: DeadlineExtensionInput;
}

/** Who a case's erasure reports speak for (set once per case, kept in its chain of custody). */
export interface CasePartiesView {
  controller?: string;
  dpo?: { name: string; contact?: string };
}

/** A change of the parties: a field given as '' is cleared, one left out is kept. */
export interface CasePartiesChange {
  caseId: string;
  controller?: string;
  dpoName?: string;
  dpoContact?: string;
}

/** A received report judged against its signature, as `verify-report` judges it. */
export interface ReportCheckView {
  /** valid: unchanged and signed by a key the user vouches for (the key given, else this workstation's own); unknown_signer: intact, by a key nobody vouched for. */
  verdict: 'valid' | 'unknown_signer' | 'invalid';
  intact: boolean;
  signer: 'key' | 'workstation' | null;
  file: string;
  kid: string | null;
  /** SHA-256 of the signing public key. */
  fingerprint: string | null;
  kind: string | null;
  sha256: string | null;
  signedAt: string | null;
  /** The name the report was signed under. */
  signedAs: string | null;
  reason?: string;
  notes: string[];
}

// ── A portable case (engine/portable) ───────────────────────────────────────

/** The part of a case a portable case holds, when it is only the part tagged for a colleague. */
export interface PortablePartView {
  tag: string;
  /** Items tagged so, whose review travels. */
  subjects: number;
  /** Custody entries about the sender's other work, kept by their hash only. */
  withheld: number;
}

export interface PortableExportRequest {
  caseId: string;
  /** Only the part tagged so; else the whole case. */
  tag?: string;
}

export interface PortableExportDelivery extends ReportDelivery {
  part?: PortablePartView;
}

export interface PortableReceiveRequest {
  /** The .natalia-case file. */
  file: FileSource;
  /** Its .sig.json; on the desktop it may be left out when it lies next to the file. */
  signature?: FileSource;
  /** The sender's public key, when the user has it from a channel they trust. */
  key?: FileSource;
  /** The name of the new case in this workstation. */
  name: string;
}

/** What opening a colleague's portable case checked, and the case it created. */
export interface PortableReceiptView {
  /** The new case (open it with cases.get). */
  caseId: string;
  name: string;
  /** The file as the user chose it. */
  file: string;
  sha256: string;
  signer: { kid: string; fingerprint: string; known: boolean; vouchedBy: 'key' | 'workstation' | null };
  signedAt: string;
  custodyEntries: number;
  bundles: number;
  verifications: number;
  reviewEvents: number;
  filesChecked: number;
  part?: PortablePartView;
}

/** The workstation's report-signing key, as recipients need it. */
export interface WorkstationKeyInfo {
  format: string;
  kid: string;
  /** Raw Ed25519 public key, base64. */
  publicKey: string;
  createdAt: string;
}

// ── The auditor's review (engine/review) ────────────────────────────────────
//
// Subjects are named by their stable key (shared/model/review-subject.ts),
// which the screens can also build from what they show.

export {
  DECISIONS,
  DECIDABLE,
  NEEDS_REASON,
  SUBJECT_KINDS,
  entrySubject,
  erasureSubject,
  findingSubject,
  reviewSubject,
  type Decision,
  type SubjectKind,
} from '../model/review-subject.js';

export interface ReviewDecisionView {
  decision: Decision;
  reason?: string;
  reviewer: string;
  at: string;
}

/** What the case holds for one subject: tags, star, comments, the decision in force and every earlier one. */
export interface SubjectReviewView {
  tags: string[];
  starred: boolean;
  comments: { text: string; reviewer: string; at: string }[];
  decision?: ReviewDecisionView;
  decisions: ReviewDecisionView[];
}

/** One thing of the case to review (a finding, a reveal review item, an erasure, an annotated entry). */
export interface ReviewSubjectView {
  subject: string;
  kind: SubjectKind;
  bundleId: string;
  installation: string;
  title: string;
  severity?: Severity;
  description: string;
  file?: string;
  line?: number;
  seq?: number;
  ts?: string;
  certificateId?: string;
  revealId?: string;
  code?: string;
  decidable: boolean;
  review?: SubjectReviewView;
}

export interface ReviewFilter {
  kinds?: SubjectKind[];
  /** `undecided`: findings and review items without a decision. */
  decision?: Decision | 'undecided';
  tag?: string;
  starred?: boolean;
  minSeverity?: Severity;
  bundleId?: string;
}

/** One change of a subject's review. */
export type ReviewChangeRequest =
  | { kind: 'tag'; tag: string }
  | { kind: 'untag'; tag: string }
  | { kind: 'star' }
  | { kind: 'unstar' }
  | { kind: 'comment'; text: string }
  | { kind: 'decision'; decision: Decision; reason?: string };

export interface ReviewAnnotateRequest {
  caseId: string;
  subject: string;
  change: ReviewChangeRequest;
  /** Who; the time is the engine's clock when it records it. */
  reviewer: string;
}

export interface ReviewEventView {
  kind: ReviewChangeRequest['kind'];
  value: string | null;
  reason: string | null;
  reviewer: string;
  at: string;
  recordedAt: string;
  osUser: string;
}

export type ViewScreen = 'audit' | 'reveals';

export interface SavedViewInfo {
  name: string;
  screen: ViewScreen;
  filter: Record<string, unknown>;
  savedAt: string;
  savedBy: string;
}

// ── Methods ──────────────────────────────────────────────────────────────────

/** Every method: its request and its response. Add a capability by adding one line here. */
export interface ApiMethods {
  'app.info': { request: Record<string, never>; response: AppInfo };
  'cases.list': { request: Record<string, never>; response: CaseSummary[] };
  'cases.create': { request: { name: string }; response: CaseSummary };
  'cases.get': { request: { caseId: string }; response: CaseDetail };
  /** The controller and DPO the case's erasure reports name. */
  'cases.parties': { request: { caseId: string }; response: CasePartiesView };
  /** Sets them, with a custody entry; `recorded` false when the case already said so. */
  'cases.setParties': { request: CasePartiesChange; response: { recorded: boolean; parties: CasePartiesView } };
  'bundles.import': { request: ImportRequest; response: { jobId: string } };
  /** The case (or the part tagged `tag`) as one signed file for a colleague (a save dialog on the desktop, a download in web mode). */
  'cases.exportPortable': { request: PortableExportRequest; response: PortableExportDelivery };
  /** Opens a colleague's portable case into a new case, once its signature, custody, verifications and bundle bytes check out. */
  'cases.receivePortable': { request: PortableReceiveRequest; response: PortableReceiptView };
  'jobs.cancel': { request: { jobId: string }; response: { cancelled: boolean } };
  'verification.get': { request: BundleRef; response: VerificationResult };
  'audit.query': { request: AuditQuery; response: AuditPage };
  'audit.facets': { request: BundleRef; response: AuditFacets };
  'audit.entry': { request: BundleRef & { seq: number }; response: AuditEntryDetail };
  /** Position of the entry with this seq among the filtered, sorted entries (null: not among them). */
  'audit.locate': { request: AuditLocate; response: { index: number | null } };
  /** The filtered entries as CSV (downloads in web mode, a save dialog on the desktop). */
  'audit.export': { request: AuditExportRequest; response: ReportDelivery };
  'evidence.lines': { request: FileLinesRequest; response: FileLines };
  'reveals.timeline': { request: RevealsRequest; response: RevealTimeline };
  /** The register's rows the filter selects (by their own cells: actor, tenant, pseudonym, extension, time). */
  'reveals.register': { request: RevealsRequest & { offset: number; limit: number }; response: RevealRegisterPage };
  'reveals.review': { request: RevealsRequest; response: ReviewItem[] };
  'erasures.list': { request: BundleRef; response: ErasurePath[] };
  /** Requests the bundle's log holds with no execution by its export, with days left or overdue. */
  'erasures.pending': { request: BundleRef; response: PendingErasureView[] };
  'license.get': { request: BundleRef; response: LicenseView };
  /** The case's state at a time T (`replay --at T`): extensions, erasures, pending requests, users, reveals so far. */
  'replay.state': { request: { caseId: string; at: string }; response: ReplayState };
  'custody.list': { request: { caseId: string }; response: CustodyEntry[] };
  /** `deep`: also recompute every import's stored rows (reads every row: slow on a big case). */
  'custody.check': { request: { caseId: string; deep?: boolean }; response: CustodyCheckView };
  /** Excludes a bundle from the case (its evidence then feeds no replay or report); recorded in custody. */
  'bundles.exclude': { request: BundleRef & { reason: string }; response: { custodySeq: number } };
  /** Counts an excluded bundle again; recorded in custody. */
  'bundles.include': { request: BundleRef; response: { custodySeq: number } };
  /** Verifies the case's copy of a bundle again under the workstation's trust store; the new verdict becomes the bundle's. */
  'bundles.reverify': { request: BundleRef; response: { verdict: Verdict; previousVerdict?: Verdict; custodySeq: number } };
  /** Every CAIQ-Lite question with its answer, kind and citations. */
  'caiq.list': { request: { caseId: string; version?: CaiqVersionId }; response: CaiqQuestionnaire };
  /** Declares (or changes) a question's answer in the case's answer library. */
  'caiq.declare': { request: CaiqDeclaration; response: { recorded: boolean; version: number } };
  /** Every version of one question's declared answer in a release, oldest first (`answers list --history`). */
  'caiq.history': { request: { caseId: string; version: CaiqVersionId; questionId: string }; response: CaiqDeclared[] };
  /** The case's answer library as the portable file (`answers export`). */
  'caiq.exportLibrary': { request: { caseId: string }; response: ReportDelivery };
  /** Records a portable library in the case, all or none (`answers import`); `author` re-declares the statements as theirs. */
  'caiq.importLibrary': { request: { caseId: string; file: FileSource; author?: string }; response: CaiqLibraryImport };
  /**
   * The questionnaire as a signed workbook and CSV: our own workbook, or the user's official CSA workbook
   * filled (`natalia-audit caiq`). The release is the workbook's when one is given (else `version`, else the current one).
   */
  'caiq.export': { request: CaiqExportRequest; response: CaiqExportDelivery };
  /** The signed erasure report (PDF and JSON twin) of one certificate, or of one data subject with `certificateId` `ext:PSEUDONYM`. */
  /** `bundleId`: the bundle whose erasure is meant, which names its installation (certificate ids are an installation's own). */
  'erasures.report': { request: ErasureReportRequest; response: ErasureReportDelivery };
  'reports.key': { request: Record<string, never>; response: WorkstationKeyInfo };
  'trust.workstation': { request: Record<string, never>; response: WorkstationTrustView };
  /** Reads a trust roots file the user chose; a file that is not one is refused, named as the user chose it. */
  'trust.inspect': { request: { file: FileSource }; response: TrustFileView };
  /** The public key as a file to hand to report recipients. */
  'reports.exportKey': { request: Record<string, never>; response: ReportDelivery };
  /** Checks a received report (PDF, JSON twin, workbook) against its .sig.json, and the signer's public key when given. */
  'reports.verify': { request: { report: FileSource; signature: FileSource; key?: FileSource }; response: ReportCheckView };
  /** The signed findings report (PDF and JSON twin) of the case; `annexTag`: items so tagged in an annex. */
  'audit.report': { request: { caseId: string; lang: ReportLang; annexTag?: string }; response: ReportDelivery };
  /** Everything of the case to review, with its review, filtered. */
  'review.list': { request: { caseId: string; filter?: ReviewFilter }; response: { subjects: ReviewSubjectView[]; defaultReviewer: string } };
  /** Records a tag, star, comment or decision (with its custody entry); `recorded` false when the case already said so. */
  'review.annotate': { request: ReviewAnnotateRequest; response: { recorded: boolean; review: SubjectReviewView } };
  /** Every review event of one subject, oldest first. */
  'review.history': { request: { caseId: string; subject: string }; response: ReviewEventView[] };
  'views.list': { request: { caseId: string; screen?: ViewScreen }; response: SavedViewInfo[] };
  /** Saves (or replaces) a named filter of a screen; `saved` false when it already held that filter. */
  'views.save': { request: { caseId: string; screen: ViewScreen; name: string; filter: Record<string, unknown> }; response: { saved: boolean } };
  'views.delete': { request: { caseId: string; screen: ViewScreen; name: string }; response: { deleted: boolean } };
}

export type ApiMethod = keyof ApiMethods;
export type ApiRequest<M extends ApiMethod> = ApiMethods[M]['request'];
export type ApiResponse<M extends ApiMethod> = ApiMethods[M]['response'];

/** The method names at run time; the compiler checks the list is exactly the map's keys. */
export const API_METHODS = [
  'app.info',
  'cases.list',
  'cases.create',
  'cases.get',
  'cases.parties',
  'cases.setParties',
  'bundles.import',
  'cases.exportPortable',
  'cases.receivePortable',
  'jobs.cancel',
  'verification.get',
  'audit.query',
  'audit.facets',
  'audit.entry',
  'audit.locate',
  'audit.export',
  'evidence.lines',
  'reveals.timeline',
  'reveals.register',
  'reveals.review',
  'erasures.list',
  'erasures.pending',
  'license.get',
  'replay.state',
  'custody.list',
  'custody.check',
  'bundles.exclude',
  'bundles.include',
  'bundles.reverify',
  'caiq.list',
  'caiq.declare',
  'caiq.history',
  'caiq.exportLibrary',
  'caiq.importLibrary',
  'caiq.export',
  'erasures.report',
  'reports.key',
  'trust.workstation',
  'trust.inspect',
  'reports.exportKey',
  'reports.verify',
  'audit.report',
  'review.list',
  'review.annotate',
  'review.history',
  'views.list',
  'views.save',
  'views.delete',
] as const satisfies readonly ApiMethod[];

type MissingMethods = Exclude<ApiMethod, (typeof API_METHODS)[number]>;
// Fails to compile if a method of ApiMethods is missing from API_METHODS.
const _allMethodsListed: MissingMethods extends never ? true : never = true;
void _allMethodsListed;

export function isApiMethod(value: unknown): value is ApiMethod {
  return typeof value === 'string' && (API_METHODS as readonly string[]).includes(value);
}

// ── Pushed events ────────────────────────────────────────────────────────────

/** Named stages of an import, in order (the engine's verification stages, then the case's). */
export const IMPORT_STAGES = ['extract', 'bag', 'license', 'audit', 'crosscheck', 'store'] as const;
export type ImportStage = (typeof IMPORT_STAGES)[number];

export interface JobProgress {
  jobId: string;
  /** One of IMPORT_STAGES; an engine may add stages, shown with their label. */
  stage: string;
  /** The engine's own words for the stage. */
  label: string;
  bytesRead?: number;
  bytesTotal?: number;
  entries?: number;
}

export type JobOutcome =
  | { jobId: string; outcome: 'done'; caseId: string; bundleId: string; verdict: Verdict }
  | { jobId: string; outcome: 'failed'; caseId: string; error: { code: string; message: string } }
  | { jobId: string; outcome: 'cancelled'; caseId: string };

/** Commands from the native menu (Electron only; web mode never sends them). */
export type MenuCommand = 'new-case' | 'import-bundle' | 'open-bag-folder' | 'about';

export interface ApiEvents {
  'job.progress': JobProgress;
  'job.finished': JobOutcome;
  'menu.command': { command: MenuCommand };
  /** A bundle the operating system asked us to open (file association, second launch). Electron only. */
  'shell.open-file': { source: FileSource };
}

export type ApiEvent = keyof ApiEvents;

export const API_EVENTS = ['job.progress', 'job.finished', 'menu.command', 'shell.open-file'] as const satisfies readonly ApiEvent[];

type MissingEvents = Exclude<ApiEvent, (typeof API_EVENTS)[number]>;
const _allEventsListed: MissingEvents extends never ? true : never = true;
void _allEventsListed;

export function isApiEvent(value: unknown): value is ApiEvent {
  return typeof value === 'string' && (API_EVENTS as readonly string[]).includes(value);
}

/** One event as it travels (IPC message or SSE data line). */
export interface EventEnvelope<E extends ApiEvent = ApiEvent> {
  event: E;
  payload: ApiEvents[E];
}

// ── What the renderer sees ───────────────────────────────────────────────────

export type PickKind = 'bundle-archive' | 'bundle-folder' | 'trust-roots';

/** The object the screens use, whatever the transport. */
export interface WorkstationApi {
  readonly transport: 'electron' | 'web';
  call<M extends ApiMethod>(method: M, request: ApiRequest<M>): Promise<Result<ApiResponse<M>>>;
  /** Listens to a pushed event; returns the function that stops listening. */
  subscribe<E extends ApiEvent>(event: E, listener: (payload: ApiEvents[E]) => void): () => void;
  /**
   * Turns a file the user dropped or picked in the page into a source the
   * engine can read: its path in Electron, an upload in web mode.
   */
  stageFile(file: File, onProgress?: (sent: number, total: number) => void): Promise<Result<FileSource>>;
  /** The native open dialog; `unsupported` in web mode. `null` when the user closed it. */
  pickPath(kind: PickKind): Promise<Result<FileSource | null>>;
  /**
   * Web mode only: saves a file the workstation offered (`delivery: 'download'`)
   * through the browser's downloads. The desktop app has none: its files are
   * written by the main process where the user chose in a save dialog.
   */
  download?(file: DeliveredFile): Promise<Result<void>>;
}

// ── Wire names ───────────────────────────────────────────────────────────────

/** IPC channel of a method: one channel per method, so main registers each explicitly. */
export function ipcChannel(method: ApiMethod): string {
  return `natalia:${method}`;
}

export const IPC_EVENT_CHANNEL = 'natalia:event';
export const IPC_PICK_CHANNEL = 'natalia:pick-path';

/** HTTP paths of the web transport. */
export const HTTP_PATHS = {
  /** POST with the launch token as Bearer, once -> Result<{session}>: the secret every other route needs. */
  session: '/api/session',
  /** POST JSON request -> JSON Result. */
  callPrefix: '/api/call/',
  /** GET -> text/event-stream of EventEnvelope. */
  events: '/api/events',
  /** POST raw bytes, X-File-Name header -> Result<FileSource>. */
  upload: '/api/upload',
  /** GET <downloadId> -> the file, as an attachment. */
  downloadPrefix: '/api/download/',
} as const;

/** Header carrying the uploaded file's name (URI-encoded). */
export const UPLOAD_NAME_HEADER = 'x-natalia-file-name';
