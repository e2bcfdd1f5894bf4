// How each erasure was carried out (spec §2.6, §4, §5):
//  - erasure.request_missing: an erasure.execute whose request_seq does not
//    name an earlier erasure.request for the same target (audit log alone);
//  - erasure.late: executed after the GDPR one-month deadline (calendar.ts);
//  - erasure.overdue: a request no successful execution cites by the export,
//    whose one-month deadline had passed at export (clarification 2026-12-07);
//  - erasure.incomplete: the dump still holds the erased extension, its CDRs
//    or their reveals.
//
// Retention: an erasure.request older than the exported range was purged
// with the audit head (spec §2.4); an execute citing it cannot be checked and
// is not a finding (the audit head check vouches for the purge).
import { parseSeq, type CheckContext } from './context.js';
import type { FindingList } from './finding-list.js';
import { str, type ErasureEntry, type ErasureFacts, type ErasureSubject } from './erasure-facts.js';
import { formatParis, gdprDeadlineMs } from './calendar.js';
import { isRfc3339Ms, toMs } from '../time/rfc3339.js';

export interface ExecutionCheckStats {
  executes: number;
  /** Executes whose request was purged by audit retention (not checkable). */
  requestsBeforeRange: number;
  /** Erasures checked against the dump. */
  dumpChecked: number;
}

export function checkRequests(ctx: CheckContext, facts: ErasureFacts, out: FindingList): { requestsBeforeRange: number } {
  const first = ctx.range?.first_seq ?? null;
  let requestsBeforeRange = 0;
  for (const x of facts.executes) {
    const cited = x.details.request_seq;
    const seq = typeof cited === 'number' && Number.isSafeInteger(cited) ? cited : typeof cited === 'string' ? parseSeq(cited) : null;
    if (seq !== null && first !== null && seq < first) {
      requestsBeforeRange++;
      continue;
    }
    const problem = requestProblem(facts, x, seq, cited);
    if (!problem) continue;
    out.add({
      code: 'erasure.request_missing',
      file: x.file,
      line: x.line,
      seq: x.seq,
      certificate_id: typeof x.details.certificate_id === 'string' ? x.details.certificate_id : undefined,
      message: `The erasure.execute at seq ${x.seq} (${x.target}) ${problem}`,
      details: { request_seq: cited ?? null },
    });
  }
  return { requestsBeforeRange };
}

function requestProblem(facts: ErasureFacts, x: ErasureEntry, seq: number | null, cited: unknown): string | null {
  if (seq === null) return `cites no request (details.request_seq is ${JSON.stringify(cited ?? null)}).`;
  if (seq >= x.seq) return `cites request_seq ${seq}, which is not earlier than the execution itself.`;
  const r = facts.entryAt(seq);
  if (!r) return `cites request_seq ${seq}, but the audit log holds no erasure.request there.`;
  if (r.action !== 'erasure.request') return `cites request_seq ${seq}, which is a ${r.action} entry, not an erasure.request.`;
  if (r.target !== x.target) return `cites the erasure.request at seq ${seq}, which is for another subject (${r.target}).`;
  return null;
}

/** The request entry an execute cites, when it is a matching erasure.request. */
function citedRequest(facts: ErasureFacts, x: ErasureEntry): ErasureEntry | undefined {
  const cited = x.details.request_seq;
  if (typeof cited !== 'number') return undefined;
  const r = facts.entryAt(cited);
  return r && r.action === 'erasure.request' && r.target === x.target && r.seq < x.seq ? r : undefined;
}

export interface ErasureTiming {
  receivedAt?: string;
  executedAt?: string;
  dueMs?: number;
  late: boolean;
}

/** Received and executed times of an erasure, from its audit entries first, else its certificate. */
export function erasureTiming(facts: ErasureFacts, s: ErasureSubject): ErasureTiming {
  const req = s.execute ? citedRequest(facts, s.execute) : undefined;
  const fromReq = req ? req.details.received_at : undefined;
  const receivedAt =
    typeof fromReq === 'string' && isRfc3339Ms(fromReq) ? fromReq : s.certificate ? str(s.certificate.json, 'request.received_at') : undefined;
  const executedAt = s.execute?.ts ?? (s.certificate ? str(s.certificate.json, 'execution.executed_at') : undefined);
  if (!isRfc3339Ms(receivedAt) || !isRfc3339Ms(executedAt)) return { receivedAt, executedAt, late: false };
  const dueMs = gdprDeadlineMs(toMs(receivedAt));
  return { receivedAt, executedAt, dueMs, late: toMs(executedAt) >= dueMs };
}

export function checkLate(facts: ErasureFacts, subjects: ErasureSubject[], out: FindingList): void {
  for (const s of subjects) {
    if (s.execute && s.execute.outcome !== 'success') continue;
    const t = erasureTiming(facts, s);
    if (!t.late || t.dueMs === undefined) continue;
    const days = Math.floor((toMs(t.executedAt!) - toMs(t.receivedAt!)) / 86_400_000);
    const at = s.execute ? { file: s.execute.file, line: s.execute.line, seq: s.execute.seq } : { file: s.certificate!.file };
    out.add({
      code: 'erasure.late',
      ...at,
      certificate_id: s.certificate_id,
      message:
        `Erasure ${s.certificate_id ?? ''} of ${s.ext_pseudonym ? `ext:${s.ext_pseudonym.slice(0, 12)}…` : 'an extension'} was executed at ${t.executedAt}, ` +
        `${days} days after the request was received (${t.receivedAt}); GDPR art. 12(3) allowed one month, until ${formatParis(t.dueMs - 1)}.`,
      details: { received_at: t.receivedAt, executed_at: t.executedAt, due_before: new Date(t.dueMs).toISOString() },
    });
  }
}

