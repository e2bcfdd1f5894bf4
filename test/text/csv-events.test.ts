// The strict RFC 4180 reader: physical line numbers, and recovery that drops
// only the bad record.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_RECORD_CHARS, parseCsvText, readCsv, type CsvEvent } from '../../shared/engine/text/csv-events.js';

const records = (ev: CsvEvent[]) => ev.flatMap((e) => (e.type === 'record' ? [[e.line, e.fields, e.end]] : []));
const errors = (ev: CsvEvent[]) => ev.flatMap((e) => (e.type === 'error' ? [[e.line, e.message]] : []));

describe('CSV reader', () => {
  it('reads quoted cells with commas, doubled quotes and line breaks, and counts physical lines', () => {
    const ev = parseCsvText('a,b,c\r\n1,"x, ""y""\r\nz",3\r\n"=1+2","line\nbreak",\r\n,,\r\n');
    expect(errors(ev)).toEqual([]);
    expect(records(ev)).toEqual([
      [1, ['a', 'b', 'c'], 'crlf'],
      [2, ['1', 'x, "y"\r\nz', '3'], 'crlf'],
      [4, ['=1+2', 'line\nbreak', ''], 'crlf'],
      [6, ['', '', ''], 'crlf'],
    ]);
  });

  it('marks records that end in a bare LF, and a last record without line end', () => {
    expect(records(parseCsvText('a,b\n1,2'))).toEqual([
      [1, ['a', 'b'], 'lf'],
      [2, ['1', '2'], 'eof'],
    ]);
  });

  it('drops only the bad record and resumes at the line after its start (csv-parse loses the rest)', () => {
    const ev = parseCsvText('a,b,c\r\n7,"q"q,8\r\n9,10,11\r\n1,x"y,2\r\n3,"multi\nline"z\r\n4,5,6\r\n');
    expect(errors(ev)).toEqual([
      [2, 'text after the closing quote of a cell'],
      [4, 'a quote inside a cell that does not start with a quote'],
      [5, 'text after the closing quote of a cell'],
      // The broken record spanned two lines: its second line is read as a record of its own, and refused.
      [6, 'a quote inside a cell that does not start with a quote'],
    ]);
    expect(records(ev).map((r) => [r[0], r[1]])).toEqual([
      [1, ['a', 'b', 'c']],
      [3, ['9', '10', '11']],
      [7, ['4', '5', '6']],
    ]);
  });

  it('reports a quoted cell still open at the end, at the line its record starts', () => {
    const ev = parseCsvText('a,b\r\n1,2\r\n3,"open\r\nmore\r\n');
    expect(errors(ev)).toEqual([[3, 'a quoted cell is never closed']]);
    // Reading resumes on the line after the broken record's start: nothing after a stray quote is lost.
    expect(records(ev).map((r) => [r[0], r[1]])).toEqual([
      [1, ['a', 'b']],
      [2, ['1', '2']],
      [4, ['more']],
    ]);
  });

  it('refuses a bare carriage return and reports a byte order mark', () => {
    const ev = parseCsvText('\ufeffa,b\r\n1\r2,3\r\n4,5\r\n');
    expect(ev[0]).toEqual({ type: 'bom' });
    expect(errors(ev)).toEqual([[2, 'a CR not followed by LF outside a quoted cell']]);
    expect(records(ev).map((r) => r[1])).toEqual([
      ['a', 'b'],
      ['4', '5'],
    ]);
  });

  it('says once where bytes that are not UTF-8 start, at the record holding them', () => {
    const bytes = Buffer.concat([Buffer.from('a,b\r\n1,2\r\n3,"x\r\n'), Buffer.from([0xc3, 0x28]), Buffer.from('"\r\n5,\xff\r\n', 'latin1')]);
    const dir = mkdtempSync(join(tmpdir(), 'csv-events-'));
    dirs.push(dir);
    const path = join(dir, 'bad.csv');
    writeFileSync(path, bytes);
    return collect(readCsv(path)).then((ev) => {
      expect(ev.filter((e) => e.type === 'invalid_utf8')).toEqual([{ type: 'invalid_utf8', line: 3 }]);
      expect(records(ev).map((r) => r[0])).toEqual([1, 2, 3, 5]);
    });
  });

  it('refuses a record that grows past the limit (a stray quote) and reads the lines after its start, memory bounded', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'csv-events-'));
    dirs.push(dir);
    const path = join(dir, 'stray.csv');
    const filler = 'y'.repeat(999) + '\r\n';
    const lines = Math.ceil(MAX_RECORD_CHARS / filler.length) + 5;
    writeFileSync(path, `a,b\r\n1,"stray\r\n${filler.repeat(lines)}2,3\r\n`);
    const ev = await collect(readCsv(path, { chunkBytes: 1 << 16 }));
    const errs = errors(ev);
    expect(errs).toEqual([[2, `record longer than ${MAX_RECORD_CHARS} characters (an unbalanced quote?)`]]);
    const recs = records(ev);
    // Every filler line after the stray quote is read again as a record of its own, and the last row too.
    expect(recs).toHaveLength(1 + lines + 1);
    expect(recs[1]![0]).toBe(3);
    expect(recs[recs.length - 1]!.slice(0, 2)).toEqual([lines + 3, ['2', '3']]);
  });
});

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function collect(gen: AsyncGenerator<CsvEvent[]>): Promise<CsvEvent[]> {
  const out: CsvEvent[] = [];
  for await (const batch of gen) out.push(...batch);
  return out;
}
