// The audit log explorer's questions, answered by SQLite over the case's
// audit_entries table (indexed by bundle and actor, action, tenant, outcome,
// time and seq): filter, sort, count and page in SQL, so only one page ever
// leaves the database whatever the size of the log.
import type Database from 'better-sqlite3';
import type { AuditEntry } from '../../model/audit-entry.js';
import type { AuditFacets, AuditFilter, AuditPage, AuditQuery, AuditRow, AuditSortField } from '../contract.js';

/**
 * Sort column per field. Every order ends with seq then the row id (chain
 * order of the import), so pages never overlap; the row id is the implicit
 * last key of every index, so each order is read straight from an index
 * (bundle_id, <column>, seq) without sorting. ts_ms is NULL only for a
 * malformed time: those sort first (ascending), as SQLite orders NULLs.
 */
const SORT_COLUMN: Record<AuditSortField, string> = {
  seq: 'seq',
  ts: 'ts_ms',
  actor: 'actor',
  action: 'action',
  tenant: 'tenant',
  outcome: 'outcome',
};

interface Where {
  sql: string;
  params: (string | number)[];
}

export function whereOf(bundleId: number, f: AuditFilter): Where {
  const parts = ['bundle_id = ?'];
  const params: (string | number)[] = [bundleId];
  for (const k of ['actor', 'action', 'tenant', 'outcome'] as const) {
    if (f[k] !== undefined) {
      parts.push(`${k} = ?`);
      params.push(f[k]!);
    }
  }
  if (f.from !== undefined) {
    parts.push('ts_ms >= ?');
    params.push(Date.parse(f.from));
  }
  if (f.to !== undefined) {
    parts.push('ts_ms < ?');
    params.push(Date.parse(f.to));
  }
  return { sql: parts.join(' AND '), params };
}

function orderOf(sort: AuditQuery['sort']): string {
  const dir = sort.direction === 'desc' ? 'DESC' : 'ASC';
  const col = SORT_COLUMN[sort.field];
  return sort.field === 'seq' ? `seq ${dir}, id ${dir}` : `${col} ${dir}, seq ${dir}, id ${dir}`;
}

type Row = Omit<AuditRow, 'worstSeverity'>;

export function countAudit(db: Database.Database, bundleId: number, filter: AuditFilter): number {
  if (Object.values(filter).every((v) => v === undefined)) {
    // No filter: the import recorded how many entries it stored.
    const range = db.prepare('SELECT stored_count FROM audit_ranges WHERE bundle_id = ?').get(bundleId) as { stored_count: number } | undefined;
    if (range) return range.stored_count;
  }
  const w = whereOf(bundleId, filter);
  return (db.prepare(`SELECT count(*) AS n FROM audit_entries WHERE ${w.sql}`).get(...w.params) as { n: number }).n;
}

/**
 * One page. The offset is walked on the index alone (row ids only), then the
 * page's rows are read by id: a page deep in a million entries costs tens of
 * milliseconds instead of reading every row before it.
 */
export function queryAuditRows(db: Database.Database, bundleId: number, q: AuditQuery): Row[] {
  const w = whereOf(bundleId, q.filter);
  const order = orderOf(q.sort);
  return db
    .prepare(
      `SELECT seq, ts, tenant, actor, role, action, target, outcome FROM audit_entries
       WHERE id IN (SELECT id FROM audit_entries WHERE ${w.sql} ORDER BY ${order} LIMIT ? OFFSET ?)
       ORDER BY ${order}`,
    )
    .all(...w.params, q.limit, q.offset) as Row[];
}

export function queryAuditPage(db: Database.Database, bundleId: number, q: AuditQuery, total = countAudit(db, bundleId, q.filter)): Omit<AuditPage, 'elapsedMs'> {
  return { total, offset: q.offset, rows: queryAuditRows(db, bundleId, q) };
}

/**
 * Index of the first entry with this seq in the filtered, sorted list: the
 * number of entries that come before it in that order. Null when the filter
 * excludes it or the bundle has no such seq.
 */
