// The dump digest (fast CDR path, chunked input, worker thread) against the
// plain sequential reading it replaces: the same findings in the same order,
// the same rows with the same lines, the same counts and CDR summaries, on
// the real pg_dump fixtures and on a dump full of damage, whatever the
// chunk boundaries.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../shared/model/findings.js';
import { readDumpBatches } from '../../shared/engine/dump/read-dump.js';
import { typedRow, type DumpTable } from '../../shared/engine/dump/schema.js';
import { CdrSummary, type CdrSummaryData } from '../../shared/engine/crosscheck/cdr-summary.js';
import { DUMP_INSERTS, DumpDigest, dumpMs, scanCdrChunk, type RowInsert } from '../../shared/engine/crosscheck/dump-digest.js';
import { LineAlignedCutter, type CutPiece } from '../../shared/engine/dump/lines.js';
import { DumpChangedError, loadDump, startDumpLoad } from '../../shared/engine/crosscheck/load-dump.js';
import { EvidenceStore } from '../../shared/engine/store/evidence-store.js';
import { SAMPLES } from '../dump/sample-bags.js';

const FILE = 'data/db/natalia.sql';
const DUMPS = join(import.meta.dirname, '../fixtures/dumps');
const dir = mkdtempSync(join(tmpdir(), 'natalia-digest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Digested {
  findings: Finding[];
  rows: Record<string, number>;
  inserts: RowInsert[];
  summary: CdrSummaryData;
}

/** The reading before the digest: readDumpBatches, typedRow, one CdrSummary.add per row. */
async function reference(path: string, keep: ReadonlySet<number> | 'all', maxLineBytes?: number, chunkBytes?: number): Promise<Digested> {
  const out: Digested = { findings: [], rows: {}, inserts: [], summary: { extensions: [], days: [], oldest: [] } };
  const cdr = new CdrSummary();
  for await (const batch of readDumpBatches(path, FILE, { maxLineBytes, chunkBytes })) {
    for (const item of batch) {
      if (item.kind === 'error') out.findings.push(item.finding);
      if (item.kind !== 'row') continue;
      out.rows[item.table] = (out.rows[item.table] ?? 0) + 1;
      const typed = typedRow(item.table, item.columns, item.values, { file: FILE, line: item.line });
      if (typed === null) continue;
      if ('finding' in typed) {
        out.findings.push(typed.finding);
        continue;
      }
      if (typed.table === 'cdr') {
        cdr.add(typed.row.extension_id, typed.row.tenant_id, typed.row.id, item.line, dumpMs(typed.row.started_at));
        if (keep !== 'all' && !keep.has(typed.row.extension_id)) continue;
      }
      const w = DUMP_INSERTS[typed.table] as { values: (r: unknown, line: number) => unknown[] };
      out.inserts.push([typed.table, w.values(typed.row, item.line)]);
    }
  }
  out.summary = cdr.toData();
  return out;
}

function digest(bytes: Buffer, chunk: number, keep: ReadonlySet<number> | 'all', maxLineBytes?: number): Digested {
  const d = new DumpDigest(FILE, { keepCdrRows: keep, maxLineBytes });
  const out: Digested = { findings: [], rows: {}, inserts: [], summary: { extensions: [], days: [], oldest: [] } };
  const take = () => {
    const o = d.drain();
    out.findings.push(...o.findings.list());
    out.inserts.push(...o.inserts);
  };
  for (let i = 0; i < bytes.length; i += chunk) {
    d.push(bytes.subarray(i, Math.min(bytes.length, i + chunk)));
    take();
  }
  d.end();
  take();
  out.rows = d.rows;
  out.summary = d.cdr.toData();
  return out;
}

const CDR_HEAD =
  'COPY public.cdr (id, tenant_id, extension_id, started_at, duration_s, direction, caller_pseudonym, caller_last4, callee_pseudonym, callee_last4, disposition, queue) FROM stdin;';
const cdrLine = (id: number, ext: number, ts: string, queue = '\\N', tenant = 'acme') =>
  `${id}\t${tenant}\t${ext}\t${ts}\t42\tin\tc17af7ac\t1234\t5be32\t5678\tanswered\t${queue}`;

/** A dump with most kinds of damage the reader reports, inside and around a cdr block. */
function messyDump(): Buffer {
  const lines: (string | Buffer)[] = [
    '\ufeffSET standard_conforming_strings = on;',
    '',
    "INSERT INTO public.tenants (id, name, retention_months, created_at) VALUES ('acme', 'Acme', 6, '2025-01-01 00:00:00+00');",
    CDR_HEAD,
    cdrLine(1, 100, '2025-02-02 14:04:37.88+01'),
    cdrLine(2, 101, '2025-02-02 14:04:37.88+01', 'support'),
    cdrLine(3, 100, '2025-02-30 14:04:37.88+01'),
    cdrLine(4, 102, '2025-02-02 14:04:37.88+01') + '\r',
    cdrLine(5, 100, '2025-02-02 14:04:37.88+01', 'sup\\'),
    'port',
    cdrLine(6, 103, '2024-12-31 23:59:59.999999-03', 'a\\tb', 'globex'),
    '',
    cdrLine(7, 100, '2025-01-01 00:00:00+00'),
    cdrLine(8, 100, 'infinity'),
    cdrLine(9, 104, '-infinity', '\\N', 'globex'),
    `10\tacme\t100`,
    Buffer.concat([Buffer.from(cdrLine(11, 100, '2025-02-02 14:04:37.88+01', 'q')), Buffer.from([0xff, 0xfe])]),
    cdrLine(12, -5, '2025-02-02 14:04:37.88+01'),
    cdrLine(13, 100, '2025-02-02 14:04:37.88+01', 'x'.repeat(300)),
    `99999999999999999999\tacme\t100\t2025-02-02 14:04:37+01\t1\tin\ta\tb\tc\td\te\t\\N`,
    `12345678901234567\tacme\t100\t2025-02-02 14:04:37+01\t1\tin\ta\tb\tc\td\te\t\\N`,
    '',
    '',
    cdrLine(14, 105, '2025-03-03 03:03:03+00'),
    '\\.',
    CDR_HEAD,
    cdrLine(20, 100, '2025-02-02 14:04:37.88+01'),
    'CREATE TABLE public.after (id integer);',
    CDR_HEAD.replace('id, tenant_id', 'tenant_id, id'),
    `acme\t30\t100\t2025-02-02 14:04:37.88+01\t42\tin\ta\tb\tc\td\te\tf`,
    '\\.',
    'garbage here',
    'more garbage',
    "INSERT INTO public.cdr (id, tenant_id, extension_id, started_at, duration_s, direction, caller_pseudonym, caller_last4, callee_pseudonym, callee_last4, disposition, queue) VALUES (40, 'acme', 106, '2025-02-02 14:04:37.88+01', 1, 'in', 'a', 'b', 'c', 'd', 'e', NULL);",
    CDR_HEAD,
    cdrLine(50, 107, '2025-02-02 14:04:37.88+01'),
  ];
  return Buffer.concat(lines.map((l) => Buffer.concat([typeof l === 'string' ? Buffer.from(l) : l, Buffer.from('\n')])));
}

function fixtures(): { name: string; path: string }[] {
  const out = readdirSync(DUMPS)
    .filter((n) => n.endsWith('.sql'))
    .map((n) => ({ name: n, path: join(DUMPS, n) }));
  const minimal = readdirSync(join(SAMPLES, 'minimal')).find((n) => n.startsWith('natalia-evidence-'))!;
  out.push({ name: 'minimal sample', path: join(SAMPLES, 'minimal', minimal, FILE) });
  const messy = join(dir, 'messy.sql');
  writeFileSync(messy, messyDump());
  out.push({ name: 'messy', path: messy });
  // No final newline, and a last line in a COPY block.
  const cut = join(dir, 'cut.sql');
  writeFileSync(cut, `${CDR_HEAD}\n${cdrLine(1, 100, '2025-02-02 14:04:37.88+01')}\n${cdrLine(2, 100, '2025-02-02 14:04:37.88+01')}`);
  out.push({ name: 'no final newline', path: cut });
  return out;
}

describe('dump digest', () => {
  const cases = fixtures();

  it.each(cases)('reads $name as the sequential reader does, at any chunk boundary', async ({ path }) => {
    const bytes = readFileSync(path);
    for (const keep of [new Set<number>(), new Set([100, 103]), 'all' as const]) {
      const want = await reference(path, keep);
      for (const chunk of [1, 7, 100, 4096, 1 << 20]) {
        const got = digest(bytes, chunk, keep);
        expect(got.findings, `chunk ${chunk}`).toEqual(want.findings);
        expect(got.inserts, `chunk ${chunk}`).toEqual(want.inserts);
        expect(JSON.stringify(got.rows), `chunk ${chunk}`).toBe(JSON.stringify(want.rows));
        expect(got.summary, `chunk ${chunk}`).toEqual(want.summary);
      }
    }
  });

  it('reports a line longer than maxLineBytes as the reader does', async () => {
    const path = cases.find((c) => c.name === 'messy')!.path;
    // A line is judged too long when it spans reads (always so for the 64 MiB default): read both in 64-byte chunks.
    const want = await reference(path, new Set(), 200, 64);
    expect(want.findings.some((f) => /too long/.test(f.message))).toBe(true);
    expect(digest(readFileSync(path), 64, new Set(), 200).findings).toEqual(want.findings);
  });

  it('caps the findings of one piece as it reads them: the first ones, then one summary with the count', () => {
    // One piece of 5,000 broken rows: held one finding each until drained, a piece of millions weighed hundreds of MB.
    const text = `${CDR_HEAD}\n${'x\tnot\ta\trow\n'.repeat(5000)}\\.\n`;
    const d = new DumpDigest(FILE, { keepCdrRows: new Set() });
    d.push(Buffer.from(text));
    d.end();
    const findings = d.drain().findings.list();
    expect(findings).toHaveLength(201);
    expect(findings[0]).toMatchObject({ code: 'dump.parse_error', line: 2 });
    expect(findings[200]).toMatchObject({ code: 'dump.parse_error', line: 202, count: 4800 });
  });

  it('takes the fast path for the bulk of a clean COPY block', () => {
    const rows = Array.from({ length: 2000 }, (_, i) => cdrLine(i + 1, 100 + (i % 7), `2025-02-${String(1 + (i % 28)).padStart(2, '0')} 10:00:00.${i % 1000}+01`));
    const text = `${CDR_HEAD}\n${rows.join('\n')}\n\\.\n`;
    const d = digest(Buffer.from(text), 1000, new Set());
    expect(d.findings).toEqual([]);
    expect(d.rows).toEqual({ cdr: 2000 });
    expect(d.inserts).toEqual([]);
    expect(d.summary.extensions.reduce((a, e) => a + e[2], 0)).toBe(2000);
  });
});

describe('CdrSummary', () => {
  it('merges parts into the summary of the whole, and survives a round trip as data', () => {
    const rows: [number, string, number, number, number | null][] = [];
    for (let i = 0; i < 500; i++) {
      const ms = Date.UTC(2025, 0, 1 + (i % 40), (i * 7) % 24) - (i % 3) * 3_600_000;
      const ext = 100 + (i % 11);
      rows.push([ext, ext % 3 ? 'acme' : 'globex', i + 1, 1000 - i, i % 50 === 0 ? null : ms]);
    }
    rows.push([100, 'acme', 999, 2, 8.64e15], [102, 'globex', 998, 3, -8.64e15]);
    const whole = new CdrSummary();
    for (const r of rows) whole.add(...r);
    const a = new CdrSummary();
    const b = new CdrSummary();
    rows.forEach((r, i) => (i % 2 ? a : b).add(...r));
    const merged = CdrSummary.fromData(a.toData());
    merged.merge(b);
    const norm = (d: CdrSummaryData) => ({
      extensions: [...d.extensions].sort((x, y) => x[0] - y[0]),
      days: [...d.days].sort((x, y) => x[0].localeCompare(y[0]) || x[1] - y[1]),
      oldest: [...d.oldest].sort((x, y) => x[0].localeCompare(y[0])),
    });
    expect(norm(merged.toData())).toEqual(norm(whole.toData()));
    expect(norm(whole.toData()).oldest.find((o) => o[0] === 'globex')).toEqual(['globex', -8.64e15, 3, 998]);
  });

  it('writes the oldest start as the dump wrote it, ±infinity included', () => {
    const { store, bundleId } = newStore();
    const s = new CdrSummary();
    s.add(1, 'a', 10, 5, dumpMs('2025-02-02T13:04:37.880Z'));
    s.add(2, 'b', 11, 6, dumpMs('-infinity'));
    s.write(store.db, bundleId);
    const rows = store.db.prepare('SELECT tenant_id, started_at, started_ms FROM dump_cdr_oldest ORDER BY tenant_id').all();
    expect(rows).toEqual([
      { tenant_id: 'a', started_at: '2025-02-02T13:04:37.880Z', started_ms: Date.parse('2025-02-02T13:04:37.880Z') },
      { tenant_id: 'b', started_at: '-infinity', started_ms: -8.64e15 },
    ]);
    store.close();
  });
});

const TABLES = ['dump_cdr', 'dump_tenants', 'dump_table_counts', 'dump_cdr_extensions', 'dump_cdr_days', 'dump_cdr_oldest'];

function dbRows(store: EvidenceStore): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const t of TABLES) out[t] = store.db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2, 3`).all();
  return out;
}

function newStore(): { store: EvidenceStore; bundleId: number } {
  const store = EvidenceStore.openInMemory();
  const bundleId = store.beginBundle({ name: 'b', source_path: '/x', form: 'directory', source_sha256: null, installation_id: null, exported_at: null });
  return { store, bundleId };
}

describe('loadDump on a worker thread', () => {
  const messy = join(dir, 'messy-worker.sql');
  writeFileSync(messy, messyDump());

  it('stores and reports the same as on the calling thread, with chunks cutting lines', async () => {
    const keep = new Set([100]);
    const a = newStore();
    const inline = await loadDump(a.store.db, a.bundleId, messy, FILE, { keepCdrRows: keep, worker: false, chunkBytes: 1 << 20 });
    const b = newStore();
    const threaded = await loadDump(b.store.db, b.bundleId, messy, FILE, { keepCdrRows: keep, worker: true, chunkBytes: 333 });
    expect(threaded.findings.list()).toEqual(inline.findings.list());
    expect(threaded.rows).toEqual(inline.rows);
    expect(dbRows(b.store)).toEqual(dbRows(a.store));
    expect(inline.findings.list().length).toBeGreaterThan(5);
    a.store.close();
    b.store.close();
  }, 60_000);

  it('passes every byte to the tap, in order', async () => {
    const s = newStore();
    const seen: Buffer[] = [];
    let ended = false;
    await loadDump(s.store.db, s.bundleId, messy, FILE, {
      worker: true,
      chunkBytes: 100,
      tap: { write: (c) => seen.push(Buffer.from(c)), end: (sha) => (ended = sha === createHash('sha256').update(readFileSync(messy)).digest('hex')) },
    });
    expect(ended).toBe(true);
    expect(Buffer.concat(seen).equals(readFileSync(messy))).toBe(true);
    s.store.close();
  }, 60_000);
});

describe('startDumpLoad', () => {
  it('stores the CDR rows of extensions known only at the end, as loadDump with them does', async () => {
    const path = join(dir, 'ahead.sql');
    writeFileSync(path, messyDump());
    for (const keep of [new Set<number>(), new Set([100, 999]), 'all' as const]) {
      const a = newStore();
      const direct = await loadDump(a.store.db, a.bundleId, path, FILE, { keepCdrRows: keep });
      const b = newStore();
      const ahead = await startDumpLoad(b.store.db, b.bundleId, path, FILE, { chunkBytes: 50 }).finish(keep);
      expect(ahead).toEqual(direct);
      expect(dbRows(b.store)).toEqual(dbRows(a.store));
      if (keep !== 'all' && keep.size === 0) expect(dbRows(b.store).dump_cdr).toEqual([]);
      else expect(dbRows(b.store).dump_cdr!.length).toBeGreaterThan(0);
      a.store.close();
      b.store.close();
    }
  });

  it('refuses a dump that changed between its first reading and the one that fetches rows', async () => {
    const path = join(dir, 'changing.sql');
    const original = messyDump();
    writeFileSync(path, original);
    const s = newStore();
    const load = startDumpLoad(s.store.db, s.bundleId, path, FILE, {
      chunkBytes: 64,
      onProgress: (p) => {
        // The first reading has every byte: an extension's row moves to another.
        if (p.bytesRead === p.bytesTotal) writeFileSync(path, Buffer.from(original.toString('latin1').replace('7\tacme\t100\t', '7\tacme\t109\t'), 'latin1'));
      },
    });
    await expect(load.finish(new Set([100]))).rejects.toThrow(DumpChangedError);
    s.store.close();
  });

  it('stops reading on cancel, and on the caller\'s signal', async () => {
    const path = join(dir, 'cancel.sql');
    writeFileSync(path, messyDump());
    const s = newStore();
    const load = startDumpLoad(s.store.db, s.bundleId, path, FILE, { chunkBytes: 16 });
    await load.cancel();
    await expect(load.finish(new Set())).rejects.toThrow(/abort/i);
    const ac = new AbortController();
    ac.abort(new Error('stop now'));
    await expect(startDumpLoad(s.store.db, s.bundleId, path, FILE, { signal: ac.signal }).finish(new Set())).rejects.toThrow('stop now');
    s.store.close();
  });
});

// Keep the table name type checked against the digest's tables.
const _tables: DumpTable[] = ['cdr'];
void _tables;

describe('reading the cdr block on scan workers', () => {
  const rows = (from: number, n: number, ext = (i: number) => 100 + (i % 5)) =>
    Array.from({ length: n }, (_, i) => cdrLine(from + i, ext(i), `2025-0${1 + (i % 9)}-1${i % 10} 0${i % 10}:00:00.${i % 1000}+0${i % 3}`, i % 4 ? '\\N' : 'support'));

  it('a scanned piece taken by the digest reads as the same lines pushed', () => {
    const head = Buffer.from(`SET x = 1;\n${CDR_HEAD}\n`);
    const body = Buffer.from(rows(1, 500).join('\n') + '\n');
    const tail = Buffer.from('\\.\n-- end\n');
    const scanned = scanCdrChunk(body, new Set());
    expect(scanned?.lines).toBe(500);
    const a = new DumpDigest(FILE);
    a.push(head);
    expect(a.canAcceptScanned()).toBe(true);
    a.acceptScanned(scanned!);
    a.push(tail);
    a.end();
    const b = new DumpDigest(FILE);
    b.push(Buffer.concat([head, body, tail]));
    b.end();
    expect(a.cdr.toData()).toEqual(b.cdr.toData());
    expect(a.rows).toEqual(b.rows);
    expect(a.drain()).toEqual(b.drain());
    // Not inside a cdr block: the digest must not take scanned lines.
    const c = new DumpDigest(FILE);
    c.push(Buffer.from('SET x = 1;\n'));
    expect(c.canAcceptScanned()).toBe(false);
    expect(() => c.acceptScanned(scanned!)).toThrow();
  });

  /** Scans `body` (cdr rows) as a worker would and checks the digest then holds what it holds reading the block itself. */
  const expectScannedAsRead = (body: Buffer, lines: number) => {
    const head = Buffer.from(`${CDR_HEAD}\n`);
    const end = Buffer.from('\\.\n');
    const scanned = scanCdrChunk(body, new Set());
    expect(scanned?.lines).toBe(lines);
    const a = new DumpDigest(FILE);
    a.push(head);
    a.acceptScanned(scanned!);
    a.push(end);
    a.end();
    const b = new DumpDigest(FILE);
    b.push(Buffer.concat([head, body, end]));
    b.end();
    expect(a.cdr.toData()).toEqual(b.cdr.toData());
    expect(a.drain()).toEqual(b.drain());
  };

  it('reads a piece holding non-ASCII text as its UTF-8 text, the same as the digest does', () => {
    const ascii = rows(1, 40);
    const accented = rows(41, 40).map((l, i) => (i % 3 === 0 ? l.replace('\\N', 'suppört-é€') : l));
    expectScannedAsRead(Buffer.from(ascii.join('\n') + '\n'), 40);
    expectScannedAsRead(Buffer.from([...ascii, ...accented].join('\n') + '\n'), 80);
  });

  it('reads a big piece with non-ASCII rows and a 200 KB line the same as the digest does', () => {
    const many = rows(1, 4000).map((l, i) => (i % 7 === 0 ? l.replace('\\N', 'file-é€-' + 'q'.repeat(i % 50)) : l));
    many[2500] = many[2500]!.replace(/\t[^\t]*$/, '\t' + 'long'.repeat(50_000));
    const body = Buffer.from(many.join('\n') + '\n');
    expect(body.length).toBeGreaterThan(400_000);
    expectScannedAsRead(body, 4000);
  });

  it('scanCdrChunk gives up on a line that is not a clean CDR, and on rows to store', () => {
    const good = rows(1, 10);
    expect(scanCdrChunk(Buffer.from([...good, cdrLine(99, 100, 'nonsense')].join('\n') + '\n'), new Set())).toBeNull();
    expect(scanCdrChunk(Buffer.from(good.join('\n') + '\n'), new Set([101]))).toBeNull();
    expect(scanCdrChunk(Buffer.from(good.join('\n')), new Set())).toBeNull(); // not whole lines
    expect(scanCdrChunk(Buffer.concat([Buffer.from(good.join('\n')), Buffer.from([0xc3, 0x28, 0x0a])]), new Set())).toBeNull();
  });

  it('cuts chunks into whole lines, and an over-long line into raw pieces, losing no byte', () => {
    const text = Buffer.from(['a', 'bb', 'x'.repeat(50), 'ccc', '', 'dddd'].join('\n') + '\nlast');
    for (const size of [1, 3, 8, 64]) {
      const cutter = new LineAlignedCutter(16);
      const out: CutPiece[] = [];
      for (let i = 0; i < text.length; i += size) cutter.push(text.subarray(i, i + size), out);
      cutter.end(out);
      expect(Buffer.concat(out.map((p) => p.bytes)).equals(text)).toBe(true);
      let lineStart = true;
      for (const p of out) {
        if (p.aligned) {
          expect(lineStart).toBe(true);
          expect(p.bytes.at(-1)).toBe(0x0a);
          expect(p.bytes.buffer.byteLength).toBe(p.bytes.length); // its own memory, transferable
        }
        lineStart = p.bytes.at(-1) === 0x0a;
      }
      // Read in small chunks, the 50-byte line outgrows the 16-byte carry: it goes out raw.
      if (size < 16) expect(out.some((p) => !p.aligned)).toBe(true);
    }
  });

  it('loadDump with workers equals the sequential reading on a big block with damage, rows kept, lines across chunks', async () => {
    const lines = [
      'SET standard_conforming_strings = on;',
      CDR_HEAD,
      ...rows(1, 3000),
      cdrLine(5000, 100, '2025-02-30 10:00:00+00'),
      ...rows(5001, 1500, (i) => (i === 700 ? 42 : 100 + (i % 5))),
      '',
      ...rows(9001, 1500),
      '\\.',
      "INSERT INTO public.tenants (id, name, retention_months, created_at) VALUES ('acme', 'Acme', 6, '2025-01-01 00:00:00+00');",
      CDR_HEAD,
      ...rows(20001, 2000, () => 7),
    ];
    const path = join(dir, 'big-block.sql');
    writeFileSync(path, lines.join('\n') + '\n');
    for (const keep of [new Set<number>(), new Set([42])]) {
      const a = newStore();
      const seq = await loadDump(a.store.db, a.bundleId, path, FILE, { keepCdrRows: keep, worker: false });
      for (const chunkBytes of [4096, 65_536]) {
        const b = newStore();
        const par = await loadDump(b.store.db, b.bundleId, path, FILE, { keepCdrRows: keep, worker: true, chunkBytes });
        expect(par).toEqual(seq);
        expect(dbRows(b.store)).toEqual(dbRows(a.store));
        b.store.close();
      }
      expect(seq.rows.cdr).toBe(8001);
      expect(seq.findings.list().map((f) => f.line)).toEqual([3003, 4504, 6007]); // bad date, empty line, no end marker at EOF
      a.store.close();
    }
  }, 120_000);
});
