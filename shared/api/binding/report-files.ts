// Names and shapes of the files a report is made of. The names matter: the
// signature file records the report's name, and the erasure PDF prints the
// name of its signature file, so a report is made once its name is known.
import { basename, join } from 'node:path';
import { sha256Hex } from '../../engine/crypto/hash.js';
import { OutputFileError, writeOutputFiles as writeFiles } from '../../engine/output-files.js';
import { assertNotAnInput, ReportOutputError } from '../../engine/reports/report-output.js';
import type { SignedReportFile } from '../../engine/reports/signed-file.js';
import { serializeSignature, signatureFileFor } from '../../engine/reports/signing/report-signature.js';
import type { OutputFile } from '../delivery.js';
import { ApiFailure, capitalise } from '../result.js';

export const MEDIA_TYPES = {
  pdf: 'application/pdf',
  json: 'application/json',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
} as const;

/** A piece of a file name that any file system and browser accepts (no separator, no leading dot). */
export function fileStem(text: string, fallback: string): string {
  const cleaned = text
    .normalize('NFKC')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[.-]+|[.-]+$/g, '')
    .slice(0, 80);
  return cleaned || fallback;
}

export function auditCsvFileName(installationOrCase: string): string {
  return `audit-entries-${fileStem(installationOrCase, 'bundle')}.csv`;
}

export function caiqFileName(caseName: string): string {
  return `caiq-lite-${fileStem(caseName, 'case')}.xlsx`;
}

export function caiqLibraryFileName(caseName: string): string {
  return `caiq-answers-${fileStem(caseName, 'case')}.json`;
}

export function erasureFileName(certificateId: string, lang: string): string {
  // A data subject's report (ext:PSEUDONYM) is named by the pseudonym's first digits, as the tables print it.
  const which = certificateId.startsWith('ext:') ? `subject-${certificateId.slice(4, 16)}` : certificateId;
  return `erasure-report-${fileStem(which, 'certificate')}-${lang}.pdf`;
}

export function publicKeyFileName(kid: string): string {
  return `natalia-audit-workstation-key-${fileStem(kid, 'key')}.json`;
}

/** A chosen path always ends with the report's extension (a save dialog lets the user drop it). */
export function withExtension(path: string, ext: string): string {
  return path.toLowerCase().endsWith(ext) ? path : path + ext;
}

export function outputFile(name: string, role: OutputFile['role'], mediaType: string, content: Buffer, reportKind?: string): OutputFile {
  return { name, role, mediaType, content, sha256: sha256Hex(content), ...(reportKind ? { reportKind } : {}) };
}

/** A signed report file and its detached signature, the two files the CLI writes (report-output.ts). */
export function signedPair(file: SignedReportFile, role: 'report' | 'twin', mediaType: string): OutputFile[] {
  return [
    outputFile(file.name, role, mediaType, file.content, file.kind),
    outputFile(basename(signatureFileFor(file.name)), 'signature', MEDIA_TYPES.json, Buffer.from(serializeSignature(file.signature), 'utf8')),
  ];
}

/**
 * Writes a report's files into the folder the user chose in the save
 * dialog. The dialog already asked before replacing the report; its
 * companions (signature, twin) go with it. A report never replaces one of
 * its own inputs (the case file, the workbook it filled).
 */
export async function writeOutputFiles(dir: string, files: OutputFile[], inputs: string[]): Promise<string[]> {
  const paths = files.map((f) => join(dir, f.name));
  try {
    for (const p of paths) assertNotAnInput(p, inputs);
  } catch (e) {
    if (e instanceof ReportOutputError) throw new ApiFailure('conflict', e.message.replace(/; choose another --out$/, '; choose another name'));
    throw e;
  }
  try {
    // The dialog asked before replacing the report; its companions go with it, all or none.
    writeFiles(
      files.map((f, i) => ({ path: paths[i]!, content: f.content })),
      { overwrite: true },
    );
  } catch (e) {
    if (e instanceof OutputFileError) throw new ApiFailure('conflict', `${capitalise(e.message)}.`);
    throw e;
  }
  return paths;
}
