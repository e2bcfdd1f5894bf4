// The messages between a face and the engine host's worker thread
// (worker-host.ts on the face, host-worker.ts in the worker). Everything
// crossing is plain data: Results, events and report files (a Buffer arrives
// as a Uint8Array), never a thrown Error.
import type { CallLanguage, FileSource } from '../api/contract.js';
import type { OutputFile, SaveDialogRequest, StagedFile } from '../api/delivery.js';
import type { ApiError, Result } from '../api/result.js';
import type { HostSettings } from './engine-host.js';

export interface HostWorkerData {
  settings: HostSettings;
  /** How the face delivers report files (the worker builds a delivery that asks for it by message). */
  delivery: 'download' | 'save-dialog' | 'none';
}

/** What the host asks the face to do, by the FaceServices member it calls. */
export type FaceRequest =
  | { op: 'resolveSource'; source: FileSource }
  | { op: 'offer'; file: OutputFile }
  | { op: 'offerFile'; file: StagedFile }
  | { op: 'choose'; request: SaveDialogRequest };

export type ToHost =
  | { t: 'call'; id: number; method: unknown; request: unknown; lang?: CallLanguage }
  | { t: 'drain'; id: number }
  | { t: 'close'; id: number }
  | { t: 'face-reply'; id: number; result: Result<unknown> };

export type FromHost =
  | { t: 'ready'; initialCaseId?: string }
  | { t: 'start-failed'; error: ApiError | { code?: undefined; message: string } }
  | { t: 'say'; message: string }
  | { t: 'result'; id: number; result: Result<unknown> }
  | { t: 'settled'; id: number }
  | { t: 'event'; event: string; payload: unknown }
  | ({ t: 'face'; id: number } & FaceRequest);
