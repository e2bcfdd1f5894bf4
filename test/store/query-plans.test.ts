// The audit explorer pages 1,000,000+ entries and the cross-checks query
// millions of dump rows: each of their queries is an index walk or lookup,
// checked with EXPLAIN QUERY PLAN. (Timings are for the benchmark.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EvidenceStore } from '../../shared/engine/store/evidence-store.js';
import { auditPageSql, auditWhere, queryAuditPage, auditFacets, type AuditSortKey } from '../../shared/engine/store/audit-query.js';
import type { AuditEntry } from '../../shared/model/audit-entry.js';

function plan(store: EvidenceStore, sql: string, params: unknown[]): string {
  return (store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join('\n');
}

describe('audit explorer', () => {
  let store: EvidenceStore;
  let bundleId: number;
  beforeAll(() => {
    store = EvidenceStore.openInMemory();
    bundleId = store.beginBundle({ name: 'b', source_path: '/b', source_sha256: null, form: 'directory', installation_id: 'NAT-X', exported_at: null });
    const sink = store.auditSink(bundleId, { all: true });
    const actors = ['admin.a', 'admin.b', 'viewer.c'];
    const actions = ['auth.login', 'auth.logout', 'phone.reveal'];
    for (let seq = 1; seq <= 300; seq++) {
      const e: AuditEntry = {
        seq,
        ts: new Date(Date.UTC(2026, 0, 1) + seq * 60_000).toISOString(),
        tenant: seq % 2 ? 'acme' : 'globex',
        actor: actors[seq % 3]!,
        role: 'Admin',
        action: actions[seq % 3]!,
        target: '',
        outcome: seq % 10 === 0 ? 'failure' : 'success',
        motive: '',
        source_ip: '',
        user_agent: '',
        request_id: '',
        details: {},
        prev_hash: '0'.repeat(64),
        hash: seq.toString(16).padStart(64, '0'),
        kid: '0'.repeat(16),
        sig: '',
      };
      sink.add(e, { file: 'data/audit/audit-log.csv', line: seq + 1 });
    }
    sink.flush();
  });
  afterAll(() => store.close());

  /** Plan rows inside the co-routine that picks the page's row ids. */
  function inner(sql: string, params: unknown[]): string[] {
    const rows = store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { id: number; parent: number; detail: string }[];
    const co = rows.find((r) => r.detail.startsWith('CO-ROUTINE k'));
    expect(co).toBeDefined();
    return rows.filter((r) => r.parent === co!.id).map((r) => r.detail);
  }

  for (const field of ['seq', 'ts', 'actor', 'action', 'tenant', 'outcome'] as AuditSortKey[]) {
    for (const direction of ['asc', 'desc'] as const) {
      it(`sorting by ${field} ${direction}: the page is found on a covering index, no sort of the whole log`, () => {
        const q = auditPageSql(bundleId, { filter: {}, sort: { field, direction }, offset: 100, limit: 50 });
        const p = inner(q.sql, q.params);
        expect(p.join('\n')).toMatch(/SEARCH e USING COVERING INDEX audit_entries_/);
        expect(p.join('\n')).not.toMatch(/TEMP B-TREE/);
      });
    }
  }

  it('an exact filter with the seq sort uses that column index', () => {
    const q = auditPageSql(bundleId, { filter: { actor: 'admin.a' }, sort: { field: 'seq', direction: 'asc' }, offset: 0, limit: 50 });
    expect(inner(q.sql, q.params).join('\n')).toMatch(/SEARCH e USING COVERING INDEX audit_entries_actor \(bundle_id=\? AND actor=\?\)/);
    const w = auditWhere(bundleId, { action: 'phone.reveal' });
    expect(plan(store, `SELECT count(*) FROM audit_entries e WHERE ${w.where}`, w.params)).toMatch(/USING COVERING INDEX audit_entries_action/);
  });

  it('answers pages, totals and facets', () => {
    const page = queryAuditPage(store, bundleId, { filter: { actor: 'admin.a' }, sort: { field: 'seq', direction: 'desc' }, offset: 0, limit: 3 });
    expect(page.total).toBe(100);
    expect(page.rows.map((r) => r.seq)).toEqual([300, 297, 294]);
    const byTs = queryAuditPage(store, bundleId, { filter: { from: '2026-01-01T01:00:00.000Z', to: '2026-01-01T01:05:00.000Z' }, sort: { field: 'ts', direction: 'asc' }, offset: 1, limit: 10 });
    expect(byTs.total).toBe(5);
    expect(byTs.rows.map((r) => r.seq)).toEqual([61, 62, 63, 64]);
    expect(auditFacets(store, bundleId)).toMatchObject({
      total: 300,
      actors: ['admin.a', 'admin.b', 'viewer.c'],
      actions: ['auth.login', 'auth.logout', 'phone.reveal'],
      tenants: ['acme', 'globex'],
      outcomes: ['failure', 'success'],
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