interface Remaining {
  extension: number;
  cdr: number;
  reveals: number;
  /** First offending row in the dump. */
  line: number | null;
}

/** What the dump still holds of an erased extension. */
export function remainingInDump(ctx: CheckContext, s: ErasureSubject): Remaining {
  const { db, bundleId } = ctx;
  const q = (sql: string, ...p: unknown[]) => db.prepare(sql).get(bundleId, ...p) as { n: number; line: number | null };
  const ext =
    s.extension_id !== undefined || s.ext_pseudonym !== undefined
      ? q(
          'SELECT count(*) AS n, min(line) AS line FROM dump_extensions WHERE bundle_id = ? AND (id = ? OR ext_pseudonym = ?)',
          s.extension_id ?? null,
          s.ext_pseudonym ?? null,
        )
      : { n: 0, line: null };
  const cdr =
    s.extension_id !== undefined
      ? q('SELECT ifnull(sum(rows), 0) AS n, min(first_line) AS line FROM dump_cdr_extensions WHERE bundle_id = ? AND extension_id = ?', s.extension_id)
      : { n: 0, line: null };
  const rev =
    s.extension_id !== undefined
      ? q('SELECT count(*) AS n, min(line) AS line FROM dump_reveals WHERE bundle_id = ? AND extension_id = ?', s.extension_id)
      : { n: 0, line: null };
  const lines = [ext.line, cdr.line, rev.line].filter((l): l is number => l !== null);
  return { extension: ext.n, cdr: cdr.n, reveals: rev.n, line: lines.length ? Math.min(...lines) : null };
}

export function checkIncomplete(ctx: CheckContext, subjects: ErasureSubject[], out: FindingList): number {
  let checked = 0;
  for (const s of subjects) {
    if (s.extension_id === undefined && s.ext_pseudonym === undefined) continue;
    checked++;
    const r = remainingInDump(ctx, s);
    if (r.extension + r.cdr + r.reveals === 0) continue;
    const parts = [
      r.extension ? `the extension row${r.extension > 1 ? 's' : ''}` : '',
      r.cdr ? `${r.cdr} CDR row${r.cdr > 1 ? 's' : ''}` : '',
      r.reveals ? `${r.reveals} reveal row${r.reveals > 1 ? 's' : ''}` : '',
    ].filter(Boolean);
    out.add({
      code: 'erasure.incomplete',
      file: ctx.files.dump,
      line: r.line ?? undefined,
      seq: s.execute?.seq,
      certificate_id: s.certificate_id,
      message:
        `Erasure ${s.certificate_id ?? ''} removed extension ${s.extension_id ?? `ext:${s.ext_pseudonym}`}, ` +
        `but the dump still holds ${parts.join(', ')} of it (first at line ${r.line}).`,
      details: { extension_id: s.extension_id, remaining: { extension: r.extension, cdr: r.cdr, reveals: r.reveals } },
    });
  }
  return checked;
}

export interface PendingStats {
  /** Requests of the exported log with no successful execution citing them. */
  pending: number;
  overdue: number;
}

/**
 * Requests still pending at export, and erasure.overdue for those past the one-month
 * deadline then. The deadline runs from `received_at`; when the entry lacks a usable
 * one, from the entry's own time, which can only be later (so never a false overdue).
 */
export function checkOverdue(ctx: CheckContext, facts: ErasureFacts, out: FindingList): PendingStats {
  const executed = new Set<ErasureEntry>();
  for (const x of facts.executes) {
    if (x.outcome !== 'success') continue;
    const r = citedRequest(facts, x);
    if (r) executed.add(r);
  }
  let pending = 0;
  let overdue = 0;
  for (const r of facts.requests) {
    if (r.outcome !== 'success' || executed.has(r)) continue;
    pending++;
    if (ctx.exportedMs === null) continue;
    const given = r.details.received_at;
    const receivedAt = typeof given === 'string' && isRfc3339Ms(given) ? given : isRfc3339Ms(r.ts) ? r.ts : undefined;
    if (receivedAt === undefined) continue;
    const dueMs = gdprDeadlineMs(toMs(receivedAt));
    if (ctx.exportedMs < dueMs) continue;
    overdue++;
    const exportedAt = new Date(ctx.exportedMs).toISOString();
    const days = Math.floor((ctx.exportedMs - toMs(receivedAt)) / 86_400_000);
    const ref = typeof r.details.request_ref === 'string' ? ` ${r.details.request_ref}` : '';
    out.add({
      code: 'erasure.overdue',
      file: r.file,
      line: r.line,
      seq: r.seq,
      message:
        `Erasure request${ref} (seq ${r.seq}, ${r.target.startsWith('ext:') ? `ext:${r.target.slice(4, 16)}…` : r.target}) was received ${receivedAt === given ? 'at' : 'by (the entry gives no received_at; its own time is used)'} ${receivedAt} ` +
        `and was still not executed when the bundle was exported (${exportedAt}), ${days} days later; GDPR art. 12(3) allowed one month, until ${formatParis(dueMs - 1)}.`,
      details: { received_at: receivedAt, due_before: new Date(dueMs).toISOString(), exported_at: exportedAt, request_ref: r.details.request_ref ?? null },
    });
  }
  return { pending, overdue };
}
