// Each cross-check on a hand-made tamper of a temporary copy of the minimal
// sample: the exact code, and the exact place (file, line, seq, certificate).
// Line numbers are those of the minimal sample: audit-log.jsonl line N holds
// seq N; the dump's cdr block runs from line 151, its erasures row is line
// 580, license_state line 608; the register's data rows start at line 2.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Finding } from '../../shared/model/findings.js';
import { copyMinimal, MINIMAL_TRUST, runPipeline, scratch, type PipelineResult } from './pipeline.js';

const AUDIT = 'data/audit/audit-log.jsonl';
const REGISTER = 'data/reveal/reveal-log.csv';
const DUMP = 'data/db/natalia.sql';
const CERT = 'data/erasure/ERC-2026-000017.json';

let tmp: { dir: string; cleanup(): void };
let bag: string;
let result: PipelineResult | undefined;

beforeEach(() => {
  tmp = scratch();
  bag = copyMinimal(tmp.dir);
});
afterEach(() => {
  result?.store.close();
  result = undefined;
  tmp.cleanup();
});

function edit(file: string, fn: (text: string) => string) {
  const p = join(bag, file);
  const before = readFileSync(p, 'utf8');
  const after = fn(before);
  if (after === before) throw new Error(`tamper of ${file} changed nothing`);
  writeFileSync(p, after);
}

/** Replaces line `n` (1-based) of a file split on '\n' (CRLF files keep their '\r'). */
function editLine(file: string, n: number, fn: (line: string) => string | null) {
  edit(file, (t) => {
    const lines = t.split('\n');
    const r = fn(lines[n - 1]!);
    if (r === null) lines.splice(n - 1, 1);
    else lines[n - 1] = r;
    return lines.join('\n');
  });
}

function editEntry(seq: number, fn: (e: Record<string, any>) => void) {
  editLine(AUDIT, seq, (l) => {
    const e = JSON.parse(l);
    fn(e);
    return JSON.stringify(e);
  });
}

async function run(): Promise<Finding[]> {
  result = await runPipeline(bag, MINIMAL_TRUST);
  return [...result.serious].sort((a, b) => a.code.localeCompare(b.code) || (a.line ?? 0) - (b.line ?? 0));
}

function place(f: Finding) {
  return { code: f.code, file: f.file, line: f.line, seq: f.seq, certificate_id: f.certificate_id, reveal_id: f.reveal_id };
}

function status(id: string) {
  return result!.cc.checks.find((c) => c.id === id)?.status;
}

