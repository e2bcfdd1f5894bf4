// RFC 4180 CSV as the appliance writes it (spec §2): CRLF between records,
// a cell quoted when it holds a comma, a quote or a line break, quotes
// doubled. Cells starting with `=` are quoted too: they are data, and quoting
// them costs nothing to a conforming reader. The reader below is the
// counterpart used by tampering and tests; it reports each record's first
// physical line, as findings do.
import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

export function csvCell(value: string, forceQuote = false): string {
  if (forceQuote || /[",\r\n]/.test(value) || value.startsWith('=')) {
    return '"' + value.replace(/"/g, '""') + '"';
  }
  return value;
}

export function csvRow(cells: readonly string[]): string {
  return cells.map((c) => csvCell(c)).join(',') + '\r\n';
}

/** Physical line breaks (LF) a text adds: records and cells may span lines. */
export function countLf(text: string): number {
  let n = 0;
  let i = text.indexOf('\n');
  while (i !== -1) {
    n++;
    i = text.indexOf('\n', i + 1);
  }
  return n;
}

export interface CsvRecord {
  /** 1-based physical line where the record starts. */
  line: number;
  /** The record as written, without its terminating CRLF. */
  raw: string;
  cells: string[];
}

/** Parses one raw record (no terminator) into cells. */
export function parseCsvRecord(raw: string): string[] {
  const cells: string[] = [];
  let i = 0;
  for (;;) {
    if (raw[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const q = raw.indexOf('"', i);
        if (q === -1) throw new Error('unterminated quoted cell');
        value += raw.slice(i, q);
        if (raw[q + 1] === '"') {
          value += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      cells.push(value);
    } else {
      const c = raw.indexOf(',', i);
      cells.push(raw.slice(i, c === -1 ? raw.length : c));
      i = c === -1 ? raw.length : c;
    }
    if (i >= raw.length) break;
    if (raw[i] !== ',') throw new Error(`unexpected character after a quoted cell at offset ${i}`);
    i++;
  }
  return cells;
}

/** Streams the records of a CSV file: CRLF outside quotes ends a record. */
export async function* readCsvRecords(path: string): AsyncGenerator<CsvRecord> {
  const decoder = new StringDecoder('utf8');
  let buf = '';
  let line = 1;
  let scanFrom = 0;
  let inQuotes = false;
  const take = function* (final: boolean): Generator<CsvRecord> {
    let start = 0;
    let i = scanFrom;
    for (; i < buf.length; i++) {
      const ch = buf.charCodeAt(i);
      if (ch === 34) inQuotes = !inQuotes;
      else if (ch === 13 && !inQuotes && buf.charCodeAt(i + 1) === 10) {
        const raw = buf.slice(start, i);
        yield { line, raw, cells: parseCsvRecord(raw) };
        line += countLf(raw) + 1;
        start = i + 2;
        i++;
      } else if (ch === 13 && !inQuotes && i === buf.length - 1 && !final) {
        break; // a CR at the chunk's end: wait for the LF
      }
    }
    buf = buf.slice(start);
    scanFrom = i - start;
    if (final && buf.length > 0) {
      yield { line, raw: buf, cells: parseCsvRecord(buf) };
      buf = '';
    }
  };
  for await (const chunk of createReadStream(path)) {
    buf += decoder.write(chunk as Buffer);
    yield* take(false);
  }
  buf += decoder.end();
  yield* take(true);
}
