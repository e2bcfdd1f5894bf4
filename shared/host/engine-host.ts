// Where the engine runs, seen from a face (web mode's server, the Electron
// main process). The face's thread answers the screens and never waits on
// evidence work: it hands every call to the host and gets a Result back,
// while the host's events (import progress) come back to it to pass on.
//
// The host needs a few things only the face can do: turn an upload into a
// path (the upload store lives with the server), hand a report's files to
// the user (a download offered by the server, or the native save dialog of
// Electron's main process), and push events to the page. Those are the
// FaceServices; the host asks for them by message.
import type { ApiEvent, ApiEvents, FileSource } from '../api/contract.js';
import type { FileDelivery } from '../api/delivery.js';
import type { Dispatch } from '../api/handlers.js';
import type { DemoBundle } from './demo-bundles.js';

export interface EngineHost {
  /** The typed API: method name and unknown argument in, Result out (validated in the host). */
  readonly dispatch: Dispatch;
  /** The demo case opened at start, if any. */
  readonly initialCaseId: string | undefined;
  /** Cancels every running job and waits for them to settle. */
  drain(): Promise<void>;
  /** Drains, closes the engine and stops the host. Safe to call twice. */
  close(): Promise<void>;
}

export interface FaceServices {
  emit<E extends ApiEvent>(event: E, payload: ApiEvents[E]): void;
  /** Turns a source into a readable path; throws ApiFailure (e.g. `unsupported` for uploads in Electron). */
  resolveSource(source: FileSource): Promise<string>;
  /** Where report files go; without it, asking for a report answers `unsupported`. */
  delivery?: FileDelivery;
  /** Progress lines of the demo import at start (e.g. printed by `natalia-audit open`). */
  say?(message: string): void;
}

export interface HostSettings {
  /** Folder holding the case files (created if missing). */
  workspace: string;
  /** Folder of the workstation key that signs reports (default: the workstation's home). */
  keyHome?: string;
  version: string;
  /** Bundles of a demo case opened before the host is ready. */
  demo?: DemoBundle[];
  /** Least time between two progress events of one job (ms). */
  progressIntervalMs?: number;
}
