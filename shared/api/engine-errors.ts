// The one table from an engine error code (engine/engine-error.ts) to what
// each face says: the API's error code and message (the page branches on
// the code), and the CLI's exit code and line. Faces look the code up here;
// none of them tests an error's class.
import { engineErrorCode, type EngineErrorCode } from '../engine/engine-error.js';
import { EXIT_UNREADABLE } from '../cli/exit-codes.js';
import { ApiFailure, capitalise, type ApiErrorCode } from './result.js';

interface ErrorFaces {
  api: ApiErrorCode;
  /** The message on screen (default: the engine's). */
  apiMessage?: (message: string) => string;
  /** The exit code of a command that meets it. */
  exit: number;
  /** The line after "natalia-audit <command>: " (default: the engine's message). */
  cliLine?: (message: string) => string;
}

const BUSY_API = 'The case is busy: an import is writing to it. Try again when it has finished.';
const BUSY_CLI = 'the case file is busy: another program (an import?) is writing to it. Try again when it has finished.';

export const ENGINE_ERROR_FACES: Record<EngineErrorCode, ErrorFaces> = {
  BUNDLE_UNREADABLE: { api: 'unreadable_evidence', exit: EXIT_UNREADABLE },
  BUNDLE_REFUSED: { api: 'unreadable_evidence', exit: EXIT_UNREADABLE },
  BUNDLE_DUPLICATE: { api: 'conflict', apiMessage: capitalise, exit: EXIT_UNREADABLE },
  SOURCE_CHANGED: { api: 'conflict', exit: EXIT_UNREADABLE },
  CASE_NOT_FOUND: { api: 'not_found', exit: EXIT_UNREADABLE },
  CASE_FORMAT: { api: 'conflict', exit: EXIT_UNREADABLE },
  CASE_INTEGRITY: { api: 'conflict', apiMessage: capitalise, exit: EXIT_UNREADABLE },
  // As before the table: the page shows the message under the generic code.
  DISK_FULL: { api: 'internal', exit: EXIT_UNREADABLE },
  CASE_BUSY: { api: 'conflict', apiMessage: () => BUSY_API, exit: EXIT_UNREADABLE, cliLine: () => BUSY_CLI },
  TRUST_STORE: { api: 'invalid_request', apiMessage: (m) => `Trust roots: ${m}`, exit: EXIT_UNREADABLE },
  INPUT_MISSING: { api: 'not_found', apiMessage: (m) => `${capitalise(m)}.`, exit: EXIT_UNREADABLE },
  INPUT_UNREADABLE: { api: 'invalid_request', apiMessage: (m) => `${capitalise(m)}.`, exit: EXIT_UNREADABLE },
  WORKBOOK_INVALID: { api: 'invalid_request', apiMessage: (m) => `The workbook cannot be filled: ${m}.`, exit: EXIT_UNREADABLE },
  WORKSTATION_KEY: { api: 'conflict', apiMessage: (m) => `The workstation's signing key cannot be used: ${m}`, exit: EXIT_UNREADABLE },
  REPLAY_INPUT: { api: 'invalid_request', apiMessage: capitalise, exit: EXIT_UNREADABLE },
  ERASURE_NOT_FOUND: { api: 'not_found', apiMessage: (m) => `${capitalise(m)}.`, exit: EXIT_UNREADABLE },
  ERASURE_AMBIGUOUS: { api: 'invalid_request', apiMessage: capitalise, exit: EXIT_UNREADABLE },
};

/** Engine errors as the API answers them; anything else (an ApiFailure, an abort, a bug) as it is. */
export function translateEngineError(e: unknown): unknown {
  const code = engineErrorCode(e);
  if (code === undefined) return e;
  const face = ENGINE_ERROR_FACES[code];
  const message = (e as Error).message;
  return new ApiFailure(face.api, face.apiMessage ? face.apiMessage(message) : message);
}

/** An engine error as a command says it: its exit code and line; undefined for anything else. */
export function cliFailureOf(e: unknown): { exit: number; line: string } | undefined {
  const code = engineErrorCode(e);
  if (code === undefined) return undefined;
  const face = ENGINE_ERROR_FACES[code];
  const message = (e as Error).message;
  return { exit: face.exit, line: face.cliLine ? face.cliLine(message) : message };
}
