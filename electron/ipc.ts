// The IPC side of the typed API: one channel per contract method, each
// answered by the shared dispatcher (the same one web mode serves) only when
// the sender is our own page. Typed against a minimal ipcMain shape so tests
// register into a plain object instead of launching Electron.
import { API_METHODS, IPC_PICK_CHANNEL, callLanguage, ipcChannel, type CallLanguage, type FileSource, type PickKind } from '../shared/api/contract.js';
import type { Dispatch } from '../shared/api/handlers.js';
import { fail, ok, type Result } from '../shared/api/result.js';
import { pickKind } from '../shared/api/validate.js';
import { wordsOf } from '../shared/api/words.js';
import { isAllowedSender } from './security.js';

export interface IpcSenderFrame {
  url: string;
  parent: unknown;
}

export interface IpcInvokeEventLike {
  senderFrame: IpcSenderFrame | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export function senderAllowed(event: IpcInvokeEventLike): boolean {
  const frame = event.senderFrame;
  return frame !== null && isAllowedSender(frame.url, frame.parent === null || frame.parent === undefined);
}

const FORBIDDEN = fail('forbidden', 'This window is not the workstation page.');

/** Registers every API method; returns the function that unregisters them. */
export function registerApiHandlers(ipc: IpcMainLike, dispatch: Dispatch): () => void {
  const channels: string[] = [];
  for (const method of API_METHODS) {
    const channel = ipcChannel(method);
    ipc.handle(channel, async (event, request, lang) => {
      if (!senderAllowed(event)) return FORBIDDEN;
      return dispatch(method, request, callLanguage(lang));
    });
    channels.push(channel);
  }
  return () => channels.forEach((c) => ipc.removeHandler(c));
}

export type ShowOpenDialog = (kind: PickKind, lang: CallLanguage) => Promise<{ canceled: boolean; filePaths: string[] }>;

/** The native open dialog, behind the same sender check and argument validation. */
export function registerPickPath(ipc: IpcMainLike, showOpenDialog: ShowOpenDialog): () => void {
  ipc.handle(IPC_PICK_CHANNEL, async (event, kind, lang): Promise<Result<FileSource | null>> => {
    if (!senderAllowed(event)) return FORBIDDEN;
    const valid = pickKind(kind, 'kind');
    if (!valid.ok) return fail('invalid_request', valid.message);
    const picked = await showOpenDialog(valid.value, callLanguage(lang));
    const path = picked.filePaths[0];
    return ok(picked.canceled || !path ? null : { kind: 'path', path });
  });
  return () => ipc.removeHandler(IPC_PICK_CHANNEL);
}

/** Dialog options per kind: what the user may pick, worded in the screens' language. */
export function openDialogOptions(
  kind: PickKind,
  lang: CallLanguage = 'en',
): {
  title: string;
  properties: ('openFile' | 'openDirectory')[];
  filters?: { name: string; extensions: string[] }[];
} {
  const w = wordsOf(lang).dialog;
  switch (kind) {
    case 'bundle-archive':
      return {
        title: w.importBundle,
        properties: ['openFile'],
        filters: [{ name: w.filter.bundles, extensions: ['zip', 'gz', 'tgz'] }],
      };
    case 'bundle-folder':
      return { title: w.importFolder, properties: ['openDirectory'] };
    case 'trust-roots':
      return {
        title: w.chooseTrust,
        properties: ['openFile'],
        filters: [{ name: w.filter.trust, extensions: ['json'] }],
      };
  }
}
