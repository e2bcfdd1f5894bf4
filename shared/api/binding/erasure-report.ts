// The erasure report of one certificate, as the erasure screen asks for it:
// made by the engine (engine/reports/erasure-report) the way `natalia-audit
// erasure-report <case> <certificate> --lang fr|en` makes it without review
// or extension flags, so given the same name the files are byte-identical to
// the command's. This module only words the notes and conclusions for the
// screen and hands the files to the transport.
import type { CaseFile } from '../../engine/case/case-file.js';
import { produceErasureReport, SHARED_ID_NOTE, type ErasureReport } from '../../engine/reports/erasure-report.js';
import type { ReportLang } from '../contract.js';
import type { GeneratedErasureReport } from '../engine-port.js';
import { ApiFailure, capitalise } from '../result.js';
import { engineErrorCode } from '../../engine/engine-error.js';
import { MEDIA_TYPES, signedPair } from './report-files.js';

const CHECK_WORDS: Record<string, string> = {
  bundle_integrity: 'bundle integrity',
  certificate_signature: 'certificate signature',
  audit_log_integrity: 'audit log integrity',
  audit_entries: 'audit entries',
  dump_absence: 'data absent from the database',
  dump_register: 'erasure register',
  deadline: 'deadline',
};

export async function erasureReportFiles(
  c: CaseFile,
  certificateId: string,
  lang: ReportLang,
  fileName: string,
  keyHome: string,
  bundleId?: string,
): Promise<GeneratedErasureReport> {
  let installationId: string | undefined;
  if (bundleId !== undefined) {
    const b = /^\d+$/.test(bundleId) ? c.store.bundle(Number(bundleId)) : undefined;
    if (!b) throw new ApiFailure('not_found', `The case holds no bundle ${bundleId}.`);
    installationId = b.installation_id ?? undefined;
  }
  let report: ErasureReport;
  try {
    report = await produceErasureReport(c, { target: { certificateId, ...(installationId !== undefined ? { installationId } : {}) }, lang, fileName, keyHome });
  } catch (e) {
    // Said here rather than by the error table: the page asked by certificate id, from one bundle.
    const code = engineErrorCode(e);
    if (code === 'ERASURE_NOT_FOUND') throw new ApiFailure('not_found', `The case holds no erasure certificate ${certificateId}.`);
    if (code === 'ERASURE_AMBIGUOUS') throw new ApiFailure('invalid_request', `${capitalise((e as Error).message)}: open the report from that installation's bundle.`);
    throw e;
  }
  const [pdf, json] = report.files;
  const { extensions, review } = report.usedFromCase;
  const notes: string[] = [];
  for (const [id, e] of Object.entries(extensions)) notes.push(`Uses the deadline extension of ${id} recorded in the case on ${e.recorded_at.slice(0, 10)} by ${e.os_user}.`);
  if (review) notes.push(`Uses the review by ${review.reviewer} recorded in the case on ${review.recorded_at.slice(0, 10)}.`);
  else if (report.sharedId) notes.push(SHARED_ID_NOTE);
  else notes.push('No review is recorded in the case for this certificate: the report says so.');
  const conclusions = report.facts.erasures.map((e) => ({
    certificateId: e.certificate_id,
    conclusion: e.conclusion,
    notPassed: e.checks.filter((k) => k.status !== 'passed').map((k) => `${CHECK_WORDS[k.id] ?? k.id} ${k.status === 'failed' ? 'failed' : 'not provided'}`),
  }));
  return {
    files: [...signedPair(pdf, 'report', MEDIA_TYPES.pdf), ...signedPair(json, 'twin', MEDIA_TYPES.json)],
    ...(report.bundleId !== undefined ? { bundleId: report.bundleId } : {}),
    signedBy: report.signedBy,
    notes,
    conclusions,
  };
}
