// Byte ranges of the audit exports (shared/engine/audit/byte-ranges.ts): read
// range by range and joined, a file gives exactly the records, problems and
// physical lines of one sequential reading, wherever the cuts fall.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { joinRanges, readCsvRange, splitByteRanges, type ByteRange } from '../../shared/engine/audit/byte-ranges.js';
import { CsvTokenizer, type CsvProblem, type CsvRecord } from '../../shared/engine/text/csv-tokenizer.js';

const dir = mkdtempSync(join(tmpdir(), 'natalia-ranges-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function file(text: string | Buffer): string {
  const p = join(dir, `f${n++}`);
  writeFileSync(p, text);
  return p;
}

function sequential(bytes: Buffer): (CsvRecord | CsvProblem)[] {
  const tok = new CsvTokenizer();
  const out: (CsvRecord | CsvProblem)[] = [];
  tok.push(bytes.toString('latin1'), true, out, bytes);
  return out.map((r) => ('cells' in r ? { ...r, cells: [...r.cells] } : r));
}

/** Ranges cut at exactly these offsets (candidates moved as splitByteRanges would not: the worst case for the join). */
function at(size: number, cuts: number[]): ByteRange[] {
  const starts = [0, ...cuts];
  return starts.map((start, k) => ({ start, end: starts[k + 1] ?? size }));
}

async function byRanges(path: string, ranges: ByteRange[]) {
  const reads = await Promise.all(ranges.map((r) => readCsvRange(path, r, 97)));
  const joined = await joinRanges(reads, (r) => readCsvRange(path, r, 97));
  return { records: joined.reads.flatMap((r) => r.records), reread: joined.reread };
}

const row = (seq: number, details = '{}') => `${seq},2026-02-16T00:00:00.000Z,t1,alice,Admin,auth.login,,success,,,,,"${details}",${'0'.repeat(64)},${'1'.repeat(64)},k1,sig`;

describe('CSV byte ranges', () => {
  const rows = Array.from({ length: 40 }, (_, i) => row(i + 1));
  // seq 12's details cell spans three lines, and its second line looks like the start of a record.
  rows[11] = row(12, '{""note"":""first\r\n77,looks like a record\r\nlast""}');
  // seq 25 breaks the quoting rules: a stray quote, one problem, reading resumes on the next line.
  rows[24] = `25,2026-02-16T00:00:00.000Z,t1,al"ice,Admin,auth.login,,success,,,,,"{}",x,y,k1,sig`;
  const text = Buffer.from(`seq,ts\r\n${rows.join('\r\n')}\r\n`, 'latin1');
  const path = file(text);
  const whole = sequential(text);

  it('gives the sequential records wherever the cuts fall: inside a quoted cell, between CR and LF, inside a broken record', async () => {
    const inCell = text.indexOf('77,looks');
    const crlf = text.indexOf('\r\n', text.indexOf('\n30,')) + 1; // between the CR and the LF ending seq 30
    const broken = text.indexOf('al"ice') + 2;
    for (const cuts of [[inCell], [crlf], [broken], [inCell, broken, crlf], [inCell - 1, inCell, inCell + 1]]) {
      const got = await byRanges(path, at(text.length, cuts));
      expect(got.records, `cuts ${cuts.join(',')}`).toEqual(whole);
    }
  });

  it('a range started inside a quoted cell is read again from where the previous one stopped', async () => {
    // Cut right at the start of "77,looks like a record": a candidate that is not a record start.
    const got = await byRanges(path, at(text.length, [text.indexOf('77,looks')]));
    expect(got.reread).toBe(1);
    expect(got.records).toEqual(whole);
    expect(got.records.find((r) => 'cells' in r && r.cells[0] === '13')!.line).toBe(16); // after the 3-line cell
  });

  it('a cut at any of many bytes gives the sequential records', async () => {
    for (let cut = 1; cut < text.length; cut += 41) {
      expect((await byRanges(path, at(text.length, [cut]))).records, `cut at ${cut}`).toEqual(whole);
    }
  });

  it('splits only at candidate record starts, and a file smaller than the parts is one range', async () => {
    const ranges = await splitByteRanges(path, 'csv', 8, 64);
    expect(ranges.length).toBeGreaterThan(1);
    expect(ranges[0]!.start).toBe(0);
    expect(ranges[ranges.length - 1]!.end).toBe(text.length);
    for (const r of ranges.slice(1)) {
      expect(text[r.start - 1]).toBe(10); // after an LF
      expect(text.subarray(r.start, r.start + 4).toString('latin1')).toMatch(/^[0-9]+,/);
    }
    expect((await byRanges(path, ranges)).records).toEqual(whole);
    expect(await splitByteRanges(path, 'csv', 16)).toEqual([{ start: 0, end: text.length }]); // under minBytes
    // 13 bytes in four parts of at least a byte: the only record start after the header is the one range boundary.
    const tiny = file('seq,ts\r\n1,a\r\n');
    expect(await splitByteRanges(tiny, 'csv', 4, 1)).toEqual([
      { start: 0, end: 8 },
      { start: 8, end: 13 },
    ]);
    expect(await splitByteRanges(file(''), 'csv', 4, 1)).toEqual([{ start: 0, end: 0 }]);
  });

  it('bare LF line ends and a last record without a line end are read as the whole file reads them', async () => {
    const lf = Buffer.from(`seq,ts\n${rows.slice(0, 10).join('\n')}\n${row(11)}`, 'latin1');
    const p = file(lf);
    const expected = sequential(lf);
    for (let cut = 1; cut < lf.length; cut += 37) expect((await byRanges(p, at(lf.length, [cut]))).records).toEqual(expected);
  });
});

describe('JSON lines byte ranges', () => {
  it('cuts after an LF, CRLF lines included, and never inside a line', async () => {
    const lines = Array.from({ length: 30 }, (_, i) => `{"seq":${i + 1},"x":"a\\nb"}`);
    const text = `${lines.slice(0, 15).join('\r\n')}\r\n${lines.slice(15).join('\n')}\n`;
    const p = file(text);
    const ranges = await splitByteRanges(p, 'jsonl', 5, 32);
    expect(ranges.length).toBe(5);
    const parts = ranges.map((r) => text.slice(r.start, r.end));
    expect(parts.join('')).toBe(text);
    for (const part of parts) expect(part).toMatch(/^\{"seq":\d+.*\n$/s);
  });
});
