// The format's smaller CSV files (the reveal register, spec §3) as a stream of
// events: records with the PHYSICAL line where each starts (a cell may span
// lines, and a finding must point at the line a person sees in an editor), how
// each record ended, and the file's own problems (byte order mark, bytes that
// are not UTF-8, records that break the quoting rules).
//
// The splitting is the audit log's (csv-tokenizer.ts), so both CSV dialects of
// the format are read by one tokenizer with one recovery rule: a broken record
// is reported and reading resumes at the next physical line, and no record may
// grow past MAX_RECORD_CHARS, so one stray quote neither swallows the records
// after it nor holds the rest of the file in memory.
import { MAX_RECORD_CHARS, readByteText } from './byte-text.js';
import { CsvTokenizer, type CsvProblem, type CsvRecord } from './csv-tokenizer.js';

export type CsvEvent =
  /** `lf`: the record ended in a bare '\n' instead of CRLF; `eof`: the file ended after it. */
  | { type: 'record'; fields: string[]; line: number; end: 'crlf' | 'lf' | 'eof' }
  /** The record starting at `line` cannot be read; it was dropped. */
  | { type: 'error'; line: number; message: string }
  /** The file starts with a UTF-8 byte order mark (skipped). */
  | { type: 'bom' }
  /** The record at `line` holds bytes that are not UTF-8 (decoded as U+FFFD); said once per file. */
  | { type: 'invalid_utf8'; line: number };

export { MAX_RECORD_CHARS };

/** Turns what the tokenizer found into events; one instance per file. */
class EventSink {
  private started = false;
  private reportedUtf8 = false;
  private readonly raw: (CsvRecord | CsvProblem)[] = [];
  private readonly tok = new CsvTokenizer();

  push(text: string, eof: boolean, out: CsvEvent[], bytes?: Buffer): void {
    let t = text;
    if (!this.started && t.length > 0) {
      this.started = true;
      if (t.charCodeAt(0) === 0xfeff) {
        out.push({ type: 'bom' });
        t = t.slice(1);
      }
    }
    this.raw.length = 0;
    this.tok.push(t, eof, this.raw, t === text ? bytes : undefined);
    for (const r of this.raw) {
      if ('problem' in r) {
        out.push({ type: 'error', line: r.line, message: r.problem });
        continue;
      }
      if (r.invalidUtf8 && !this.reportedUtf8) {
        this.reportedUtf8 = true;
        out.push({ type: 'invalid_utf8', line: r.line });
      }
      out.push({ type: 'record', fields: r.cells, line: r.line, end: r.unterminated ? 'eof' : r.lfOnly ? 'lf' : 'crlf' });
    }
  }
}

/** Streams a CSV file as batches of events (one batch per chunk read), memory flat whatever the size. */
export async function* readCsv(path: string, opts: { signal?: AbortSignal; chunkBytes?: number } = {}): AsyncGenerator<CsvEvent[]> {
  const sink = new EventSink();
  const chunkOpts = { ...(opts.signal ? { signal: opts.signal } : {}), ...(opts.chunkBytes ? { highWaterMark: opts.chunkBytes } : {}) };
  for await (const chunk of readByteText(path, chunkOpts)) {
    const out: CsvEvent[] = [];
    sink.push(chunk.text, chunk.eof, out, chunk.bytes);
    if (out.length) yield out;
  }
}

/** Parses CSV held in a string of characters (small inputs, tests); it is encoded as UTF-8 and read as a file would be. */
export function parseCsvText(text: string): CsvEvent[] {
  const bytes = Buffer.from(text, 'utf8');
  const own = bytes.toString('latin1');
  // As readByteText does: a byte order mark becomes the one character U+FEFF.
  const t = own.startsWith('\xef\xbb\xbf') ? '\ufeff' + own.slice(3) : own;
  const out: CsvEvent[] = [];
  new EventSink().push(t, true, out, t === own ? bytes : undefined);
  return out;
}
