// How files the user asks for (reports, the public key) leave the
// workstation. The handlers produce them once; the transport decides where
// they go: web mode offers them as downloads from the loopback server, the
// desktop app asks the main process's native save dialog for a place and
// writes them there. The renderer never names a path to write.
import type { DeliveredFile } from './contract.js';

/** A file the engine produced, held in memory until delivered (reports are small). */
export interface OutputFile {
  name: string;
  role: DeliveredFile['role'];
  mediaType: string;
  content: Buffer;
  sha256: string;
  /** For a signed report file: its report kind, recorded in the case's custody log. */
  reportKind?: string;
}

/**
 * A file the engine wrote to disk because it grows with the evidence (a
 * portable case holds every bundle's bytes): handed over by its path, never
 * held in memory. The delivery takes it over (moves it) and removes it when
 * it is no longer offered.
 */
export interface StagedFile {
  name: string;
  role: DeliveredFile['role'];
  mediaType: string;
  path: string;
  bytes: number;
  sha256: string;
}

export interface SaveDialogRequest {
  title: string;
  /** File name proposed to the user. */
  defaultName: string;
  filters: { name: string; extensions: string[] }[];
}

export type FileDelivery =
  /** Web mode: keeps the file for download; returns its download id (by message when the engine runs on a host thread). */
  | { kind: 'download'; offer(file: OutputFile): string | Promise<string>; offerFile?(file: StagedFile): string | Promise<string> }
  /** Desktop: the native save dialog (main process); the chosen path, or null when closed. */
  | { kind: 'save-dialog'; choose(request: SaveDialogRequest): Promise<string | null> };

/** The options of Electron's dialog.showSaveDialog this needs (typed here: shared/ never imports Electron). */
export interface NativeSaveDialogOptions {
  title: string;
  defaultPath: string;
  filters: { name: string; extensions: string[] }[];
  properties: ('createDirectory' | 'showOverwriteConfirmation')[];
}

/**
 * The desktop delivery on a native save dialog: `show` is
 * `(o) => dialog.showSaveDialog(window, o)` in the main process, so the path
 * written always comes from the dialog, never from the page.
 */
export function saveDialogDelivery(
  show: (options: NativeSaveDialogOptions) => Promise<{ canceled: boolean; filePath?: string }>,
  defaultDir?: string,
): FileDelivery {
  return {
    kind: 'save-dialog',
    async choose(r) {
      const picked = await show({
        title: r.title,
        defaultPath: defaultDir ? `${defaultDir.replace(/[\\/]+$/, '')}/${r.defaultName}` : r.defaultName,
        filters: r.filters,
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      });
      return picked.canceled || !picked.filePath ? null : picked.filePath;
    },
  };
}
