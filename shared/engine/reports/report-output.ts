// Writing reports and their detached signatures. A report never replaces the
// evidence or workbook it was made from, never silently replaces an earlier
// report (the caller must ask for that: `overwrite`), and is never left
// behind without its signature or its companions.
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { serializeSignature, signatureFileFor, type ReportSignature } from './signing/report-signature.js';
import type { SignedReportFile } from './signed-file.js';
import { writeOutputFiles } from '../output-files.js';

export class ReportOutputError extends Error {}

function canonicalPath(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return resolve(p);
  }
}

/** Refuses an output path that is one of the inputs (same file, even through a link). */
export function assertNotAnInput(out: string, inputs: string[]): void {
  const o = canonicalPath(out);
  for (const i of inputs) {
    if (canonicalPath(i) === o) throw new ReportOutputError(`refusing to write ${out}: it is an input of this report (${i}); choose another --out`);
  }
}

export interface WrittenReport {
  path: string;
  sha256: string;
  bytes: number;
  signaturePath: string;
  signature: ReportSignature;
}

/**
 * Writes reports made in memory (signed-file.ts) under their names, each with
 * its signature next to it: all the files or none. Throws OutputFileError
 * (output-files.ts) when a target may not be written.
 */
export function writeSignedFiles(files: readonly SignedReportFile[], opts: { overwrite?: boolean } = {}): WrittenReport[] {
  const written = files.map((file) => ({
    path: file.name,
    sha256: file.signature.sha256,
    bytes: file.content.length,
    signaturePath: signatureFileFor(file.name),
    signature: file.signature,
  }));
  writeOutputFiles(
    files.flatMap((file, i) => [
      { path: written[i]!.path, content: file.content },
      { path: written[i]!.signaturePath, content: serializeSignature(file.signature) },
    ]),
    { overwrite: opts.overwrite ?? false },
  );
  return written;
}
