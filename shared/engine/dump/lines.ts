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

/**
 * Cuts pushed chunks of a file into blocks of whole lines, keeping the line
 * cut by a chunk's end for the next one. Push-based, so the same code serves
 * the streamed reader below and a worker that is handed chunks.
 */
export class LineSplitter {
  // The line cut by the end of the previous chunk(s), in pieces.
  private carry: Buffer[] = [];
  private carryBytes = 0;
  private carryTooLong = false;
  private nextLine = 1;
  private readonly maxLine: number;

  constructor(opts: { maxLineBytes?: number } = {}) {
    this.maxLine = opts.maxLineBytes ?? 64 * 1024 * 1024;
  }

  /** Bytes held of a line not yet ended. */
  get pendingBytes(): number {
    return this.carryBytes;
  }

  /** True when no line is cut: the next byte pushed starts a line. */
  get atLineStart(): boolean {
    return this.carryBytes === 0 && !this.carryTooLong;
  }

  /** Number of the next line to come. */
  get lineNumber(): number {
    return this.nextLine;
  }

  /** `n` whole lines were read elsewhere (at a line start): they are counted, not pushed. */
  skipLines(n: number): void {
    if (!this.atLineStart) throw new Error('lines can only be skipped at a line start');
    this.nextLine += n;
  }

  /** The whole lines the chunk ends (null when it ends none); bytesRead/totalBytes are the caller's to set. */
  push(chunk: Buffer): LineBlock | null {
    const firstNl = chunk.indexOf(NL);
    if (firstNl < 0) {
      this.keep(chunk);
      return null;
    }
    const block: LineBlock = { lines: [], firstLine: this.nextLine, bytesRead: 0, totalBytes: 0 };
    let start = 0;
    if (this.carryBytes > 0 || this.carryTooLong) {
      this.keep(chunk.subarray(0, firstNl));
      this.pushCarried(block);
      start = firstNl + 1;
    }
    const lastNl = chunk.lastIndexOf(NL);
    if (start <= lastNl) decodeInto(block, chunk.subarray(start, lastNl));
    this.keep(chunk.subarray(lastNl + 1));
    this.dropBom(block);
    this.nextLine += block.lines.length;
    return block;
  }

  /** The last line when it has no '\n' after it. */
  end(): LineBlock | null {
    if (this.carryBytes === 0 && !this.carryTooLong) return null;
    const block: LineBlock = { lines: [], firstLine: this.nextLine, bytesRead: 0, totalBytes: 0 };
    this.pushCarried(block);
    this.dropBom(block);
    this.nextLine += block.lines.length;
    return block;
  }

  private dropBom(block: LineBlock): void {
    // A byte order mark is not part of any SQL or COPY text: drop it.
    if (block.firstLine === 1 && block.lines[0]?.charCodeAt(0) === 0xfeff) block.lines[0] = block.lines[0].slice(1);
  }

  private keep(piece: Buffer): void {
    if (this.carryTooLong || piece.length === 0) return;
    if (this.carryBytes + piece.length > this.maxLine) {
      this.carryTooLong = true;
      this.carry = [];
      this.carryBytes = 0;
      return;
    }
    this.carry.push(Buffer.from(piece)); // a copy: the chunk it comes from can then be freed
    this.carryBytes += piece.length;
  }

  private pushCarried(block: LineBlock): void {
    if (this.carryTooLong) {
      (block.tooLong ??= []).push(block.lines.length);
      block.lines.push('');
    } else {
      decodeInto(block, this.carry.length === 1 ? this.carry[0]! : Buffer.concat(this.carry));
    }
    this.carry = [];
    this.carryBytes = 0;
    this.carryTooLong = false;
  }
}

export async function* readLineBlocks(path: string, opts: LineReadOptions = {}): AsyncGenerator<LineBlock> {
  const totalBytes = (await stat(path)).size;
  const stream = createReadStream(path, { highWaterMark: opts.chunkBytes ?? 1 << 18 });
  const splitter = new LineSplitter(opts);
  let bytesRead = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (opts.signal?.aborted) throw abortError(opts.signal);
      bytesRead += chunk.length;
      const block = splitter.push(chunk);
      if (!block) continue;
      block.bytesRead = bytesRead - splitter.pendingBytes;
      block.totalBytes = totalBytes;
      yield block;
    }
    if (opts.signal?.aborted) throw abortError(opts.signal);
    const last = splitter.end();
    if (last) {
      last.bytesRead = bytesRead;
      last.totalBytes = totalBytes;
      yield last;
    }
  } finally {
    stream.destroy();
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

/** A piece of the file for the line reader: whole lines (`aligned`), or bytes cut anywhere. */
export interface CutPiece {
  bytes: Buffer;
  /** Starts at a line start and ends just after a '\n'. */
  aligned: boolean;
}

/**
 * Cuts the chunks of a file as read into pieces of whole lines, so that each
 * can be scanned on its own (by another thread), carrying the cut line to
 * the next piece. A line longer than `maxCarryBytes` is not carried: it goes
 * out in raw pieces (not aligned) until it ends, for LineSplitter to judge.
 * Pieces come out in file order and together hold every byte once.
 */
export class LineAlignedCutter {
  private carry: Buffer[] = [];
  private carryBytes = 0;
  /** A raw piece ended mid-line: the following bytes up to a '\n' are raw too. */
  private rawOpen = false;

  /**
   * `alloc` gives the buffers of aligned pieces (memory of their own, e.g.
   * recycled); raw pieces are copies too: no piece is a view of a pushed chunk.
   */
  constructor(
    private readonly maxCarryBytes = 4 * 1024 * 1024,
    private readonly alloc: (size: number) => Buffer = (size) => Buffer.allocUnsafeSlow(size),
  ) {}

  push(chunk: Buffer, out: CutPiece[]): void {
    if (this.rawOpen) {
      const nl = chunk.indexOf(NL);
      if (nl < 0) {
        out.push({ bytes: Buffer.from(chunk), aligned: false });
        return;
      }
      out.push({ bytes: Buffer.from(chunk.subarray(0, nl + 1)), aligned: false });
      this.rawOpen = false;
      chunk = chunk.subarray(nl + 1);
    }
    const lastNl = chunk.lastIndexOf(NL);
    if (lastNl < 0) {
      if (chunk.length === 0) return;
      this.carry.push(Buffer.from(chunk));
      this.carryBytes += chunk.length;
      if (this.carryBytes > this.maxCarryBytes) {
        out.push({ bytes: this.takeCarry(), aligned: false });
        this.rawOpen = true;
      }
      return;
    }
    const head = chunk.subarray(0, lastNl + 1);
    // A buffer of its own (it may be handed to another thread), never a view of the caller's chunk.
    const bytes = this.alloc(this.carryBytes + head.length);
    let at = 0;
    for (const c of this.carry) at += c.copy(bytes, at);
    head.copy(bytes, at);
    this.carry = [];
    this.carryBytes = 0;
    out.push({ bytes, aligned: true });
    if (lastNl + 1 < chunk.length) {
      this.carry.push(Buffer.from(chunk.subarray(lastNl + 1)));
      this.carryBytes = chunk.length - lastNl - 1;
    }
  }

  /** The last line, when the file does not end with '\n'. */
  end(out: CutPiece[]): void {
    if (this.carryBytes > 0) out.push({ bytes: this.takeCarry(), aligned: false });
  }

  private takeCarry(): Buffer {
    const b = this.carry.length === 1 ? this.carry[0]! : Buffer.concat(this.carry, this.carryBytes);
    this.carry = [];
    this.carryBytes = 0;
    return b;
  }
}
