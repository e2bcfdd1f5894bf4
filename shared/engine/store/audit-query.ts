// The audit explorer's queries: one page of entries, filtered and sorted, and
// the facets to filter by. Each sort field has an index (bundle_id, field,
// seq), so a page is an index walk, and an exact-match filter with the seq
// sort uses the same index; facets are read as a chain of index seeks ("the
// next value after this one"), never a scan of a million entries.
import { AUDIT_PAGE_MAX, type AuditFacets, type AuditFilter, type AuditRowFields, type AuditSortField, type SortDirection } from '../../model/audit-query.js';
import type { Severity } from '../../model/findings.js';
import type { EvidenceStore } from './evidence-store.js';
import { msOf } from './audit-sink.js';

export const AUDIT_SORT_COLUMNS = { seq: 'seq', ts: 'ts_ms', actor: 'actor', action: 'action', tenant: 'tenant', outcome: 'outcome' } as const satisfies Record<AuditSortField, string>;
export type AuditSortKey = AuditSortField;

export type AuditPageFilter = AuditFilter;

export interface AuditPageRequest {
  filter: AuditPageFilter;
  sort: { field: AuditSortKey; direction: SortDirection };
  offset: number;
  limit: number;
}

export interface AuditPageRow extends AuditRowFields {
  file: string;
  line: number;
  worstSeverity?: Severity;
}

export interface AuditPageResult {
  total: number;
  offset: number;
  rows: AuditPageRow[];
  elapsedMs: number;
}

export const AUDIT_PAGE_LIMIT = AUDIT_PAGE_MAX;

const RANK_SQL = `CASE f.severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END`;
const SEVERITY_BY_RANK: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/** WHERE clause and parameters of a filter; exported for the query-plan test. */
export function auditWhere(bundleId: number, f: AuditPageFilter): { where: string; params: unknown[] } {
  const parts = ['e.bundle_id = ?'];
  const params: unknown[] = [bundleId];
  for (const k of ['actor', 'action', 'tenant', 'outcome'] as const) {
    if (f[k] !== undefined) {
      parts.push(`e.${k} = ?`);
      params.push(f[k]);
    }
  }
  const from = msOf(f.from);
  if (from !== null) {
    parts.push('e.ts_ms >= ?');
    params.push(from);
  }
  const to = msOf(f.to);
  if (to !== null) {
    parts.push('e.ts_ms < ?');
    params.push(to);
  }
  return { where: parts.join(' AND '), params };
}

export function auditPageSql(bundleId: number, q: AuditPageRequest): { sql: string; params: unknown[] } {
  const { where, params } = auditWhere(bundleId, q.filter);
  const col = AUDIT_SORT_COLUMNS[q.sort.field];
  const dir = q.sort.direction === 'desc' ? 'DESC' : 'ASC';
  const order = (t: string) => (col === 'seq' ? `${t}.seq ${dir}, ${t}.ord ${dir}` : `${t}.${col} ${dir}, ${t}.seq ${dir}, ${t}.ord ${dir}`);
  const limit = Math.max(0, Math.min(AUDIT_PAGE_LIMIT, Math.floor(q.limit)));
  const offset = Math.max(0, Math.floor(q.offset));
  // The page's row ids are found on the index alone (skipping `offset` index
  // entries, never the rows themselves), then only the page's rows are read.
  return {
    sql: `SELECT e.seq, e.ts, e.tenant, e.actor, e.role, e.action, e.target, e.outcome, e.file, e.line
          FROM (SELECT e.id FROM audit_entries e WHERE ${where} ORDER BY ${order('e')} LIMIT ${limit} OFFSET ${offset}) k
          JOIN audit_entries e ON e.id = k.id ORDER BY ${order('e')}`,
    params,
  };
}

export function queryAuditPage(store: EvidenceStore, bundleId: number, q: AuditPageRequest): AuditPageResult {
  const started = performance.now();
  const { where, params } = auditWhere(bundleId, q.filter);
  const total = (store.db.prepare(`SELECT count(*) AS n FROM audit_entries e WHERE ${where}`).get(...params) as { n: number }).n;
  const page = auditPageSql(bundleId, q);
  const rows = store.db.prepare(page.sql).all(...page.params) as AuditPageRow[];
  const v = store.db.prepare('SELECT id FROM verifications WHERE bundle_id = ? ORDER BY id DESC LIMIT 1').get(bundleId) as { id: number } | undefined;
  if (v && rows.length) {
    const worst = store.db.prepare(`SELECT min(${RANK_SQL}) AS r FROM findings f WHERE f.bundle_id = ? AND f.seq = ? AND f.verification_id = ?`);
    for (const r of rows) {
      const rank = (worst.get(bundleId, r.seq, v.id) as { r: number | null }).r;
      if (rank !== null) r.worstSeverity = SEVERITY_BY_RANK[rank];
    }
  }
  return { total, offset: Math.max(0, Math.floor(q.offset)), rows, elapsedMs: performance.now() - started };
}

export type AuditFacetsResult = AuditFacets;

/** Distinct values of an indexed column by successive index seeks (cheap when values are few, whatever the row count). */
function distinct(store: EvidenceStore, bundleId: number, col: 'actor' | 'action' | 'tenant' | 'outcome', max = 10_000): string[] {
  const next = store.db.prepare(`SELECT min(${col}) AS v FROM audit_entries WHERE bundle_id = ? AND ${col} > ?`);
  const first = store.db.prepare(`SELECT min(${col}) AS v FROM audit_entries WHERE bundle_id = ?`).get(bundleId) as { v: string | null };
  const out: string[] = [];
  let v = first.v;
  while (v !== null && out.length < max) {
    out.push(v);
    v = (next.get(bundleId, v) as { v: string | null }).v;
  }
  return out;
}

export function auditFacets(store: EvidenceStore, bundleId: number): AuditFacetsResult {
  const range = store.auditRange(bundleId);
  return {
    total: (store.db.prepare('SELECT count(*) AS n FROM audit_entries WHERE bundle_id = ?').get(bundleId) as { n: number }).n,
    actors: distinct(store, bundleId, 'actor'),
    actions: distinct(store, bundleId, 'action'),
    tenants: distinct(store, bundleId, 'tenant'),
    outcomes: distinct(store, bundleId, 'outcome'),
    firstTs: range?.first_ts ?? undefined,
    lastTs: range?.last_ts ?? undefined,
  };
}
