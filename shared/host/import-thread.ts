// One import on a thread of its own, under the CLI's heap budget. The engine
// host answers the screens; an import (the verifier's main loop, the bulk
// inserts, the index builds and the commit's fsync, each a long synchronous
// stretch) would stall every query behind it on the host's thread. Here it
// runs in a worker (import-worker.ts) that opens its own connection to the
// case, as an inline import does; progress comes back as messages, a cancel
// goes to it as one, and its failure as the API code it maps to.
import { Worker } from 'node:worker_threads';
import type { BundleImporter } from '../api/engine.js';
import { ApiFailure } from '../api/result.js';
import { BULK_RESOURCE_LIMITS } from '../engine/memory-budget.js';
import { workerScript } from '../engine/worker-script.js';
import type { ImportJob, ImportWorkerMessage } from './import-worker.js';

export const importOnThread: BundleImporter = (casePath, bundlePath, opts) => {
  opts.signal.throwIfAborted();
  const job: ImportJob = {
    casePath,
    bundlePath,
    ...(opts.trustPath !== undefined ? { trustPath: opts.trustPath } : {}),
    ...(opts.bundleLabel !== undefined ? { bundleLabel: opts.bundleLabel } : {}),
    ...(opts.trustLabel !== undefined ? { trustLabel: opts.trustLabel } : {}),
  };
  const script = workerScript(import.meta.url, 'import-worker');
  const worker = new Worker(script.code, { eval: script.eval, workerData: job, resourceLimits: BULK_RESOURCE_LIMITS });
  const abort = () => worker.postMessage({ t: 'abort' });
  opts.signal.addEventListener('abort', abort, { once: true });

  // Settled on exit, not on the last message: by then the worker has closed
  // the case file and removed its temporary folders.
  let outcome: ImportWorkerMessage | undefined;
  let crash: Error | undefined;
  return new Promise((resolve, reject) => {
    worker.on('message', (m: ImportWorkerMessage) => {
      if (m.t === 'progress') opts.onProgress(m.progress);
      else outcome = m;
    });
    worker.on('error', (e) => (crash ??= e));
    worker.on('exit', (code) => {
      opts.signal.removeEventListener('abort', abort);
      if (outcome?.t === 'done') return resolve({ bundleId: outcome.bundleId, verdict: outcome.verdict });
      if (outcome?.t === 'failed') {
        const f = outcome.failure;
        if (f.kind === 'cancelled') return reject(new DOMException('The import was cancelled.', 'AbortError'));
        if (f.kind === 'api') return reject(new ApiFailure(f.code, f.message));
        return reject(new Error(f.message));
      }
      const why = crash ? crash.message : `exit code ${code}`;
      reject(new Error(`the import stopped unexpectedly (${why})`));
    });
  });
};
