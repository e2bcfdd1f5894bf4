// Splits a file into lines, streamed, in blocks of whole lines. Each read
// chunk is decoded to text in one call and checked for UTF-8 validity
// natively, which is far cheaper than a readline interface or a decode per
// line; only a chunk that is not valid UTF-8 is re-examined line by line to
// say which lines are bad. Memory stays at about one read chunk plus the
// longest line, and a line longer than `maxLineBytes` is not held at all.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';

export interface LineBlock {
  /** The lines of the block, without their '\n'. */
  lines: string[];
  /** Physical 1-based line number of lines[0]. */
  firstLine: number;
  /** Indexes (in `lines`) of lines that were not valid UTF-8 (decoded with U+FFFD). */
  invalidUtf8?: number[];
  /** Indexes (in `lines`) of lines longer than maxLineBytes, given as ''. */
  tooLong?: number[];
  /** Bytes of the file consumed so far, this block included. */
  bytesRead: number;
  totalBytes: number;
}

export interface LineReadOptions {
  signal?: AbortSignal;
  /** Size of the read chunks; tests use small values to exercise chunk boundaries. */
  chunkBytes?: number;
  /** Longest line kept (default 64 MiB); longer ones come as '' flagged in `tooLong`. */
  maxLineBytes?: number;
}

const NL = 0x0a;

export async function* readLineBlocks(path: string, opts: LineReadOptions = {}): AsyncGenerator<LineBlock> {
  const totalBytes = (await stat(path)).size;
  const maxLine = opts.maxLineBytes ?? 64 * 1024 * 1024;
  const stream = createReadStream(path, { highWaterMark: opts.chunkBytes ?? 1 << 18 });
  // The line cut by the end of the previous chunk(s), in pieces.
  let carry: Buffer[] = [];
  let carryBytes = 0;
  let carryTooLong = false;
  let nextLine = 1;
  let bytesRead = 0;

  const keep = (piece: Buffer): void => {
    if (carryTooLong || piece.length === 0) return;
    if (carryBytes + piece.length > maxLine) {
      carryTooLong = true;
      carry = [];
      carryBytes = 0;
      return;
    }
    carry.push(Buffer.from(piece)); // a copy: the chunk it comes from can then be freed
    carryBytes += piece.length;
  };

  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (opts.signal?.aborted) throw abortError(opts.signal);
      bytesRead += chunk.length;
      const firstNl = chunk.indexOf(NL);
      if (firstNl < 0) {
        keep(chunk);
        continue;
      }
      const block: LineBlock = { lines: [], firstLine: nextLine, bytesRead: 0, totalBytes };
      let start = 0;
      if (carryBytes > 0 || carryTooLong) {
        keep(chunk.subarray(0, firstNl));
        pushCarried(block);
        start = firstNl + 1;
      }
      const lastNl = chunk.lastIndexOf(NL);
      if (start <= lastNl) decodeInto(block, chunk.subarray(start, lastNl));
      keep(chunk.subarray(lastNl + 1));
      block.bytesRead = bytesRead - carryBytes;
      if (nextLine === 1 && block.lines[0]?.charCodeAt(0) === 0xfeff) {
        // A byte order mark is not part of any SQL or COPY text: drop it.
        block.lines[0] = block.lines[0].slice(1);
      }
      nextLine += block.lines.length;
      yield block;
    }
    if (opts.signal?.aborted) throw abortError(opts.signal);
    if (carryBytes > 0 || carryTooLong) {
      // The last line has no '\n' after it.
      const block: LineBlock = { lines: [], firstLine: nextLine, bytesRead, totalBytes };
      pushCarried(block);
      if (nextLine === 1 && block.lines[0]?.charCodeAt(0) === 0xfeff) block.lines[0] = block.lines[0].slice(1);
      yield block;
    }
  } finally {
    stream.destroy();
  }

  function pushCarried(block: LineBlock): void {
    if (carryTooLong) {
      (block.tooLong ??= []).push(block.lines.length);
      block.lines.push('');
    } else {
      decodeInto(block, carry.length === 1 ? carry[0]! : Buffer.concat(carry));
    }
    carry = [];
    carryBytes = 0;
    carryTooLong = false;
  }
}

/** Appends the lines of `bytes` (whole lines separated by '\n', none after the last). */
function decodeInto(block: LineBlock, bytes: Buffer): void {
  if (isUtf8(bytes)) {
    const lines = bytes.toString('utf8').split('\n');
    if (block.lines.length === 0) block.lines = lines;
    else for (const l of lines) block.lines.push(l);
    return;
  }
  let start = 0;
  for (;;) {
    const nl = bytes.indexOf(NL, start);
    const line = bytes.subarray(start, nl < 0 ? bytes.length : nl);
    if (!isUtf8(line)) (block.invalidUtf8 ??= []).push(block.lines.length);
    block.lines.push(line.toString('utf8'));
    if (nl < 0) return;
    start = nl + 1;
  }
}

export function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  const err = new Error('The operation was aborted');
  err.name = 'AbortError';
  return err;
}
