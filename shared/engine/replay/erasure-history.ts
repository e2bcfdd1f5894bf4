// Erasure history: each erasure followed request → execution → certificate →
// dump, with the time between steps and the GDPR art. 12(3) deadline. Built
// from the same facts as the cross-checks (crosscheck/erasure-facts.ts), per
// bundle of the replay scope; an erasure seen in several exports is shown
// once, from the newest.
import type { Finding } from '../../model/findings.js';
import type { EvidenceStore } from '../store/evidence-store.js';
import type { CheckContext } from '../crosscheck/context.js';
import { erasureSubjects, int, loadErasureFacts, parseObject, str, type ErasureFacts, type ErasureSubject } from '../crosscheck/erasure-facts.js';
import { gdprDeadlineMs } from '../crosscheck/calendar.js';
import { isRfc3339Ms } from '../time/rfc3339.js';
import { erasureTiming, remainingInDump } from '../crosscheck/erasure-execution-check.js';
import { installationKey, newestParts, replayScope, type ScopePart } from './scope.js';
import type { ErasureRecord, PendingErasure } from './types.js';

// A string until the catalog (shared/model/findings.ts) names it; the verifier raises it.
const OVERDUE_CODE: string = 'erasure.overdue';

const ERASURE_CODES = new Set<string>([
  'erasure.signature_invalid',
  'erasure.malformed_certificate',
  'erasure.audit_mismatch',
  'erasure.request_missing',
  'erasure.incomplete',
  'erasure.late',
  'dump.erasure_mismatch',
  'reveal.after_erasure',
  // Raised by the verifier for a request still pending past its deadline at export (crosscheck).
  OVERDUE_CODE,
]);

