// The audit log explorer's questions, answered by SQLite over a case's
// audit_entries table (indexed by bundle and seq, time, actor, action, tenant
// and outcome, each index ending in seq then ord): filter, sort, count and
// page in SQL, so only one page ever leaves the database whatever the size of
// the log. The SQL builders are exported so the query-plan test checks the
// exact statements that run.
import type Database from 'better-sqlite3';
import type { AuditEntry } from '../../model/audit-entry.js';
import { AUDIT_SEARCH_CAP, type AuditFacets, type AuditFilter, type AuditPage, type AuditPageQuery, type AuditRowFields, type AuditSort, type AuditSortField } from '../../model/audit-query.js';

/**
 * Sort column per field. Every order ends with seq then ord (chain order of
 * the import), exactly the tail of every index (bundle_id, <column>, seq,
 * ord), so pages never overlap and each order is read straight from an index
 * without sorting. ts_ms is NULL only for a malformed time: those sort first
 * (ascending), as SQLite orders NULLs.
 */
const SORT_COLUMN: Record<AuditSortField, string> = {
  seq: 'seq',
  ts: 'ts_ms',
  actor: 'actor',
  action: 'action',
  tenant: 'tenant',
  outcome: 'outcome',
};

/** The columns a facet lists (each has its own index). */
export type AuditFacetColumn = 'actor' | 'action' | 'tenant' | 'outcome';

export interface AuditSql {
  sql: string;
  params: (string | number)[];
}

/** The columns a contains-search looks in. */
const SEARCHED = ['actor', 'target', 'source_ip', 'request_id', 'details'] as const;

const isSearch = (f: AuditFilter) => f.text !== undefined && f.text !== '';

export function whereOf(bundleId: number, f: AuditFilter): AuditSql {
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
  if (f.text !== undefined && f.text !== '') {
    // instr, not LIKE: the user's % and _ are text to find, not wildcards.
    const needle = f.text.toLowerCase();
    parts.push(`(${SEARCHED.map((c) => `instr(lower(${c}), ?) > 0`).join(' OR ')})`);
    params.push(...SEARCHED.map(() => needle));
  }
  return { sql: parts.join(' AND '), params };
}

/** ORDER BY terms, on the columns of table alias `t` (empty: unqualified). */
export function orderOf(sort: AuditSort, t = ''): string {
  const dir = sort.direction === 'desc' ? 'DESC' : 'ASC';
  const keys = sort.field === 'seq' ? ['seq', 'ord'] : [SORT_COLUMN[sort.field], 'seq', 'ord'];
  return keys.map((k) => `${t}${k} ${dir}`).join(', ');
}

/** The count of entries matching a filter; a search stops counting one past AUDIT_SEARCH_CAP. */
export function auditCountSql(bundleId: number, filter: AuditFilter): AuditSql {
  const w = whereOf(bundleId, filter);
  if (isSearch(filter)) {
    return { sql: `SELECT count(*) AS n FROM (SELECT 1 FROM audit_entries WHERE ${w.sql} LIMIT ?)`, params: [...w.params, AUDIT_SEARCH_CAP + 1] };
  }
  return { sql: `SELECT count(*) AS n FROM audit_entries WHERE ${w.sql}`, params: w.params };
}

/** Entries matching a filter; for a search, AUDIT_SEARCH_CAP + 1 stands for "more than the cap". */
export function countAudit(db: Database.Database, bundleId: number, filter: AuditFilter): number {
  if (Object.values(filter).every((v) => v === undefined)) {
    // No filter: the import recorded how many entries it stored.
    const range = db.prepare('SELECT stored_count FROM audit_ranges WHERE bundle_id = ?').get(bundleId) as { stored_count: number } | undefined;
    if (range) return range.stored_count;
  }
  const q = auditCountSql(bundleId, filter);
  return (db.prepare(q.sql).get(...q.params) as { n: number }).n;
}

/**
 * One page. The offset is walked on the index alone (the sort keys and row
 * ids it holds), then only the page's rows are read by id: a page deep in a
 * million entries costs tens of milliseconds instead of reading every row
 * before it. The outer ORDER BY names the inner keys, which SQLite knows are
 * already in order, so nothing is sorted.
 */
export function auditPageSql(bundleId: number, q: AuditPageQuery): AuditSql {
  const w = whereOf(bundleId, q.filter);
  const keys = q.sort.field === 'seq' ? 'seq, ord' : `${SORT_COLUMN[q.sort.field]}, seq, ord`;
  return {
    sql: `SELECT e.seq, e.ts, e.tenant, e.actor, e.role, e.action, e.target, e.outcome
          FROM (SELECT id, ${keys} FROM audit_entries WHERE ${w.sql} ORDER BY ${orderOf(q.sort)} LIMIT ? OFFSET ?) k
          JOIN audit_entries e ON e.id = k.id
          ORDER BY ${orderOf(q.sort, 'k.')}`,
    params: [...w.params, q.limit, q.offset],
  };
}

