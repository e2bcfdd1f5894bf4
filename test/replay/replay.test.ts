// Replay on the minimal sample (facts read off its files), and review items
// on synthetic reveals built for each pattern.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../shared/model/audit-entry.js';
import { EvidenceStore } from '../../shared/engine/store/evidence-store.js';
import { listReveals } from '../../shared/engine/replay/reveal-history.js';
import { computeReviewItems } from '../../shared/engine/replay/review-items.js';
import { listErasures } from '../../shared/engine/replay/erasure-history.js';
import { stateAt } from '../../shared/engine/replay/state-at.js';
import { MINIMAL_BAG, MINIMAL_TRUST, runPipeline } from '../crosscheck/pipeline.js';
import { syntheticEntry } from '../store/synthetic-entry.js';

describe('replay on the minimal sample', () => {
  let store: EvidenceStore;
  beforeAll(async () => {
    store = (await runPipeline(MINIMAL_BAG, MINIMAL_TRUST)).store;
  });
  afterAll(() => store.close());

  it('lists reveals by actor, tenant, phone and extension, with their register line', () => {
    const all = listReveals(store);
    expect(all).toHaveLength(13);
    expect(all[0]).toMatchObject({ seq: 46, actor: 'admin.louis', cdrId: '1000009', revealId: 'RV-5C5D687834', extensionId: 101, registerLine: 2, line: 46 });
    expect(listReveals(store, { actor: 'admin.ines' }).map((r) => r.seq)).toEqual([56, 91, 99, 112, 125, 128]);
    expect(listReveals(store, { tenant: 'acme' })).toHaveLength(13);
    expect(listReveals(store, { tenant: 'globex' })).toHaveLength(0);
    expect(listReveals(store, { extensionId: 110 }).map((r) => r.seq)).toEqual([63, 98, 123]);
    expect(listReveals(store, { phonePseudonym: '77c8a80a6c1df27095447d54f579b6f4718e6ab7bf5b09c6489d868b722255ba' }).map((r) => r.seq)).toEqual([56]);
  });

  it('as of a time T shows only the reveals made by then', () => {
    expect(listReveals(store, { at: '2026-02-21T00:00:00.000Z' }).map((r) => r.seq)).toEqual([46, 56, 60]);
    expect(listReveals(store, { actor: 'admin.louis', at: '2026-02-20T14:27:57.796Z' }).map((r) => r.seq)).toEqual([46, 60]);
  });

  it('flags the reveals outside Paris working hours, and nothing else, on the sample', () => {
    const items = computeReviewItems(store);
    expect(items.map((i) => [i.kind, i.seq, i.severity])).toEqual([
      ['off_hours', 63, 'info'], // Saturday 21 February
      ['off_hours', 99, 'info'], // Wednesday 22:50 Paris
      ['off_hours', 128, 'info'], // Saturday 28 February
    ]);
    expect(items[1]!.message).toMatch(/22:50 Paris \(Wed\)/);
  });

  it('follows the erasure from request to dump, with the GDPR deadline', () => {
    const [e, ...rest] = listErasures(store);
    expect(rest).toEqual([]);
    expect(e).toMatchObject({
      certificateId: 'ERC-2026-000017',
      tenant: 'acme',
      subject: { extensionId: 107, label: 'Ext. 4007', last4: '4007' },
      request: { seq: 62, ts: '2026-02-21T10:00:00.000Z', reference: 'DSAR-2026-239', receivedAt: '2026-02-16T03:00:00.000Z', channel: 'letter', purged: false },
      execution: { seq: 129, ts: '2026-02-28T14:00:00.000Z', actor: 'admin.ines', cdrDeleted: 40, revealsDeleted: 0 },
      certificate: { file: 'data/erasure/ERC-2026-000017.json', signature: 'valid' },
      dump: { status: 'erased', remaining: { extension: 0, cdr: 0, reveals: 0 }, erasuresRow: 'present' },
      timings: {
        requestToExecutionMs: Date.parse('2026-02-28T14:00:00.000Z') - Date.parse('2026-02-21T10:00:00.000Z'),
        receivedToExecutionMs: Date.parse('2026-02-28T14:00:00.000Z') - Date.parse('2026-02-16T03:00:00.000Z'),
        executionToCertificateMs: 1000,
        // Received Monday 16 February 04:00 Paris: due by the end of 16 March, Paris time (CET).
        dueBefore: '2026-03-16T23:00:00.000Z',
        late: false,
      },
      findings: [],
    });
  });

  it('gives the state at T: extensions, erasures, pending requests, users, reveals', () => {
    const before = stateAt(store, '2026-02-20T00:00:00.000Z');
    expect(before.extensions.map((x) => x.id)).toEqual([100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111]);
    expect(before.erased).toEqual([]);
    expect(before.pendingErasures).toEqual([]);
    expect(before.reveals.count).toBe(1);
    expect(before.users.find((u) => u.username === 'admin.louis')).toEqual({ installationId: 'NAT-EC94-0782', username: 'admin.louis', tenant: 'acme', role: 'Admin', disabled: false, source: 'audit' });

    const pending = stateAt(store, '2026-02-25T00:00:00.000Z');
    expect(pending.pendingErasures).toMatchObject([{ seq: 62, reference: 'DSAR-2026-239', receivedAt: '2026-02-16T03:00:00.000Z' }]);

    const after = stateAt(store, '2026-03-01T00:00:00.000Z');
    expect(after.extensions.map((x) => x.id)).not.toContain(107);
    expect(after.erased).toMatchObject([{ id: 107, certificateId: 'ERC-2026-000017', erasedAt: '2026-02-28T14:00:00.000Z' }]);
    expect(after.pendingErasures).toEqual([]);
    expect(after.reveals.count).toBe(13);
    expect(after.reveals.byActor).toEqual([
      { installationId: 'NAT-EC94-0782', actor: 'admin.louis', count: 7 },
      { installationId: 'NAT-EC94-0782', actor: 'admin.ines', count: 6 },
    ]);
    expect(after.notes).toEqual([]);
    expect(stateAt(store, '2026-04-01T00:00:00.000Z').notes[0]).toMatch(/exported at 2026-03-02T09:14:07.512Z/);
  });
});

