// Byte ranges of an audit export, for reading its parts on several threads
// (issue 18): each range starts where a record starts, and reading a range
// gives exactly the records a reading of the whole file gives there, with
// the same physical line numbers once the ranges are joined.
//
// JSON lines: every line is a record, so a range may start after any LF.
// CSV: a quoted cell may span lines, so a line start is not always a record
// start, and nothing local tells the two apart for sure. A range therefore
// starts at a *candidate*: the first line at or after the cut that reads as
// the start of an audit record (a decimal seq and a comma). Reading a range
// goes past its end to finish the record it is in, and says where the next
// record starts (`next`). The join checks each range's start against the
// previous range's `next`: where they differ (the candidate was inside a
// quoted cell, or inside a record that breaks the quoting rules), that range
// is read again from `next`. The tokenizer holds no state at a record start
// but the line number, so matching starts give matching records. (One
// exception, as in any chunked reading: whether a record longer than
// MAX_RECORD_CHARS is refused can depend on where the chunks fall.)
//
// Not yet used by verifyAuditLog: the worker pipeline that reads ranges in
// parallel builds on it (docs/benchmarks.md, issue 18).
import { createReadStream } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { MAX_RECORD_CHARS } from '../text/byte-text.js';
import { CsvTokenizer, type CsvProblem, type CsvRecord } from '../text/csv-tokenizer.js';

export type ExportKind = 'csv' | 'jsonl';

/** [start, end): `start` is a (candidate) record start; a range's reading ends at the first record starting at or after `end`. */
export interface ByteRange {
  start: number;
  end: number;
}

const LF = 10;
const WINDOW = 64 << 10;

/** An audit CSV record starts with its seq cell: ASCII digits, then a comma (or a quoted seq, which the appliance never writes). */
function looksLikeCsvRecord(buf: Buffer, at: number): boolean {
  let i = at;
  while (i < buf.length && i - at < 20 && buf[i]! >= 48 && buf[i]! <= 57) i++;
  return i > at && i < buf.length && buf[i] === 44;
}

/** The first candidate record start at or after `cut`, or -1 when none lies within a record's length of it. */
async function candidateAt(fh: FileHandle, size: number, cut: number, kind: ExportKind): Promise<number> {
  // A line starts at `cut` when the byte before it is LF: read from cut - 1.
  let from = Math.max(0, cut - 1);
  const limit = Math.min(size, cut + MAX_RECORD_CHARS + WINDOW);
  const buf = Buffer.alloc(WINDOW);
  const head = Buffer.alloc(24);
  while (from < limit) {
    const { bytesRead } = await fh.read(buf, 0, Math.min(WINDOW, limit - from), from);
    if (bytesRead === 0) break;
    const view = buf.subarray(0, bytesRead);
    for (let i = view.indexOf(LF); i !== -1; i = view.indexOf(LF, i + 1)) {
      const start = from + i + 1;
      if (start < cut) continue;
      if (start >= size) return -1;
      if (kind === 'jsonl') return start;
      const got = await fh.read(head, 0, head.length, start);
      if (looksLikeCsvRecord(head.subarray(0, got.bytesRead), 0)) return start;
    }
    from += bytesRead;
  }
  return -1;
}

/**
 * Up to `parts` ranges covering [0, size), each at least `minBytes` (a file
 * smaller than that is one range, however many threads). A cut with no
 * candidate near it is dropped: its range joins the previous one.
 */
export async function splitByteRanges(path: string, kind: ExportKind, parts: number, minBytes = 1 << 20): Promise<ByteRange[]> {
  const size = (await stat(path)).size;
  const n = Math.max(1, Math.min(parts, Math.floor(size / Math.max(1, minBytes))));
  const starts = [0];
  if (n > 1) {
    const fh = await open(path, 'r');
    try {
      for (let k = 1; k < n; k++) {
        const c = await candidateAt(fh, size, Math.floor((k * size) / n), kind);
        if (c > starts[starts.length - 1]!) starts.push(c);
      }
    } finally {
      await fh.close();
    }
  }
  return starts.map((start, k) => ({ start, end: starts[k + 1] ?? size }));
}

export interface RangeRead<T> {
  range: ByteRange;
  records: T[];
  /** Byte offset where the first record at or after `range.end` starts (the file size at its end). */
  next: number;
  /** Physical lines from `range.start` to `next`. */
  lines: number;
}

/**
 * The CSV records of one range, with lines counted from 1 at `range.start`
 * (joinRanges makes them absolute). Collected whole: a range is a worker's
 * share, bounded by what the pipeline hands one worker at a time.
 */
export async function readCsvRange(path: string, range: ByteRange, highWaterMark = WINDOW): Promise<RangeRead<CsvRecord | CsvProblem>> {
  const tok = new CsvTokenizer();
  const out: (CsvRecord | CsvProblem)[] = [];
  const records: (CsvRecord | CsvProblem)[] = [];
  // Line starts at or after range.end, by relative line number: where the stopping record starts.
  const lateStarts = new Map<number, number>();
  let stopLine = Infinity;
  let lfSeen = 0;
  let offset = range.start;
  const stream = createReadStream(path, { start: range.start, highWaterMark });
  let next = -1;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      for (let i = chunk.indexOf(LF); i !== -1; i = chunk.indexOf(LF, i + 1)) {
        lfSeen++;
        const lineStart = offset + i + 1;
        if (lineStart >= range.end) {
          lateStarts.set(lfSeen + 1, lineStart);
          if (stopLine === Infinity) stopLine = lfSeen + 1;
        }
      }
      if (range.start >= range.end && stopLine === Infinity) stopLine = 1;
      offset += chunk.length;
      out.length = 0;
      tok.push(chunk.toString('latin1'), false, out, chunk);
      for (const r of out) {
        if (r.line >= stopLine) {
          next = lateStarts.get(r.line) ?? range.start;
          break;
        }
        records.push(r);
      }
      if (next >= 0) break;
    }
    if (next < 0) {
      out.length = 0;
      tok.push('', true, out);
      for (const r of out) {
        if (r.line >= stopLine) {
          next = lateStarts.get(r.line) ?? range.start;
          break;
        }
        records.push(r);
      }
    }
  } finally {
    stream.destroy();
  }
  // Stopped at a record: relative line L starts at `next`, so L - 1 lines lie before it. Read to the end: every LF ends one.
  let lines = lfSeen;
  if (next < 0) next = offset;
  else for (const [line, at] of lateStarts) if (at === next) lines = line - 1;
  return { range, records, next, lines };
}

/**
 * Joins range readings in file order: each reading whose start is not where
 * the one before stopped is read again from there (`reread`); then every
 * record's line is made absolute. Returns the readings used, in order.
 */
export async function joinRanges<T extends { line: number }>(
  reads: RangeRead<T>[],
  reread: (range: ByteRange) => Promise<RangeRead<T>>,
): Promise<{ reads: RangeRead<T>[]; reread: number }> {
  const used: RangeRead<T>[] = [];
  let expected = 0;
  let line = 1;
  let again = 0;
  for (const r0 of reads) {
    let r = r0;
    if (r.range.start !== expected) {
      // The previous reading ended past this range's end: nothing of this range is left to read.
      if (expected >= r.range.end && r.range.end !== r.range.start) continue;
      again++;
      r = await reread({ start: expected, end: Math.max(expected, r.range.end) });
    }
    for (const rec of r.records) rec.line += line - 1;
    line += r.lines;
    expected = r.next;
    used.push(r);
  }
  return { reads: used, reread: again };
}
