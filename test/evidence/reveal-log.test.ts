// The reveal register of the three samples, and registers that break the format.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRevealLog, REVEAL_LOG_COLUMNS, type RevealLogItem, type RevealLogRow } from '../../shared/engine/evidence/reveal-log.js';
import type { Finding } from '../../shared/model/findings.js';
import { fullBag, insertsBag, minimalBag, type SampleBag } from '../dump/sample-bags.js';

async function readAll(path: string): Promise<{ rows: { row: RevealLogRow; line: number }[]; findings: Finding[] }> {
  const rows: { row: RevealLogRow; line: number }[] = [];
  const findings: Finding[] = [];
  for await (const item of readRevealLog(path) as AsyncIterable<RevealLogItem>) {
    if (item.kind === 'row') rows.push({ row: item.row, line: item.line });
    else findings.push(item.finding);
  }
  return { rows, findings };
}

describe('sample reveal registers', () => {
  const bags: Record<string, SampleBag> = {};
  beforeAll(async () => {
    bags.minimal = minimalBag();
    bags.inserts = insertsBag();
    bags.full = await fullBag();
  });
  afterAll(() => Object.values(bags).forEach((b) => b.cleanup()));

  it.each([
    ['minimal', 13],
    ['full', 964],
    ['inserts', 7],
  ])('%s: %i rows, no finding, each at the physical line where it starts', async (name, count) => {
    const path = join(bags[name]!.root, 'data/reveal/reveal-log.csv');
    const { rows, findings } = await readAll(path);
    expect(findings).toEqual([]);
    expect(rows).toHaveLength(count);
    // Independent check of the line numbers: the physical line that begins with the row's id.
    const physical = readFileSync(path, 'utf8').split('\n');
    for (const { row, line } of rows) expect(physical[line - 1]!.startsWith(`${row.reveal_id},${row.ts},`)).toBe(true);
  });

  it('full: multi-line cells read whole, later rows keep their physical lines', async () => {
    const { rows } = await readAll(join(bags.full!.root, 'data/reveal/reveal-log.csv'));
    const multi = rows.filter((r) => r.row.motive.includes('\n'));
    expect(multi.length).toBeGreaterThan(50);
    const first = rows.find((r) => r.row.reveal_id === 'RV-077A34A520')!;
    expect(first.line).toBe(7);
    expect(first.row.motive).toBe('Escalation 3140, customer says: "nobody called me back"\nSecond line: manager approval by phone');
    const formula = rows.find((r) => r.row.reveal_id === 'RV-606D2436CA')!;
    expect(formula.row.motive).toBe('=HYPERLINK("http://example.invalid/4189","ticket 4189")');
  });

  it('types the cells: integers, alert_sent_to as a list', async () => {
    const { rows } = await readAll(join(bags.minimal!.root, 'data/reveal/reveal-log.csv'));
    expect(rows[0]).toEqual({
      line: 2,
      row: {
        reveal_id: 'RV-5C5D687834',
        ts: '2026-02-19T12:54:40.879Z',
        tenant: 'acme',
        actor: 'admin.louis',
        role: 'Admin',
        cdr_id: 1000009,
        extension_id: 101,
        field: 'caller',
        phone_pseudonym: '81cb7832b9664949feaa9aad5b2bf245f165a766b745fe03b8c336bc1f9f000d',
        last4: '6844',
        motive: 'Réclamation client n° 3752 — vérification du numéro rappelé',
        alert_sent_to: ['admin.ines'],
        audit_seq: 46,
        audit_hash: '095f2df00d11654aa4d0da0500f1574b0d139b6da241b09724aba4f9cf1d8c19',
      },
    });
  });
});

