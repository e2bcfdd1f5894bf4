// What the commands that read a case share: where they write, and opening
// the case file they are given. An engine error on the way (no such case, a
// file that is not one) reaches runCli, which says it by its code.
import { CaseFile } from '../engine/case/case-file.js';
import { UsageError } from './cli-error.js';

export interface Out {
  write(s: string): unknown;
}

/** Opens an existing case for a read command. */
export function openCase(path: string | undefined, usage: string): CaseFile {
  if (!path) throw new UsageError(`expected a case file. Usage: ${usage}`);
  return CaseFile.open(path);
}
