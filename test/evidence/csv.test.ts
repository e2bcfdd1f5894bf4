// The strict RFC 4180 reader: physical line numbers, and recovery that drops
// only the bad record.
import { describe, expect, it } from 'vitest';
import { parseCsvText, type CsvEvent } from '../../shared/engine/evidence/csv.js';

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

  it('drops only the bad record and resumes at the next line (csv-parse loses the rest)', () => {
    const ev = parseCsvText('a,b,c\r\n7,"q"q,8\r\n9,10,11\r\n1,x"y,2\r\n3,"multi\nline"z\r\n4,5,6\r\n');
    expect(errors(ev)).toEqual([
      [2, 'text after the closing quote of a cell'],
      [4, 'a quote inside a cell that does not start with a quote'],
      [5, 'text after the closing quote of a cell (at line 6)'],
    ]);
    expect(records(ev).map((r) => [r[0], r[1]])).toEqual([
      [1, ['a', 'b', 'c']],
      [3, ['9', '10', '11']],
      [7, ['4', '5', '6']],
    ]);
  });

  it('reports a quoted cell still open at the end, at the line its record starts', () => {
    const ev = parseCsvText('a,b\r\n1,2\r\n3,"open\r\nmore\r\n');
    expect(errors(ev)).toEqual([[3, 'a quoted cell is never closed: the file ends inside it']]);
    expect(records(ev)).toHaveLength(2);
  });

  it('refuses a bare carriage return and reports a byte order mark', () => {
    const ev = parseCsvText('\ufeffa,b\r\n1\r2,3\r\n4,5\r\n');
    expect(ev[0]).toEqual({ type: 'bom' });
    expect(errors(ev)).toEqual([[2, 'a carriage return not followed by a line feed']]);
    expect(records(ev).map((r) => r[1])).toEqual([
      ['a', 'b'],
      ['4', '5'],
    ]);
  });
});