describe('reveal register tampers', () => {
  it('a register with a BOM and bare LF line ends: two low notices, every row matched, nothing serious', async () => {
    edit(REGISTER, (t) => '\ufeff' + t.replace(/\r\n/g, '\n'));
    const f = await run();
    expect(f.map((x) => [x.code, x.severity, x.file, x.line])).toEqual([
      ['reveal.malformed_row', 'low', REGISTER, 1],
      ['reveal.malformed_row', 'low', REGISTER, 1],
    ]);
    expect(f.every((x) => !/cannot be read/.test(x.message))).toBe(true);
    expect(f.find((x) => x.details?.count !== undefined)?.details).toEqual({ count: 14 });
    expect(result!.cc.stats.reveal_rows).toBe(13);
  });

  it('a deleted register row is a reveal.missing_row at its audit entry', async () => {
    editLine(REGISTER, 4, () => null); // RV-F55A592545, seq 60
    const f = await run();
    expect(f.map(place)).toEqual([
      { code: 'reveal.missing_row', file: AUDIT, line: 60, seq: 60, certificate_id: undefined, reveal_id: 'RV-F55A592545' },
    ]);
    expect(status('reveal.register')).toBe('failed');
  });

  it('a changed register cell is a reveal.field_mismatch at the row, naming the field', async () => {
    editLine(REGISTER, 2, (l) => l.replace('Réclamation client n° 3752', 'Réclamation client n° 3753'));
    const f = await run();
    expect(f.map(place)).toEqual([
      { code: 'reveal.field_mismatch', file: REGISTER, line: 2, seq: 46, certificate_id: undefined, reveal_id: 'RV-5C5D687834' },
    ]);
    expect(f[0]!.details?.differences).toEqual([
      { field: 'motive', register: 'Réclamation client n° 3753 — vérification du numéro rappelé', audit: 'Réclamation client n° 3752 — vérification du numéro rappelé' },
    ]);
  });

  it('an edited audit_seq cell still pairs the row by its reveal_id and says which cell differs', async () => {
    editLine(REGISTER, 3, (l) => l.replace(',admin.louis,56,', ',admin.louis,57,'));
    const f = await run();
    expect(f.map(place)).toEqual([
      { code: 'reveal.field_mismatch', file: REGISTER, line: 3, seq: 56, certificate_id: undefined, reveal_id: 'RV-D015387E72' },
    ]);
    expect((f[0]!.details?.differences as { field: string }[]).map((d) => d.field)).toEqual(['audit_seq']);
  });

  it('a changed alert_sent_to cell (ordered list) is a field mismatch', async () => {
    editLine(REGISTER, 5, (l) => l.replace(',admin.ines,63,', ',admin.ines;admin.louis,63,'));
    const f = await run();
    expect(f.map((x) => [x.code, x.line, x.seq])).toEqual([['reveal.field_mismatch', 5, 63]]);
    expect(f[0]!.details?.differences).toEqual([{ field: 'alert_sent_to', register: 'admin.ines;admin.louis', audit: 'admin.ines' }]);
  });

  it('a fabricated row citing a non-reveal entry is a reveal.orphan_row at that row', async () => {
    const hash61 = JSON.parse(readFileSync(join(bag, AUDIT), 'utf8').split('\n')[60]!).hash;
    edit(REGISTER, (t) => t + `RV-FAKE000001,2026-02-21T09:00:00.000Z,acme,admin.louis,Admin,1000150,104,caller,${'ab'.repeat(32)},1234,Test,admin.ines,61,${hash61}\r\n`);
    const f = await run();
    expect(f.map(place)).toEqual([
      { code: 'reveal.orphan_row', file: REGISTER, line: 15, seq: 61, certificate_id: undefined, reveal_id: 'RV-FAKE000001' },
    ]);
    expect(f[0]!.message).toMatch(/not a phone\.reveal/);
  });

  it('a duplicated row is an orphan at the second copy, the first still matches', async () => {
    const line3 = readFileSync(join(bag, REGISTER), 'utf8').split('\n')[2]!;
    edit(REGISTER, (t) => t + line3 + '\n');
    const f = await run();
    expect(f.map(place)).toEqual([
      { code: 'reveal.orphan_row', file: REGISTER, line: 15, seq: 56, certificate_id: undefined, reveal_id: 'RV-D015387E72' },
    ]);
    expect(f[0]!.message).toMatch(/duplicate/);
  });

  it('a reveal after the extension was erased is reveal.after_erasure at the reveal entry', async () => {
    // Seq 130 (audit.export) becomes a reveal of a CDR of extension 107, erased at seq 129.
    editEntry(130, (e) => {
      e.action = 'phone.reveal';
      e.actor = 'admin.louis';
      e.role = 'Admin';
      e.target = 'cdr:1000031';
      e.motive = 'Follow-up';
      e.details = { reveal_id: 'RV-AFTER00001', field: 'caller', phone_pseudonym: 'ab'.repeat(32), last4: '1111', alert_sent_to: ['admin.ines'], extension_id: 107 };
    });
    const f = await run();
    expect(f.map(place)).toEqual([
      { code: 'reveal.after_erasure', file: AUDIT, line: 130, seq: 130, certificate_id: 'ERC-2026-000017', reveal_id: 'RV-AFTER00001' },
      { code: 'reveal.missing_row', file: AUDIT, line: 130, seq: 130, certificate_id: undefined, reveal_id: 'RV-AFTER00001' },
    ]);
  });

  it('without a register, reveal.register is not provided, never passed', async () => {
    rmSync(join(bag, REGISTER));
    await run();
    expect(status('reveal.register')).toBe('not_provided');
  });
});