export function locateAuditEntry(
  db: Database.Database,
  bundleId: number,
  filter: AuditFilter,
  sort: AuditQuery['sort'],
  seq: number,
): number | null {
  const w = whereOf(bundleId, filter);
  const col = SORT_COLUMN[sort.field];
  const target = db
    .prepare(`SELECT ${col} AS k, seq, id FROM audit_entries WHERE ${w.sql} AND seq = ? ORDER BY id LIMIT 1`)
    .get(...w.params, seq) as { k: string | number | null; seq: number; id: number } | undefined;
  if (!target) return null;
  const desc = sort.direction === 'desc';
  const op = desc ? '>' : '<';
  const count = (extra: string, ...params: (string | number)[]) =>
    (db.prepare(`SELECT count(*) AS n FROM audit_entries WHERE ${w.sql} AND ${extra}`).get(...w.params, ...params) as { n: number }).n;
  if (sort.field === 'seq') return count(`(seq, id) ${op} (?, ?)`, target.seq, target.id);
  if (target.k !== null) {
    // NULL keys (malformed times) come first ascending, last descending.
    const nullsBefore = sort.field === 'ts' && !desc ? count('ts_ms IS NULL') : 0;
    return nullsBefore + count(`${col} IS NOT NULL AND (${col}, seq, id) ${op} (?, ?, ?)`, target.k, target.seq, target.id);
  }
  const valuesBefore = desc ? count('ts_ms IS NOT NULL') : 0;
  return valuesBefore + count(`ts_ms IS NULL AND (seq, id) ${op} (?, ?)`, target.seq, target.id);
}

/** Values to filter on. Lists are capped: an actor field with autocomplete covers the rest. */
export function auditFacets(db: Database.Database, bundleId: number, cap = 500): AuditFacets {
  // Distinct values by hopping from one value to the next on the index
  // (bundle_id, <col>, seq): one seek per value instead of a pass over every entry.
  const distinct = (col: string) =>
    (
      db
        .prepare(
          `WITH RECURSIVE d(v) AS (
             SELECT min(${col}) FROM audit_entries WHERE bundle_id = @b
             UNION ALL
             SELECT (SELECT min(${col}) FROM audit_entries WHERE bundle_id = @b AND ${col} > d.v) FROM d WHERE d.v IS NOT NULL
           )
           SELECT v FROM d WHERE v IS NOT NULL LIMIT @cap`,
        )
        .all({ b: bundleId, cap }) as { v: string }[]
    ).map((r) => r.v);
  // Two queries: SQLite answers a lone min() or max() with one index seek, both together with a scan.
  const range = {
    lo: (db.prepare('SELECT min(ts_ms) AS v FROM audit_entries WHERE bundle_id = ?').get(bundleId) as { v: number | null }).v,
    hi: (db.prepare('SELECT max(ts_ms) AS v FROM audit_entries WHERE bundle_id = ?').get(bundleId) as { v: number | null }).v,
  };
  return {
    total: countAudit(db, bundleId, {}),
    actors: distinct('actor'),
    actions: distinct('action'),
    tenants: distinct('tenant'),
    outcomes: distinct('outcome'),
    firstTs: range.lo !== null ? new Date(range.lo).toISOString() : undefined,
    lastTs: range.hi !== null ? new Date(range.hi).toISOString() : undefined,
  };
}

interface EntryRow extends Omit<AuditEntry, 'details'> {
  details: string;
  file: string;
  line: number;
}

/** The first stored entry with this seq (a tampered log may repeat one), with where it was read. */
export function readAuditEntry(db: Database.Database, bundleId: number, seq: number): { entry: AuditEntry; file: string; line: number } | undefined {
  const r = db
    .prepare(
      `SELECT seq, ts, tenant, actor, role, action, target, outcome, motive, source_ip, user_agent, request_id,
              details, prev_hash, hash, kid, sig, file, line
       FROM audit_entries WHERE bundle_id = ? AND seq = ? ORDER BY id LIMIT 1`,
    )
    .get(bundleId, seq) as EntryRow | undefined;
  if (!r) return undefined;
  const { file, line, details, ...rest } = r;
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(details) as Record<string, unknown>;
  } catch {
    parsed = { unreadable: details };
  }
  return { entry: { ...rest, details: parsed }, file, line };
}