// ── Synthetic reveals, one pattern each ────────────────────────────────────

let seq = 0;
function entry(action: string, ts: string, fields: Partial<AuditEntry> & { details?: Record<string, unknown> }): AuditEntry {
  seq++;
  return syntheticEntry(seq, { action, ts, ...fields });
}

function reveal(ts: string, over: { actor?: string; motive?: string; phone?: string; alert?: string[] } = {}): AuditEntry {
  return entry('phone.reveal', ts, {
    actor: over.actor ?? 'admin.a',
    target: 'cdr:1',
    motive: over.motive ?? `case ${seq + 1}`,
    details: {
      reveal_id: `RV-${seq + 1}`,
      field: 'caller',
      phone_pseudonym: over.phone ?? `p${seq + 1}`,
      last4: '0000',
      alert_sent_to: over.alert ?? ['admin.b'],
      extension_id: 101,
    },
  });
}

function storeWith(entries: AuditEntry[]): EvidenceStore {
  const s = EvidenceStore.openInMemory();
  const id = s.beginBundle({ name: 'synthetic', source_path: '-', source_sha256: null, form: 'directory', installation_id: 'NAT-TEST', exported_at: '2026-06-30T00:00:00.000Z' });
  const sink = s.auditSink(id, { all: true });
  entries.forEach((e, i) => sink.add(e, { file: 'data/audit/audit-log.csv', line: i + 2 }));
  sink.flush();
  return s;
}

const users = () => [
  entry('user.create', '2026-01-05T08:00:00.000Z', { target: 'user:admin.a', details: { username: 'admin.a', role: 'Admin' } }),
  entry('user.create', '2026-01-05T08:01:00.000Z', { target: 'user:admin.b', details: { username: 'admin.b', role: 'Admin' } }),
  entry('user.create', '2026-01-05T08:02:00.000Z', { target: 'user:viewer.c', details: { username: 'viewer.c', role: 'Viewer' } }),
];

