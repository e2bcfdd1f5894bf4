// The one error the engine throws when it cannot do what it was asked (as
// sigstore-js's verify/src/error.ts): a stable code from one union, the
// message in plain words, and the error that caused it. Faces map the code,
// never the class (shared/api/engine-errors.ts holds the one table: API
// error code, CLI exit code and line). Problems found IN evidence are
// findings, not errors: these are the cases where there is nothing to judge.
//
// The property is `errorCode`, not `code`: Node's own errors (and
// InputFileError, which keeps the system's ENOENT/EACCES there) use `code`.
export const ENGINE_ERROR_CODES = [
  /** The bundle cannot be opened as a bag at all. */
  'BUNDLE_UNREADABLE',
  /** An import was refused before anything was written (e.g. an unsafe archive); the verification says why. */
  'BUNDLE_REFUSED',
  /** The same export is already in the case. */
  'BUNDLE_DUPLICATE',
  /** The bundle's files changed while they were read. */
  'SOURCE_CHANGED',
  'CASE_NOT_FOUND',
  /** A file that is not a case of this workstation, or of a newer one. */
  'CASE_FORMAT',
  /** The case's chain of custody, or a stored verification, no longer holds. */
  'CASE_INTEGRITY',
  /** The disk filled during an import: rolled back, nothing kept. */
  'DISK_FULL',
  /** Another connection (an import) holds the case file's lock. */
  'CASE_BUSY',
  'TRUST_STORE',
  /** A file the user named does not exist. */
  'INPUT_MISSING',
  /** A file the user named cannot be read (not a file, too large, no permission). */
  'INPUT_UNREADABLE',
  /** A CAIQ workbook that cannot be filled. */
  'WORKBOOK_INVALID',
  'WORKSTATION_KEY',
  /** Times or filters of a replay that do not parse. */
  'REPLAY_INPUT',
  /** The case holds no erasure certificate for the target. */
  'ERASURE_NOT_FOUND',
  /** The target matches erasures of several installations. */
  'ERASURE_AMBIGUOUS',
] as const;

export type EngineErrorCode = (typeof ENGINE_ERROR_CODES)[number];

export class EngineError extends Error {
  constructor(
    readonly errorCode: EngineErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'EngineError';
  }
}

/** SQLite's "the file is locked by another connection", as better-sqlite3 throws it. */
export function isBusyError(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}

/** The engine code of anything thrown, when it is one the faces can say in words. */
export function engineErrorCode(e: unknown): EngineErrorCode | undefined {
  if (e instanceof EngineError) return e.errorCode;
  if (isBusyError(e)) return 'CASE_BUSY';
  return undefined;
}
