// Worker threads that read the bulk of a dump, the rows of its cdr COPY
// block, with the CDR fast path: the main thread cuts the dump into pieces
// of whole lines (LineAlignedCutter) and hands them over (the buffer is
// transferred, and comes back); each worker scans its pieces on its own, and
// the digest on the main thread takes the results in file order
// (dump-digest.ts acceptScanned) or reads a piece itself when the scan says
// it is not all CDRs or it was not inside a cdr block after all.
import { availableParallelism } from 'node:os';
import { startWorkerGroup } from '../worker-group.js';
import { workerScript } from '../worker-script.js';
import type { ScannedCdrLines } from './dump-digest.js';

export interface ScanWorkerData {
  /** Extensions whose CDR rows are stored: the workers leave their lines to the digest. */
  keep: number[];
}

export type ScanRequest = { id: number; buf: ArrayBuffer; length: number };

export type ScanReply =
  | { t: 'ready' }
  | { t: 'scanned'; id: number; buf: ArrayBuffer; length: number; scanned: ScannedCdrLines | null }
  | { t: 'error'; id: number; message: string };

export interface ScanResult {
  /** The piece's bytes, back from the worker. */
  bytes: Buffer;
  scanned: ScannedCdrLines | null;
}

export interface CdrScanPool {
  readonly threads: number;
  /** Scans whole lines; the buffer is transferred (use buffer() for one that can be). */
  scan(bytes: Buffer): Promise<ScanResult>;
  /** A buffer of `size` bytes that owns its memory, recycled from those the workers gave back. */
  buffer(size: number): Buffer;
  /** Gives back a buffer (from buffer() or scan()) no longer used. */
  recycle(bytes: Buffer): void;
  close(): Promise<void>;
}

/**
 * A scan worker's heap. The bulk commands run with a large semi-space
 * (memory-budget.ts), which workers would inherit; a scan's garbage is one
 * decoded piece (at most a read chunk plus a carried line, 3 MiB: see load-dump.ts) and
 * short-lived slices of it, so small generations keep it collected early.
 * Measured on a 5-million-CDR import: about 20 MB less peak RSS, same time.
 */
const SCAN_HEAP = { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 24 };

/** Starts one worker per core (or `threads`) and resolves once all are ready. */
export async function createCdrScanPool(
  keep: ReadonlySet<number>,
  /** bufferBytes: capacity of the buffers buffer() recycles (the largest piece usually sent). */
  opts: { threads?: number; startTimeoutMs?: number; bufferBytes?: number } = {},
): Promise<CdrScanPool> {
  const capacity = opts.bufferBytes ?? 3 << 20;
  const free: ArrayBuffer[] = [];
  const threads = Math.max(1, opts.threads ?? availableParallelism());
  const group = await startWorkerGroup<ScanReply>({
    what: 'CDR scan worker',
    script: workerScript(import.meta.url, 'cdr-scan-worker'),
    threads,
    workerData: { keep: [...keep] } satisfies ScanWorkerData,
    resourceLimits: SCAN_HEAP,
    startTimeoutMs: opts.startTimeoutMs,
  });
  const recycle = (buf: ArrayBuffer) => {
    if (buf.byteLength === capacity && free.length < 4) free.push(buf);
  };

  /** A buffer whose whole ArrayBuffer can be transferred (a copy when `bytes` is a view, perhaps of Node's shared pool). */
  const own = (bytes: Buffer): Buffer => {
    if (bytes.byteOffset === 0 && bytes.buffer.byteLength >= bytes.length && !(bytes.buffer instanceof SharedArrayBuffer)) {
      if (bytes.buffer.byteLength === capacity || bytes.buffer.byteLength === bytes.length) return bytes;
    }
    const copy = buffer(bytes.length);
    bytes.copy(copy);
    return copy;
  };
  const buffer = (size: number): Buffer => {
    if (size <= capacity) {
      const ab = free.pop() ?? new ArrayBuffer(capacity);
      return Buffer.from(ab, 0, size);
    }
    return Buffer.from(new ArrayBuffer(size));
  };
  return {
    threads,
    async scan(bytes) {
      const b = own(bytes);
      const msg: Omit<ScanRequest, 'id'> = { buf: b.buffer as ArrayBuffer, length: b.length };
      const reply = (await group.request(msg, [msg.buf])) as Extract<ScanReply, { t: 'scanned' }>;
      return { bytes: Buffer.from(reply.buf, 0, reply.length), scanned: reply.scanned };
    },
    buffer,
    recycle: (bytes) => {
      if (bytes.byteOffset === 0) recycle(bytes.buffer as ArrayBuffer);
    },
    close: () => group.close(),
  };
}
