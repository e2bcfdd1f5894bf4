// Replay queries must stay index lookups whatever the case size (13 months
// of reveals, millions of CDRs): checked with EXPLAIN QUERY PLAN.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EvidenceStore } from '../../shared/engine/store/evidence-store.js';
import { revealQuery } from '../../shared/engine/replay/reveal-history.js';

function plan(store: EvidenceStore, sql: string, params: unknown[]): string {
  return (store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join('\n');
}

describe('replay query plans', () => {
  let store: EvidenceStore;
  beforeAll(() => {
    store = EvidenceStore.openInMemory();
  });
  afterAll(() => store.close());

  const part = { bundleId: 1, installationId: 'NAT-X', beforeSeq: null };
  const cases: [string, Parameters<typeof revealQuery>[1], string][] = [
    ['by actor, as of T', { actor: 'admin.ines', at: '2026-02-28T00:00:00.000Z' }, 'reveal_events_actor (bundle_id=? AND actor=? AND ts_ms<?)'],
    ['by actor over 13 months', { actor: 'admin.ines', from: '2025-02-01T00:00:00.000Z', at: '2026-03-01T00:00:00.000Z' }, 'reveal_events_actor (bundle_id=? AND actor=? AND ts_ms>? AND ts_ms<?)'],
    ['by phone pseudonym', { phonePseudonym: 'ab'.repeat(32) }, 'reveal_events_phone (bundle_id=? AND phone_pseudonym=?)'],
    ['by extension', { extensionId: 107 }, 'reveal_events_extension (bundle_id=? AND extension_id=?)'],
    ['by tenant, as of T', { tenant: 'acme', at: '2026-02-28T00:00:00.000Z' }, 'reveal_events_tenant (bundle_id=? AND tenant=? AND ts_ms<?)'],
    ['everything as of T', { at: '2026-02-28T00:00:00.000Z' }, 'reveal_events_ts (bundle_id=? AND ts_ms<?)'],
  ];
  for (const [name, filter, index] of cases) {
    it(`reveals ${name}: SEARCH using ${index.split(' ')[0]}`, () => {
      const q = revealQuery(part, filter);
      const p = plan(store, q.sql, q.params);
      expect(p).toContain(`SEARCH e USING INDEX ${index}`);
      expect(p).not.toMatch(/SCAN e\b/);
      // The register line of each reveal is an index lookup too.
      expect(p).toMatch(/SEARCH r USING (COVERING )?INDEX reveal_rows_seq/);
    });
  }

  it('erasure checks against the dump are index lookups', () => {
    const q = (sql: string) => plan(store, sql, [1, 107]);
    expect(q('SELECT ifnull(sum(rows), 0) AS n, min(first_line) AS line FROM dump_cdr_extensions WHERE bundle_id = ? AND extension_id = ?')).toMatch(
      /SEARCH dump_cdr_extensions USING PRIMARY KEY \(bundle_id=\? AND extension_id=\?\)/,
    );
    // Reports may count a case's stored CDR rows directly: an index lookup too.
    expect(q('SELECT count(*) AS n FROM dump_cdr WHERE bundle_id = ? AND extension_id = ?')).toMatch(/SEARCH dump_cdr USING COVERING INDEX dump_cdr_extension/);
    expect(q('SELECT count(*) AS n, min(line) AS line FROM dump_reveals WHERE bundle_id = ? AND extension_id = ?')).toMatch(
      /SEARCH dump_reveals USING COVERING INDEX dump_reveals_extension/,
    );
  });
});
