// The erasure report of one certificate, as the erasure screen asks for it:
// made by the engine (engine/reports/erasure-report) the way `natalia-audit
// erasure-report <case> <certificate> --lang fr|en` makes it without review
// or extension flags, so given the same name the files are byte-identical to
// the command's. This module only words the notes and conclusions for the
// screen and hands the files to the transport.
import type { CaseFile } from '../../engine/case/case-file.js';
import { produceErasureReport, recordGivenFacts, SHARED_ID_NOTE, type ErasureReport } from '../../engine/reports/erasure-report.js';
import { validateExtension, validateReview, type ErasureReview } from '../../engine/case/erasure-review-store.js';
import type { DeadlineExtension } from '../../engine/reports/erasure/deadline.js';
import type { ErasureReportRequest } from '../contract.js';
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

/** The request's review and extension as the engine takes them, refused with the engine's own rules. */
function givenFacts(r: ErasureReportRequest): { review?: ErasureReview; extension?: DeadlineExtension } {
  const review: ErasureReview | undefined = r.review
    ? { reviewer: r.review.reviewer.trim(), reviewed_at: r.review.reviewedAt, ...(r.review.note?.trim() ? { note: r.review.note.trim() } : {}) }
    : undefined;
  const extension: DeadlineExtension | undefined = r.extension
    ? {
        notified_at: r.extension.notifiedAt,
        reason: r.extension.reason.trim(),
        decided_by: r.extension.decidedBy.trim(),
        ...(r.extension.extendedTo ? { extended_to: r.extension.extendedTo } : {}),
      }
    : undefined;
  const problems = [...(review ? validateReview(review).map((p) => `review: ${p}`) : []), ...(extension ? validateExtension(extension).map((p) => `extension: ${p}`) : [])];
  if (problems.length > 0) throw new ApiFailure('invalid_request', `${capitalise(problems.join('; '))}.`);
  return { ...(review ? { review } : {}), ...(extension ? { extension } : {}) };
}

/** `ext:PSEUDONYM` names every erasure of one data subject (as the command's argument); anything else is a certificate id. */
export function erasureTargetOf(which: string): { certificateId: string } | { pseudonym: string } {
  return which.startsWith('ext:') ? { pseudonym: which.slice(4) } : { certificateId: which };
}

export async function erasureReportFiles(
  c: CaseFile,
  r: ErasureReportRequest,
  fileName: string,
  keyHome: string,
  generatedOn: string,
): Promise<GeneratedErasureReport> {
  const { certificateId, lang, bundleId } = r;
  const given = givenFacts(r);
  let installationId: string | undefined;
  if (bundleId !== undefined) {
    const b = /^\d+$/.test(bundleId) ? c.store.bundle(Number(bundleId)) : undefined;
    if (!b) throw new ApiFailure('not_found', `The case holds no bundle ${bundleId}.`);
    installationId = b.installation_id ?? undefined;
  }
  let report: ErasureReport;
  try {
    report = await produceErasureReport(c, {
      target: { ...erasureTargetOf(certificateId), ...(installationId !== undefined ? { installationId } : {}) },
      lang,
      fileName,
      keyHome,
      generatedOn,
      ...given,
    });
  } catch (e) {
    // Said here rather than by the error table: the page asked by certificate id, from one bundle.
    const code = engineErrorCode(e);
    if (code === 'ERASURE_NOT_FOUND') {
      throw new ApiFailure('not_found', certificateId.startsWith('ext:') ? `The case holds no erasure certificate of the data subject ${certificateId}.` : `The case holds no erasure certificate ${certificateId}.`);
    }
    if (code === 'ERASURE_AMBIGUOUS') throw new ApiFailure('invalid_request', `${capitalise((e as Error).message)}: open the report from that installation's bundle.`);
    throw e;
  }
  const [pdf, json] = report.files;
  const { extensions, review } = report.usedFromCase;
  const notes: string[] = [];
  // As the command does: what was given is kept in the case, for this report's record and the next ones.
  const recorded = given.review || given.extension ? recordGivenFacts(c, report) : { extensions: [] };
  for (const x of recorded.extensions) notes.push(`Recorded the deadline extension of ${x.certificateId} in the case (custody entry ${x.custodySeq}).`);
  if (recorded.review) notes.push(`Recorded the review by ${recorded.review.reviewer} in the case (custody entry ${recorded.review.custodySeq}).`);
  if (report.sharedId && (given.review || given.extension)) notes.push(SHARED_ID_NOTE);
  for (const [id, e] of Object.entries(extensions)) notes.push(`Uses the deadline extension of ${id} recorded in the case on ${e.recorded_at.slice(0, 10)} by ${e.os_user}.`);
  if (given.review) notes.push(`Reviewed by ${given.review.reviewer} on ${given.review.reviewed_at.slice(0, 10)}.`);
  else if (review) notes.push(`Uses the review by ${review.reviewer} recorded in the case on ${review.recorded_at.slice(0, 10)}.`);
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
