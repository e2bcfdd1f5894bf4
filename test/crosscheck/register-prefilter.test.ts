// The register check leaves out, in SQL, the exact pairs it can show to agree
// (register-check.ts, SAME_PAIR), and compares only the others field by
// field. That is a shortcut, never a second opinion: on pairs whose entry
// holds every odd value the audit log can carry (an extension id as text, as
// a fraction, beyond 2^53; alert lists with characters JSON escapes, not a
// list, a list of numbers), the check must report exactly the rows
// compareRowToEntry finds different.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compareRowToEntry } from '../../shared/engine/crosscheck/register-check.js';
import type { AuditEntry } from '../../shared/model/audit-entry.js';
import { copyMinimal, MINIMAL_TRUST, runPipeline, scratch, type PipelineResult } from './pipeline.js';

const REGISTER = 'data/reveal/reveal-log.csv';
const HEADER = 'reveal_id,ts,tenant,actor,role,cdr_id,extension_id,field,phone_pseudonym,last4,motive,alert_sent_to,audit_seq,audit_hash';
const TS = '2026-02-19T12:54:40.879Z';

const csvCell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
const hashOf = (seq: number) => seq.toString(16).padStart(64, '0');

interface Pair {
  details: Record<string, unknown>;
  entry?: Partial<AuditEntry>;
  cells?: { extension_id?: string; alert_sent_to?: string; last4?: string; reveal_id?: string };
}

const EVENT_ALERTS: unknown[] = [
  ['admin.ines'], ['admin.ines', 'admin.louis'], [], ['a b'], ['é'], ['x"y'], ['x\\y'], 'admin.ines', [1], undefined,
  ['admin.ines;admin.louis'], ['A.Ines'], ['adm+in@x-y_z.q'], ['\u0001'],
];
const REGISTER_ALERTS = ['admin.ines', 'admin.ines;admin.louis', '', 'a b', 'é', 'x"y', 'x\\y', 'A.Ines', 'adm+in@x-y_z.q', 'admin.ines","admin.louis'];
const EVENT_EXTENSIONS: unknown[] = [101, '101', '0101', 101.5, 2 ** 60, -1, null, undefined, 1e21, '1e2', 100, ' 101'];
const REGISTER_EXTENSIONS = ['101', '-1', '1152921504606846976', '100'];

function pairs(): Pair[] {
  const out: Pair[] = [];
  const base = { reveal_id: 'RV-1', field: 'caller', phone_pseudonym: 'p'.repeat(64), last4: '1234' };
  for (const a of EVENT_ALERTS) {
    for (const c of REGISTER_ALERTS) out.push({ details: { ...base, extension_id: 101, alert_sent_to: a }, cells: { alert_sent_to: c } });
  }
  for (const x of EVENT_EXTENSIONS) {
    for (const c of REGISTER_EXTENSIONS) out.push({ details: { ...base, extension_id: x, alert_sent_to: ['admin.ines'] }, cells: { extension_id: c } });
  }
  const ok = { ...base, extension_id: 101, alert_sent_to: ['admin.ines'] };
  out.push({ details: { ...ok, reveal_id: 5 }, cells: { reveal_id: '5' } });
  out.push({ details: { ...ok, last4: 1234 } });
  out.push({ details: { ...ok, field: undefined } });
  out.push({ details: ok, entry: { tenant: 'Acme' } });
  out.push({ details: ok, entry: { motive: 'ticket ' } });
  out.push({ details: ok, entry: { target: 'cdr:01000009' } });
  // One difference in each field the shortcut compares.
  out.push({ details: { ...ok, reveal_id: 'RV-2' } });
  out.push({ details: ok, entry: { ts: '2026-02-19T12:54:40.880Z' } });
  out.push({ details: ok, entry: { actor: 'admin.ines' } });
  out.push({ details: ok, entry: { role: 'Auditor' } });
  out.push({ details: { ...ok, field: 'callee' } });
  out.push({ details: { ...ok, phone_pseudonym: 'q'.repeat(64) } });
  out.push({ details: { ...ok, last4: '4321' } });
  out.push({ details: ok });
  return out;
}

