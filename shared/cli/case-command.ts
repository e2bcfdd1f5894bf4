// What the commands that read a case share: where they write, and opening
// the case file they are given.
import { CaseFile } from '../engine/case/case-file.js';
import { engineErrorCode } from '../engine/engine-error.js';
import { UsageError } from './cli-error.js';

export interface Out {
  write(s: string): unknown;
}

/** Opens an existing case for a read command; no such case, or a file that is not one, is a usage error (exit 2). */
export function openCase(path: string | undefined, usage: string): CaseFile {
  if (!path) throw new UsageError(`expected a case file. Usage: ${usage}`);
  try {
    return CaseFile.open(path);
  } catch (e) {
    const code = engineErrorCode(e);
    if (code === 'CASE_NOT_FOUND' || code === 'CASE_FORMAT') throw new UsageError((e as Error).message);
    throw e;
  }
}
