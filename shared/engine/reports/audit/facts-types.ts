// What the findings report states: its JSON twin is exactly this object, the
// PDF puts it into French or English words. Plain data, every value read
// from the case (verification results, replay, review, custody).
import type { Severity } from '../../../model/findings.js';
import type { CheckStatus, LicenseSummary } from '../../../model/verification.js';
import type { Decision, SubjectKind } from '../../../model/review-subject.js';

export const AUDIT_REPORT_FORMAT = 'natalia-audit.audit-report.v1';

export interface ReportDecision {
  decision: Decision;
  reason?: string;
  reviewer: string;
  at: string;
}

export interface ReportComment {
  text: string;
  reviewer: string;
  at: string;
}

export interface ReportFinding {
  subject: string;
  code: string;
  severity: Severity;
  title: string;
  /** What it means, in the catalog's words. */
  meaning: string;
  message: string;
  file?: string;
  line?: number;
  seq?: number;
  certificate_id?: string;
  reveal_id?: string;
  decision?: ReportDecision;
  comments: ReportComment[];
}

export interface ReportBundle {
  name: string;
  form: string;
  /** The archive's SHA-256 (a folder has none: its files are in the manifest the tag manifest hash binds). */
  sha256?: string;
  tagmanifest_sha256?: string;
  installation_id?: string;
  exported_at?: string;
  verdict: string;
  trust: { source: string; roots: { kid: string; label?: string; fingerprint?: string }[] };
  checks: { id: string; status: CheckStatus; summary: string; findings?: number }[];
  finding_counts: Record<Severity, number>;
  /** Findings above info, most severe first. */
  findings: ReportFinding[];
  licenses: Pick<LicenseSummary, 'file' | 'license_id' | 'customer' | 'status_at_export' | 'expires_at' | 'trusted'>[];
  audit: { entries: number; first_seq?: number; last_seq?: number; first_ts?: string; last_ts?: string };
}

export interface ReportReviewItem {
  subject: string;
  kind: SubjectKind;
  title: string;
  severity?: Severity;
  description: string;
  seq?: number;
  ts?: string;
  decision?: ReportDecision;
  /** Earlier decisions, oldest first. */
  earlier: ReportDecision[];
  comments: ReportComment[];
  tags: string[];
}

export interface ReportErasure {
  installation?: string;
  certificate_id: string;
  tenant?: string;
  received_at?: string;
  due_before?: string;
  executed_at?: string;
  status: 'on_time' | 'late' | 'unknown';
  findings: number;
}

export interface AuditReportFacts {
  format: typeof AUDIT_REPORT_FORMAT;
  report_id: string;
  /** `name`: the case file's name, as the auditor named the case. */
  case: { id: string; name?: string };
  /** The latest time among the inputs: the report's date and its signature's. */
  as_of: string;
  workstation_version: string;
  /** The workstation key that signs the report, and its public key's SHA-256 for the recipient to compare. */
  signer: { kid: string; fingerprint?: string };
  bundles: ReportBundle[];
  review: {
    /** Findings and review items with a decision. */
    decided: ReportReviewItem[];
    /** Findings above info and review items without one. */
    undecided: ReportReviewItem[];
    /** Erasures and entries with comments or tags (no decision applies). */
    annotated: ReportReviewItem[];
    /** Reviews kept for keys no bundle of the case shows now. */
    orphaned: number;
  };
  reveals: {
    total: number;
    by_actor: { actor: string; reveals: number; off_hours: number }[];
    off_hours: number;
    repeated_numbers: number;
    items_by_kind: Record<string, number>;
  };
  erasures: ReportErasure[];
  custody: {
    intact: boolean;
    /** Entries up to the last one that changed the evidence or the review (report entries are not counted: making this report adds some). */
    entries: number;
    last_seq: number;
    last_hash: string;
    last_at: string;
    actions: Record<string, number>;
  };
  annex?: { tag: string; items: ReportReviewItem[] };
  limits: string[];
}