export function queryAuditRows(db: Database.Database, bundleId: number, q: AuditPageQuery): AuditRowFields[] {
  const page = auditPageSql(bundleId, q);
  return db.prepare(page.sql).all(...page.params) as AuditRowFields[];
}

export function queryAuditPage(db: Database.Database, bundleId: number, q: AuditPageQuery, total = countAudit(db, bundleId, q.filter)): Omit<AuditPage, 'elapsedMs'> {
  if (isSearch(q.filter) && total > AUDIT_SEARCH_CAP) {
    // Past the cap nothing is paged: the page ends where the counted matches end.
    const limit = Math.max(0, Math.min(q.limit, AUDIT_SEARCH_CAP - q.offset));
    return { total: AUDIT_SEARCH_CAP, capped: true, offset: q.offset, rows: limit > 0 ? queryAuditRows(db, bundleId, { ...q, limit }) : [] };
  }
  return { total, offset: q.offset, rows: queryAuditRows(db, bundleId, q) };
}

/**
 * Index of the first entry with this seq in the filtered, sorted list: the
 * number of entries that come before it in that order. Null when the filter
 * excludes it or the bundle has no such seq. Each count is a range of one index.
 */
export function locateAuditEntry(db: Database.Database, bundleId: number, filter: AuditFilter, sort: AuditSort, seq: number): number | null {
  const w = whereOf(bundleId, filter);
  const col = SORT_COLUMN[sort.field];
  const target = db
    .prepare(`SELECT ${col} AS k, seq, ord FROM audit_entries WHERE ${w.sql} AND seq = ? ORDER BY ord LIMIT 1`)
    .get(...w.params, seq) as { k: string | number | null; seq: number; ord: number } | undefined;
  if (!target) return null;
  const desc = sort.direction === 'desc';
  const op = desc ? '>' : '<';
  const count = (extra: string, ...params: (string | number)[]) =>
    (db.prepare(`SELECT count(*) AS n FROM audit_entries WHERE ${w.sql} AND ${extra}`).get(...w.params, ...params) as { n: number }).n;
  if (sort.field === 'seq') return count(`(seq, ord) ${op} (?, ?)`, target.seq, target.ord);
  if (target.k !== null) {
    // NULL keys (malformed times) come first ascending, last descending.
    const nullsBefore = sort.field === 'ts' && !desc ? count('ts_ms IS NULL') : 0;
    return nullsBefore + count(`${col} IS NOT NULL AND (${col}, seq, ord) ${op} (?, ?, ?)`, target.k, target.seq, target.ord);
  }
  const valuesBefore = desc ? count('ts_ms IS NOT NULL') : 0;
  return valuesBefore + count(`ts_ms IS NULL AND (seq, ord) ${op} (?, ?)`, target.seq, target.ord);
}

/**
 * Distinct values of a column, by hopping from one value to the next on its
 * index (bundle_id, <col>, seq, ord): one seek per value instead of a pass
 * over every entry. Named parameters @b (bundle id) and @cap (most values).
 */
export function auditFacetSql(col: AuditFacetColumn): string {
  return `WITH RECURSIVE d(v) AS (
            SELECT min(${col}) FROM audit_entries WHERE bundle_id = @b
            UNION ALL
            SELECT (SELECT min(${col}) FROM audit_entries WHERE bundle_id = @b AND ${col} > d.v) FROM d WHERE d.v IS NOT NULL
          )
          SELECT v FROM d WHERE v IS NOT NULL LIMIT @cap`;
}

/**
 * First or last time of a bundle's entries. Two queries, not one: SQLite
 * answers a lone min() or max() with one index seek, both together with a scan.
 */
export function auditTimeBoundSql(bound: 'min' | 'max'): string {
  return `SELECT ${bound}(ts_ms) AS v FROM audit_entries WHERE bundle_id = ?`;
}

/** Values to filter on. Lists are capped: an actor field with autocomplete covers the rest. */
export function auditFacets(db: Database.Database, bundleId: number, cap = 500): AuditFacets {
  const distinct = (col: AuditFacetColumn) => (db.prepare(auditFacetSql(col)).all({ b: bundleId, cap }) as { v: string }[]).map((r) => r.v);
  const bound = (b: 'min' | 'max') => (db.prepare(auditTimeBoundSql(b)).get(bundleId) as { v: number | null }).v;
  const lo = bound('min');
  const hi = bound('max');
  return {
    total: countAudit(db, bundleId, {}),
    actors: distinct('actor'),
    actions: distinct('action'),
    tenants: distinct('tenant'),
    outcomes: distinct('outcome'),
    firstTs: lo !== null ? new Date(lo).toISOString() : undefined,
    lastTs: hi !== null ? new Date(hi).toISOString() : undefined,
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
       FROM audit_entries WHERE bundle_id = ? AND seq = ? ORDER BY ord LIMIT 1`,
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
