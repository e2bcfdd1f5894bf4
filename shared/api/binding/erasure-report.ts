// The erasure report of one certificate, as the erasure screen asks for it:
// made by the engine (engine/reports/erasure-report) the way `natalia-audit
// erasure-report <case> <certificate> --lang fr|en` makes it without review
// or extension flags, so given the same name the files are byte-identical to
// the command's. This module only words the notes and conclusions for the
// screen (in the screens' language, shared/api/words.ts) and hands the
// files to the transport.
import type { CaseFile } from '../../engine/case/case-file.js';
import { produceErasureReport, recordGivenFacts, type ErasureReport } from '../../engine/reports/erasure-report.js';
import { validateExtension, validateReview, type ErasureReview } from '../../engine/case/erasure-review-store.js';
import type { DeadlineExtension } from '../../engine/reports/erasure/deadline.js';
import type { CallLanguage, ErasureReportRequest } from '../contract.js';
import type { GeneratedErasureReport } from '../engine-port.js';
import { ApiFailure, capitalise } from '../result.js';
import { engineErrorCode } from '../../engine/engine-error.js';
import { MEDIA_TYPES, signedPair } from './report-files.js';
import { wordsOf } from '../words.js';

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
  wordsLang?: CallLanguage,
): Promise<GeneratedErasureReport> {
  const w = wordsOf(wordsLang).erasureReport;
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
  for (const x of recorded.extensions) notes.push(w.recordedExtension(x));
  if (recorded.review) notes.push(w.recordedReview(recorded.review));
  if (report.sharedId && (given.review || given.extension)) notes.push(w.sharedId);
  for (const [id, e] of Object.entries(extensions)) notes.push(w.usesExtension({ certificateId: id, day: e.recorded_at.slice(0, 10), by: e.os_user }));
  if (given.review) notes.push(w.reviewedBy({ reviewer: given.review.reviewer, day: given.review.reviewed_at.slice(0, 10) }));
  else if (review) notes.push(w.usesReview({ reviewer: review.reviewer, day: review.recorded_at.slice(0, 10) }));
  else if (report.sharedId) notes.push(w.sharedId);
  else notes.push(w.noReview);
  const conclusions = report.facts.erasures.map((e) => ({
    certificateId: e.certificate_id,
    conclusion: e.conclusion,
    notPassed: e.checks.filter((k) => k.status !== 'passed').map((k) => (k.status === 'failed' ? w.checkFailed : w.checkNotProvided)(w.check[k.id] ?? k.id)),
  }));
  return {
    files: [...signedPair(pdf, 'report', MEDIA_TYPES.pdf), ...signedPair(json, 'twin', MEDIA_TYPES.json)],
    ...(report.bundleId !== undefined ? { bundleId: report.bundleId } : {}),
    signedBy: report.signedBy,
    notes,
    conclusions,
  };
}
