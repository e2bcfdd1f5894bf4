// The engine host's worker thread: the engine, the handlers and the
// dispatcher run here (worker-host.ts starts it). Imports run on a thread
// of their own again (import-thread.ts), so this one stays free to answer
// the screens' queries while an import runs.
import { parentPort, workerData } from 'node:worker_threads';
import type { ApiEvent, ApiEvents } from '../api/contract.js';
import type { FileDelivery } from '../api/delivery.js';
import { createEngine } from '../api/engine.js';
import { createDispatcher, createHandlers, toApiError } from '../api/handlers.js';
import { ApiFailure, type Result } from '../api/result.js';
import { openDemoCase } from './demo-bundles.js';
import type { FaceRequest, FromHost, HostWorkerData, ToHost } from './host-messages.js';
import { importOnThread } from './import-thread.js';

const port = parentPort!;
const { settings, delivery: deliveryKind } = workerData as HostWorkerData;
const post = (m: FromHost) => port.postMessage(m);

// Requests to the face, answered by 'face-reply' messages.
let nextFaceId = 1;
const asked = new Map<number, (r: Result<unknown>) => void>();
function ask<T>(request: FaceRequest): Promise<T> {
  const id = nextFaceId++;
  return new Promise<T>((resolve, reject) => {
    asked.set(id, (r) => (r.ok ? resolve(r.value as T) : reject(new ApiFailure(r.error.code, r.error.message))));
    post({ t: 'face', id, ...request });
  });
}

const delivery: FileDelivery | undefined =
  deliveryKind === 'download'
    ? { kind: 'download', offer: (file) => ask<string>({ op: 'offer', file }), offerFile: (file) => ask<string>({ op: 'offerFile', file }) }
    : deliveryKind === 'save-dialog'
      ? { kind: 'save-dialog', choose: (request) => ask<string | null>({ op: 'choose', request }) }
      : undefined;

async function start() {
  const engine = await createEngine({
    workspace: settings.workspace,
    ...(settings.keyHome !== undefined ? { keyHome: settings.keyHome } : {}),
    importer: importOnThread,
  });
  let initialCaseId: string | undefined;
  try {
    if (settings.demo) initialCaseId = await openDemoCase(engine, settings.demo, (message) => post({ t: 'say', message }));
  } catch (e) {
    await engine.close();
    throw e;
  }
  const handlers = createHandlers({
    engine,
    emit: <E extends ApiEvent>(event: E, payload: ApiEvents[E]) => post({ t: 'event', event, payload }),
    resolveSource: (source) => ask<string>({ op: 'resolveSource', source }),
    version: settings.version,
    initialCaseId,
    ...(settings.progressIntervalMs !== undefined ? { progressIntervalMs: settings.progressIntervalMs } : {}),
    ...(delivery ? { delivery } : {}),
  });
  return { engine, handlers, dispatch: createDispatcher(handlers), initialCaseId };
}

const started = start();
started.then(
  (h) => post({ t: 'ready', ...(h.initialCaseId !== undefined ? { initialCaseId: h.initialCaseId } : {}) }),
  (e: unknown) => post({ t: 'start-failed', error: e instanceof ApiFailure ? { code: e.code, message: e.message } : { message: toApiError(e).message } }),
);

port.on('message', (m: ToHost) => {
  if (m.t === 'face-reply') {
    const settle = asked.get(m.id);
    asked.delete(m.id);
    settle?.(m.result);
    return;
  }
  void started.then(async (h) => {
    if (m.t === 'call') {
      // One call that throws, or whose result cannot be copied to the face, fails alone: an
      // unhandled rejection here would end the host and every screen's calls with it.
      const failed = (e: unknown) => ({ ok: false as const, error: toApiError(e) });
      let result;
      try {
        result = await h.dispatch(m.method, m.request, m.lang);
      } catch (e) {
        result = failed(e);
      }
      try {
        post({ t: 'result', id: m.id, result });
      } catch (e) {
        post({ t: 'result', id: m.id, result: failed(e) });
      }
      return;
    }
    try {
      await h.handlers.drain();
      if (m.t === 'close') await h.engine.close();
    } catch (e) {
      console.error(`natalia-audit: the engine did not close cleanly: ${toApiError(e).message}`);
    } finally {
      post({ t: 'settled', id: m.id });
      // Closed, nothing else keeps the thread alive: it ends and the face sees it exit.
      if (m.t === 'close') port.close();
    }
  });
});
