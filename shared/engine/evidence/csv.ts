// Strict RFC 4180 reader for the format's CSV files (spec §2, §3): UTF-8,
// records end in CRLF, cells with commas, quotes or line breaks are quoted
// with "" for a quote. Streamed, and every record carries the PHYSICAL line
// (1-based, counting '\n') where it starts, so a finding points at the line
// a person sees in an editor even when cells span lines.
//
// Written here rather than taken from csv-parse because csv-parse 7 counts a
// CRLF inside a quoted cell as two lines (every later line number is off) and,
// after a bad closing quote, drops all the records that follow it. This one
// drops only the bad record and resumes at the next physical line.
import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

export type CsvEvent =
  /** `lf`: the record ended in a bare '\n' instead of CRLF; `eof`: the file ended after it. */
  | { type: 'record'; fields: string[]; line: number; end: 'crlf' | 'lf' | 'eof' }
  /** The record starting at `line` cannot be read; it was dropped. */
  | { type: 'error'; line: number; message: string }
  /** The file starts with a UTF-8 byte order mark (skipped). */
  | { type: 'bom' }
  /** Bytes that are not UTF-8 near `line` (decoded as U+FFFD). */
  | { type: 'invalid_utf8'; line: number };

const S = { Start: 0, Unquoted: 1, Quoted: 2, QuoteSeen: 3, Cr: 4, Skip: 5 } as const;
type State = (typeof S)[keyof typeof S];

