// What the replay answers: reveal and erasure history, and the state of an
// installation at a time T. Pure types (the API layer maps them to screens).
import type { Finding, Severity } from '../../model/findings.js';

export interface RevealEvent {
  bundleId: number;
  /** The appliance the entry comes from: seqs, ids and pseudonyms are each installation's own. */
  installationId: string | null;
  seq: number;
  ts: string;
  tenant: string;
  actor: string;
  role: string;
  outcome: string;
  motive: string;
  /** From the target `cdr:<id>`. */
  cdrId: string | null;
  revealId: string | null;
  field: string | null;
  phonePseudonym: string | null;
  last4: string | null;
  alertSentTo: string[];
  extensionId: number | null;
  /** Where the audit entry was read. */
  file: string;
  line: number;
  /** Line of the register row that cites this entry, when the register has one. */
  registerLine: number | null;
}

export interface RevealFilter {
  tenant?: string;
  actor?: string;
  phonePseudonym?: string;
  extensionId?: number;
  /** Inclusive lower bound (RFC 3339). */
  from?: string;
  /** As of T: reveals at or before this time (RFC 3339). */
  at?: string;
  /** Only successful reveals (default true: a denied attempt revealed nothing). */
  successfulOnly?: boolean;
}

export type ReviewKind = 'off_hours' | 'burst' | 'repeated_number' | 'reused_motive' | 'actor_not_entitled' | 'no_alert' | 'refused_reveal';

/**
 * Advice for a reviewer reading break-the-glass reveals: patterns worth a
 * look, NOT spec findings (nothing here means the evidence is wrong).
 */
export interface ReviewItem {
  /** Stable id: kind and the first seq concerned. */
  id: string;
  kind: ReviewKind;
  severity: Extract<Severity, 'low' | 'info'>;
  title: string;
  /** Plain words: what was seen and what to check. */
  message: string;
  bundleId: number;
  installationId: string | null;
  seq: number;
  ts: string;
  actor?: string;
  tenant?: string;
  revealId?: string;
  /** Other reveals of the same pattern (bursts, repeats, reused motives). */
  relatedSeqs?: number[];
  file?: string;
  line?: number;
}

export interface ErasureStep {
  seq?: number;
  ts?: string;
  file?: string;
  line?: number;
}

export interface ErasureRecord {
  bundleId: number;
  /** Certificate ids and extension ids are an installation's own: two appliances may both have ERC-2026-000017. */
  installationId: string | null;
  certificateId?: string;
  tenant?: string;
  subject: { extensionId?: number; pseudonym?: string; label?: string; last4?: string };
  request?: ErasureStep & { reference?: string; receivedAt?: string; requestedBy?: string; channel?: string; purged?: boolean };
  execution?: ErasureStep & { actor?: string; motive?: string; cdrDeleted?: number; revealsDeleted?: number; outcome?: string };
  certificate?: { file: string; issuedAt?: string; signature: 'valid' | 'invalid' | 'unknown_key' | 'malformed' };
  /** What the dump of the same bundle still holds of the subject ('not_checked' without a dump). */
  dump: { status: 'erased' | 'data_remains' | 'not_checked'; remaining?: { extension: number; cdr: number; reveals: number }; erasuresRow: 'present' | 'missing' | 'not_checked' };
  timings: {
    /** erasure.request entry → erasure.execute entry. */
    requestToExecutionMs?: number;
    /** received_at (the data subject's request) → execution. */
    receivedToExecutionMs?: number;
    /** execution → certificate issued_at. */
    executionToCertificateMs?: number;
    /** GDPR art. 12(3): the first instant past the one-month deadline. */
    dueBefore?: string;
    late?: boolean;
  };
  /** Findings of the bundle's latest verification about this erasure. */
  findings: Finding[];
}

export interface ExtensionState {
  installationId: string | null;
  id: number | null;
  tenant: string | null;
  pseudonym: string | null;
  label: string | null;
  last4: string | null;
  createdAt: string | null;
  /** Set when the extension was erased at or before T. */
  erasedAt?: string;
  certificateId?: string;
}

export interface UserState {
  installationId: string | null;
  username: string;
  tenant: string;
  role: string | null;
  disabled: boolean;
  /** Where the user's existence is known from: the audit log, or the dump's users table (its user.create purged). */
  source: 'audit' | 'dump';
}

/**
 * An erasure request with no execution by a time (the export, or T), with
 * the GDPR art. 12(3) one-month deadline counted from its receipt.
 */
export interface PendingErasure {
  bundleId: number;
  installationId: string | null;
  seq: number;
  ts: string;
  target: string;
  reference?: string;
  receivedAt?: string;
  /** The first instant past the deadline (unknown without a receipt time). */
  dueBefore?: string;
  /** Whole days from the time asked about to the deadline's last day; negative once past it. */
  daysLeft?: number;
  /** Past the deadline at the time asked about. */
  overdue?: boolean;
  /** The time the request is pending at: the export, or T. */
  asOf: string;
  file?: string;
  line?: number;
  /** erasure.overdue findings of the bundle's latest verification about this request. */
  findings: Finding[];
}

export interface StateAt {
  at: string;
  /** Bundles the state was read from. */
  bundleIds: number[];
  /** Notes on what the evidence cannot say about T (before its first entry, after its export...). */
  notes: string[];
  extensions: ExtensionState[];
  erased: ExtensionState[];
  pendingErasures: PendingErasure[];
  users: UserState[];
  reveals: {
    count: number;
    byActor: { installationId: string | null; actor: string; count: number }[];
    byTenant: { installationId: string | null; tenant: string; count: number }[];
    latest: RevealEvent[];
  };
}