let tmp: { dir: string; cleanup(): void };
let result: PipelineResult | undefined;
beforeEach(() => {
  tmp = scratch();
});
afterEach(() => {
  result?.store.close();
  result = undefined;
  tmp.cleanup();
});

describe('register check shortcut', () => {
  it('reports exactly the rows compareRowToEntry finds different, however odd the entry', async () => {
    const bag = copyMinimal(tmp.dir);
    const all = pairs();
    const entries: { entry: AuditEntry; line: number }[] = [];
    const rows: string[] = [HEADER];
    all.forEach((p, i) => {
      const seq = i + 1;
      const entry: AuditEntry = {
        seq, ts: TS, tenant: 'acme', actor: 'admin.louis', role: 'Admin', action: 'phone.reveal', target: 'cdr:1000009',
        outcome: 'success', motive: 'ticket', source_ip: '', user_agent: '', request_id: '', details: p.details,
        prev_hash: hashOf(seq - 1), hash: hashOf(seq), kid: '0'.repeat(16), sig: '', ...p.entry,
      };
      entries.push({ entry, line: seq });
      const c = { reveal_id: 'RV-1', extension_id: '101', alert_sent_to: 'admin.ines', last4: '1234', ...p.cells };
      rows.push(
        [c.reveal_id, TS, 'acme', 'admin.louis', 'Admin', '1000009', c.extension_id, 'caller', 'p'.repeat(64), c.last4, 'ticket', c.alert_sent_to, String(seq), hashOf(seq)]
          .map(csvCell)
          .join(','),
      );
    });
    writeFileSync(join(bag, REGISTER), rows.join('\r\n') + '\r\n');
    result = await runPipeline(bag, MINIMAL_TRUST, { entries });

    // What the field-by-field comparison says of every pair (each row names its own entry).
    const joined = result.store.db
      .prepare(
        `SELECT r.line AS r_line, r.reveal_id AS r_reveal_id, r.ts AS r_ts, r.tenant AS r_tenant, r.actor AS r_actor, r.role AS r_role,
           r.cdr_id AS r_cdr_id, r.extension_id AS r_extension_id, r.field AS r_field, r.phone_pseudonym AS r_phone_pseudonym,
           r.last4 AS r_last4, r.motive AS r_motive, r.alert_sent_to AS r_alert_sent_to, r.audit_seq AS r_audit_seq,
           r.audit_hash AS r_audit_hash, e.*
         FROM reveal_rows r JOIN reveal_events e ON e.bundle_id = r.bundle_id AND e.seq = CAST(r.audit_seq AS INTEGER)
         WHERE r.bundle_id = ? ORDER BY r.line`,
      )
      .all(result.bundleId) as Record<string, unknown>[];
    // Rows the register reader refuses (an extension id past 2^53, say) are not pairs: reveal.malformed_row says so.
    expect(joined.length).toBeGreaterThan(150);
    const expected: number[] = [];
    for (const j of joined) {
      const r = Object.fromEntries(Object.entries(j).filter(([k]) => k.startsWith('r_')).map(([k, v]) => [k.slice(2), v]));
      const diffs = compareRowToEntry({ ...r, id: 0, file: REGISTER } as never, j as never);
      if (diffs.length > 0) expected.push(j.r_line as number);
    }
    const reported = result.cc.findings.filter((f) => f.code === 'reveal.field_mismatch').map((f) => f.line);
    expect(reported).toEqual(expected);
    // The grid holds both kinds: pairs the shortcut may leave out, and pairs it must not.
    expect(expected.length).toBeGreaterThan(100);
    expect(joined.length - expected.length).toBeGreaterThan(5);
  });
});
