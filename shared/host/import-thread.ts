// One import on a thread of its own, under the CLI's heap budget. The engine
// host answers the screens; an import (the verifier's main loop, the bulk
// inserts, the index builds and the commit's fsync, each a long synchronous
// stretch) would stall every query behind it on the host's thread. Here it
// runs in a worker (import-worker.ts) that opens its own connection to the
// case, as an inline import does; progress comes back as messages, a cancel
// goes to it as one, and its failure as the API code it maps to.
//
// A thread that crashes or runs out of memory never runs importBundle's
// `finally`. What Node does not undo itself on the thread's exit is undone
// here: the import keeps its temporary folders (extracted archives, the
// temporary store) in a folder this side made and always removes, and a case
// file the import created is removed unless it ended with an outcome. (The
// thread's descriptors and its SQLite connection are closed by Node and
// better-sqlite3 when the thread ends; the uncommitted transaction is rolled
// back with the connection: test/host/import-thread.test.ts.)
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { BundleImporter } from '../api/engine.js';
import { ApiFailure } from '../api/result.js';
import { BULK_RESOURCE_LIMITS } from '../engine/memory-budget.js';
import { makePrivateTemp } from '../engine/private-temp.js';
import { workerScript, type WorkerScript } from '../engine/worker-script.js';
import type { ImportJob, ImportWorkerMessage } from './import-worker.js';

export interface ThreadImporterOptions {
  /** The worker module (default: import-worker.ts). */
  script?: WorkerScript;
  /** Default: the bulk commands' heap budget. */
  resourceLimits?: ResourceLimits;
  /** Where the import's temporary folder is made (default: os.tmpdir()). */
  tempRoot?: string;
}

export function threadImporter(options: ThreadImporterOptions = {}): BundleImporter {
  return async (casePath, bundlePath, opts) => {
    opts.signal.throwIfAborted();
    const caseExisted = existsSync(casePath);
    const tempRoot = await makePrivateTemp(options.tempRoot ?? tmpdir(), 'natalia-import-');
    const job: ImportJob = {
      casePath,
      bundlePath,
      tempRoot,
      ...(opts.trustPath !== undefined ? { trustPath: opts.trustPath } : {}),
      ...(opts.bundleLabel !== undefined ? { bundleLabel: opts.bundleLabel } : {}),
      ...(opts.trustLabel !== undefined ? { trustLabel: opts.trustLabel } : {}),
    };
    const script = options.script ?? workerScript(import.meta.url, 'import-worker');
    let worker: Worker;
    try {
      worker = new Worker(script.code, { eval: script.eval, workerData: job, resourceLimits: options.resourceLimits ?? BULK_RESOURCE_LIMITS });
    } catch (e) {
      await rm(tempRoot, { recursive: true, force: true });
      throw e;
    }
    const abort = () => worker.postMessage({ t: 'abort' });
    opts.signal.addEventListener('abort', abort, { once: true });
    // A cancel that came while the temporary folder was being made.
    if (opts.signal.aborted) abort();

    // Settled on exit, not on the last message: by then the worker has closed
    // the case file and removed its temporary folders, or has crashed.
    let outcome: ImportWorkerMessage | undefined;
    let crash: Error | undefined;
    const code = await new Promise<number>((resolve) => {
      worker.on('message', (m: ImportWorkerMessage) => {
        if (m.t === 'progress') opts.onProgress(m.progress);
        else outcome = m;
      });
      worker.on('error', (e) => (crash ??= e));
      worker.on('exit', resolve);
    });
    opts.signal.removeEventListener('abort', abort);
    await rm(tempRoot, { recursive: true, force: true }).catch(() => {});
    if (outcome?.t === 'done') return { bundleId: outcome.bundleId, verdict: outcome.verdict };
    if (outcome?.t === 'failed') {
      const f = outcome.failure;
      if (f.kind === 'cancelled') throw new DOMException('The import was cancelled.', 'AbortError');
      if (f.kind === 'api') throw new ApiFailure(f.code, f.message);
      throw new Error(f.message);
    }
    // No outcome: the thread ended without its cleanup. A case file it created is not a case.
    if (!caseExisted) await Promise.all([casePath, `${casePath}-journal`].map((p) => rm(p, { force: true }).catch(() => {})));
    const why = crash ? crash.message : `exit code ${code}`;
    throw new Error(`the import stopped unexpectedly (${why})`);
  };
}

/** The import on a thread of its own, as the engine host runs it. */
export const importOnThread: BundleImporter = threadImporter();
