// A streaming RFC 4180 record splitter for the audit CSV dialect (spec §2):
// comma-separated, cells optionally quoted with "" as the escaped quote,
// records ending in CRLF, quoted cells free to span lines. It reports the
// physical line where each record starts, so locations stay exact after a
// multi-line cell.
//
// Why not csv-parse: it costs ~20 µs per audit record here, as much as a
// third of a libsodium verification, and full verification must run close to
// the speed of the signature checks. This splitter does the same job in a few
// µs; test/audit/csv-tokenizer.test.ts cross-checks it against csv-parse.
//
// Recovery: a record that breaks the quoting rules is reported and reading
// resumes at the next physical line, so one bad quote costs one finding.
//
// Input is byte text (byte-text.ts): the cells of the rare record that holds
// a byte >= 0x80 are decoded as UTF-8 once the record is complete.
import { isUtf8 } from 'node:buffer';
import { HighByteSpans, MAX_RECORD_CHARS, hasHighChar } from './byte-text.js';

export interface CsvRecord {
  cells: string[];
  /** 1-based physical line where the record starts. */
  line: number;
  /** The record ended with a bare LF instead of CRLF. */
  lfOnly: boolean;
  /** The file ended without a line break after this record. */
  unterminated: boolean;
  /** A cell held bytes that are not UTF-8 (decoded as U+FFFD); absent otherwise. */
  invalidUtf8?: true;
}

export interface CsvProblem {
  problem: string;
  line: number;
  /** The record's seq, when its first cell reads as one. */
  seqText?: string;
}

const QUOTE = 34;
const COMMA = 44;
const CR = 13;
const LF = 10;
const INCOMPLETE = -1;
const BROKEN = -2;

function indexOrEnd(s: string, ch: string, from: number): number {
  const i = s.indexOf(ch, from);
  return i === -1 ? s.length : i;
}

/** Decodes the cells holding a byte >= 0x80 as UTF-8; false when one is not valid UTF-8 (its bad bytes become U+FFFD). */
function decodeCells(cells: string[]): boolean {
  let valid = true;
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i]!;
    if (!hasHighChar(c)) continue;
    // Delimiters are ASCII, so a cell never splits a character: cells can be checked one by one.
    const bytes = Buffer.from(c, 'latin1');
    if (!isUtf8(bytes)) valid = false;
    cells[i] = bytes.toString('utf8');
  }
  return valid;
}

function countLf(s: string, from: number, to: number): number {
  let n = 0;
  let i = s.indexOf('\n', from);
  while (i !== -1 && i < to) {
    n++;
    i = s.indexOf('\n', i + 1);
  }
  return n;
}

export class CsvTokenizer {
  private buf = '';
  private pos = 0;
  private line = 1;
  /** After a broken record whose line has not ended yet: drop text up to the next LF. */
  private skipping = false;
  // Scratch results of parseAt, kept on the instance to avoid an object per record.
  private cells: string[] = [];
  private newlines = 0;
  private lfOnly = false;
  private unterminated = false;
  private problem = '';
  // Next '"', LF and CR at or after the scan position, or the text length when none: found with
  // indexOf (fast, native) and kept across records until passed, so no character is visited twice.
  private nq = -1;
  private nl = -1;
  private ncr = -1;
  private readonly high = new HighByteSpans();

