// Reveal history: phone.reveal entries by tenant, actor, phone pseudonym or
// extension, as of a time T. Each filter has its own index on reveal_events
// (bundle_id, <key>, ts_ms), so one actor's 13 months of reveals is an index
// range scan, not a table scan (test/replay/query-plans.test.ts checks it).
import type { EvidenceStore } from '../store/evidence-store.js';
import { isRfc3339Ms, toMs } from '../time/rfc3339.js';
import { replayScope, type ScopePart } from './scope.js';
import type { RevealEvent, RevealFilter } from './types.js';

interface Row {
  bundle_id: number;
  seq: number;
  ts: string;
  ts_ms: number | null;
  tenant: string;
  actor: string;
  role: string;
  outcome: string;
  motive: string;
  target: string;
  reveal_id: string | null;
  field: string | null;
  phone_pseudonym: string | null;
  last4: string | null;
  alert_sent_to: string | null;
  extension_id: number | null;
  file: string;
  line: number;
  register_line: number | null;
}

export class ReplayInputError extends Error {
  override name = 'ReplayInputError';
}

export function timeBound(name: string, v: string | undefined): number | null {
  if (v === undefined) return null;
  if (!isRfc3339Ms(v)) {
    const ms = Date.parse(v);
    if (!/^\d{4}-\d{2}-\d{2}/.test(v) || !Number.isFinite(ms)) {
      throw new ReplayInputError(`${name} "${v}" is not a time (use RFC 3339, e.g. 2026-02-28T12:00:00.000Z)`);
    }
    return ms;
  }
  return toMs(v);
}

/** The SQL and parameters for one scope part; exported for the query-plan test. */
export function revealQuery(part: ScopePart, filter: RevealFilter): { sql: string; params: unknown[] } {
  const where = ['e.bundle_id = ?'];
  const params: unknown[] = [part.bundleId];
  if (part.beforeSeq !== null) {
    where.push('e.seq < ?');
    params.push(part.beforeSeq);
  }
  if (filter.actor !== undefined) {
    where.push('e.actor = ?');
    params.push(filter.actor);
  }
  if (filter.phonePseudonym !== undefined) {
    where.push('e.phone_pseudonym = ?');
    params.push(filter.phonePseudonym);
  }
  if (filter.extensionId !== undefined) {
    where.push('e.extension_id = ?');
    params.push(filter.extensionId);
  }
  if (filter.tenant !== undefined) {
    where.push('e.tenant = ?');
    params.push(filter.tenant);
  }
  const from = timeBound('from', filter.from);
  if (from !== null) {
    where.push('e.ts_ms >= ?');
    params.push(from);
  }
  const at = timeBound('at', filter.at);
  if (at !== null) {
    where.push('e.ts_ms <= ?');
    params.push(at);
  }
  if (filter.successfulOnly ?? true) where.push("e.outcome = 'success'");
  // Named, not left to the planner: without statistics it prefers the ts index
  // (it matches the ORDER BY) and would read every reveal of the period.
  const index =
    filter.actor !== undefined
      ? 'reveal_events_actor'
      : filter.phonePseudonym !== undefined
        ? 'reveal_events_phone'
        : filter.extensionId !== undefined
          ? 'reveal_events_extension'
          : filter.tenant !== undefined
            ? 'reveal_events_tenant'
            : 'reveal_events_ts';
  const sql = `SELECT e.bundle_id, e.seq, e.ts, e.ts_ms, e.tenant, e.actor, e.role, e.outcome, e.motive, e.target, e.reveal_id, e.field,
      e.phone_pseudonym, e.last4, e.alert_sent_to, e.extension_id, e.file, e.line,
      (SELECT min(r.line) FROM reveal_rows r WHERE r.bundle_id = e.bundle_id AND r.audit_seq = CAST(e.seq AS TEXT)) AS register_line
    FROM reveal_events e INDEXED BY ${index} WHERE ${where.join(' AND ')} ORDER BY e.ts_ms, e.seq`;
  return { sql, params };
}

function toEvent(r: Row): RevealEvent {
  let alerts: string[] = [];
  try {
    const v: unknown = r.alert_sent_to === null ? [] : JSON.parse(r.alert_sent_to);
    if (Array.isArray(v)) alerts = v.map(String);
  } catch {
    alerts = [];
  }
  return {
    bundleId: r.bundle_id,
    seq: r.seq,
    ts: r.ts,
    tenant: r.tenant,
    actor: r.actor,
    role: r.role,
    outcome: r.outcome,
    motive: r.motive,
    cdrId: r.target.startsWith('cdr:') ? r.target.slice(4) : null,
    revealId: r.reveal_id,
    field: r.field,
    phonePseudonym: r.phone_pseudonym,
    last4: r.last4,
    alertSentTo: alerts,
    extensionId: typeof r.extension_id === 'number' ? r.extension_id : null,
    file: r.file,
    line: r.line,
    registerLine: r.register_line,
  };
}

/** Reveals matching `filter`, oldest first, across the case's exports (see scope.ts). */
export function listReveals(store: EvidenceStore, filter: RevealFilter = {}, scope: ScopePart[] = replayScope(store)): RevealEvent[] {
  const out: RevealEvent[] = [];
  for (const part of scope) {
    const q = revealQuery(part, filter);
    for (const r of store.db.prepare(q.sql).iterate(...q.params) as IterableIterator<Row>) out.push(toEvent(r));
  }
  if (scope.length > 1) out.sort((a, b) => a.ts.localeCompare(b.ts) || a.seq - b.seq);
  return out;
}
