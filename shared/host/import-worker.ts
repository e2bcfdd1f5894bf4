// The worker side of import-thread.ts: runs one import and reports it.
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { Verdict } from '../api/contract.js';
import { translateEngineError } from '../api/engine-errors.js';
import { ApiFailure, type ApiErrorCode } from '../api/result.js';
import { importBundle } from '../engine/case/import-bundle.js';
import type { VerifyProgress } from '../engine/verify/verify-bundle.js';

export interface ImportJob {
  casePath: string;
  bundlePath: string;
  trustPath?: string;
  bundleLabel?: string;
  trustLabel?: string;
  /** The folder the import keeps its temporary folders in; its parent removes it (import-thread.ts). */
  tempRoot?: string;
}

/** Errors cross the thread as data: an Error's class does not survive structured cloning. */
export type ImportFailure = { kind: 'cancelled' } | { kind: 'api'; code: ApiErrorCode; message: string } | { kind: 'error'; message: string };

export type ImportWorkerMessage =
  | { t: 'progress'; progress: VerifyProgress }
  | { t: 'done'; bundleId: number; verdict: Verdict }
  | { t: 'failed'; failure: ImportFailure };

/**
 * The import yields the CPU to the threads answering the screens. On Linux
 * the nice value belongs to a thread (setpriority on "this process" from a
 * thread changes that thread), and the threads it starts (the signature and
 * dump workers) inherit it. Elsewhere the call would lower the whole
 * process, the face's thread included, so it is made only on Linux.
 */
export const IMPORT_NICE = 10;
if (process.platform === 'linux') {
  try {
    setPriority(0, IMPORT_NICE);
  } catch {
    // Not permitted (a sandbox): the import runs at the host's priority.
  }
}

const port = parentPort!;
const job = workerData as ImportJob;
const controller = new AbortController();
const post = (m: ImportWorkerMessage) => port.postMessage(m);

port.on('message', (m: { t: string }) => {
  if (m.t === 'abort') controller.abort();
});

function failureOf(e: unknown): ImportFailure {
  if (controller.signal.aborted) return { kind: 'cancelled' };
  const t = translateEngineError(e);
  if (t instanceof ApiFailure) return { kind: 'api', code: t.code, message: t.message };
  if (t instanceof Error && t.name === 'AbortError') return { kind: 'cancelled' };
  return { kind: 'error', message: (t instanceof Error ? t.message : String(t)) || 'Unexpected error.' };
}

try {
  const { casePath, bundlePath, ...options } = job;
  const r = await importBundle(casePath, bundlePath, {
    ...options,
    signal: controller.signal,
    onProgress: (progress) => post({ t: 'progress', progress }),
  });
  post({ t: 'done', bundleId: r.bundleId, verdict: r.result.verdict });
} catch (e) {
  post({ t: 'failed', failure: failureOf(e) });
}
// Nothing else keeps the thread alive: it ends here and the host settles on its exit.
port.unref();