const UNQUOTED_SPECIAL = /[,"\r\n]/g;

export class CsvParser {
  private state: State = S.Start;
  private fields: string[] = [];
  private field = '';
  /** Current physical line. */
  private line = 1;
  private recordLine = 1;
  private first = true;

  /** Parses the next piece of text; events are appended to `out`. */
  push(text: string, out: CsvEvent[]): void {
    let i = 0;
    if (this.first && text.length > 0) {
      this.first = false;
      if (text.charCodeAt(0) === 0xfeff) {
        out.push({ type: 'bom' });
        i = 1;
      }
    }
    const n = text.length;
    while (i < n) {
      switch (this.state) {
        case S.Start:
        case S.Unquoted: {
          if (this.state === S.Start && text.charCodeAt(i) === 0x22) {
            this.state = S.Quoted;
            i++;
            break;
          }
          UNQUOTED_SPECIAL.lastIndex = i;
          const m = UNQUOTED_SPECIAL.exec(text);
          const j = m ? m.index : n;
          if (j > i) {
            this.field += text.slice(i, j);
            this.state = S.Unquoted;
          }
          if (!m) {
            i = n;
            break;
          }
          i = this.separator(text, j, out, 'a quote inside a cell that does not start with a quote');
          break;
        }
        case S.Quoted: {
          const j = text.indexOf('"', i);
          const end = j < 0 ? n : j;
          this.countLines(text, i, end);
          this.field += text.slice(i, end);
          if (j < 0) {
            i = n;
          } else {
            this.state = S.QuoteSeen;
            i = j + 1;
          }
          break;
        }
        case S.QuoteSeen: {
          if (text.charCodeAt(i) === 0x22) {
            this.field += '"';
            this.state = S.Quoted;
            i++;
          } else {
            i = this.separator(text, i, out, 'text after the closing quote of a cell');
          }
          break;
        }
        case S.Cr: {
          if (text.charCodeAt(i) === 0x0a) {
            this.line++;
            this.endRecord('crlf', out);
            i++;
          } else {
            this.fail('a carriage return not followed by a line feed', out);
          }
          break;
        }
        case S.Skip: {
          const j = text.indexOf('\n', i);
          if (j < 0) {
            i = n;
          } else {
            this.line++;
            this.resetRecord();
            i = j + 1;
          }
          break;
        }
      }
    }
  }

  /** Handles the character at `j` after a cell's content; returns the next index. */
  private separator(text: string, j: number, out: CsvEvent[], quoteProblem: string): number {
    const c = text.charCodeAt(j);
    if (c === 0x2c) {
      this.fields.push(this.field);
      this.field = '';
      this.state = S.Start;
      return j + 1;
    }
    if (c === 0x0d) {
      this.fields.push(this.field);
      this.field = '';
      this.state = S.Cr;
      return j + 1;
    }
    if (c === 0x0a) {
      this.fields.push(this.field);
      this.field = '';
      this.line++;
      this.endRecord('lf', out);
      return j + 1;
    }
    this.fail(quoteProblem, out);
    return j; // Skip state consumes up to the end of the line
  }

  private countLines(text: string, from: number, to: number): void {
    for (let k = text.indexOf('\n', from); k >= 0 && k < to; k = text.indexOf('\n', k + 1)) this.line++;
  }

  private fail(problem: string, out: CsvEvent[]): void {
    const where = this.line !== this.recordLine ? ` (at line ${this.line})` : '';
    out.push({ type: 'error', line: this.recordLine, message: `${problem}${where}` });
    this.state = S.Skip;
  }

  private endRecord(end: 'crlf' | 'lf' | 'eof', out: CsvEvent[]): void {
    out.push({ type: 'record', fields: this.fields, line: this.recordLine, end });
    this.resetRecord();
  }

  private resetRecord(): void {
    this.fields = [];
    this.field = '';
    this.state = S.Start;
    this.recordLine = this.line;
  }

  /** The file has ended. */
  end(out: CsvEvent[]): void {
    switch (this.state) {
      case S.Start:
        if (this.fields.length === 0) return; // clean end after a record delimiter
        this.fields.push(this.field);
        this.endRecord('eof', out);
        return;
      case S.Unquoted:
      case S.QuoteSeen:
        this.fields.push(this.field);
        this.endRecord('eof', out);
        return;
      case S.Quoted:
        out.push({ type: 'error', line: this.recordLine, message: 'a quoted cell is never closed: the file ends inside it' });
        return;
      case S.Cr:
        out.push({ type: 'error', line: this.recordLine, message: 'the file ends with a carriage return not followed by a line feed' });
        return;
      case S.Skip:
        return;
    }
  }

  /** Physical line the parser is at. */
  get currentLine(): number {
    return this.line;
  }
}

/** Streams a CSV file as batches of events (one batch per read chunk). */
export async function* readCsv(path: string, opts: { signal?: AbortSignal; chunkBytes?: number } = {}): AsyncGenerator<CsvEvent[]> {
  const parser = new CsvParser();
  const decoder = new StringDecoder('utf8');
  const stream = createReadStream(path, { highWaterMark: opts.chunkBytes ?? 1 << 16 });
  const strict = new TextDecoder('utf-8', { fatal: true });
  let reportedUtf8 = false;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (opts.signal?.aborted) throw opts.signal.reason instanceof Error ? opts.signal.reason : new Error('aborted');
      const out: CsvEvent[] = [];
      const text = decoder.write(chunk);
      if (!reportedUtf8) {
        try {
          strict.decode(chunk, { stream: true });
        } catch {
          reportedUtf8 = true;
          out.push({ type: 'invalid_utf8', line: parser.currentLine + newlinesBefore(text, text.indexOf('\ufffd')) });
        }
      }
      parser.push(text, out);
      if (out.length) yield out;
    }
    const out: CsvEvent[] = [];
    const rest = decoder.end();
    if (!reportedUtf8) {
      try {
        strict.decode();
      } catch {
        out.push({ type: 'invalid_utf8', line: parser.currentLine });
      }
    }
    if (rest) parser.push(rest, out);
    parser.end(out);
    if (out.length) yield out;
  } finally {
    stream.destroy();
  }
}

/** Lines that start before `index` in `text` (0 when index < 0). */
function newlinesBefore(text: string, index: number): number {
  let k = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) k++;
  return k;
}

/** Parses CSV held in a string (small inputs, tests). */
export function parseCsvText(text: string): CsvEvent[] {
  const p = new CsvParser();
  const out: CsvEvent[] = [];
  p.push(text, out);
  p.end(out);
  return out;
}
