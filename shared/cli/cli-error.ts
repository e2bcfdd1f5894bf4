// How a command reports that it cannot run at all (bad arguments, unreadable
// input, an output it may not write): one clear line on stderr and exit code 2.
import { OutputFileError, writeOutputFiles, type FileToWrite } from '../engine/output-files.js';

export class UsageError extends Error {
  override name = 'UsageError';
}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_UNREADABLE = 2;

/** Writes `files` all or none (output-files.ts); a refusal becomes one line, with the flag that overrides it. */
export function writeFilesOrSay(files: readonly FileToWrite[], opts: { overwrite: boolean; overrideFlag?: string }): void {
  try {
    writeOutputFiles(files, { overwrite: opts.overwrite });
  } catch (e) {
    if (!(e instanceof OutputFileError)) throw e;
    throw new UsageError(e.problem === 'exists' && opts.overrideFlag ? `${e.message}; use ${opts.overrideFlag} to replace it` : e.message);
  }
}
