// The facts of an erasure report: everything the PDF says, as data. The JSON
// twin is exactly this object; the PDF only puts it into words (French or
// English). Language-neutral: sentences are made by the renderer from ids,
// statuses and values.
import type { FindingCode } from '../../../model/findings.js';
import type { TrustSourceKind } from '../../../model/verification.js';
import type { DeadlineFacts } from './deadline.js';

export const ERASURE_REPORT_FORMAT = 'natalia-audit.erasure-report.v1';

export type FactStatus = 'passed' | 'failed' | 'not_provided';

export type ErasureCheckId =
  | 'bundle_integrity'
  | 'certificate_signature'
  | 'audit_log_integrity'
  | 'audit_entries'
  | 'dump_absence'
  | 'dump_register'
  | 'deadline';

export interface FindingRef {
  code: FindingCode;
  message: string;
  file?: string;
  line?: number;
  seq?: number;
}

export interface ErasureCheck {
  id: ErasureCheckId;
  status: FactStatus;
  /** Values the sentence about this check is made from. */
  values: Record<string, string | number | boolean | null>;
  findings: FindingRef[];
}

export type ActionKind =
  | 'request_received'
  | 'request_recorded'
  | 'extension_notified'
  | 'erasure_executed'
  | 'certificate_issued'
  | 'evidence_exported'
  | 'report_reviewed';

export interface ErasureAction {
  at: string;
  kind: ActionKind;
  actor?: string;
  role?: string;
  audit_seq?: number;
  audit_hash?: string;
  /** Free text from the evidence (channel, motive, bundle name). */
  detail?: string;
}

export interface EvidenceFile {
  /** `bundle` for the bundle as imported, else the bag-relative path. */
  role: 'bundle' | 'certificate' | 'audit_log' | 'audit_log_jsonl' | 'audit_seal' | 'dump' | 'license' | 'bundle_signature';
  bundle: string;
  file: string;
  sha256?: string;
}

/** What an erasure's verdict rests on: where the vendor roots came from, and which of them vouched for the evidence. */
export interface ErasureTrust {
  /** `not_recorded`: the bundle was verified by a version that did not record it. */
  source: TrustSourceKind | 'not_recorded';
  /** The trust store or file, as the user knows it. */
  location: string;
  /** Roots that signed a trusted license of the bundle (the anchors of its audit keys); empty when none did. */
  anchors: { kid: string; label?: string; fingerprint?: string }[];
}

export interface OneErasure {
  certificate_id: string;
  certificate_file: string;
  tenant?: string;
  installation_id?: string;
  subject: { extension_id?: number; ext_pseudonym?: string; label?: string; last4?: string };
  request: { reference?: string; received_at?: string; requested_by?: string; channel?: string; audit_seq?: number };
  execution: { executed_at?: string; executed_by?: string; motive?: string; audit_seq?: number; audit_hash?: string };
  deleted: { cdr?: number; reveals?: number; extension?: number };
  method?: string;
  issued_at?: string;
  signed_by_kid?: string;
  bundle: { name: string; sha256?: string; exported_at?: string; exported_by?: string };
  trust: ErasureTrust;
  actions: ErasureAction[];
  checks: ErasureCheck[];
  deadline: DeadlineFacts;
  /** passed: every check passed; failed: at least one failed; incomplete: none failed, some not provided. */
  conclusion: 'passed' | 'failed' | 'incomplete';
}

export type LimitKey = 'backups' | 'copies_outside' | 'dump_moment' | 'appliance_records' | 'kept_by_design' | 'identity_check' | 'request_purged';

export interface ErasureReportFacts {
  format: typeof ERASURE_REPORT_FORMAT;
  report_id: string;
  scope: { kind: 'certificate'; certificate_id: string } | { kind: 'subject'; ext_pseudonym: string };
  /** The case by the name its user knows (the JSON twin keeps its internal id too; the PDF prints only the name). */
  case: { id: string; name?: string };
  /** The day the report was made (YYYY-MM-DD, UTC), given by whoever makes it: the same day and inputs give the same bytes. */
  generated_on?: string;
  /** Who the report speaks for, as set once in the case (case/case-parties.ts); null when not set. */
  controller?: string | null;
  dpo?: { name: string; contact?: string } | null;
  /** The latest time among the inputs: the facts' date, the signature's and the PDF's dates. */
  as_of: string;
  erasures: OneErasure[];
  evidence: EvidenceFile[];
  review: { reviewer: string; reviewed_at: string; note?: string } | null;
  /** What the evidence does not prove, in order. */
  limits: LimitKey[];
  /** The workstation key that signs the report, when known. */
  signer?: { kid: string; fingerprint?: string };
  workstation_version?: string;
}
