// How a command reports that it cannot run at all (bad arguments, unreadable
// input, an output it may not write): one clear line on stderr and exit code 2.
import { OutputFileError, writeOutputFiles, type FileToWrite } from '../engine/output-files.js';

export class UsageError extends Error {
  override name = 'UsageError';
}

export { EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE } from './exit-codes.js';

/** Runs `write`; an output it may not write becomes one line, naming the flag that allows replacing a file. */
export function writingOrSay<T>(write: () => T, overrideFlag?: string): T {
  try {
    return write();
  } catch (e) {
    if (!(e instanceof OutputFileError)) throw e;
    throw new UsageError(e.problem === 'exists' && overrideFlag ? `${e.message}; use ${overrideFlag} to replace it` : e.message);
  }
}

/** Writes `files` all or none (output-files.ts), or says in one line why not. */
export function writeFilesOrSay(files: readonly FileToWrite[], opts: { overwrite: boolean; overrideFlag?: string }): void {
  writingOrSay(() => writeOutputFiles(files, { overwrite: opts.overwrite }), opts.overrideFlag);
}
