// The explorer's CSV export: the screen's filter and order, every column,
// cells a spreadsheet would run as formulas defused, and a stated cap.
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEntriesCsv, AUDIT_EXPORT_COLUMNS } from '../../shared/engine/store/audit-export.js';
import { EvidenceStore } from '../../shared/engine/store/evidence-store.js';
import { syntheticEntry } from './synthetic-entry.js';

let store: EvidenceStore;
let bundleId: number;

beforeAll(() => {
  store = EvidenceStore.openInMemory();
  bundleId = store.beginBundle({ name: 'b', source_path: '/b', source_sha256: null, form: 'directory', installation_id: 'NAT-X', exported_at: null });
  const sink = store.auditSink(bundleId, { all: true });
  const at = (line: number) => ({ file: 'data/audit/audit-log.csv', line });
  sink.add(syntheticEntry(1, { actor: 'admin.a', target: 'extension:4057' }), at(2));
  sink.add(syntheticEntry(2, { actor: 'viewer.b', motive: '=HYPERLINK("http://x")', details: { note: 'a "quoted", comma\nline' } }), at(3));
  sink.add(syntheticEntry(3, { actor: 'admin.c', source_ip: '10.0.0.3' }), at(4));
  sink.flush();
});
afterAll(() => store.close());

const rows = (csv: Buffer) => parse(csv.toString('utf8').replace(/^\ufeff/, ''), { columns: true }) as Record<string, string>[];

describe('auditEntriesCsv', () => {
  it('writes every column of the filtered entries, in the asked order', () => {
    const csv = auditEntriesCsv(store.db, bundleId, { text: 'admin' }, { field: 'seq', direction: 'desc' });
    expect(csv.content.toString('utf8').startsWith('\ufeff' + AUDIT_EXPORT_COLUMNS.join(',') + '\r\n')).toBe(true);
    const r = rows(csv.content);
    expect(r.map((x) => x.seq)).toEqual(['3', '1']);
    expect(r[1]).toMatchObject({ actor: 'admin.a', target: 'extension:4057', file: 'data/audit/audit-log.csv', line: '2' });
    expect(csv).toMatchObject({ rows: 2, truncated: false });
  });

  it('keeps quotes, commas and line breaks, and defuses formulas', () => {
    const [r] = rows(auditEntriesCsv(store.db, bundleId, { actor: 'viewer.b' }, { field: 'seq', direction: 'asc' }).content);
    expect(JSON.parse(r!.details!)).toEqual({ note: 'a "quoted", comma\nline' });
    expect(r!.motive).toBe(`'=HYPERLINK("http://x")`);
  });

  it('stops at its cap and says so', () => {
    const csv = auditEntriesCsv(store.db, bundleId, {}, { field: 'seq', direction: 'asc' }, 2);
    expect(csv).toMatchObject({ rows: 2, truncated: true });
    expect(rows(csv.content).map((x) => x.seq)).toEqual(['1', '2']);
  });
});
