// Writing a report and its detached signature. A report never replaces the
// evidence or workbook it was made from, and never silently replaces an
// earlier report: the caller must ask for that (`overwrite`).
import { realpathSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { serializeSignature, signatureFileFor, type ReportSignature } from './signing/report-signature.js';
import type { SignedReportFile } from './signed-file.js';

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

/** Writes a report made in memory (signed-file.ts) under its name, and its signature next to it. */
export function writeSignedFile(file: SignedReportFile, opts: { overwrite?: boolean } = {}): WrittenReport {
  const flag = opts.overwrite ? 'w' : 'wx';
  const path = file.name;
  const signaturePath = signatureFileFor(path);
  try {
    writeFileSync(path, file.content, { flag });
    writeFileSync(signaturePath, serializeSignature(file.signature), { flag });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new ReportOutputError(`${(e as NodeJS.ErrnoException).path ?? path} already exists; use --force to replace it`);
    }
    throw e;
  }
  return { path, sha256: file.signature.sha256, bytes: file.content.length, signaturePath, signature: file.signature };
}
