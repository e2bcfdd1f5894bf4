// Streams the database dump into the store's dump_* tables: rows typed by the
// dump reader (times as RFC 3339 UTC), each with its physical line so every
// finding can point at it. Batched inserts; memory stays flat. CDRs, the bulk
// of a dump, are summarised as they pass (cdr-summary.ts); only the rows the
// findings are about (those of erased extensions) are stored, unless asked.
//
// The dump is read here in 1 MiB chunks and hashed (the verifier checks that
// hash against the manifest: the bytes checked are the bytes parsed); a
// `tap` sees each chunk (a case import copies the dump into the case in this
// same pass). Then the digest (dump-digest.ts) reads it. For a big dump the
// chunks are first cut into pieces of whole lines that worker threads scan
// as CDR rows (cdr-scan-pool.ts), one piece per worker at a time, both cores
// busy; the digest takes their summaries in file order and reads itself
// only the pieces that are not all CDRs (the schema, the block's end, the
// small tables). Findings, rows and lines are those of a plain sequential
// reading (test/crosscheck/dump-digest.test.ts).
//
// A verification starts the dump early (startDumpLoad) so it is read while
// the audit log is verified; which CDR rows to store is only known after the
// audit log (the erased extensions), so that pass stores none, and finish()
// reads the dump a second time for those rows only when the summaries show
// an erased extension still has rows (what erasure.incomplete reports).
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import type Database from 'better-sqlite3';
import { FindingList } from './finding-list.js';
import type { DumpTable } from '../dump/schema.js';
import { BatchInserter } from '../store/batch-inserter.js';
import { throwIfAborted } from './abort.js';
import type { CdrSummary } from './cdr-summary.js';
import { LineAlignedCutter, type CutPiece } from '../dump/lines.js';
import { createCdrScanPool, type CdrScanPool, type ScanResult } from './cdr-scan-pool.js';
import { DUMP_INSERTS, DumpDigest, type DumpDigestOptions } from './dump-digest.js';

export { dumpMs } from './dump-digest.js';

/**
 * Read size. Big reads make few, big pieces for the workers: every message
 * between threads costs a wake-up, which on 2 busy cores is a context switch.
 */
export const DUMP_CHUNK_BYTES = 2 << 20;
/** Smaller dumps are read on the calling thread only: starting workers would cost more than they save. */
const WORKER_MIN_BYTES = 8 << 20;

export interface DumpLoadResult {
  /**
   * dump.parse_error (and other reader findings), in file order, capped per
   * code as they are read: a dump of millions of broken rows is the first
   * ones and a count, never millions of findings in memory.
   */
  findings: FindingList;
  /** Rows read per table, §5 tables and others. */
  rows: Record<string, number>;
  /** SHA-256 of the bytes read: what the findings and rows come from (checked against the manifest by the caller). */
  sha256: string;
}

/** Sees the dump's bytes in order as they are read (the chunk is only valid during the call). */
export interface ChunkTap {
  write(chunk: Uint8Array): void;
  /** All bytes were seen; `sha256` is their hash (computed once, by the reader). */
  end(sha256: string): void;
}

export interface DumpReadPassOptions {
  signal?: AbortSignal;
  onProgress?: (p: { bytesRead: number; bytesTotal: number }) => void;
  tap?: ChunkTap;
  /** Scan CDR lines on worker threads: always, never, or (default) when the dump is over 8 MiB. */
  worker?: boolean | 'auto';
  /** Read chunk size (tests). */
  chunkBytes?: number;
}

export interface DumpLoadOptions extends DumpReadPassOptions {
  /**
   * Which CDR rows to store in dump_cdr: 'all', or only those of these
   * extensions (the erased ones: what erasure.incomplete points at). The
   * checks need only the summaries; a case keeps the dump itself byte for
   * byte in bundle_content, so millions of rows need not be stored twice.
   */
  keepCdrRows?: 'all' | ReadonlySet<number>;
}

/** The dump read by finish()'s second pass is not the one the first pass read. */
export class DumpChangedError extends Error {
  override name = 'DumpChangedError';
}

interface PassResult {
  findings: FindingList;
  rows: Record<string, number>;
  cdr: CdrSummary;
  sha256: string;
}

/**
 * A line longer than this is not carried into a scan piece but read by the
 * digest itself, so a piece (and a worker's heap) stays within a few MB.
 */
const MAX_CARRY_BYTES = 1 << 20;

/** Pieces handed to the scan workers and not yet taken by the digest. */
const MAX_PIECES_IN_FLIGHT = 4;

