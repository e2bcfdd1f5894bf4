// Splits a file into lines, streamed, in blocks of whole lines. A block is
// decoded to text in one call and checked for UTF-8 validity natively, which
// is far cheaper than a readline interface or a decode per line; only a block
// that is not valid UTF-8 is re-examined line by line to say which lines are
// bad. Memory stays at about two read chunks whatever the file size, plus
// the longest line.
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
  /** Bytes of the file consumed so far, this block included. */
  bytesRead: number;
  totalBytes: number;
}

export interface LineReadOptions {
  signal?: AbortSignal;
  /** Size of the read chunks; tests use small values to exercise chunk boundaries. */
  chunkBytes?: number;
}

const NL = 0x0a;

export async function* readLineBlocks(path: string, opts: LineReadOptions = {}): AsyncGenerator<LineBlock> {
  const totalBytes = (await stat(path)).size;
  const stream = createReadStream(path, { highWaterMark: opts.chunkBytes ?? 1 << 18 });
  let carry: Buffer | null = null;
  let nextLine = 1;
  let bytesRead = 0;
  let first = true;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (opts.signal?.aborted) throw abortError(opts.signal);
      bytesRead += chunk.length;
      let buf: Buffer = chunk;
      if (first) {
        first = false;
        // A byte order mark is not part of any SQL or COPY text: drop it.
        if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
      }
      const lastNl = buf.lastIndexOf(NL);
      if (lastNl < 0) {
        carry = carry ? Buffer.concat([carry, buf]) : Buffer.from(buf);
        continue;
      }
      // Only the line cut by the previous chunk's end is copied; the rest of
      // the chunk is decoded in place.
      let body = buf.subarray(0, lastNl);
      if (carry) {
        const firstNl = buf.indexOf(NL);
        const joined = Buffer.concat([carry, buf.subarray(0, firstNl)]);
        const head = decodeLines(joined, nextLine, 0, totalBytes);
        body = buf.subarray(firstNl + 1, lastNl);
        if (firstNl === lastNl) {
          carry = lastNl + 1 < buf.length ? Buffer.from(buf.subarray(lastNl + 1)) : null;
          head.bytesRead = bytesRead - (carry?.length ?? 0);
          nextLine += head.lines.length;
          yield head;
          continue;
        }
        nextLine += head.lines.length;
        const rest = decodeLines(body, nextLine, 0, totalBytes);
        carry = lastNl + 1 < buf.length ? Buffer.from(buf.subarray(lastNl + 1)) : null;
        nextLine += rest.lines.length;
        yield merge(head, rest, bytesRead - (carry?.length ?? 0));
        continue;
      }
      carry = lastNl + 1 < buf.length ? Buffer.from(buf.subarray(lastNl + 1)) : null;
      const block = decodeLines(body, nextLine, bytesRead - (carry?.length ?? 0), totalBytes);
      nextLine += block.lines.length;
      yield block;
    }
    if (opts.signal?.aborted) throw abortError(opts.signal);
    if (carry && carry.length > 0) {
      // The last line has no '\n' after it.
      yield decodeLines(carry, nextLine, bytesRead, totalBytes);
    }
  } finally {
    stream.destroy();
  }
}

function merge(a: LineBlock, b: LineBlock, bytesRead: number): LineBlock {
  const lines = a.lines.concat(b.lines);
  const bad = [...(a.invalidUtf8 ?? []), ...(b.invalidUtf8 ?? []).map((i) => i + a.lines.length)];
  return { lines, firstLine: a.firstLine, bytesRead, totalBytes: a.totalBytes, ...(bad.length ? { invalidUtf8: bad } : {}) };
}

/** Decodes bytes holding whole lines separated by '\n' (no trailing '\n'). */
function decodeLines(bytes: Buffer, firstLine: number, bytesRead: number, totalBytes: number): LineBlock {
  if (isUtf8(bytes)) {
    return { lines: bytes.toString('utf8').split('\n'), firstLine, bytesRead, totalBytes };
  }
  const lines: string[] = [];
  const invalidUtf8: number[] = [];
  let start = 0;
  for (;;) {
    const nl = bytes.indexOf(NL, start);
    const end = nl < 0 ? bytes.length : nl;
    const line = bytes.subarray(start, end);
    if (!isUtf8(line)) invalidUtf8.push(lines.length);
    lines.push(line.toString('utf8'));
    if (nl < 0) break;
    start = nl + 1;
  }
  return { lines, firstLine, invalidUtf8, bytesRead, totalBytes };
}

export function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  const err = new Error('The operation was aborted');
  err.name = 'AbortError';
  return err;
}
