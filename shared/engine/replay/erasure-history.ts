// Erasure history: each erasure followed request → execution → certificate →
// dump, with the time between steps and the GDPR art. 12(3) deadline. Built
// from the same facts as the cross-checks (crosscheck/erasure-facts.ts), per
// bundle of the replay scope; an erasure seen in several exports is shown
// once, from the newest.
import type { Finding } from '../../model/findings.js';
import type { EvidenceStore } from '../store/evidence-store.js';
import type { CheckContext } from '../crosscheck/context.js';
import { erasureSubjects, int, loadErasureFacts, str, type ErasureFacts, type ErasureSubject } from '../crosscheck/erasure-facts.js';
import { erasureTiming, remainingInDump } from '../crosscheck/erasure-execution-check.js';
import { replayScope, type ScopePart } from './scope.js';
import type { ErasureRecord } from './types.js';

const ERASURE_CODES = new Set([
  'erasure.signature_invalid',
  'erasure.malformed_certificate',
  'erasure.audit_mismatch',
  'erasure.request_missing',
  'erasure.incomplete',
  'erasure.late',
  'dump.erasure_mismatch',
  'reveal.after_erasure',
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
      const key = `${part.installationId ?? `#${part.bundleId}`}\u0000${s.certificate_id ?? `${s.ext_pseudonym}@${s.executed_ms}`}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(record(store, part.bundleId, facts, s, ctx, hasDump, findings));
    }
  }
  return out.sort((a, b) => (a.execution?.ts ?? '').localeCompare(b.execution?.ts ?? '') || (a.certificateId ?? '').localeCompare(b.certificateId ?? ''));
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
  bundleId: number,
  facts: ErasureFacts,
  s: ErasureSubject,
  ctx: CheckContext,
  hasDump: boolean,
  findings: Finding[],
): ErasureRecord {
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