describe('erasure tampers', () => {
  it('a dump CDR of the erased extension 107 is erasure.incomplete at that dump line', async () => {
    editLine(DUMP, 152, (l) => `1000999\tacme\t107\t2026-02-20 10:00:00+01\t60\tin\t${'cd'.repeat(32)}\t1111\t${'ef'.repeat(32)}\t2222\tanswered\t\\N\n` + l);
    const f = await run();
    expect(f.map(place)).toEqual([
      { code: 'erasure.incomplete', file: DUMP, line: 152, seq: 129, certificate_id: 'ERC-2026-000017', reveal_id: undefined },
    ]);
    expect(f[0]!.details?.remaining).toEqual({ extension: 0, cdr: 1, reveals: 0 });
    expect(status('erasure.execution')).toBe('failed');
  });

  it('the erased extension row back in the dump is erasure.incomplete at that row', async () => {
    edit(DUMP, (t) =>
      t.replace(
        '106\tacme\t77868c567e398b3d4628eabdb6155ff0c1d25794ce32b06c2c386563a3e2c95c\tExt. 4006\t4006\t2026-01-27 01:00:00+01\n',
        (m) => m + '107\tacme\t4e119e8c5a475effe9f16f34ea4908ec93dec1a0eb4c3249cfe4f80e7ca87d62\tExt. 4007\t4007\t2026-01-27 01:00:00+01\n',
      ),
    );
    const f = await run();
    expect(f.map(place)).toEqual([
      { code: 'erasure.incomplete', file: DUMP, line: 596, seq: 129, certificate_id: 'ERC-2026-000017', reveal_id: undefined },
    ]);
  });

  it("a certificate's changed deleted count breaks its signature and disagrees with the audit log and the dump", async () => {
    edit(CERT, (t) => t.replace('"cdr": 40', '"cdr": 41'));
    const f = await run();
    expect(f.map(place)).toEqual([
      { code: 'dump.erasure_mismatch', file: DUMP, line: 580, seq: undefined, certificate_id: 'ERC-2026-000017', reveal_id: undefined },
      { code: 'erasure.audit_mismatch', file: CERT, line: undefined, seq: 129, certificate_id: 'ERC-2026-000017', reveal_id: undefined },
      { code: 'erasure.signature_invalid', file: CERT, line: undefined, seq: undefined, certificate_id: 'ERC-2026-000017', reveal_id: undefined },
    ]);
    expect(f[0]!.details?.differences).toEqual([{ column: 'cdr_deleted', dump: 40, certificate: 41 }]);
    expect(f[1]!.details?.differences).toEqual([{ field: 'execution.deleted.cdr', certificate: 41, audit: 40 }]);
  });

  it('a moved erasure.execute timestamp disagrees with the certificate', async () => {
    editEntry(129, (e) => (e.ts = '2026-02-28T15:00:00.000Z'));
    const f = await run();
    expect(f.map(place)).toEqual([
      { code: 'erasure.audit_mismatch', file: CERT, line: undefined, seq: 129, certificate_id: 'ERC-2026-000017', reveal_id: undefined },
    ]);
    expect(f[0]!.details?.differences).toEqual([
      { field: 'execution.executed_at', certificate: '2026-02-28T14:00:00.000Z', audit: '2026-02-28T15:00:00.000Z' },
    ]);
  });

  it('an erasure.execute citing a non-request is erasure.request_missing at the execute entry', async () => {
    editEntry(129, (e) => (e.details.request_seq = 61));
    const f = await run();
    expect(f.map(place)).toContainEqual({
      code: 'erasure.request_missing',
      file: AUDIT,
      line: 129,
      seq: 129,
      certificate_id: 'ERC-2026-000017',
      reveal_id: undefined,
    });
    expect(f.map((x) => x.code).sort()).toEqual(['erasure.audit_mismatch', 'erasure.request_missing']);
  });

  it('erasure.request_missing needs only the audit log', async () => {
    editEntry(129, (e) => delete e.details.request_seq);
    // An export of the audit log alone: no certificate, dump or register, and the manifest does not list them.
    for (const p of [CERT, DUMP, REGISTER]) rmSync(join(bag, p));
    edit('manifest-sha256.txt', (t) => t.split('\n').filter((l) => !/ (data\/erasure|data\/db|data\/reveal)\//.test(l)).join('\n'));
    const f = await run();
    expect(f.map(place)).toEqual([
      { code: 'erasure.request_missing', file: AUDIT, line: 129, seq: 129, certificate_id: 'ERC-2026-000017', reveal_id: undefined },
    ]);
  });

  it('a request received more than a month before execution is erasure.late', async () => {
    editEntry(62, (e) => (e.details.received_at = '2026-01-20T09:00:00.000Z'));
    const f = await run();
    const late = f.filter((x) => x.code === 'erasure.late');
    expect(late.map(place)).toEqual([
      { code: 'erasure.late', file: AUDIT, line: 129, seq: 129, certificate_id: 'ERC-2026-000017', reveal_id: undefined },
    ]);
    // The certificate still says the request came on 2026-02-16.
    expect(f.map((x) => x.code).sort()).toEqual(['erasure.audit_mismatch', 'erasure.late']);
  });

  it('a request received exactly one calendar month before (same day number) is on time', async () => {
    // Executed 2026-02-28T14:00Z; received 2026-01-28 (Paris): the deadline is the end of 2026-02-28, Paris time.
    editEntry(62, (e) => (e.details.received_at = '2026-01-28T08:00:00.000Z'));
    const f = await run();
    expect(f.filter((x) => x.code === 'erasure.late')).toEqual([]);
  });

  it('a missing certificate file of an executed erasure is erasure.audit_mismatch at the execute entry', async () => {
    rmSync(join(bag, CERT));
    const f = await run();
    expect(f.map(place)).toEqual([
      { code: 'erasure.audit_mismatch', file: AUDIT, line: 129, seq: 129, certificate_id: 'ERC-2026-000017', reveal_id: undefined },
    ]);
  });
});

describe('dump tampers', () => {
  it('an erasures row that differs from its certificate is dump.erasure_mismatch at the row', async () => {
    editLine(DUMP, 580, (l) => l.replace('\t40\t129', '\t39\t129'));
    const f = await run();
    expect(f.map(place)).toEqual([
      { code: 'dump.erasure_mismatch', file: DUMP, line: 580, seq: undefined, certificate_id: 'ERC-2026-000017', reveal_id: undefined },
    ]);
  });

  it('a missing erasures row is dump.erasure_mismatch for that certificate', async () => {
    editLine(DUMP, 580, () => null);
    const f = await run();
    expect(f.map(place)).toEqual([
      { code: 'dump.erasure_mismatch', file: DUMP, line: undefined, seq: undefined, certificate_id: 'ERC-2026-000017', reveal_id: undefined },
    ]);
  });

  it('an extra erasures row is dump.erasure_mismatch at that row', async () => {
    editLine(DUMP, 580, (l) => l + '\n' + l.replace('ERC-2026-000017', 'ERC-2026-000099'));
    const f = await run();
    expect(f.map(place)).toEqual([
      { code: 'dump.erasure_mismatch', file: DUMP, line: 581, seq: undefined, certificate_id: 'ERC-2026-000099', reveal_id: undefined },
    ]);
  });

  it('CDRs past retention give ONE dump.retention_exceeded per tenant, with the count, at the oldest row', async () => {
    const row = (id: number, when: string) =>
      `${id}\tacme\t101\t${when}\t60\tin\t${'cd'.repeat(32)}\t1111\t${'ef'.repeat(32)}\t2222\tanswered\t\\N`;
    editLine(DUMP, 151, (l) => [row(1000900, '2025-01-10 10:00:00+01'), row(1000901, '2024-12-24 10:00:00+01'), l].join('\n'));
    const f = await run();
    expect(f.map(place)).toEqual([
      { code: 'dump.retention_exceeded', file: DUMP, line: 152, seq: undefined, certificate_id: undefined, reveal_id: undefined },
    ]);
    expect(f[0]!.count).toBe(2);
    expect(f[0]!.details?.tenant).toBe('acme');
  });

  it('a CDR the last nightly purge kept, at its boundary, is not a finding', async () => {
    // Export 2026-03-02T09:14:07.512Z, 13 months: the 02:00 UTC purge of 2026-03-02 kept 2025-02-02T02:00Z and later.
    const row = `1000900\tacme\t101\t2025-02-02 03:00:00+01\t60\tin\t${'cd'.repeat(32)}\t1111\t${'ef'.repeat(32)}\t2222\tanswered\t\\N`;
    editLine(DUMP, 151, (l) => row + '\n' + l);
    expect(await run()).toEqual([]);
  });

  it('a clock high-water mark after the export is license.clock_tampering at the license_state row', async () => {
    editLine(DUMP, 608, (l) => l.replace('2026-03-02 10:14:07.012+01', '2026-03-02 10:14:08+01'));
    const f = await run();
    expect(f.map(place)).toEqual([
      { code: 'license.clock_tampering', file: DUMP, line: 608, seq: undefined, certificate_id: undefined, reveal_id: undefined },
    ]);
  });

  it('an unreadable dump line is dump.parse_error at that line, and the rest is still checked', async () => {
    editLine(DUMP, 200, (l) => l.split('\t').slice(0, 5).join('\t'));
    const f = await run();
    expect(f.map((x) => [x.code, x.file, x.line])).toEqual([['dump.parse_error', DUMP, 200]]);
    expect(status('dump.parse')).toBe('failed');
    expect(status('dump.retention')).toBe('passed');
  });

  it('without a dump, the dump checks are not provided', async () => {
    rmSync(join(bag, DUMP));
    await run();
    expect([status('dump.parse'), status('dump.retention'), status('dump.erasures')]).toEqual(['not_provided', 'not_provided', 'not_provided']);
  });
});

describe('CDR summaries', () => {
  it('only the CDR rows of erased extensions are stored; the summaries count them all', async () => {
    // Two CDRs of the erased extension 107 left in the dump.
    editLine(DUMP, 152, (l) =>
      [1000998, 1000999].map((id) => `${id}\tacme\t107\t2026-02-20 10:00:00+01\t60\tin\t${'cd'.repeat(32)}\t1111\t${'ef'.repeat(32)}\t2222\tanswered\t\\N`).join('\n') + '\n' + l,
    );
    const f = await run();
    const n = (sql: string) => (result!.store.db.prepare(sql).get() as { n: number }).n;
    expect(n('SELECT count(*) AS n FROM dump_cdr')).toBe(2);
    expect(n('SELECT count(*) AS n FROM dump_cdr WHERE extension_id = 107')).toBe(2);
    expect(n('SELECT sum(rows) AS n FROM dump_cdr_extensions')).toBe(423);
    expect(n('SELECT sum(rows) AS n FROM dump_cdr_days')).toBe(423);
    expect(f.map((x) => [x.code, x.line])).toEqual([['erasure.incomplete', 152]]);
    expect(f[0]!.details?.remaining).toEqual({ extension: 0, cdr: 2, reveals: 0 });
  });
});

describe('unreadable evidence', () => {
  it('a certificate that is not JSON is one malformed finding; nothing calls it missing or extra', async () => {
    writeFileSync(join(bag, CERT), '{"format": "natalia.erasure-certificate.v1", oops');
    const f = await run();
    expect(f.map((x) => [x.code, x.file])).toEqual([['erasure.malformed_certificate', CERT]]);
    // The erasure is still followed from its audit entries: the dump still gets checked.
    expect(result!.cc.checks.find((c) => c.id === 'erasure.execution')?.status).toBe('passed');
  });

  it('a register that is not CSV gives located findings, not a crash', async () => {
    writeFileSync(join(bag, REGISTER), 'reveal_id,ts\r\n"unterminated,2026\r\n');
    const f = await run();
    expect(f.some((x) => x.code === 'reveal.malformed_row' && x.file === REGISTER)).toBe(true);
    // Every reveal of the audit log is then missing from the register, one finding each (13, under the cap).
    expect(f.filter((x) => x.code === 'reveal.missing_row')).toHaveLength(13);
  });

  it('a register of thousands of unreadable rows: the first ones located, the rest one summary with the count', async () => {
    const header = readFileSync(join(bag, REGISTER), 'utf8').split('\r\n')[0]!;
    writeFileSync(join(bag, REGISTER), `${header}\r\n` + 'not,a,row\r\n'.repeat(5000));
    const f = (await run()).filter((x) => x.code === 'reveal.malformed_row');
    // They are capped as they are read (load-register.ts), not after: each is a finding only up to the cap.
    expect(f).toHaveLength(201);
    expect(f[0]!.line).toBe(2);
    expect(f[200]).toMatchObject({ line: 202, count: 4800 });
    expect(f[200]!.message).toMatch(/^4800 further reveal\.malformed_row finding\(s\) like the ones above, not listed one by one; the first is here: The row has 3 cells/);
  });

  it('thousands of identical problems are summarised past a cap, with the count', async () => {
    const { FindingList } = await import('../../shared/engine/crosscheck/finding-list.js');
    const list = new FindingList(3);
    for (let i = 1; i <= 10; i++) list.add({ code: 'reveal.missing_row', file: AUDIT, line: i, seq: i, message: `seq ${i}` });
    const out = list.list();
    expect(out.map((x) => [x.line, x.count])).toEqual([
      [1, undefined],
      [2, undefined],
      [3, undefined],
      [4, 7],
    ]);
    expect(list.count('reveal.missing_row')).toBe(10);

    // Taken into another list (the dump's, read before the checks): the summary stays one summary.
    const all = new FindingList(3);
    all.add({ code: 'reveal.missing_row', file: AUDIT, line: 99, seq: 99, message: 'seq 99' });
    all.absorb(list);
    expect(all.list().map((x) => [x.line, x.count])).toEqual([
      [99, undefined],
      [1, undefined],
      [2, undefined],
      [3, 8],
    ]);
    expect(all.list()[3]!.message).toBe('8 further reveal.missing_row finding(s) like the ones above, not listed one by one; the first is here: seq 3');
    expect(all.count('reveal.missing_row')).toBe(11);
  });
});
