// The erasure view (shared/model/erasure-view.ts), computed once from the
// replay's records: each erasure's path with its marks and deadline, each
// request not executed with its days left. The API hands it to the Erasures
// and Replay screens; `natalia-audit erasures` and `replay` print it. Every
// judgement in it (late, overdue, a signature or dump that failed) is the
// replay's; this only names it the way every face shows it.
import type { ErasurePath, Mark, PendingErasureView } from '../../model/erasure-view.js';
import { erasureSubject } from '../../model/review-subject.js';
import type { EvidenceStore } from '../store/evidence-store.js';
import { listErasures, pendingErasures } from './erasure-history.js';
import type { ScopePart } from './scope.js';
import type { ErasureRecord, PendingErasure } from './types.js';

const SIGNATURE_MARK: Record<'valid' | 'invalid' | 'unknown_key' | 'malformed', Mark> = {
  valid: 'ok',
  invalid: 'failed',
  unknown_key: 'failed',
  malformed: 'failed',
};

/** The deadline's last instant: one millisecond before the first instant past it. */
function lastInstant(dueBefore: string | undefined): string | undefined {
  return dueBefore !== undefined && Number.isFinite(Date.parse(dueBefore)) ? new Date(Date.parse(dueBefore) - 1).toISOString() : undefined;
}

/**
 * One erasure as the faces show it: request, execution, certificate, dump, deadline. With `reviewInstallation`
 * (the installation part of the bundle's review keys), its review subject key.
 */
export function erasureView(r: ErasureRecord, reviewInstallation?: string): ErasurePath {
  return {
    ...(r.installationId !== null ? { installationId: r.installationId } : {}),
    certificateId: r.certificateId ?? `erasure at seq ${r.execution?.seq ?? '?'}`,
    hasCertificateId: r.certificateId !== undefined,
    tenant: r.tenant ?? '',
    subject: { extensionId: r.subject.extensionId, label: r.subject.label, pseudonym: r.subject.pseudonym },
    request:
      r.request && (r.request.seq !== undefined || r.request.receivedAt !== undefined || r.request.reference !== undefined)
        ? { seq: r.request.ts !== undefined ? r.request.seq : undefined, reference: r.request.reference, receivedAt: r.request.receivedAt, requestedBy: r.request.requestedBy, channel: r.request.channel }
        : undefined,
    execution:
      r.execution && (r.execution.seq !== undefined || r.execution.ts !== undefined)
        ? { seq: r.execution.file !== undefined ? r.execution.seq : undefined, executedAt: r.execution.ts, executedBy: r.execution.actor, motive: r.execution.motive }
        : undefined,
    certificate: {
      file: r.certificate?.file,
      signature: r.certificate ? SIGNATURE_MARK[r.certificate.signature] : 'not_checked',
      matchesAudit: !r.certificate ? 'not_checked' : r.findings.some((f) => f.code === 'erasure.audit_mismatch') ? 'failed' : 'ok',
    },
    dump: {
      status: r.dump.status === 'erased' ? 'ok' : r.dump.status === 'data_remains' ? 'failed' : 'not_checked',
      remaining: r.dump.remaining,
    },
    deadline: {
      receivedAt: r.request?.receivedAt,
      dueAt: lastInstant(r.timings.dueBefore),
      dueBefore: r.timings.dueBefore,
      executedAt: r.execution?.ts,
      status: r.timings.late === true ? 'late' : r.timings.late === false ? 'on_time' : 'unknown',
    },
    findings: r.findings,
    ...(reviewInstallation !== undefined && r.certificateId ? { reviewSubject: erasureSubject(reviewInstallation, r.certificateId) } : {}),
  };
}

/** One request not executed, as the faces show it (the Erasures screen and `erasures` at export, the Replay screen and `replay` at T). */
export function pendingErasureView(p: PendingErasure): PendingErasureView {
  return {
    ...(p.installationId !== null ? { installationId: p.installationId } : {}),
    seq: p.seq,
    recordedAt: p.ts,
    target: p.target,
    reference: p.reference,
    receivedAt: p.receivedAt,
    dueAt: lastInstant(p.dueBefore),
    dueBefore: p.dueBefore,
    daysLeft: p.daysLeft,
    status: p.overdue === true ? 'overdue' : p.overdue === false ? 'open' : 'unknown',
    asOf: p.asOf,
    findings: p.findings,
  };
}

/** The erasures of a scope and its requests not executed at export, as the faces show them. */
export function erasureViews(store: EvidenceStore, scope: ScopePart[], reviewInstallation?: string): { erasures: ErasurePath[]; pending: PendingErasureView[] } {
  const records = listErasures(store, scope);
  return {
    erasures: records.map((r) => erasureView(r, reviewInstallation)),
    pending: pendingErasures(store, scope, undefined, records).map(pendingErasureView),
  };
}