describe('review items', () => {
  it('refused attempts by one actor: one item listing them, low from the third (repeated attempts stand out)', () => {
    const refusedStore = (times: string[]) => {
      seq = 0;
      const u = users();
      const tries = times.map((t) => ({ ...reveal(`2026-03-10T${t}:00.000Z`, { actor: 'viewer.c' }), role: 'Viewer', outcome: 'denied', details: {} }));
      return storeWith([...u, ...tries]);
    };
    const s = refusedStore(['09:00', '09:02']);
    expect(computeReviewItems(s).map((i) => [i.kind, i.severity, i.relatedSeqs])).toEqual([['refused_reveal', 'info', [4, 5]]]);
    s.close();
    const s3 = refusedStore(['09:00', '09:02', '09:05']);
    const items = computeReviewItems(s3);
    expect(items.map((i) => [i.kind, i.severity, i.actor, i.relatedSeqs])).toEqual([['refused_reveal', 'low', 'viewer.c', [4, 5, 6]]]);
    expect(items[0]!.message).toMatch(/viewer\.c tried to reveal a number 3 times and was refused each time \(denied\)/);
    s3.close();
  });

  const kinds = (s: EvidenceStore) => computeReviewItems(s).map((i) => [i.kind, i.seq]);

  it('one burst item for 5 reveals by one actor within 10 minutes (and none for 4)', () => {
    seq = 0;
    const u = users();
    // Tuesday 2026-03-10, 10:00 Paris (09:00Z).
    const five = [0, 2, 4, 6, 9].map((m) => reveal(`2026-03-10T09:${String(m).padStart(2, '0')}:00.000Z`));
    const s = storeWith([...u, ...five]);
    const items = computeReviewItems(s);
    expect(items.map((i) => [i.kind, i.seq, i.relatedSeqs])).toEqual([['burst', 4, [4, 5, 6, 7, 8]]]);
    s.close();

    seq = 0;
    const s4 = storeWith([...users(), ...[0, 3, 6, 9].map((m) => reveal(`2026-03-10T09:0${m}:00.000Z`))]);
    expect(kinds(s4)).toEqual([]);
    s4.close();
  });

  it('the same number revealed 3 times within 30 days, not 3 times over 40 days', () => {
    seq = 0;
    const s = storeWith([
      ...users(),
      reveal('2026-03-02T09:00:00.000Z', { phone: 'same' }),
      reveal('2026-03-12T09:00:00.000Z', { phone: 'same', actor: 'admin.b', alert: ['admin.a'] }),
      reveal('2026-03-31T08:00:00.000Z', { phone: 'same' }),
      reveal('2026-04-02T08:00:00.000Z', { phone: 'other' }),
      reveal('2026-04-20T08:00:00.000Z', { phone: 'other' }),
      reveal('2026-05-12T08:00:00.000Z', { phone: 'other' }),
    ]);
    const items = computeReviewItems(s);
    expect(items.map((i) => [i.kind, i.seq, i.relatedSeqs])).toEqual([['repeated_number', 4, [4, 5, 6]]]);
    expect(items[0]!.message).toMatch(/admin\.a, admin\.b/);
    s.close();
  });

  it('a motive typed identically on several reveals', () => {
    seq = 0;
    const s = storeWith([
      ...users(),
      reveal('2026-03-02T09:00:00.000Z', { motive: 'Customer callback' }),
      reveal('2026-03-03T09:00:00.000Z', { motive: 'Customer  callback ' }),
      reveal('2026-03-04T09:00:00.000Z', { motive: 'Customer callback #2' }),
    ]);
    expect(computeReviewItems(s).map((i) => [i.kind, i.seq, i.relatedSeqs])).toEqual([['reused_motive', 4, [4, 5]]]);
    s.close();
  });

  it('a reveal by an account disabled or demoted at the time', () => {
    seq = 0;
    const s = storeWith([
      ...users(),
      entry('user.role_change', '2026-03-01T08:00:00.000Z', { target: 'user:admin.b', details: { username: 'admin.b', old_role: 'Admin', new_role: 'Viewer' } }),
      reveal('2026-03-02T09:00:00.000Z', { actor: 'admin.b', alert: ['admin.a'] }),
      entry('user.disable', '2026-03-03T08:00:00.000Z', { target: 'user:admin.a', details: { username: 'admin.a' } }),
      reveal('2026-03-04T09:00:00.000Z', { actor: 'admin.a', alert: ['viewer.c'] }),
    ]);
    const items = computeReviewItems(s);
    expect(items.map((i) => [i.kind, i.seq])).toEqual([
      ['actor_not_entitled', 5],
      ['actor_not_entitled', 7],
      ['no_alert', 7],
    ]);
    expect(items[0]!.title).toMatch(/not an Admin/);
    expect(items[1]!.title).toMatch(/disabled/);
    s.close();
  });

  it('a reveal that alerts nobody, or only the actor', () => {
    seq = 0;
    const s = storeWith([...users(), reveal('2026-03-02T09:00:00.000Z', { alert: [] }), reveal('2026-03-03T09:00:00.000Z', { alert: ['admin.a'] })]);
    expect(kinds(s)).toEqual([
      ['no_alert', 4],
      ['no_alert', 5],
    ]);
    s.close();
  });

  it('denied reveal attempts are not reveals: only the refused-attempt item lists them', () => {
    seq = 0;
    const denied = reveal('2026-03-07T09:00:00.000Z', { alert: [] }); // a Saturday, no alert
    denied.outcome = 'denied';
    const s = storeWith([...users(), denied]);
    expect(kinds(s)).toEqual([['refused_reveal', denied.seq]]);
    expect(computeReviewItems(s)[0]!.severity).toBe('info');
    expect(listReveals(s)).toEqual([]);
    expect(listReveals(s, { successfulOnly: false })).toHaveLength(1);
    s.close();
  });
});