describe('registers that break the format', () => {
  const dir = mkdtempSync(join(tmpdir(), 'natalia-reveal-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  const write = (text: string | Buffer): string => {
    const p = join(dir, `r${n++}.csv`);
    writeFileSync(p, text);
    return p;
  };
  const HEADER = REVEAL_LOG_COLUMNS.join(',');
  const H = 'a'.repeat(64);
  const row = (id: string, over: Partial<Record<(typeof REVEAL_LOG_COLUMNS)[number], string>> = {}): string => {
    const cells: Record<string, string> = {
      reveal_id: id,
      ts: '2026-02-19T12:54:40.879Z',
      tenant: 'acme',
      actor: 'admin.louis',
      role: 'Admin',
      cdr_id: '1000009',
      extension_id: '101',
      field: 'caller',
      phone_pseudonym: 'ff',
      last4: '6844',
      motive: 'why',
      alert_sent_to: 'admin.ines;admin.paul',
      audit_seq: '46',
      audit_hash: H,
      ...over,
    };
    return REVEAL_LOG_COLUMNS.map((c) => cells[c]).join(',');
  };

  it('a row with broken quoting at line N: one reveal.malformed_row at N, the next rows read at their lines', async () => {
    const text = [HEADER, row('RV-1'), row('RV-2', { motive: 'say "hi"' }), row('RV-3', { motive: '"two\nlines"' }), row('RV-4'), ''].join('\r\n');
    const { rows, findings } = await readAll(write(text));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ code: 'reveal.malformed_row', severity: 'high', file: 'data/reveal/reveal-log.csv', line: 3 });
    expect(rows.map((r) => [r.row.reveal_id, r.line, r.row.alert_sent_to])).toEqual([
      ['RV-1', 2, ['admin.ines', 'admin.paul']],
      ['RV-3', 4, ['admin.ines', 'admin.paul']],
      ['RV-4', 6, ['admin.ines', 'admin.paul']],
    ]);
  });

  it.each([
    [{ ts: '2026-02-19T12:54:40Z' }, /ts .* is not an RFC 3339 UTC time with milliseconds/],
    [{ ts: '2026-02-30T12:54:40.879Z' }, /ts/],
    [{ cdr_id: '12a' }, /cdr_id "12a" is not an integer/],
    [{ extension_id: '-1' }, /extension_id/],
    [{ audit_seq: '0' }, /audit_seq "0" is not an integer >= 1/],
    [{ audit_seq: '046' }, /audit_seq/],
    [{ audit_hash: H.toUpperCase() }, /audit_hash/],
    [{ alert_sent_to: 'a;;b' }, /empty username/],
    [{ reveal_id: '' }, /reveal_id is empty/],
  ])('refuses %j with one finding at its line', async (over, message) => {
    const { rows, findings } = await readAll(write([HEADER, row('RV-1'), row('RV-2', over), row('RV-3'), ''].join('\r\n')));
    expect(findings.map((f) => [f.code, f.line])).toEqual([['reveal.malformed_row', 3]]);
    expect(findings[0]!.message).toMatch(message);
    expect(rows.map((r) => r.row.reveal_id)).toEqual(['RV-1', 'RV-3']);
  });

  it('a row with a missing cell and one with an extra cell', async () => {
    const { rows, findings } = await readAll(write([HEADER, row('RV-1').replace(',why,', ','), row('RV-2') + ',x', row('RV-3'), ''].join('\r\n')));
    expect(findings.map((f) => [f.line, f.message])).toEqual([
      [2, 'The row has 13 cells, the register has 14 columns; the row was skipped.'],
      [3, 'The row has 15 cells, the register has 14 columns; the row was skipped.'],
    ]);
    expect(rows.map((r) => r.row.alert_sent_to)).toEqual([['admin.ines', 'admin.paul']]);
    const empty = await readAll(write([HEADER, row('RV-9', { alert_sent_to: '' }), ''].join('\r\n')));
    expect(empty.rows[0]!.row.alert_sent_to).toEqual([]);
  });

  it('a header in another order is one finding and rows are read in the format order; a header of another width stops', async () => {
    const swapped = HEADER.replace('tenant,actor', 'actor,tenant');
    const a = await readAll(write([swapped, row('RV-1'), ''].join('\r\n')));
    expect(a.findings.map((f) => f.line)).toEqual([1]);
    expect(a.rows).toHaveLength(1);
    const b = await readAll(write([HEADER + ',extra', row('RV-1'), ''].join('\r\n')));
    expect(b.findings.map((f) => [f.line, /not read/.test(f.message)])).toEqual([[1, true]]);
    expect(b.rows).toHaveLength(0);
  });

  it('LF line ends, a BOM, an empty file: one finding each, rows still read', async () => {
    const lf = await readAll(write([HEADER, row('RV-1'), row('RV-2'), ''].join('\n')));
    expect(lf.findings.map((f) => [f.line, /bare LF instead of CRLF/.test(f.message)])).toEqual([[1, true]]);
    expect(lf.rows).toHaveLength(2);
    const bom = await readAll(write('\ufeff' + [HEADER, row('RV-1'), ''].join('\r\n')));
    expect(bom.findings.map((f) => [f.line, /byte order mark/.test(f.message)])).toEqual([[1, true]]);
    expect(bom.rows).toHaveLength(1);
    const empty = await readAll(write(''));
    expect(empty.findings.map((f) => [f.code, f.line])).toEqual([['reveal.malformed_row', 1]]);
  });

  // Spec §3: the register is "CSV as in section 2", whose line-end and BOM deviations are low notices (audit/csv-reader.ts).
  it('bare LF line ends are one low notice with their count and the first one, as for the audit CSV; every row is read', async () => {
    // Header and RV-1 end in CRLF, RV-2 and RV-3 in a bare LF, RV-4 in CRLF.
    const text = `${HEADER}\r\n${row('RV-1')}\r\n${row('RV-2')}\n${row('RV-3')}\n${row('RV-4')}\r\n`;
    const { rows, findings } = await readAll(write(text));
    expect(findings).toEqual([
      {
        code: 'reveal.malformed_row',
        severity: 'low',
        file: 'data/reveal/reveal-log.csv',
        line: 3,
        details: { count: 2 },
        message: '2 line(s) of the register end with a bare LF instead of CRLF, the first here; they were read anyway.',
      },
    ]);
    expect(rows.map((r) => [r.row.reveal_id, r.line])).toEqual([
      ['RV-1', 2],
      ['RV-2', 3],
      ['RV-3', 4],
      ['RV-4', 5],
    ]);
  });

  it('a byte order mark is one low notice at line 1; every row is read', async () => {
    const { rows, findings } = await readAll(write('\ufeff' + [HEADER, row('RV-1'), row('RV-2'), ''].join('\r\n')));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ code: 'reveal.malformed_row', severity: 'low', file: 'data/reveal/reveal-log.csv', line: 1 });
    expect(findings[0]!.message).toMatch(/byte order mark, which the format forbids; .*rows were read/);
    expect(rows.map((r) => r.row.reveal_id)).toEqual(['RV-1', 'RV-2']);
  });

  it('a quoted cell never closed: one finding at the line its row starts, and the rows after it are still read', async () => {
    const { rows, findings } = await readAll(write([HEADER, row('RV-1'), row('RV-2', { motive: '"never closed' }), row('RV-3'), ''].join('\r\n')));
    expect(findings.map((f) => f.line)).toEqual([3]);
    expect(findings[0]!.message).toMatch(/never closed/);
    expect(rows.map((r) => [r.row.reveal_id, r.line])).toEqual([
      ['RV-1', 2],
      ['RV-3', 4],
    ]);
  });

  it('bytes that are not UTF-8: one finding at their line', async () => {
    const bytes = Buffer.concat([Buffer.from(`${HEADER}\r\n${row('RV-1')}\r\n`), Buffer.from([0xff, 0xfe]), Buffer.from(`${row('RV-2')}\r\n`)]);
    const { findings } = await readAll(write(bytes));
    expect(findings.map((f) => [f.code, f.line, /not valid UTF-8/.test(f.message)])).toEqual([['reveal.malformed_row', 3, true]]);
  });
});