  /**
   * Feeds byte text (made from `bytes`, when given); complete records and
   * problems are appended to `out`, in file order.
   */
  push(text: string, eof: boolean, out: (CsvRecord | CsvProblem)[], bytes?: Buffer): void {
    const carried = this.buf.length - this.pos;
    this.buf = this.pos === 0 ? this.buf + text : this.buf.slice(this.pos) + text;
    this.pos = 0;
    this.nq = this.nl = this.ncr = -1;
    this.high.reset(carried, text, bytes);
    const s = this.buf;
    if (this.skipping) {
      const nl = s.indexOf('\n');
      if (nl === -1) {
        this.buf = '';
        return;
      }
      this.skipping = false;
      this.pos = nl + 1;
      this.line++;
    }
    while (this.pos < s.length) {
      const end = this.parseAt(s, this.pos, eof);
      if (end >= 0) {
        const rec: CsvRecord = { cells: this.cells, line: this.line, lfOnly: this.lfOnly, unterminated: this.unterminated };
        if (this.high.has(s, this.pos, end) && !decodeCells(this.cells)) rec.invalidUtf8 = true;
        out.push(rec);
        this.line += this.newlines;
        this.pos = end;
        continue;
      }
      if (end === INCOMPLETE && s.length - this.pos <= MAX_RECORD_CHARS) break;
      const problem =
        end === INCOMPLETE ? `record longer than ${MAX_RECORD_CHARS} characters (an unbalanced quote?)` : this.problem;
      const m = /^([0-9]{1,16}),/.exec(s.slice(this.pos, this.pos + 20));
      out.push({ problem, line: this.line, ...(m ? { seqText: m[1] } : {}) });
      this.resync(s, eof);
    }
    if (this.pos >= s.length) {
      this.buf = '';
      this.pos = 0;
    }
  }

  private resync(s: string, eof: boolean): void {
    // Scanning resumes behind where the broken record's parse got to: the cached positions are stale.
    this.nq = this.nl = this.ncr = -1;
    const nl = s.indexOf('\n', this.pos);
    if (nl !== -1) {
      this.pos = nl + 1;
      this.line++;
    } else {
      this.pos = s.length;
      this.skipping = !eof;
    }
  }

  private fail(problem: string): number {
    this.problem = problem;
    return BROKEN;
  }

  /** Parses one record starting at `p`; returns the index after it, INCOMPLETE or BROKEN. */
  private parseAt(s: string, p: number, eof: boolean): number {
    const n = s.length;
    const cells: string[] = [];
    let newlines = 0;
    if (this.nq < p) this.nq = indexOrEnd(s, '"', p);
    if (this.nl < p) this.nl = indexOrEnd(s, '\n', p);
    if (this.ncr < p) this.ncr = indexOrEnd(s, '\r', p);
    for (;;) {
      let c: number;
      if (p === this.nq) {
        const open = p;
        let from = p + 1;
        let value: string | undefined;
        for (;;) {
          const k = s.indexOf('"', from);
          if (k === -1) return eof ? this.fail('a quoted cell is never closed') : INCOMPLETE;
          if (k + 1 >= n && !eof) return INCOMPLETE;
          if (s.charCodeAt(k + 1) === QUOTE) {
            value = (value ?? '') + s.slice(from, k + 1);
            from = k + 2;
            continue;
          }
          value = value === undefined ? s.slice(from, k) : value + s.slice(from, k);
          newlines += countLf(s, open, k);
          p = k + 1;
          break;
        }
        cells.push(value);
        this.nq = indexOrEnd(s, '"', p);
        if (this.nl < p) this.nl = indexOrEnd(s, '\n', p);
        if (this.ncr < p) this.ncr = indexOrEnd(s, '\r', p);
        c = p < n ? s.charCodeAt(p) : -1;
      } else {
        let end = indexOrEnd(s, ',', p);
        if (this.nl < end) end = this.nl;
        if (this.ncr < end) end = this.ncr;
        if (this.nq < end) return this.fail('a quote inside a cell that does not start with a quote');
        cells.push(s.slice(p, end));
        p = end;
        c = p < n ? s.charCodeAt(p) : -1;
      }
      if (c === COMMA) {
        p++;
        continue;
      }
      if (c === CR) {
        if (p + 1 >= n) return eof ? this.fail('the file ends with a bare CR') : INCOMPLETE;
        if (s.charCodeAt(p + 1) !== LF) return this.fail('a CR not followed by LF outside a quoted cell');
        this.finish(cells, newlines + 1, false, false);
        return p + 2;
      }
      if (c === LF) {
        this.finish(cells, newlines + 1, true, false);
        return p + 1;
      }
      if (c === -1) {
        if (!eof) return INCOMPLETE;
        this.finish(cells, newlines, false, true);
        return p;
      }
      return this.fail('text after the closing quote of a cell');
    }
  }

  private finish(cells: string[], newlines: number, lfOnly: boolean, unterminated: boolean): void {
    this.cells = cells;
    this.newlines = newlines;
    this.lfOnly = lfOnly;
    this.unterminated = unterminated;
  }
}
