// The audit log's stream pipeline: the primary export (CSV, else JSON lines)
// read in batches of records; each entry to the caller (the store), to the
// authenticator (hash, key, signature) and, in step with the other export's
// cursor, to the comparer; the judge gets the records in chain order once
// their signatures are back. Memory stays flat: only the batches in flight
// and the comparer's window are held.
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { AuditEntry, EntryLocation } from '../../model/audit-entry.js';
import { ChainJudge } from './chain-judge.js';
import { readAuditCsvBatches } from './csv-reader.js';
import { abortError, EntryAuthenticator } from './entry-authenticator.js';
import { ExportComparer } from './export-compare.js';
import type { FindingCollector } from './finding-runs.js';
import { readAuditJsonlBatches } from './jsonl-reader.js';
import type { KeySchedule } from './key-schedule.js';
import { SecondExportCursor } from './second-export.js';
import type { AlreadyVerified } from './already-verified.js';
import { createInlineVerifier, createSignaturePool, type SignatureVerifier } from './signature-pool.js';

/** Below this primary file size, starting workers costs more than it saves. */
const INLINE_BELOW_BYTES = 2 << 20;

export interface PipelineInput {
  bagRoot: string;
  primaryFile: string;
  primaryIsCsv: boolean;
  /** The JSON lines export to compare with (full mode, both exports present). */
  secondaryFile?: string;
  bytesTotal: number;
  full: boolean;
  exportedAt?: string;
  schedule: KeySchedule;
  collector: FindingCollector;
  onEntry?: (entry: AuditEntry, loc: EntryLocation) => void;
  onProgress?: (p: { stage: 'audit'; bytesRead: number; bytesTotal: number; entries: number }) => void;
  onFileSha256?: (file: string, sha256: string) => void;
  signal?: AbortSignal;
  signatureThreads?: number;
  alreadyVerified?: AlreadyVerified;
}

export interface PipelineResult {
  judge: ChainJudge;
  /** Records of the primary export that are entry slots (entries and unreadable records). */
  slots: number;
  entries: number;
  firstEntry?: AuditEntry;
  lastEntry?: AuditEntry;
  /** The primary export cannot be read at all (no or wrong header). */
  unreadable: boolean;
  detailsNotJcs: { count: number; first?: { line: number; seq: number } };
  compared: number;
  secondUnreadable: number;
  verifier?: string;
}

async function startVerifier(threads: number | undefined, bytes: number): Promise<SignatureVerifier> {
  const n = threads ?? (bytes < INLINE_BELOW_BYTES ? 0 : availableParallelism());
  if (n <= 0) return createInlineVerifier();
  try {
    return await createSignaturePool({ threads: n });
  } catch (e) {
    const inline = createInlineVerifier();
    return { ...inline, description: `${inline.description}; worker threads failed to start (${(e as Error).message})` };
  }
}

export async function runAuditPipeline(x: PipelineInput): Promise<PipelineResult> {
  const { signal, collector, primaryFile, secondaryFile } = x;
  const abs = (p: string) => join(x.bagRoot, p);
  const judge = new ChainJudge({ file: primaryFile, exportedAt: x.exportedAt, collector });
  const comparer = secondaryFile !== undefined ? new ExportComparer(primaryFile, secondaryFile, collector) : null;
  let bytesRead = 0;
  const sha256Of = (file: string) => (x.onFileSha256 ? { onSha256: (h: string) => x.onFileSha256!(file, h) } : {});
  const primaryOpts = { ...(signal ? { signal } : {}), onBytes: (b: number) => void (bytesRead = b), ...sha256Of(primaryFile) };
  const primary = x.primaryIsCsv
    ? readAuditCsvBatches(abs(primaryFile), primaryFile, primaryOpts)
    : readAuditJsonlBatches(abs(primaryFile), primaryFile, primaryOpts);
  const second = new SecondExportCursor(
    secondaryFile !== undefined ? readAuditJsonlBatches(abs(secondaryFile), secondaryFile, { ...(signal ? { signal } : {}), ...sha256Of(secondaryFile) }) : null,
    secondaryFile,
    collector,
  );
  const verifier = x.full ? await startVerifier(x.signatureThreads, x.bytesTotal) : null;
  const auth = new EntryAuthenticator({
    full: x.full,
    schedule: x.schedule,
    verifier,
    judge,
    ...(signal ? { signal } : {}),
    ...(x.alreadyVerified ? { alreadyVerified: x.alreadyVerified } : {}),
  });

  let ordinal = 0;
  let entries = 0;
  let firstEntry: AuditEntry | undefined;
  let lastEntry: AuditEntry | undefined;
  let unreadable = false;
  try {
    for await (const items of primary) {
      if (signal?.aborted) throw abortError(signal);
      if (comparer) await second.fill(items.length);
      for (const it of items) {
        if ('error' in it) {
          collector.occur({
            code: it.error.code,
            ordinal: it.notice ? -1 : ordinal,
            cause: it.notice ? `notice:${it.line}` : 'record',
            make: () => it.error,
          });
          if (it.notice) continue;
          if (it.fatal) {
            unreadable = true;
            continue;
          }
          auth.hole(it.line, ordinal, it.error.seq);
        } else {
          const e = it.entry;
          entries++;
          firstEntry ??= e;
          lastEntry = e;
          x.onEntry?.(e, { file: primaryFile, line: it.line });
          auth.entry(it, ordinal);
        }
        comparer?.pair(it, second.next());
        ordinal++;
        if (auth.due) await auth.step();
      }
      x.onProgress?.({ stage: 'audit', bytesRead, bytesTotal: x.bytesTotal, entries });
    }
    await auth.finish();
    judge.end();
    if (comparer) {
      for (;;) {
        await second.fill(1);
        const j = second.next();
        if (j === undefined) break;
        comparer.pair(undefined, j);
      }
      comparer.end();
    }
  } catch (e) {
    if (signal?.aborted) throw abortError(signal);
    throw e;
  } finally {
    await primary.return(undefined);
    await second.close();
    await verifier?.close();
  }
  return {
    judge,
    slots: ordinal,
    entries,
    ...(firstEntry ? { firstEntry } : {}),
    ...(lastEntry ? { lastEntry } : {}),
    unreadable,
    detailsNotJcs: auth.detailsNotJcs,
    compared: comparer?.compared ?? 0,
    secondUnreadable: second.unreadable,
    ...(verifier ? { verifier: verifier.description } : {}),
  };
}
