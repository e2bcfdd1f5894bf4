// Reveal history: phone.reveal entries by tenant, actor, phone pseudonym or
// extension, as of a time T. Each filter has its own index on reveal_events
// (bundle_id, <key>, ts_ms), so one actor's 13 months of reveals is an index
// range scan, not a table scan (test/replay/query-plans.test.ts checks it).
import type { EvidenceStore } from '../store/evidence-store.js';
import { GIVEN_DATE_FORM, GIVEN_TIME_FORMS, parseGivenTime } from '../time/given-time.js';
import { installationKey, replayScope, type ScopePart } from './scope.js';
import type { RevealEvent, RevealFilter } from './types.js';
import { EngineError } from '../engine-error.js';

export class ReplayInputError extends EngineError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('REPLAY_INPUT', message, options);
    this.name = 'ReplayInputError';
  }
}

/** A time bound as an instant; read as the command line reads it (time/given-time.ts), never in the local zone. */
export function timeBound(name: string, v: string | undefined): number | null {
  if (v === undefined) return null;
  const t = parseGivenTime(v, { allowDate: true });
  if (!t.ok) throw new ReplayInputError(`${name} ${JSON.stringify(v)} is not a time: ${t.problem}; expected ${GIVEN_TIME_FORMS}, or ${GIVEN_DATE_FORM}`);
  return t.ms;
}

/** The SQL and parameters for one scope part; exported for the query-plan test. */
export function revealQuery(part: ScopePart, filter: RevealFilter): { sql: string; fromWhere: string; params: unknown[] } {
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
  const fromWhere = `FROM reveal_events e INDEXED BY ${index} WHERE ${where.join(' AND ')}`;
  return { sql: `${REVEAL_COLUMNS} ${fromWhere} ORDER BY e.ts_ms, e.seq`, fromWhere, params };
}

/** The columns of a listed reveal, in toEvent's order. */
const REVEAL_COLUMNS = `SELECT e.bundle_id, e.seq, e.ts, e.ts_ms, e.tenant, e.actor, e.role, e.outcome, e.motive, e.target, e.reveal_id, e.field,
      e.phone_pseudonym, e.last4, e.alert_sent_to, e.extension_id, e.file, e.line,
      (SELECT min(r.line) FROM reveal_rows r WHERE r.bundle_id = e.bundle_id AND r.audit_seq = CAST(e.seq AS TEXT)) AS register_line`;

export interface RevealSummary {
  count: number;
  /** Per installation and actor: one username on two appliances is two people. */
  byActor: { installationId: string | null; actor: string; count: number }[];
  byTenant: { installationId: string | null; tenant: string; count: number }[];
  /** The `latest` most recent reveals, oldest first. */
  latest: RevealEvent[];
}

/**
 * Counts by actor and tenant and the latest reveals matching `filter`, in SQL:
 * a state-at-T view needs these, and listing every reveal of a long history
 * (one register lookup each) only to count them is what made it slow.
 */
export function revealSummary(store: EvidenceStore, filter: RevealFilter, latest: number, scope: ScopePart[] = replayScope(store)): RevealSummary {
  const actors = new Map<string, { installationId: string | null; actor: string; count: number }>();
  const tenants = new Map<string, { installationId: string | null; tenant: string; count: number }>();
  let count = 0;
  let recent: RevealEvent[] = [];
  for (const part of scope) {
    const q = revealQuery(part, filter);
    const inst = installationKey(part);
    const groups = store.db.prepare(`SELECT e.actor, e.tenant, count(*) ${q.fromWhere} GROUP BY e.actor, e.tenant`).raw(true).all(...q.params) as [string, string, number][];
    for (const [actor, tenant, n] of groups) {
      count += n;
      const a = actors.get(`${inst}\u0000${actor}`) ?? { installationId: part.installationId, actor, count: 0 };
      a.count += n;
      actors.set(`${inst}\u0000${actor}`, a);
      const t = tenants.get(`${inst}\u0000${tenant}`) ?? { installationId: part.installationId, tenant, count: 0 };
      t.count += n;
      tenants.set(`${inst}\u0000${tenant}`, t);
    }
    const rows = store.db.prepare(`${REVEAL_COLUMNS} ${q.fromWhere} ORDER BY e.ts_ms DESC, e.seq DESC LIMIT ?`).raw(true).all(...q.params, latest) as unknown[][];
    recent.push(...rows.map((r) => toEvent(r, part.installationId)));
  }
  recent = recent.sort(byTime).slice(-latest);
  const ranked = <T extends { count: number; installationId: string | null }>(m: Map<string, T>, name: (x: T) => string) =>
    [...m.values()].sort((a, b) => b.count - a.count || name(a).localeCompare(name(b)) || (a.installationId ?? '').localeCompare(b.installationId ?? ''));
  return {
    count,
    byActor: ranked(actors, (a) => a.actor),
    byTenant: ranked(tenants, (t) => t.tenant),
    latest: recent,
  };
}

/** Time order across installations; within one, chain order breaks ties. */
function byTime(a: RevealEvent, b: RevealEvent): number {
  return a.ts.localeCompare(b.ts) || (a.installationId ?? '').localeCompare(b.installationId ?? '') || a.seq - b.seq;
}

/** A raw result row (columns in revealQuery's SELECT order) as an event. */
function toEvent(a: unknown[], installationId: string | null): RevealEvent {
  const [bundleId, seq, ts, , tenant, actor, role, outcome, motive, target, revealId, field, phone, last4, alerts, ext, file, line, registerLine] = a as [
    number, number, string, number | null, string, string, string, string, string, string, string | null, string | null,
    string | null, string | null, string | null, number | string | null, string, number, number | null,
  ];
  let alertSentTo: string[] = [];
  try {
    const v: unknown = alerts === null ? [] : JSON.parse(alerts);
    if (Array.isArray(v)) alertSentTo = v.map(String);
  } catch {
    alertSentTo = [];
  }
  return {
    bundleId,
    installationId,
    seq,
    ts,
    tenant,
    actor,
    role,
    outcome,
    motive,
    cdrId: target.startsWith('cdr:') ? target.slice(4) : null,
    revealId,
    field,
    phonePseudonym: phone,
    last4,
    alertSentTo,
    extensionId: typeof ext === 'number' ? ext : null,
    file,
    line,
    registerLine,
  };
}

/** Reveals matching `filter`, oldest first, across the case's exports (see scope.ts). */
export function listReveals(store: EvidenceStore, filter: RevealFilter = {}, scope: ScopePart[] = replayScope(store)): RevealEvent[] {
  const out: RevealEvent[] = [];
  for (const part of scope) {
    const q = revealQuery(part, filter);
    // Raw rows (arrays): tens of thousands of reveals come back without building a keyed object per row twice.
    for (const a of store.db.prepare(q.sql).raw(true).iterate(...q.params) as IterableIterator<unknown[]>) out.push(toEvent(a, part.installationId));
  }
  if (scope.length > 1) out.sort(byTime);
  return out;
}
