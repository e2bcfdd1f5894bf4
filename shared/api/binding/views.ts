// The Erasures, License and Custody screens' data, read from the
// case: the evidence the import stored, the verdict the engine saved, and the
// replay (engine/replay: erasure history, review advice). Counting, joining
// and renaming only; every judgement (late, incomplete, mismatch...) comes
// from the engine, never re-derived here.
import type Database from 'better-sqlite3';
import { erasureSubject } from '../../model/review-subject.js';
import type { VerificationResult } from '../../model/verification.js';
import type { CustodyRecord } from '../../engine/case/custody-log.js';
import { listErasures, pendingErasures } from '../../engine/replay/erasure-history.js';
import { replayScope } from '../../engine/replay/scope.js';
import type { ErasureRecord, PendingErasure } from '../../engine/replay/types.js';
import type { EvidenceStore } from '../../engine/store/evidence-store.js';
import { licenseEntries } from '../../engine/store/license-entries.js';
import { wordsOf } from '../words.js';
import type {
  CallLanguage,
  CustodyEntry,
  ErasurePath,
  LicenseEvent,
  LicenseView,
  Mark,
  PendingErasureView,
} from '../contract.js';

const SIGNATURE_MARK: Record<'valid' | 'invalid' | 'unknown_key' | 'malformed', Mark> = {
  valid: 'ok',
  invalid: 'failed',
  unknown_key: 'failed',
  malformed: 'failed',
};

/** Each erasure's path as the replay follows it (request, execution, certificate, dump, deadline). */
export function erasurePaths(store: EvidenceStore, bundleId: number, installation?: string): ErasurePath[] {
  return listErasures(store, replayScope(store, { bundleId })).map((r: ErasureRecord) => {
    const due = r.timings.dueBefore !== undefined && Number.isFinite(Date.parse(r.timings.dueBefore)) ? new Date(Date.parse(r.timings.dueBefore) - 1).toISOString() : undefined;
    return {
      ...(r.installationId !== null ? { installationId: r.installationId } : {}),
      certificateId: r.certificateId ?? `erasure at seq ${r.execution?.seq ?? '?'}`,
      tenant: r.tenant ?? '',
      subject: { extensionId: r.subject.extensionId, label: r.subject.label, pseudonym: r.subject.pseudonym },
      request: r.request && (r.request.seq !== undefined || r.request.receivedAt !== undefined || r.request.reference !== undefined)
        ? { seq: r.request.ts !== undefined ? r.request.seq : undefined, reference: r.request.reference, receivedAt: r.request.receivedAt, requestedBy: r.request.requestedBy, channel: r.request.channel }
        : undefined,
      execution: r.execution && (r.execution.seq !== undefined || r.execution.ts !== undefined)
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
        dueAt: due,
        executedAt: r.execution?.ts,
        status: r.timings.late === true ? 'late' : r.timings.late === false ? 'on_time' : 'unknown',
      },
      findings: r.findings,
      ...(installation !== undefined && r.certificateId ? { reviewSubject: erasureSubject(installation, r.certificateId) } : {}),
    };
  });
}

/** The bundle's erasure requests not executed at its export, with their deadline (engine: pendingErasures). */
export function pendingErasureViews(store: EvidenceStore, bundleId: number): PendingErasureView[] {
  return pendingErasures(store, replayScope(store, { bundleId })).map(pendingErasureView);
}

/** One pending request as the screens show it (the Erasures screen at export, the Replay screen at T). */
export function pendingErasureView(p: PendingErasure): PendingErasureView {
  return {
    ...(p.installationId !== null ? { installationId: p.installationId } : {}),
    seq: p.seq,
    recordedAt: p.ts,
    reference: p.reference,
    receivedAt: p.receivedAt,
    // The last instant of the deadline, as the erasure paths show it.
    dueAt: p.dueBefore !== undefined ? new Date(Date.parse(p.dueBefore) - 1).toISOString() : undefined,
    daysLeft: p.daysLeft,
    status: p.overdue === true ? 'overdue' : p.overdue === false ? 'open' : 'unknown',
    asOf: p.asOf,
    findings: p.findings,
  };
}

export function licenseView(db: Database.Database, bundleId: number, result: VerificationResult): LicenseView {
  const rows = licenseEntries(db, bundleId, 1000);
  const events: LicenseEvent[] = rows.map((r) => {
    let id: string | undefined = r.target.startsWith('license:') ? r.target.slice(8) : undefined;
    try {
      const d = JSON.parse(r.details) as { license_id?: unknown };
      if (typeof d.license_id === 'string') id = d.license_id;
    } catch {
      /* the target says enough */
    }
    return { seq: r.seq, ts: r.ts, action: r.action, licenseId: id };
  });
  return { exportedAt: result.exported_at, licenses: result.licenses, events };
}

/** The custody log with each entry's actor and sentence in `lang` (shared/api/words.ts); the record itself is as stored. */
export function custodyEntries(records: CustodyRecord[], lang?: CallLanguage): CustodyEntry[] {
  const w = wordsOf(lang).custody;
  return records.map((r) => ({
    ts: r.ts,
    actor: w.actor({ user: r.os_user, host: r.host, version: r.workstation_version }),
    action: r.action,
    summary: (w.action[r.action] ?? (() => r.action))(r.details),
    details: r.details,
    hash: r.hash,
  }));
}
