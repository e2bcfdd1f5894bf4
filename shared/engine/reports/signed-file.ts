// A report file made in memory with its detached signature, before it goes
// anywhere: the CLI writes it next to --out, the API hands it to its
// transport (a save dialog or a download). Both make it here, so the same
// inputs and the same name give the same bytes whichever face asked.
import { extname } from 'node:path';
import { signReport, type ReportKind, type ReportSignature } from './signing/report-signature.js';
import type { WorkstationKey } from './signing/workstation-key.js';

export interface SignedReportFile {
  /** The name or path the report goes under (the signature records its base name). */
  name: string;
  kind: ReportKind;
  content: Buffer;
  signature: ReportSignature;
}

export function signedReportFile(name: string, kind: ReportKind, content: Buffer, signedAt: string, key: WorkstationKey): SignedReportFile {
  return { name, kind, content, signature: signReport(content, { file: name, kind, signedAt }, key) };
}

/** The companion of a report file with another extension (report.xlsx -> report.csv), path or bare name. */
export function sibling(name: string, ext: string): string {
  return name.slice(0, name.length - extname(name).length) + ext;
}
