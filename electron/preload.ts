// The bridge between the sandboxed page and the main process: the typed
// WorkstationApi and nothing else. No raw ipcRenderer reaches the page; each
// call goes to its method's own channel, and events are filtered by name.
// Bundled into one CommonJS file (sandboxed preloads cannot load modules).
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import {
  IPC_EVENT_CHANNEL,
  IPC_PICK_CHANNEL,
  ipcChannel,
  isApiEvent,
  isApiMethod,
  type ApiEvent,
  type ApiEvents,
  type EventEnvelope,
  type FileSource,
  type WorkstationApi,
} from '../shared/api/contract.js';
import { fail, isResult, ok, type Result } from '../shared/api/result.js';

/** The screens' language, as the page keeps it (renderer/src/i18n/setup.ts), sent with each call. */
function pageLanguage(): string {
  return typeof document === 'undefined' ? '' : document.documentElement.lang;
}

async function invoke(channel: string, arg: unknown): Promise<Result<any>> {
  try {
    const r: unknown = await ipcRenderer.invoke(channel, arg, pageLanguage());
    return isResult(r) ? r : fail('internal', 'The main process answered with an unexpected shape.');
  } catch (e) {
    return fail('internal', e instanceof Error ? e.message : 'IPC failed.');
  }
}

const api = {
  transport: 'electron',
  call(method, request) {
    if (!isApiMethod(method)) return Promise.resolve(fail('unknown_method', 'No such API method.'));
    return invoke(ipcChannel(method), request);
  },
  subscribe<E extends ApiEvent>(event: E, listener: (payload: ApiEvents[E]) => void) {
    if (!isApiEvent(event)) return () => {};
    const handler = (_e: unknown, envelope: EventEnvelope) => {
      if (envelope && envelope.event === event) listener(envelope.payload as ApiEvents[E]);
    };
    ipcRenderer.on(IPC_EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, handler);
    };
  },
  async stageFile(file: File): Promise<Result<FileSource>> {
    // A dropped or picked file is already on disk: the engine reads it where it is.
    const path = webUtils.getPathForFile(file);
    return path ? ok({ kind: 'path', path }) : fail('unsupported', 'This file has no path on disk; save it first.');
  },
  pickPath(kind) {
    return invoke(IPC_PICK_CHANNEL, kind);
  },
} satisfies WorkstationApi;

contextBridge.exposeInMainWorld('natalia', api);
