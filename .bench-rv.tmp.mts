import { EvidenceStore } from './shared/engine/store/evidence-store.ts';
import { listReveals, revealQuery } from './shared/engine/replay/reveal-history.ts';
const s = EvidenceStore.openInMemory();
const id = s.beginBundle({ name: 'b', source_path: '/b', source_sha256: null, form: 'directory', installation_id: 'X', exported_at: '2026-03-02T00:00:00.000Z' });
const sink = s.auditSink(id, { all: false });
const N = 200_000; const t0 = Date.UTC(2025, 1, 1); const step = (395 * 86400000) / N;
for (let i = 1; i <= N; i++) {
  sink.add({ seq: i, ts: new Date(t0 + i * step).toISOString(), tenant: 'acme', actor: 'admin.' + (i % 8), role: 'Admin', action: 'phone.reveal', target: 'cdr:' + i, outcome: 'success', motive: 'm' + i, source_ip: '', user_agent: '', request_id: '',
    details: { reveal_id: 'RV-' + i, field: 'caller', phone_pseudonym: 'p' + (i % 50000), last4: '1234', alert_sent_to: ['admin.b'], extension_id: 100 + (i % 50) },
    prev_hash: 'a'.repeat(64), hash: i.toString(16).padStart(64, '0'), kid: 'b'.repeat(16), sig: 'c'.repeat(88) } as any, { file: 'f', line: i });
}
sink.flush();
const f = { actor: 'admin.1', from: '2025-02-01T00:00:00.000Z', at: '2026-03-01T00:00:00.000Z' };
const q = revealQuery({ bundleId: id, installationId: 'X', beforeSeq: null }, f);
for (let k = 0; k < 2; k++) {
let t = performance.now(); const rows = s.db.prepare(q.sql).all(...q.params); console.log('sql all', rows.length, Math.round(performance.now() - t));
t = performance.now(); const ev = listReveals(s, f); console.log('listReveals', ev.length, Math.round(performance.now() - t));
const q2 = q.sql.replace(/,\s*\(SELECT min\(r\.line\)[^)]*\) AS register_line/s, '');
t = performance.now(); const r2 = s.db.prepare(q2).all(...q.params); console.log('sql no subquery', r2.length, Math.round(performance.now() - t));
}
console.log(s.db.prepare('EXPLAIN QUERY PLAN ' + q.sql).all(...q.params));
