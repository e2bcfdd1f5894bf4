// The CSV splitter is ours for speed (see csv-tokenizer.ts); here it is held
// to csv-parse, the reference RFC 4180 reader, on the samples and on random
// records full of quotes, commas and line breaks, fed in chunks of every size.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { CsvTokenizer, type CsvProblem, type CsvRecord } from '../../shared/engine/text/csv-tokenizer.js';
import { cleanup, CSV, extractSample } from '../audit/helpers.js';

/** Tokenizes `text` fed as the readers feed it: UTF-8 byte text (byte-text.ts), in chunks of `chunk` bytes. */
function tokenize(text: string, chunk?: number): (CsvRecord | CsvProblem)[] {
  const bytes = Buffer.from(text, 'utf8').toString('latin1');
  const step = chunk ?? (bytes.length || 1);
  const t = new CsvTokenizer();
  const out: (CsvRecord | CsvProblem)[] = [];
  for (let i = 0; i < bytes.length; i += step) t.push(bytes.slice(i, i + step), i + step >= bytes.length, out);
  if (bytes.length === 0) t.push('', true, out);
  return out;
}

function cells(rs: (CsvRecord | CsvProblem)[]): string[][] {
  return rs.map((r) => {
    if ('problem' in r) throw new Error(`line ${r.line}: ${r.problem}`);
    return r.cells;
  });
}

/** Physical start line of each record, computed from csv-parse's own line counter. */
function csvParseStartLines(text: string): number[] {
  const records = parse(text, { info: true, record_delimiter: ['\r\n', '\n'], relax_column_count: true }) as unknown as {
    info: { lines: number };
    record: string[];
  }[];
  // info.lines is the line where a record ends; a record starts on the line after the previous one ended.
  const starts: number[] = [];
  let prevEnd = 0;
  for (const r of records) {
    starts.push(prevEnd + 1);
    prevEnd = r.info.lines;
  }
  return starts;
}

const dirs: string[] = [];
afterAll(() => dirs.forEach(cleanup));

describe('CsvTokenizer', () => {
  const full = extractSample('full');
  dirs.push(full.dir);
  const fullCsv = readFileSync(join(full.bag, CSV), 'utf8');

  it('reads the full sample exactly as csv-parse does, with the same physical start lines', () => {
    const ours = tokenize(fullCsv);
    const ref = parse(fullCsv, { relax_column_count: true }) as string[][];
    expect(cells(ours)).toEqual(ref);
    expect(ours.map((r) => r.line)).toEqual(csvParseStartLines(fullCsv));
    // The sample has multi-line cells: physical lines run ahead of record numbers.
    const last = ours[ours.length - 1]!;
    expect(last.line).toBeGreaterThan(ours.length);
  });

  it('gives the same records whatever the chunk size (quotes and CRLF split across chunks)', () => {
    const text = fullCsv.slice(0, 60_000);
    const cut = text.slice(0, text.lastIndexOf('\r\n') + 2);
    const whole = tokenize(cut);
    for (const size of [1, 2, 3, 7, 64, 1000, 4093]) expect(tokenize(cut, size)).toEqual(whole);
  });

  it('matches csv-parse on random records with quotes, commas, CR, LF and emoji', () => {
    let seed = 42;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const alphabet = ['a', 'b', ',', '"', '\n', '\r\n', ' ', '=', '😀', 'é', '\r'];
    for (let round = 0; round < 200; round++) {
      const rows: string[][] = [];
      for (let r = 0; r < 1 + rnd(5); r++) {
        const row: string[] = [];
        for (let c = 0; c < 1 + rnd(6); c++) {
          let v = '';
          for (let k = 0; k < rnd(8); k++) v += alphabet[rnd(alphabet.length)];
          row.push(v);
        }
        rows.push(row);
      }
      const text = rows
        .map((row) => row.map((v) => (/[",\r\n]/.test(v) || v === '' ? '"' + v.replace(/"/g, '""') + '"' : v)).join(',') + '\r\n')
        .join('');
      const ours = tokenize(text, 1 + rnd(17));
      expect(cells(ours)).toEqual(parse(text, { relax_column_count: true }));
      expect(ours.map((r) => r.line)).toEqual(csvParseStartLines(text));
    }
  });

  it('keeps a value starting with = + - @ as plain data', () => {
    expect(cells(tokenize('=1+2,+3,-4,@SUM(A1)\r\n'))).toEqual([['=1+2', '+3', '-4', '@SUM(A1)']]);
  });

  it('reports a broken record at its line and resumes at the next physical line', () => {
    const text = 'a,b\r\nx,y"z\r\nc,"d\r\ne,"f"g\r\nh,i\r\n';
    const out = tokenize(text);
    expect(out).toEqual([
      { cells: ['a', 'b'], line: 1, lfOnly: false, unterminated: false },
      { problem: 'a quote inside a cell that does not start with a quote', line: 2 },
      // "d\r\ne," opens a quoted cell that closes before f, then text follows the closing quote.
      { problem: 'text after the closing quote of a cell', line: 3 },
      { problem: 'text after the closing quote of a cell', line: 4 },
      { cells: ['h', 'i'], line: 5, lfOnly: false, unterminated: false },
    ]);
  });

  it('reports a quoted cell never closed once, then reads the lines after it', () => {
    const out = tokenize('12,"open\r\n13,ok\r\n', 5);
    expect(out[0]).toEqual({ problem: 'a quoted cell is never closed', line: 1, seqText: '12' });
    expect(out[1]).toEqual({ cells: ['13', 'ok'], line: 2, lfOnly: false, unterminated: false });
  });

  it('decodes the cells of a record holding bytes >= 0x80 as UTF-8, and flags the record whose bytes are not UTF-8', () => {
    // Byte text: 'é' as its two UTF-8 bytes, then 0xff 0xfe, which no UTF-8 text holds.
    const out: (CsvRecord | CsvProblem)[] = [];
    new CsvTokenizer().push('a,caf\xc3\xa9\r\nb,\xff\xfe\r\nc,d\r\n', true, out);
    expect(out).toEqual([
      { cells: ['a', 'café'], line: 1, lfOnly: false, unterminated: false },
      { cells: ['b', '\ufffd\ufffd'], line: 2, lfOnly: false, unterminated: false, invalidUtf8: true },
      { cells: ['c', 'd'], line: 3, lfOnly: false, unterminated: false },
    ]);
  });

  it('flags bare LF record ends, a bare CR, and a last record without line break', () => {
    expect(tokenize('a\nb\r\n')).toEqual([
      { cells: ['a'], line: 1, lfOnly: true, unterminated: false },
      { cells: ['b'], line: 2, lfOnly: false, unterminated: false },
    ]);
    expect(tokenize('a\rb\r\nc\r\n')[0]).toEqual({ problem: 'a CR not followed by LF outside a quoted cell', line: 1 });
    expect(tokenize('a,b')).toEqual([{ cells: ['a', 'b'], line: 1, lfOnly: false, unterminated: true }]);
  });
});