export function listErasures(store: EvidenceStore, scope: ScopePart[] = replayScope(store)): ErasureRecord[] {
  const out: ErasureRecord[] = [];
  const seen = new Set<string>();
  for (const part of scope) {
    const facts = loadErasureFacts(store.db, part.bundleId);
    const ctx = contextFor(store, part.bundleId);
    const hasDump = (store.db.prepare('SELECT count(*) AS n FROM dump_table_counts WHERE bundle_id = ?').get(part.bundleId) as { n: number }).n > 0;
    const findings = latestFindings(store, part.bundleId);
    for (const s of erasureSubjects(facts)) {
      if (part.beforeSeq !== null && s.execute && s.execute.seq >= part.beforeSeq) continue;
      // Certificate ids are per installation: two installations may both have ERC-2026-000017.
      const key = `${installationKey(part)}\u0000${s.certificate_id ?? `${s.ext_pseudonym}@${s.executed_ms}`}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(record(store, part, facts, s, ctx, hasDump, findings));
    }
  }
  return out.sort(
    (a, b) =>
      (a.execution?.ts ?? '').localeCompare(b.execution?.ts ?? '') ||
      (a.certificateId ?? '').localeCompare(b.certificateId ?? '') ||
      (a.installationId ?? '').localeCompare(b.installationId ?? ''),
  );
}

const DAY_MS = 86_400_000;

/**
 * Erasure requests with no execution by `atMs` (default, and at most: each
 * installation's newest export, the last moment the evidence speaks of), with the GDPR
 * art. 12(3) deadline from their receipt and the days left at that time.
 * Keyed by installation: the request at seq 62 of one appliance says nothing
 * of seq 62 of another. `erasures` lists the executed ones (listErasures).
 */
export function pendingErasures(store: EvidenceStore, scope: ScopePart[] = replayScope(store), atMs?: number, erasures: ErasureRecord[] = listErasures(store, scope)): PendingErasure[] {
  const executed = new Set<string>();
  const exportOf = new Map<string, number | null>();
  for (const p of newestParts(scope)) exportOf.set(installationKey(p), store.bundle(p.bundleId)?.exported_ms ?? null);
  const db = store.db;
  const reqQ = db.prepare(
    // Named index: the planner would walk every entry up to T on the time index to find a few requests.
    `SELECT seq, ts, ts_ms, target, details, file, line FROM audit_entries INDEXED BY audit_entries_action
     WHERE bundle_id = ? AND action = 'erasure.request' AND outcome = 'success' AND (? IS NULL OR ts_ms <= ?) AND (? IS NULL OR seq < ?) ORDER BY seq`,
  );
  const out: PendingErasure[] = [];
  for (const p of scope) {
    const inst = installationKey(p);
    // Nothing is known after the export: a T past it is the state at export.
    const exported = exportOf.get(inst) ?? null;
    const asOf = atMs === undefined ? exported : exported === null ? atMs : Math.min(atMs, exported);
    for (const e of erasures) {
      if (installationKey(e) !== inst || e.request?.seq === undefined) continue;
      const when = e.execution?.ts !== undefined ? Date.parse(e.execution.ts) : NaN;
      if (asOf === null || (Number.isFinite(when) && when <= asOf)) executed.add(`${inst}\u0000${e.request.seq}`);
    }
    const findings = latestFindings(store, p.bundleId).filter((f) => f.code === OVERDUE_CODE);
    for (const r of reqQ.iterate(p.bundleId, asOf, asOf, p.beforeSeq, p.beforeSeq) as IterableIterator<{
      seq: number;
      ts: string;
      target: string;
      details: string;
      file: string;
      line: number;
    }>) {
      if (executed.has(`${inst}\u0000${r.seq}`)) continue;
      const d = parseObject(r.details);
      const receivedAt = typeof d.received_at === 'string' && isRfc3339Ms(d.received_at) ? d.received_at : undefined;
      const dueMs = receivedAt !== undefined ? gdprDeadlineMs(Date.parse(receivedAt)) : undefined;
      out.push({
        bundleId: p.bundleId,
        installationId: p.installationId,
        seq: r.seq,
        ts: r.ts,
        target: r.target,
        reference: typeof d.request_ref === 'string' ? d.request_ref : undefined,
        receivedAt,
        asOf: asOf !== null ? new Date(asOf).toISOString() : r.ts,
        ...(dueMs !== undefined && asOf !== null
          ? { dueBefore: new Date(dueMs).toISOString(), daysLeft: Math.floor((dueMs - asOf) / DAY_MS), overdue: asOf >= dueMs }
          : {}),
        file: r.file,
        line: r.line,
        findings: findings.filter((f) => f.seq === r.seq),
      });
    }
  }
  return out.sort((a, b) => a.ts.localeCompare(b.ts) || (a.installationId ?? '').localeCompare(b.installationId ?? '') || a.seq - b.seq);
}

function contextFor(store: EvidenceStore, bundleId: number): CheckContext {
  return {
    db: store.db,
    bundleId,
    range: store.auditRange(bundleId),
    exportedMs: store.bundle(bundleId)?.exported_ms ?? null,
    installationId: store.bundle(bundleId)?.installation_id ?? undefined,
    files: { dump: 'data/db/natalia.sql', certificates: [] },
  };
}

function latestFindings(store: EvidenceStore, bundleId: number): Finding[] {
  const v = store.db.prepare('SELECT id FROM verifications WHERE bundle_id = ? ORDER BY id DESC LIMIT 1').get(bundleId) as { id: number } | undefined;
  if (!v) return [];
  return (store.db.prepare('SELECT json FROM findings WHERE verification_id = ?').all(v.id) as { json: string }[])
    .map((r) => JSON.parse(r.json) as Finding)
    .filter((f) => ERASURE_CODES.has(f.code));
}

function record(
  store: EvidenceStore,
  part: ScopePart,
  facts: ErasureFacts,
  s: ErasureSubject,
  ctx: CheckContext,
  hasDump: boolean,
  findings: Finding[],
): ErasureRecord {
  const bundleId = part.bundleId;
  const c = s.certificate?.json;
  const x = s.execute;
  const reqSeq = x && typeof x.details.request_seq === 'number' ? x.details.request_seq : c ? int(c, 'request.audit_seq') : undefined;
  const req = reqSeq !== undefined ? facts.entryAt(reqSeq) : undefined;
  const reqEntry = req && req.action === 'erasure.request' ? req : undefined;
  const first = ctx.range?.first_seq ?? null;
  const timing = erasureTiming(facts, s);
  const issuedAt = c ? str(c, 'issued_at') : undefined;
  const ms = (t: string | undefined) => (t !== undefined && Number.isFinite(Date.parse(t)) ? Date.parse(t) : undefined);
  const diff = (a: string | undefined, b: string | undefined) => {
    const x1 = ms(a);
    const x2 = ms(b);
    return x1 !== undefined && x2 !== undefined ? x2 - x1 : undefined;
  };
  let dump: ErasureRecord['dump'] = { status: 'not_checked', erasuresRow: 'not_checked' };
  if (hasDump) {
    const remaining = remainingInDump(ctx, s);
    const { line: _line, ...counts } = remaining;
    const row = s.certificate_id
      ? store.db.prepare('SELECT 1 FROM dump_erasures WHERE bundle_id = ? AND certificate_id = ? LIMIT 1').get(bundleId, s.certificate_id)
      : undefined;
    dump = {
      status: counts.extension + counts.cdr + counts.reveals > 0 ? 'data_remains' : 'erased',
      remaining: counts,
      erasuresRow: s.certificate_id ? (row ? 'present' : 'missing') : 'not_checked',
    };
  }
  const related = findings.filter(
    (f) => (s.certificate_id !== undefined && f.certificate_id === s.certificate_id) || (x !== undefined && f.seq === x.seq),
  );
  return {
    bundleId,
    installationId: part.installationId,
    certificateId: s.certificate_id,
    tenant: s.tenant,
    subject: {
      extensionId: s.extension_id,
      pseudonym: s.ext_pseudonym,
      label: c ? str(c, 'subject.label') : undefined,
      last4: c ? str(c, 'subject.last4') : undefined,
    },
    request: {
      seq: reqEntry?.seq ?? reqSeq,
      ts: reqEntry?.ts,
      file: reqEntry?.file,
      line: reqEntry?.line,
      reference: (reqEntry && typeof reqEntry.details.request_ref === 'string' ? reqEntry.details.request_ref : undefined) ?? (c ? str(c, 'request.reference') : undefined),
      receivedAt: timing.receivedAt,
      requestedBy: (reqEntry && typeof reqEntry.details.requested_by === 'string' ? reqEntry.details.requested_by : undefined) ?? (c ? str(c, 'request.requested_by') : undefined),
      channel: (reqEntry && typeof reqEntry.details.channel === 'string' ? reqEntry.details.channel : undefined) ?? (c ? str(c, 'request.channel') : undefined),
      purged: reqSeq !== undefined && first !== null && reqSeq < first,
    },
    execution: {
      seq: x?.seq ?? (c ? int(c, 'execution.audit_seq') : undefined),
      ts: timing.executedAt,
      file: x?.file,
      line: x?.line,
      actor: x?.actor ?? (c ? str(c, 'execution.executed_by') : undefined),
      motive: x?.motive ?? (c ? str(c, 'execution.motive') : undefined),
      cdrDeleted: x && typeof x.details.cdr_deleted === 'number' ? x.details.cdr_deleted : c ? int(c, 'execution.deleted.cdr') : undefined,
      revealsDeleted: x && typeof x.details.reveals_deleted === 'number' ? x.details.reveals_deleted : c ? int(c, 'execution.deleted.reveals') : undefined,
      outcome: x?.outcome,
    },
    certificate: s.certificate ? { file: s.certificate.file, issuedAt, signature: s.certificate.signature } : undefined,
    dump,
    timings: {
      requestToExecutionMs: reqEntry && x ? diff(reqEntry.ts, x.ts) : undefined,
      receivedToExecutionMs: diff(timing.receivedAt, timing.executedAt),
      executionToCertificateMs: diff(timing.executedAt, issuedAt),
      dueBefore: timing.dueMs !== undefined ? new Date(timing.dueMs).toISOString() : undefined,
      late: timing.dueMs !== undefined ? timing.late : undefined,
    },
    findings: related,
  };
}
