// Reads a file in large chunks as "byte text": each byte becomes the character
// of the same code (Latin-1), counting bytes for progress and honouring an
// abort signal. Memory stays flat whatever the size.
//
// Why not decode UTF-8 here: TextDecoder costs about 3 ms per MB, a quarter of
// the fast path's time, and audit logs are nearly all ASCII but have a
// non-ASCII motive or name in almost every chunk. The delimiters the readers
// look for (comma, quote, CR, LF) are ASCII, and UTF-8 never uses an ASCII byte
// inside a multi-byte character, so records split on byte text split exactly
// where they would on decoded text. The readers then decode only the few
// records holding a byte >= 0x80 (`utf8OfByteText`), which gives the same
// characters, U+FFFD for invalid bytes included, as decoding the whole file.
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { isAscii } from 'node:buffer';

/** Longest CSV record or JSON line the readers accept; past it the record is refused, so one unbalanced quote cannot swallow the file. */
export const MAX_RECORD_CHARS = 1 << 20;

export interface TextChunkOptions {
  signal?: AbortSignal;
  /**
   * Size of the text chunks handed out. 64 KB: the text of a chunk then stays
   * out of V8's large-object space and dies young with its entries; measured
   * with callgrind on 20,000 entries, 256 KB chunks cost 2 % more
   * instructions in full mode and 10 % more in fast mode, 96 KB about as
   * much, 32 KB the same as 64 KB.
   */
  highWaterMark?: number;
  /**
   * Size of one read from the file (at least the chunk size). Each
   * asynchronous read costs a trip through libuv's thread pool, about 100 µs
   * of CPU through a read stream: reading 1 MiB at a time and cutting it into
   * chunks here cost a quarter of what 64 KB stream reads did (116 MB of CSV:
   * 40 instead of 180 ms of CPU).
   */
  readBytes?: number;
  /**
   * Called with the SHA-256 of the whole file once it was read to its end
   * (not when the reader stops before): the verifier checks the manifest
   * against the very bytes it parsed, without reading the file again.
   */
  onSha256?: (sha256: string) => void;
}

export interface TextChunk {
  /** The chunk's bytes as byte text; a UTF-8 byte order mark opening the file is given as U+FEFF. */
  text: string;
  /**
   * The bytes `text` was made from, when `text` is exactly their byte text
   * (not for the chunk that holds a byte order mark or the bytes held back
   * to recognise one), so a reader need not encode the text again.
   */
  bytes?: Buffer;
  /** Bytes read from the file so far, this chunk included. */
  bytesRead: number;
  /** True for the last chunk (possibly empty). */
  eof: boolean;
}

const BOM_BYTES = '\u00ef\u00bb\u00bf';
const CHUNK_BYTES = 64 * 1024;
const READ_BYTES = 1 << 20;

export async function* readByteText(path: string, opts: TextChunkOptions = {}): AsyncGenerator<TextChunk> {
  const chunkBytes = opts.highWaterMark ?? CHUNK_BYTES;
  const readBytes = Math.max(chunkBytes, opts.readBytes ?? READ_BYTES);
  const fh = await open(path, 'r');
  const hash = opts.onSha256 ? createHash('sha256') : undefined;
  let bytesRead = 0;
  // The first three bytes, until they are known to be or not to be a BOM (a tiny read size can split them).
  let head: string | null = '';
  try {
    for (;;) {
      opts.signal?.throwIfAborted();
      // A fresh buffer per read: the chunks handed out keep views into it.
      const buf = Buffer.allocUnsafeSlow(readBytes);
      const { bytesRead: n } = await fh.read(buf, 0, readBytes, null);
      if (n === 0) break;
      hash?.update(buf.subarray(0, n));
      for (let at = 0; at < n; at += chunkBytes) {
        if (at > 0) opts.signal?.throwIfAborted();
        const bytes = buf.subarray(at, Math.min(n, at + chunkBytes));
        bytesRead += bytes.length;
        const own = bytes.toString('latin1');
        let text = own;
        if (head !== null) {
          text = head + text;
          if (text.length < 3 && BOM_BYTES.startsWith(text)) {
            head = text;
            continue;
          }
          head = null;
          if (text.startsWith(BOM_BYTES)) text = '\ufeff' + text.slice(3);
        }
        // The bytes go along only while the text is still exactly theirs.
        yield text === own ? { text, bytes, bytesRead, eof: false } : { text, bytesRead, eof: false };
      }
    }
    opts.signal?.throwIfAborted();
    if (hash) opts.onSha256!(hash.digest('hex'));
    yield { text: head ?? '', bytesRead, eof: true };
  } finally {
    await fh.close();
  }
}

const HIGH = /[\u0080-\uffff]/;
const BLOCK_BITS = 12; // 4 KB blocks

/**
 * Which spans of a reader's text hold a byte >= 0x80. The text is the bytes
 * left over from the previous chunk (`carried` characters) followed by a new
 * chunk. The new chunk is checked once, 4 KB at a time, with the native
 * isAscii; a span is then checked only when it touches a block that is not
 * all ASCII, again natively. A regular expression over every character cost
 * as much as a fifth of the fast path.
 */
export class HighByteSpans {
  private carried = 0;
  private bytes: Buffer = Buffer.alloc(0);
  private dirty = new Uint8Array(0);

  /** Starts a new text: `carried` characters from before, then `chunk` (made from `bytes`, when given). */
  reset(carried: number, chunk: string, bytes?: Buffer): void {
    this.carried = carried;
    this.bytes = bytes ?? Buffer.from(chunk, 'latin1');
    const blocks = ((this.bytes.length - 1) >> BLOCK_BITS) + 1;
    if (this.dirty.length < blocks) this.dirty = new Uint8Array(blocks);
    for (let k = 0; k < blocks; k++) this.dirty[k] = isAscii(this.bytes.subarray(k << BLOCK_BITS, (k + 1) << BLOCK_BITS)) ? 0 : 1;
  }

  /** True when `text.slice(from, to)` holds a character >= 0x80 (`text` being the carried part plus the chunk). */
  has(text: string, from: number, to: number): boolean {
    if (from >= to) return false;
    if (from < this.carried) return hasHighChar(text.slice(from, to));
    const a = from - this.carried;
    const b = to - this.carried;
    const last = (b - 1) >> BLOCK_BITS;
    for (let k = a >> BLOCK_BITS; k <= last; k++) {
      if (this.dirty[k] === 1) return !isAscii(this.bytes.subarray(a, b));
    }
    return false;
  }
}

/** True when the text holds a character >= 0x80 (in byte text: a byte of a multi-byte character). */
export function hasHighChar(s: string): boolean {
  return HIGH.test(s);
}

/** The text a slice of byte text stands for, decoded as UTF-8 (only worth calling when it holds a byte >= 0x80). */
export function utf8OfByteText(s: string): string {
  return Buffer.from(s, 'latin1').toString('utf8');
}
