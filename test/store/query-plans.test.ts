// The audit explorer pages 1,000,000+ entries and the cross-checks query
// millions of dump rows: each of their queries is an index walk or lookup,
// checked with EXPLAIN QUERY PLAN. (Timings are for the benchmark.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EvidenceStore } from '../../shared/engine/store/evidence-store.js';
import {
  auditCountSql,
  auditFacets,
  auditFacetSql,
  auditPageSql,
  auditTimeBoundSql,
  locateAuditEntry,
  queryAuditPage,
  type AuditFacetColumn,
} from '../../shared/engine/store/audit-query.js';
import type { AuditEntry } from '../../shared/model/audit-entry.js';
import { syntheticEntry } from './synthetic-entry.js';
import { AUDIT_SEARCH_CAP, AUDIT_SORT_FIELDS, type AuditFilter, type AuditSort, type AuditSortField } from '../../shared/model/audit-query.js';

interface PlanRow {
  id: number;
  parent: number;
  detail: string;
}

function planRows(store: EvidenceStore, sql: string, params: unknown[] | Record<string, unknown>): PlanRow[] {
  const stmt = store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`);
  return (Array.isArray(params) ? stmt.all(...params) : stmt.all(params)) as PlanRow[];
}

function plan(store: EvidenceStore, sql: string, params: unknown[] | Record<string, unknown>): string {
  return planRows(store, sql, params)
    .map((r) => r.detail)
    .join('\n');
}

/** The index each sort field is read from. */
const SORT_INDEX: Record<AuditSortField, string> = {
  seq: 'audit_entries_seq',
  ts: 'audit_entries_ts',
  actor: 'audit_entries_actor',
  action: 'audit_entries_action',
  tenant: 'audit_entries_tenant',
  outcome: 'audit_entries_outcome',
};

/** What the store holds, in chain order, to compute the expected order independently of SQL. */
interface Stored {
  ord: number;
  seq: number;
  tsMs: number | null;
  actor: string;
  action: string;
  tenant: string;
  outcome: string;
}

function expectedOrder(all: Stored[], sort: AuditSort): number[] {
  const key = (e: Stored): string | number | null => (sort.field === 'ts' ? e.tsMs : sort.field === 'seq' ? e.seq : e[sort.field]);
  const cmp = (a: Stored, b: Stored): number => {
    const ka = key(a);
    const kb = key(b);
    // NULL (a malformed time) sorts first ascending, as SQLite orders it.
    if (ka !== kb) {
      if (ka === null) return -1;
      if (kb === null) return 1;
      return ka < kb ? -1 : 1;
    }
    return a.seq - b.seq || a.ord - b.ord;
  };
  const sorted = [...all].sort(cmp);
  if (sort.direction === 'desc') sorted.reverse();
  return sorted.map((e) => e.ord);
}

describe('audit explorer', () => {
  let store: EvidenceStore;
  let bundleId: number;
  const stored: Stored[] = [];
  beforeAll(() => {
    store = EvidenceStore.openInMemory();
    bundleId = store.beginBundle({ name: 'b', source_path: '/b', source_sha256: null, form: 'directory', installation_id: 'NAT-X', exported_at: null });
    const sink = store.auditSink(bundleId, { all: true });
    const actors = ['admin.a', 'admin.b', 'viewer.c'];
    const actions = ['auth.login', 'auth.logout', 'phone.reveal'];
    const entry = (seq: number, ts: string, actor: string, action: string, tenant: string, outcome: string): AuditEntry =>
      syntheticEntry(seq, { ts, actor, action, tenant, outcome });
    const add = (e: AuditEntry) => {
      sink.add(e, { file: 'data/audit/audit-log.csv', line: stored.length + 2 });
      const ms = Date.parse(e.ts);
      stored.push({ ord: stored.length + 1, seq: e.seq, tsMs: Number.isNaN(ms) ? null : ms, actor: e.actor, action: e.action, tenant: e.tenant, outcome: e.outcome });
    };
    for (let seq = 1; seq <= 300; seq++) {
      // One malformed time (stored with no ts_ms) to check where NULL keys sort.
      const ts = seq === 7 ? 'not-a-time' : new Date(Date.UTC(2026, 0, 1) + seq * 60_000).toISOString();
      add(entry(seq, ts, actors[seq % 3]!, actions[seq % 3]!, seq % 2 ? 'acme' : 'globex', seq % 10 === 0 ? 'failure' : 'success'));
    }
    // A repeated seq with the same time: only chain order (ord) tells the two apart.
    add(entry(150, new Date(Date.UTC(2026, 0, 1) + 150 * 60_000).toISOString(), 'viewer.c', 'auth.login', 'acme', 'success'));
    sink.flush();
  });
  afterAll(() => store.close());

  /** The page statement's plan: the co-routine k walking the log, then the page's rows read by id. */
  function pagePlan(sql: string, params: unknown[]): { inner: string; all: string } {
    const rows = planRows(store, sql, params);
    const co = rows.find((r) => r.detail === 'CO-ROUTINE k');
    expect(co).toBeDefined();
    return { inner: rows.filter((r) => r.parent === co!.id).map((r) => r.detail).join('\n'), all: rows.map((r) => r.detail).join('\n') };
  }

  /** No pass over the table and no sort: every row of audit_entries is reached through an index. */
  function expectIndexedOnly(p: string): void {
    expect(p).not.toMatch(/SCAN (audit_entries|e)\b/);
    expect(p).not.toMatch(/TEMP B-TREE/);
  }

  for (const field of AUDIT_SORT_FIELDS) {
    for (const direction of ['asc', 'desc'] as const) {
      it(`sorting by ${field} ${direction}: the page is walked on ${SORT_INDEX[field]}, then read by id, with no sort`, () => {
        const sort = { field, direction };
        const q = auditPageSql(bundleId, { filter: {}, sort, offset: 100, limit: 50 });
        const p = pagePlan(q.sql, q.params);
        expect(p.inner).toBe(`SEARCH audit_entries USING COVERING INDEX ${SORT_INDEX[field]} (bundle_id=?)`);
        expect(p.all).toMatch(/SEARCH e USING INTEGER PRIMARY KEY \(rowid=\?\)/);
        expectIndexedOnly(p.all);
        // And the statement answers that order.
        const page = store.db.prepare(q.sql).all(...q.params) as { seq: number }[];
        const seqOf = new Map(stored.map((e) => [e.ord, e.seq]));
        expect(page.map((r) => r.seq)).toEqual(expectedOrder(stored, sort).slice(100, 150).map((o) => seqOf.get(o)));
      });
    }
  }

  it('a deep page is the same index walk, whatever its offset', () => {
    const sort: AuditSort = { field: 'actor', direction: 'desc' };
    const q = auditPageSql(bundleId, { filter: {}, sort, offset: 280, limit: 50 });
    const p = pagePlan(q.sql, q.params);
    expect(p.inner).toBe('SEARCH audit_entries USING COVERING INDEX audit_entries_actor (bundle_id=?)');
    expectIndexedOnly(p.all);
    const page = queryAuditPage(store.db, bundleId, { filter: {}, sort, offset: 280, limit: 50 });
    const seqOf = new Map(stored.map((e) => [e.ord, e.seq]));
    expect(page.total).toBe(301);
    expect(page.rows.map((r) => r.seq)).toEqual(expectedOrder(stored, sort).slice(280).map((o) => seqOf.get(o)));
  });

  it('an exact filter with the seq sort, and a time range with the time sort, each read one index range', () => {
    const byActor = auditPageSql(bundleId, { filter: { actor: 'admin.a' }, sort: { field: 'seq', direction: 'asc' }, offset: 10, limit: 50 });
    const a = pagePlan(byActor.sql, byActor.params);
    expect(a.inner).toBe('SEARCH audit_entries USING COVERING INDEX audit_entries_actor (bundle_id=? AND actor=?)');
    expectIndexedOnly(a.all);
    const byTime = auditPageSql(bundleId, {
      filter: { from: '2026-01-01T01:00:00.000Z', to: '2026-01-01T02:00:00.000Z' },
      sort: { field: 'ts', direction: 'desc' },
      offset: 0,
      limit: 50,
    });
    const t = pagePlan(byTime.sql, byTime.params);
    expect(t.inner).toBe('SEARCH audit_entries USING COVERING INDEX audit_entries_ts (bundle_id=? AND ts_ms>? AND ts_ms<?)');
    expectIndexedOnly(t.all);
    const count = auditCountSql(bundleId, { action: 'phone.reveal' });
    expect(plan(store, count.sql, count.params)).toBe('SEARCH audit_entries USING COVERING INDEX audit_entries_action (bundle_id=? AND action=?)');
  });

  it('a contains-search walks the bundle range of one index, counts at most the cap, and ignores case', () => {
    const q = auditPageSql(bundleId, { filter: { text: 'ADMIN.B' }, sort: { field: 'seq', direction: 'asc' }, offset: 0, limit: 50 });
    const p = pagePlan(q.sql, q.params);
    // No index holds substrings: the bundle's own index range is walked (never another bundle's rows), with no sort.
    expect(p.inner).toBe('SEARCH audit_entries USING INDEX audit_entries_seq (bundle_id=?)');
    expect(p.all).not.toMatch(/TEMP B-TREE/);
    const count = auditCountSql(bundleId, { text: 'x' });
    expect(count.sql).toMatch(/LIMIT \?\)$/);
    expect(count.params.at(-1)).toBe(AUDIT_SEARCH_CAP + 1);
    // Case-insensitive, on the actor.
    const byActor = queryAuditPage(store.db, bundleId, { filter: { text: 'ADMIN.B' }, sort: { field: 'seq', direction: 'asc' }, offset: 0, limit: 500 });
    expect(byActor.total).toBe(stored.filter((e) => e.actor === 'admin.b').length);
    expect(byActor.capped).toBeUndefined();
    // %, _ are text, not wildcards: nothing holds them.
    expect(queryAuditPage(store.db, bundleId, { filter: { text: 'admin%' }, sort: { field: 'seq', direction: 'asc' }, offset: 0, limit: 10 }).total).toBe(0);
  });

  it('a contains-search finds target, source IP, request id and details, combined with the other filters', () => {
    const s2 = EvidenceStore.openInMemory();
    try {
      const b = s2.beginBundle({ name: 'b', source_path: '/b', source_sha256: null, form: 'directory', installation_id: 'NAT-X', exported_at: null });
      const sink = s2.auditSink(b, { all: true });
      const at = (line: number) => ({ file: 'data/audit/audit-log.csv', line });
      sink.add(syntheticEntry(1, { target: 'extension:4057' }), at(2));
      sink.add(syntheticEntry(2, { source_ip: '10.20.30.40' }), at(3));
      sink.add(syntheticEntry(3, { request_id: 'req-7f3a' }), at(4));
      sink.add(syntheticEntry(4, { details: { reason: 'Planned Maintenance' } }), at(5));
      sink.add(syntheticEntry(5, { action: 'auth.logout', source_ip: '10.20.30.41' }), at(6));
      sink.flush();
      const seqs = (filter: AuditFilter) => queryAuditPage(s2.db, b, { filter, sort: { field: 'seq', direction: 'asc' }, offset: 0, limit: 10 }).rows.map((r) => r.seq);
      expect(seqs({ text: '4057' })).toEqual([1]);
      expect(seqs({ text: '10.20.30.4' })).toEqual([2, 5]);
      expect(seqs({ text: '10.20.30.4', action: 'auth.login' })).toEqual([2]);
      expect(seqs({ text: 'REQ-7F' })).toEqual([3]);
      expect(seqs({ text: 'planned maint' })).toEqual([4]);
      expect(seqs({ text: 'nowhere' })).toEqual([]);
      expect(locateAuditEntry(s2.db, b, { text: '10.20.30.4' }, { field: 'seq', direction: 'asc' }, 5)).toBe(1);
    } finally {
      s2.close();
    }
  });

  it('past the cap a search is counted as the cap, says so, and pages no further', () => {
    const s3 = EvidenceStore.openInMemory();
    try {
      const b = s3.beginBundle({ name: 'b', source_path: '/b', source_sha256: null, form: 'directory', installation_id: 'NAT-X', exported_at: null });
      const sink = s3.auditSink(b, { all: true });
      for (let seq = 1; seq <= AUDIT_SEARCH_CAP + 5; seq++) sink.add(syntheticEntry(seq), { file: 'data/audit/audit-log.csv', line: seq + 1 });
      sink.flush();
      const sort: AuditSort = { field: 'seq', direction: 'asc' };
      const first = queryAuditPage(s3.db, b, { filter: { text: 'admin' }, sort, offset: 0, limit: 10 });
      expect(first).toMatchObject({ total: AUDIT_SEARCH_CAP, capped: true });
      const last = queryAuditPage(s3.db, b, { filter: { text: 'admin' }, sort, offset: AUDIT_SEARCH_CAP - 3, limit: 10 });
      expect(last.rows.map((r) => r.seq)).toEqual([AUDIT_SEARCH_CAP - 2, AUDIT_SEARCH_CAP - 1, AUDIT_SEARCH_CAP]);
      expect(queryAuditPage(s3.db, b, { filter: { text: 'admin' }, sort, offset: AUDIT_SEARCH_CAP, limit: 10 }).rows).toEqual([]);
    } finally {
      s3.close();
    }
  });

  for (const col of ['actor', 'action', 'tenant', 'outcome'] as AuditFacetColumn[]) {
    it(`the ${col} facet is one seek on audit_entries_${col} per value`, () => {
      const rows = planRows(store, auditFacetSql(col), { b: bundleId, cap: 500 });
      const details = rows.map((r) => r.detail);
      expect(details).toContain(`SEARCH audit_entries USING COVERING INDEX audit_entries_${col} (bundle_id=?)`);
      expect(details).toContain(`SEARCH audit_entries USING COVERING INDEX audit_entries_${col} (bundle_id=? AND ${col}>?)`);
      expect(details.filter((d) => d.includes('audit_entries'))).toHaveLength(2);
      expectIndexedOnly(details.join('\n'));
    });
  }

  it('the first and last times are one seek each on audit_entries_ts', () => {
    for (const bound of ['min', 'max'] as const) {
      expect(plan(store, auditTimeBoundSql(bound), [bundleId])).toBe('SEARCH audit_entries USING COVERING INDEX audit_entries_ts (bundle_id=?)');
    }
  });

  it('answers pages, totals, positions and facets', () => {
    const page = queryAuditPage(store.db, bundleId, { filter: { actor: 'admin.a' }, sort: { field: 'seq', direction: 'desc' }, offset: 0, limit: 3 });
    expect(page.total).toBe(100);
    expect(page.rows.map((r) => r.seq)).toEqual([300, 297, 294]);
    const byTs = queryAuditPage(store.db, bundleId, {
      filter: { from: '2026-01-01T01:00:00.000Z', to: '2026-01-01T01:05:00.000Z' },
      sort: { field: 'ts', direction: 'asc' },
      offset: 1,
      limit: 10,
    });
    expect(byTs.total).toBe(5);
    expect(byTs.rows.map((r) => r.seq)).toEqual([61, 62, 63, 64]);
    // Positions agree with the pages' order, including the NULL time and the repeated seq (its first entry).
    for (const sort of [
      { field: 'ts', direction: 'asc' },
      { field: 'ts', direction: 'desc' },
      { field: 'seq', direction: 'desc' },
      { field: 'outcome', direction: 'asc' },
    ] as AuditSort[]) {
      const order = expectedOrder(stored, sort);
      for (const seq of [7, 150, 299]) {
        const first = stored.find((e) => e.seq === seq)!;
        expect(locateAuditEntry(store.db, bundleId, {}, sort, seq)).toBe(order.indexOf(first.ord));
      }
    }
    expect(locateAuditEntry(store.db, bundleId, { actor: 'admin.b' }, { field: 'seq', direction: 'asc' }, 3)).toBeNull();
    expect(auditFacets(store.db, bundleId)).toEqual({
      total: 301,
      actors: ['admin.a', 'admin.b', 'viewer.c'],
      actions: ['auth.login', 'auth.logout', 'phone.reveal'],
      tenants: ['acme', 'globex'],
      outcomes: ['failure', 'success'],
      firstTs: '2026-01-01T00:01:00.000Z',
      lastTs: '2026-01-01T05:00:00.000Z',
    });
  });
});

describe('cross-check queries', () => {
  let store: EvidenceStore;
  beforeAll(() => {
    store = EvidenceStore.openInMemory();
  });
  afterAll(() => store.close());

  it('retention: the count and the oldest offending CDR of a tenant are primary-key range lookups on the summaries', () => {
    expect(plan(store, 'SELECT ifnull(sum(rows), 0) AS n FROM dump_cdr_days WHERE bundle_id = ? AND tenant_id = ? AND day_ms < ?', [1, 'acme', 0])).toMatch(
      /SEARCH dump_cdr_days USING PRIMARY KEY \(bundle_id=\? AND tenant_id=\? AND day_ms<\?\)/,
    );
    expect(plan(store, 'SELECT line, id, started_at FROM dump_cdr_oldest WHERE bundle_id = ? AND tenant_id = ? AND started_ms < ?', [1, 'acme', 0])).toMatch(
      /SEARCH dump_cdr_oldest USING PRIMARY KEY \(bundle_id=\? AND tenant_id=\?\)/,
    );
  });

  it('register rows are paired with reveal entries by index', () => {
    const p = plan(
      store,
      `SELECT r.id, e.id FROM reveal_rows r JOIN reveal_events e ON e.bundle_id = r.bundle_id AND e.seq = CAST(r.audit_seq AS INTEGER) AND e.hash = r.audit_hash
       WHERE r.bundle_id = ? AND CAST(CAST(r.audit_seq AS INTEGER) AS TEXT) = r.audit_seq ORDER BY r.line, e.id`,
      [1],
    );
    expect(p).toMatch(/SEARCH e USING INDEX reveal_events_seq \(bundle_id=\? AND seq=\?\)/);
  });
});
