// Reads a file the user names (a trust store, an answer library, a workbook,
// a report to check): only a regular file, and only up to the size such a
// file can have. Reading whatever the path points at could block for ever (a
// named pipe nobody writes to) or fill memory (/dev/zero, a huge file named by
// mistake); both are refused before a byte is read, with a one-line reason.
//
// The file is opened first and checked through its descriptor, so what is
// checked is what is read, and opened non-blocking, because opening a named
// pipe for reading would itself wait for a writer. Reading is synchronous:
// these files are small (the limits say so), and the CLI, the web mode and the
// desktop shell can all call one function.
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { EngineError } from './engine-error.js';

export class InputFileError extends EngineError {
  constructor(
    message: string,
    /** The system's error code when the file could not be opened (ENOENT, EACCES...). */
    readonly code?: string,
  ) {
    super(code === 'ENOENT' ? 'INPUT_MISSING' : 'INPUT_UNREADABLE', message);
    this.name = 'InputFileError';
  }
}

export interface InputFileLimits {
  /** What the file is, for messages: "trust store", "answer library"... */
  what: string;
  maxBytes: number;
}

// O_NONBLOCK does not exist on Windows, where opening a pipe does not wait either.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** What a path that is not a regular file is, for messages: "a folder", "a named pipe"... */
export function notAFile(st: Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a named pipe';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

function megabytes(n: number): string {
  return n >= 1 << 20 ? `${Math.round(n / (1 << 20))} MB` : `${Math.round(n / 1024)} KB`;
}

function refuse(path: string, st: Stats, limits: InputFileLimits): InputFileError | null {
  if (!st.isFile()) return new InputFileError(`cannot read the ${limits.what} ${path}: it is ${notAFile(st)}, not a file`);
  if (st.size > limits.maxBytes) {
    return new InputFileError(
      `the ${limits.what} ${path} is ${st.size} bytes, more than the ${megabytes(limits.maxBytes)} such a file can hold; it was not read`,
    );
  }
  return null;
}

/**
 * The system's reason for a failed file operation, in words; `missing` says
 * what ENOENT means where it happened. Raw messages name the system call and,
 * for a write, the temporary file, which mean nothing to the reader.
 */
export function systemReason(e: unknown, missing: string): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return missing;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOSPC' || code === 'EDQUOT') return 'the disk is full';
  if (code === 'EROFS') return 'the disk is read-only';
  return (e as Error).message;
}

function openFailure(path: string, limits: InputFileLimits, e: unknown): InputFileError {
  return new InputFileError(`cannot read the ${limits.what} ${path}: ${systemReason(e, 'no such file')}`, (e as NodeJS.ErrnoException).code);
}

/** The whole content of `path`, a regular file of at most `limits.maxBytes`; else an InputFileError. */
export function readInputFileSync(path: string, limits: InputFileLimits): Buffer {
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch (e) {
    throw openFailure(path, limits, e);
  }
  try {
    const st = fstatSync(fd);
    const refused = refuse(path, st, limits);
    if (refused) throw refused;
    const buf = Buffer.allocUnsafe(st.size);
    let at = 0;
    while (at < st.size) {
      const n = readSync(fd, buf, at, st.size - at, at);
      if (n === 0) break; // the file shrank while being read: what was there
      at += n;
    }
    return buf.subarray(0, at);
  } catch (e) {
    throw e instanceof InputFileError ? e : new InputFileError(`cannot read the ${limits.what} ${path}: ${(e as Error).message}`);
  } finally {
    closeSync(fd);
  }
}
