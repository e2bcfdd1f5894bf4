// The audit sink builds the indexes of an empty table once, after its rows,
// instead of row by row: the store must end with exactly the indexes the
// migrations define, a table that already had rows must keep its indexes
// throughout, and a rolled-back import must leave them as they were.
import { afterEach, describe, expect, it } from 'vitest';
import { EvidenceStore } from '../../shared/engine/store/evidence-store.js';
import type { AuditEntry } from '../../shared/model/audit-entry.js';
import { syntheticEntry } from './synthetic-entry.js';

const TABLES = ['audit_entries', 'reveal_events'];

function indexes(store: EvidenceStore): string[] {
  return (
    store.db
      .prepare(`SELECT tbl_name || '.' || name AS n FROM sqlite_master WHERE type = 'index' AND tbl_name IN (${TABLES.map(() => '?').join(',')}) AND sql IS NOT NULL ORDER BY n`)
      .all(...TABLES) as { n: string }[]
  ).map((r) => r.n);
}

function entry(seq: number, action: string): AuditEntry {
  return syntheticEntry(seq, {
    action,
    target: `cdr:${seq}`,
    motive: 'ticket',
    details: action === 'phone.reveal' ? { reveal_id: `RV-${seq}`, field: 'caller', phone_pseudonym: 'p', last4: '1234', extension_id: 100 } : {},
  });
}

let store: EvidenceStore | undefined;
afterEach(() => store?.close());

function fill(s: EvidenceStore, name: string, n: number, onAdded?: () => void): void {
  const id = s.beginBundle({ name, source_path: `/${name}`, source_sha256: null, form: 'directory', installation_id: 'NAT-X', exported_at: null });
  const sink = s.auditSink(id, { all: true });
  for (let seq = 1; seq <= n; seq++) sink.add(entry(seq, seq % 2 ? 'phone.reveal' : 'auth.login'), { file: 'data/audit/audit-log.csv', line: seq + 1 });
  onAdded?.();
  sink.flush();
}

describe('audit sink indexes', () => {
  it('ends with every index the migrations define, after filling an empty table without them', () => {
    store = EvidenceStore.openInMemory();
    const defined = indexes(store);
    expect(defined.length).toBeGreaterThanOrEqual(13);
    let during: string[] = [];
    fill(store, 'a', 50, () => (during = indexes(store!)));
    expect(during).toEqual([]);
    expect(indexes(store)).toEqual(defined);
    const plan = store.db.prepare('EXPLAIN QUERY PLAN SELECT * FROM reveal_events WHERE bundle_id = 1 AND actor = ?').all('admin.a') as { detail: string }[];
    expect(plan.map((p) => p.detail).join('\n')).toMatch(/USING INDEX reveal_events_actor/);
  });

  it('keeps the indexes of a table that already holds rows (a second bundle in a case)', () => {
    store = EvidenceStore.openInMemory();
    const defined = indexes(store);
    fill(store, 'a', 10);
    let during: string[] = [];
    fill(store, 'b', 10, () => (during = indexes(store!)));
    expect(during).toEqual(defined);
    expect(store.db.prepare('SELECT count(*) AS n FROM audit_entries').get()).toEqual({ n: 20 });
  });

  it('restores the dropped indexes when the transaction around the import rolls back', () => {
    store = EvidenceStore.openInMemory();
    const defined = indexes(store);
    store.begin();
    const id = store.beginBundle({ name: 'a', source_path: '/a', source_sha256: null, form: 'directory', installation_id: 'NAT-X', exported_at: null });
    const sink = store.auditSink(id, { all: true });
    sink.add(entry(1, 'phone.reveal'), { file: 'data/audit/audit-log.csv', line: 2 });
    expect(indexes(store)).toEqual([]);
    store.rollback();
    expect(indexes(store)).toEqual(defined);
  });
});
