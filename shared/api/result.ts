// How every API answer crosses a process or network boundary: a plain object,
// never a thrown error (IPC and JSON cannot carry Error instances faithfully).

/** Stable error codes. The renderer branches on these, never on messages. */
export const API_ERROR_CODES = [
  /** The request does not match the contract (wrong type, missing member...). */
  'invalid_request',
  /** No such method in the contract. */
  'unknown_method',
  /** The caller is not the workstation's own page (bad sender, token, Host or Origin). */
  'forbidden',
  /** The case, bundle, entry, job or file named does not exist. */
  'not_found',
  /** The request is valid but clashes with the current state (e.g. a case name already taken). */
  'conflict',
  /** The user cancelled the operation. */
  'cancelled',
  /** This transport cannot do that (e.g. a native file dialog in web mode). */
  'unsupported',
  /** The bundle or file could not be read as evidence. */
  'unreadable_evidence',
  /** Anything else: a bug. The message says what failed, never a stack. */
  'internal',
] as const;

export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

export interface ApiError {
  code: ApiErrorCode;
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(code: ApiErrorCode, message: string): { ok: false; error: ApiError } {
  return { ok: false, error: { code, message } };
}

export function isApiErrorCode(value: unknown): value is ApiErrorCode {
  return typeof value === 'string' && (API_ERROR_CODES as readonly string[]).includes(value);
}

/**
 * Thrown inside handlers to answer with a specific code; the dispatcher turns
 * it into `{ok:false}`. Anything else thrown becomes `internal`.
 */
export class ApiFailure extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}

/** Checks that an unknown value (e.g. parsed from HTTP) has the Result shape. */
export function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { ok?: unknown; error?: { code?: unknown; message?: unknown } };
  if (v.ok === true) return 'value' in v;
  if (v.ok === false) return isApiErrorCode(v.error?.code) && typeof v.error?.message === 'string';
  return false;
}

/** An engine message (written to follow "natalia-audit verify: ") as the start of a sentence on screen. */
export function capitalise(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}
