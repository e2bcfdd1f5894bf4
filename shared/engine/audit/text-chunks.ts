// Reads a file as UTF-8 text in large chunks, counting bytes for progress and
// honouring an abort signal. Decoding is incremental (a multi-byte character
// split across two reads is kept whole), so memory stays flat whatever the size.
import { createReadStream } from 'node:fs';

export interface TextChunkOptions {
  signal?: AbortSignal;
  /** Read size: large enough to make per-chunk costs negligible, small enough that the entries of one chunk die young (cheap GC). */
  highWaterMark?: number;
}

export interface TextChunk {
  text: string;
  /** Bytes read from the file so far, this chunk included. */
  bytesRead: number;
  /** True for the last chunk (possibly empty). */
  eof: boolean;
}

export async function* readTextChunks(path: string, opts: TextChunkOptions = {}): AsyncGenerator<TextChunk> {
  const stream = createReadStream(path, { highWaterMark: opts.highWaterMark ?? 256 * 1024 });
  // Invalid UTF-8 becomes U+FFFD, so an altered byte still changes the entry and its hash check fails.
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true }); // keep a BOM: it is a deviation to report
  let bytesRead = 0;
  try {
    for await (const chunk of stream) {
      opts.signal?.throwIfAborted();
      const buf = chunk as Buffer;
      bytesRead += buf.length;
      yield { text: decoder.decode(buf, { stream: true }), bytesRead, eof: false };
    }
    opts.signal?.throwIfAborted();
    yield { text: decoder.decode(), bytesRead, eof: true };
  } finally {
    stream.destroy();
  }
}
