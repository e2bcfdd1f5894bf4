// The erasure view: what the faces show of each erasure and of each request
// not executed (status, deadline, days left, the certificate's and the dump's
// marks). Computed once, by engine/replay/erasure-view.ts, from the replay's
// records; the Erasures and Replay screens get it through the API contract,
// which re-exports these types, and `natalia-audit erasures` and `replay`
// print it.
import type { Finding } from './findings.js';

/** Result of one check on one entry. */
export type Mark = 'ok' | 'failed' | 'not_checked';

export type DeadlineStatus = 'on_time' | 'late' | 'unknown';

export interface ErasurePath {
  /** The appliance whose certificate this is: certificate and extension ids are each installation's own. */
  installationId?: string;
  /** The certificate id, or (none in the evidence) `erasure at seq N`. */
  certificateId: string;
  /** False when the evidence names no certificate id (certificateId then says which erasure it is). */
  hasCertificateId: boolean;
  tenant: string;
  subject: { extensionId?: number; label?: string; pseudonym?: string };
  request?: { seq?: number; reference?: string; receivedAt?: string; requestedBy?: string; channel?: string };
  execution?: { seq?: number; executedAt?: string; executedBy?: string; motive?: string };
  certificate: { file?: string; signature: Mark; matchesAudit: Mark };
  /** Whether the dump no longer holds the erased data ('not_checked' when no dump). */
  dump: { status: Mark; remaining?: { extension: number; cdr: number; reveals: number } };
  deadline: {
    receivedAt?: string;
    /** The deadline's last instant. */
    dueAt?: string;
    /** The first instant past the deadline (dueAt plus one millisecond). */
    dueBefore?: string;
    executedAt?: string;
    status: DeadlineStatus;
  };
  findings: Finding[];
  /** The erasure's review subject key (erasure:INSTALLATION:CERTIFICATE), when it has a certificate id. */
  reviewSubject?: string;
}

/** An erasure request not executed at the bundle's export (or at T), with its one-month deadline (GDPR art. 12(3)). */
export interface PendingErasureView {
  installationId?: string;
  seq: number;
  /** When the appliance recorded the request. */
  recordedAt: string;
  /** Whose erasure was requested: the request entry's target. */
  target: string;
  reference?: string;
  receivedAt?: string;
  /** The deadline's last instant (unknown without a receipt time). */
  dueAt?: string;
  /** The first instant past the deadline. */
  dueBefore?: string;
  /** Whole days left at the time it is pending at; negative once past the deadline. */
  daysLeft?: number;
  status: 'open' | 'overdue' | 'unknown';
  /** The time the request is pending at: the export, or T. */
  asOf: string;
  findings: Finding[];
}