/** One reading of the dump: rows the digest gives are inserted as they come. */
async function readPass(
  db: Database.Database,
  bundleId: number,
  path: string,
  file: string,
  digestOpts: DumpDigestOptions,
  opts: DumpReadPassOptions,
): Promise<PassResult> {
  const inserters = new Map<DumpTable, BatchInserter>();
  const findings = new FindingList();
  const digest = new DumpDigest(file, digestOpts);
  const take = () => {
    const o = digest.drain();
    findings.absorb(o.findings);
    for (const [table, values] of o.inserts) {
      let ins = inserters.get(table);
      if (!ins) {
        ins = new BatchInserter(db, DUMP_INSERTS[table].sql);
        inserters.set(table, ins);
      }
      values.unshift(bundleId);
      ins.add(values);
    }
  };
  const chunkBytes = opts.chunkBytes ?? DUMP_CHUNK_BYTES;
  const fh = await open(path, 'r');
  let pool: CdrScanPool | undefined;
  try {
    const total = (await fh.stat()).size;
    const threaded = opts.worker === 'auto' || opts.worker === undefined ? total > WORKER_MIN_BYTES : opts.worker;
    const keep = digestOpts.keepCdrRows ?? new Set<number>();
    // Storing every CDR row leaves nothing to the fast path: no workers then.
    if (threaded && keep !== 'all') pool = await createCdrScanPool(keep, { bufferBytes: chunkBytes + MAX_CARRY_BYTES });
    const hash = createHash('sha256');
    // One read buffer serves every chunk: whatever outlives the loop (a cut line, a piece) is a copy.
    const buf = Buffer.allocUnsafeSlow(chunkBytes);
    const cutter = new LineAlignedCutter(MAX_CARRY_BYTES, pool?.buffer);
    const pieces: CutPiece[] = [];
    // In file order: raw pieces, and whole-line pieces being scanned by a worker.
    const queue: ({ raw: Buffer } | { scanning: Promise<ScanResult> })[] = [];
    const takeHead = async () => {
      const head = queue.shift()!;
      if ('raw' in head) digest.push(head.raw);
      else {
        const r = await head.scanning;
        if (r.scanned && digest.canAcceptScanned()) digest.acceptScanned(r.scanned);
        else digest.push(r.bytes);
        pool?.recycle(r.bytes);
      }
      take();
    };
    const dispatch = async (list: CutPiece[]) => {
      for (const p of list) {
        if (!pool || !p.aligned) {
          queue.push({ raw: p.bytes });
        } else {
          const scanning = pool.scan(p.bytes);
          scanning.catch(() => {}); // awaited in order by takeHead; a failure then surfaces there
          queue.push({ scanning });
        }
      }
      list.length = 0;
      // Raw pieces are read at once; scans may run ahead, a few at most.
      while (queue.length > 0 && ('raw' in queue[0]! || queue.length > MAX_PIECES_IN_FLIGHT)) await takeHead();
    };
    let pos = 0;
    for (;;) {
      throwIfAborted(opts.signal);
      const { bytesRead } = await fh.read(buf, 0, chunkBytes, pos);
      if (bytesRead === 0) break;
      pos += bytesRead;
      const chunk = bytesRead === chunkBytes ? buf : buf.subarray(0, bytesRead);
      hash.update(chunk);
      opts.tap?.write(chunk);
      if (pool) {
        cutter.push(chunk, pieces);
        await dispatch(pieces);
      } else {
        digest.push(chunk);
        take();
      }
      opts.onProgress?.({ bytesRead: pos, bytesTotal: Math.max(total, pos) });
    }
    throwIfAborted(opts.signal);
    cutter.end(pieces);
    await dispatch(pieces);
    while (queue.length > 0) await takeHead();
    const sha256 = hash.digest('hex');
    opts.tap?.end(sha256);
    digest.end();
    take();
    for (const ins of inserters.values()) ins.flush();
    return { findings, rows: digest.rows, cdr: digest.cdr, sha256 };
  } finally {
    await pool?.close();
    await fh.close();
  }
}

/** Counts and summaries, once the rows are in. */
function writeTotals(db: Database.Database, bundleId: number, r: PassResult): DumpLoadResult {
  r.cdr.write(db, bundleId);
  const count = db.prepare('INSERT INTO dump_table_counts (bundle_id, table_name, rows) VALUES (?,?,?)');
  for (const [table, n] of Object.entries(r.rows)) count.run(bundleId, table, n);
  return { findings: r.findings, rows: r.rows, sha256: r.sha256 };
}

/** Reads the dump once, storing its rows (CDRs: those `keepCdrRows` asks for) and summaries. */
export async function loadDump(
  db: Database.Database,
  bundleId: number,
  path: string,
  file: string,
  opts: DumpLoadOptions = {},
): Promise<DumpLoadResult> {
  const r = await readPass(db, bundleId, path, file, { keepCdrRows: opts.keepCdrRows }, opts);
  return writeTotals(db, bundleId, r);
}

/** A dump being read ahead of the checks that use it (startDumpLoad). */
export interface DumpLoadInProgress {
  /** Waits for the reading, stores the CDR rows `keepCdrRows` asks for, and the totals. */
  finish(keepCdrRows: 'all' | ReadonlySet<number>): Promise<DumpLoadResult>;
  /** Stops the reading if it still runs (an error elsewhere, a cancel); never throws. */
  cancel(): Promise<void>;
}

/** Starts reading the dump now; see the header comment. Nothing is awaited until finish(). */
export function startDumpLoad(
  db: Database.Database,
  bundleId: number,
  path: string,
  file: string,
  opts: DumpReadPassOptions = {},
): DumpLoadInProgress {
  const stop = new AbortController();
  const signal = opts.signal ? AbortSignal.any([opts.signal, stop.signal]) : stop.signal;
  const first = readPass(db, bundleId, path, file, {}, { ...opts, signal });
  first.catch(() => {}); // seen by finish() or cancel()
  return {
    async finish(keep) {
      const r = await first;
      const ids = r.cdr.extensionIds();
      const wanted = keep === 'all' ? ids : ids.filter((id) => keep.has(id));
      if (wanted.length > 0) {
        const again = await readPass(
          db,
          bundleId,
          path,
          file,
          { keepCdrRows: keep === 'all' ? 'all' : new Set(wanted), onlyCdrRows: true },
          { signal: opts.signal, worker: opts.worker, chunkBytes: opts.chunkBytes },
        );
        if (again.sha256 !== r.sha256 || JSON.stringify(again.cdr.toData()) !== JSON.stringify(r.cdr.toData())) {
          throw new DumpChangedError(`${file} changed while it was being read; read it again once nothing writes to it.`);
        }
      }
      return writeTotals(db, bundleId, r);
    },
    async cancel() {
      stop.abort();
      await first.catch(() => {});
    },
  };
}
