// The engine host on a Node worker thread, under the CLI's heap budget:
// what web mode uses, and what Electron's main process uses (worker_threads
// run there as in Node). The face's thread only passes messages: a call is
// posted and its Result comes back, so a long import or a large query never
// holds up the next request; the host's requests for face services
// (uploads, downloads, the save dialog) are answered here.
import { Worker } from 'node:worker_threads';
import { toApiError } from '../api/handlers.js';
import { ApiFailure, fail, type Result } from '../api/result.js';
import type { ApiEvent, ApiEvents } from '../api/contract.js';
import { BULK_RESOURCE_LIMITS } from '../engine/memory-budget.js';
import { workerScript } from '../engine/worker-script.js';
import type { EngineHost, FaceServices, HostSettings } from './engine-host.js';
import type { FaceRequest, FromHost, HostWorkerData, ToHost } from './host-messages.js';

/** How long the host may take to start (tsx under tests; a demo import at start is not counted). */
const START_TIMEOUT_MS = 120_000;

export async function startWorkerHost(settings: HostSettings, face: FaceServices): Promise<EngineHost> {
  const data: HostWorkerData = { settings, delivery: face.delivery?.kind ?? 'none' };
  const script = workerScript(import.meta.url, 'host-worker');
  const worker = new Worker(script.code, { eval: script.eval, workerData: data, resourceLimits: BULK_RESOURCE_LIMITS });
  const post = (m: ToHost) => worker.postMessage(m);

  let nextId = 1;
  const calls = new Map<number, (r: Result<unknown>) => void>();
  const waits = new Map<number, () => void>();
  /** Set once the host is gone: every pending and later call answers with it. */
  let stopped: Result<never> | undefined;
  let exited = false;
  const exit = new Promise<void>((resolve) => worker.once('exit', () => resolve()));

  let onStart: { ready(id?: string): void; failed(e: Error): void } | undefined;
  const ready = new Promise<string | undefined>((resolve, reject) => {
    onStart = { ready: resolve, failed: reject };
  });
  const timer = setTimeout(() => onStart?.failed(new Error('The engine host did not start in time.')), START_TIMEOUT_MS);

  function stop(message: string) {
    stopped ??= fail('internal', message);
    for (const settle of calls.values()) settle(stopped);
    calls.clear();
    for (const settle of waits.values()) settle();
    waits.clear();
    onStart?.failed(new Error(message));
  }

  async function serveFace(id: number, r: FaceRequest) {
    let result: Result<unknown>;
    try {
      if (r.op === 'resolveSource') result = { ok: true, value: await face.resolveSource(r.source) };
      else if (r.op === 'offer' && face.delivery?.kind === 'download') {
        const content = Buffer.from(r.file.content.buffer, r.file.content.byteOffset, r.file.content.byteLength);
        result = { ok: true, value: await face.delivery.offer({ ...r.file, content }) };
      } else if (r.op === 'offerFile' && face.delivery?.kind === 'download' && face.delivery.offerFile) {
        result = { ok: true, value: await face.delivery.offerFile(r.file) };
      } else if (r.op === 'choose' && face.delivery?.kind === 'save-dialog') result = { ok: true, value: await face.delivery.choose(r.request) };
      else result = fail('unsupported', 'This window cannot save files.');
    } catch (e) {
      result = { ok: false, error: toApiError(e) };
    }
    post({ t: 'face-reply', id, result });
  }

  worker.on('message', (m: FromHost) => {
    switch (m.t) {
      case 'ready':
        clearTimeout(timer);
        return onStart?.ready(m.initialCaseId);
      case 'start-failed':
        clearTimeout(timer);
        return onStart?.failed(m.error.code ? new ApiFailure(m.error.code, m.error.message) : new Error(m.error.message));
      case 'say':
        return face.say?.(m.message);
      case 'result':
        calls.get(m.id)?.(m.result);
        calls.delete(m.id);
        return;
      case 'settled':
        waits.get(m.id)?.();
        waits.delete(m.id);
        return;
      case 'event':
        return face.emit(m.event as ApiEvent, m.payload as ApiEvents[ApiEvent]);
      case 'face':
        return void serveFace(m.id, m);
    }
  });
  worker.on('error', (e) => stop(`The engine stopped unexpectedly: ${e.message}`));
  worker.on('exit', (code) => {
    exited = true;
    clearTimeout(timer);
    stop(`The engine stopped (exit code ${code}); restart the workstation.`);
  });

  const settle = (t: 'drain' | 'close') =>
    new Promise<void>((resolve) => {
      if (stopped) return resolve();
      const id = nextId++;
      waits.set(id, resolve);
      post({ t, id });
    });

  let initialCaseId: string | undefined;
  try {
    initialCaseId = await ready;
  } catch (e) {
    await worker.terminate();
    throw e;
  }

  let closing: Promise<void> | undefined;
  return {
    initialCaseId,
    dispatch: (method, request, lang) =>
      new Promise((resolve) => {
        if (stopped) return resolve(stopped);
        const id = nextId++;
        calls.set(id, resolve);
        post({ t: 'call', id, method, request, ...(lang ? { lang } : {}) });
      }),
    drain: () => settle('drain'),
    close: () =>
      (closing ??= (async () => {
        // The host ends on its own once closed; a host that does not (an import that never settles
        // holds its drain) is stopped, so closing never waits forever.
        const late = setTimeout(() => void worker.terminate(), 10_000);
        await Promise.race([settle('close'), exit]);
        if (!exited) await exit;
        clearTimeout(late);
      })()),
  };
}
