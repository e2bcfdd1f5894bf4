// The erasure report of one certificate, made the way `natalia-audit
// erasure-report <case> <certificate> --lang fr|en` makes it without review
// or extension flags: the evidence the case holds for the certificate
// (reports/case-source), the deadline extension and the review already
// recorded in the case, the engine's facts (erasure/build-facts) and PDF
// (erasure/render-pdf), each file signed by the workstation key. Given the
// same name, the files are byte-identical to the command's.
import { basename } from 'node:path';
import type { CaseFile } from '../../engine/case/case-file.js';
import { asDeadlineExtension, asReview, reviewTarget } from '../../engine/case/erasure-review-store.js';
import { bundleIdOfCertificate, erasureEvidenceFromCase } from '../../engine/reports/case-source.js';
import { erasureFacts, serializeFacts } from '../../engine/reports/erasure/build-facts.js';
import type { DeadlineExtension } from '../../engine/reports/erasure/deadline.js';
import { renderErasurePdf } from '../../engine/reports/erasure/render-pdf.js';
import { signatureFileFor, signReport } from '../../engine/reports/signing/report-signature.js';
import type { WorkstationKey } from '../../engine/reports/signing/workstation-key.js';
import { WORKSTATION_VERSION } from '../../engine/version.js';
import type { ReportLang } from '../contract.js';
import type { GeneratedErasureReport } from '../engine-port.js';
import { ApiFailure } from '../result.js';
import { MEDIA_TYPES, sibling, signedPair } from './report-files.js';

const CHECK_WORDS: Record<string, string> = {
  bundle_integrity: 'bundle integrity',
  certificate_signature: 'certificate signature',
  audit_log_integrity: 'audit log integrity',
  audit_entries: 'audit entries',
  dump_absence: 'data absent from the database',
  dump_register: 'erasure register',
  deadline: 'deadline',
};

export async function erasureReportFiles(c: CaseFile, certificateId: string, lang: ReportLang, fileName: string, key: WorkstationKey): Promise<GeneratedErasureReport> {
  const erasures = erasureEvidenceFromCase(c, { certificateId });
  if (erasures.length === 0) throw new ApiFailure('not_found', `The case holds no erasure certificate ${certificateId}.`);
  const certIds = erasures.map((e) => String(e.certificate.json.certificate_id ?? ''));
  const stored = c.extensions(certIds);
  const extensions: Record<string, DeadlineExtension> = Object.fromEntries(Object.entries(stored).map(([id, e]) => [id, asDeadlineExtension(e)]));
  const storedReview = c.review(reviewTarget({ certificateId }));
  const facts = erasureFacts({
    case: { id: c.id },
    scope: { kind: 'certificate', certificate_id: certificateId },
    erasures,
    ...(Object.keys(extensions).length > 0 ? { extensions } : {}),
    review: storedReview ? asReview(storedReview) : null,
    signer: { kid: key.kid },
    workstation_version: WORKSTATION_VERSION,
  });
  const pdf = await renderErasurePdf(facts, lang, { signatureFile: basename(signatureFileFor(fileName)) });
  const json = Buffer.from(serializeFacts(facts), 'utf8');
  const jsonName = sibling(fileName, '.json');

  const notes: string[] = [];
  for (const [id, e] of Object.entries(stored)) notes.push(`Uses the deadline extension of ${id} recorded in the case on ${e.recorded_at.slice(0, 10)} by ${e.os_user}.`);
  if (storedReview) notes.push(`Uses the review by ${storedReview.reviewer} recorded in the case on ${storedReview.recorded_at.slice(0, 10)}.`);
  else notes.push('No review is recorded in the case for this certificate: the report says so.');
  const conclusions = facts.erasures.map((e) => ({
    certificateId: e.certificate_id,
    conclusion: e.conclusion,
    notPassed: e.checks.filter((k) => k.status !== 'passed').map((k) => `${CHECK_WORDS[k.id] ?? k.id} ${k.status === 'failed' ? 'failed' : 'not provided'}`),
  }));
  return {
    files: [
      ...signedPair(fileName, 'report', MEDIA_TYPES.pdf, pdf, signReport(pdf, { file: fileName, kind: 'erasure-pdf', signedAt: facts.as_of }, key)),
      ...signedPair(jsonName, 'twin', MEDIA_TYPES.json, json, signReport(json, { file: jsonName, kind: 'erasure-json', signedAt: facts.as_of }, key)),
    ],
    bundleId: bundleIdOfCertificate(c, facts.erasures[0]!.certificate_id),
    signedBy: key.kid,
    notes,
    conclusions,
  };
}
