// The erasure report, made once for every face: `natalia-audit
// erasure-report` and the erasure screen's report both call
// produceErasureReport, so the same case, scope, language, name and key give
// byte-identical files. The evidence the case holds for the certificate or
// subject (case-source), the deadline extension and review (given for this
// run, else those recorded in the case), the engine's facts
// (erasure/build-facts) and PDF (erasure/render-pdf), and the JSON twin,
// each signed by the workstation key and dated by the facts' as-of time.
import { basename } from 'node:path';
import type { CaseFile } from '../case/case-file.js';
import { asDeadlineExtension, asReview, reviewTarget, type ErasureReview, type StoredExtension, type StoredReview } from '../case/erasure-review-store.js';
import { WORKSTATION_VERSION } from '../version.js';
import { installationsHolding, bundleIdOfCertificate, erasureEvidenceFromCase, type ErasureTarget } from './case-source.js';
import { erasureFacts, serializeFacts } from './erasure/build-facts.js';
import type { DeadlineExtension } from './erasure/deadline.js';
import type { ErasureReportFacts } from './erasure/facts-types.js';
import type { ReportLang } from './erasure/labels.js';
import { renderErasurePdf } from './erasure/render-pdf.js';
import { sibling, signedReportFile, type SignedReportFile } from './signed-file.js';
import { signatureFileFor } from './signing/report-signature.js';
import { loadOrCreateWorkstationKey } from './signing/workstation-key.js';
import { EngineError } from '../engine-error.js';
import { keyFingerprint } from '../crypto/ed25519.js';

/** The case holds no erasure certificate for the target: no report can be made. */
export class NoErasureCertificateError extends EngineError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERASURE_NOT_FOUND', message, options);
    this.name = 'NoErasureCertificateError';
  }
}

export interface ErasureReportOptions {
  target: ErasureTarget;
  lang: ReportLang;
  /** Name or path of the PDF; the JSON twin goes beside it, and the PDF prints its signature file's name. */
  fileName: string;
  /** A review given for this report; without, the one recorded in the case for the target. */
  review?: ErasureReview;
  /** A deadline extension given for this report, for each certificate; without, those recorded in the case. */
  extension?: DeadlineExtension;
  /** Folder of the workstation key that signs the files (created on first use). */
  keyHome: string;
  /**
   * The day the report is made (YYYY-MM-DD), printed on it. Given by the face
   * (today, or the day of a report to make again): the generator reads no clock.
   */
  generatedOn: string;
}

/** A report's day: YYYY-MM-DD naming a day that exists. */
export function isReportDay(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(`${s}T00:00:00.000Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Today as a report's day (UTC). */
export function reportDay(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

export interface ErasureReport {
  facts: ErasureReportFacts;
  /** The PDF, then its JSON twin. */
  files: [SignedReportFile, SignedReportFile];
  /** Kid of the workstation key that signed them. */
  signedBy: string;
  /** The certificates covered (as the case holds them). */
  certificateIds: string[];
  /** Latest bundle holding the first certificate, for the custody log. */
  bundleId?: number;
  /** What the case held and the report used, when nothing was given instead. */
  usedFromCase: { extensions: Record<string, StoredExtension>; review: StoredReview | undefined };
  /** What was given for this report and the case's key for the review, to record once it is delivered (recordGivenFacts). */
  given: { review?: ErasureReview; extension?: DeadlineExtension; reviewTarget: string };
  /**
   * The certificate id or pseudonym is held by several installations of the case: reviews and
   * extensions, kept by that id alone, are then neither used from the case nor recorded in it.
   */
  sharedId: boolean;
}

export async function produceErasureReport(c: CaseFile, opts: ErasureReportOptions): Promise<ErasureReport> {
  const { target } = opts;
  const erasures = erasureEvidenceFromCase(c, target);
  if (erasures.length === 0) {
    throw new NoErasureCertificateError(`the case holds no erasure certificate for ${'certificateId' in target ? target.certificateId : `ext:${target.pseudonym}`}`);
  }
  const certificateIds = erasures.map((e) => String(e.certificate.json.certificate_id ?? ''));
  const reviewKey = reviewTarget(target);
  // Stored reviews and extensions are keyed by certificate id or pseudonym: one another installation shares is not this one's.
  const sharedId = installationsHolding(c, target) > 1;
  const storedExtensions = opts.extension || sharedId ? {} : c.extensions(certificateIds);
  const storedReview = opts.review || sharedId ? undefined : c.review(reviewKey);
  const given = opts.extension;
  const extensions: Record<string, DeadlineExtension> = given
    ? Object.fromEntries(certificateIds.map((id) => [id, given]))
    : Object.fromEntries(Object.entries(storedExtensions).map(([id, e]) => [id, asDeadlineExtension(e)]));
  const review = opts.review ?? (storedReview ? asReview(storedReview) : null);
  if (!isReportDay(opts.generatedOn)) throw new Error(`the report's day must be a date YYYY-MM-DD, not ${JSON.stringify(opts.generatedOn)}`);
  const key = loadOrCreateWorkstationKey(opts.keyHome);
  const facts = erasureFacts({
    case: { id: c.id, name: c.name },
    generated_on: opts.generatedOn,
    parties: c.parties(),
    scope: 'certificateId' in target ? { kind: 'certificate', certificate_id: target.certificateId } : { kind: 'subject', ext_pseudonym: target.pseudonym },
    erasures,
    ...(Object.keys(extensions).length > 0 ? { extensions } : {}),
    review,
    signer: { kid: key.kid, fingerprint: keyFingerprint(Buffer.from(key.publicKey, 'base64')) },
    workstation_version: WORKSTATION_VERSION,
  });
  const pdf = await renderErasurePdf(facts, opts.lang, { signatureFile: basename(signatureFileFor(opts.fileName)) });
  const json = Buffer.from(serializeFacts(facts), 'utf8');
  const bundleId = bundleIdOfCertificate(c, facts.erasures[0]!.certificate_id, erasures[0]!.verification.installation_id ?? target.installationId);
  return {
    facts,
    files: [signedReportFile(opts.fileName, 'erasure-pdf', pdf, facts.as_of, key), signedReportFile(sibling(opts.fileName, '.json'), 'erasure-json', json, facts.as_of, key)],
    signedBy: key.kid,
    certificateIds,
    ...(bundleId !== undefined ? { bundleId } : {}),
    usedFromCase: { extensions: storedExtensions, review: storedReview },
    given: { ...(opts.review ? { review: opts.review } : {}), ...(opts.extension ? { extension: opts.extension } : {}), reviewTarget: reviewKey },
    sharedId,
  };
}

/** Said with a report whose certificate id or pseudonym several installations of the case share. */
export const SHARED_ID_NOTE =
  "Reviews and deadline extensions are kept in the case by certificate id or pseudonym, which several installations of this case share: none is used from the case or recorded in it for this report; give them with the report's flags.";

export interface RecordedFacts {
  /** Certificates whose given extension was recorded, with the custody entry. */
  extensions: { certificateId: string; custodySeq: number | undefined }[];
  /** The custody entry of the given review, when it was recorded. */
  review?: { reviewer: string; custodySeq: number | undefined };
}

/**
 * Records in the case the review and extension given for a report, once the
 * report exists (a refused output leaves the case as it was). Nothing is
 * recorded where the case already holds the same.
 */
export function recordGivenFacts(c: CaseFile, report: ErasureReport): RecordedFacts {
  const out: RecordedFacts = { extensions: [] };
  if (report.sharedId) return out;
  const { extension, review, reviewTarget: key } = report.given;
  if (extension) {
    for (const id of report.certificateIds.filter((x) => x !== '')) {
      const r = c.recordExtension(id, extension);
      if (r.recorded) out.extensions.push({ certificateId: id, custodySeq: r.custodySeq });
    }
  }
  if (review) {
    const r = c.recordReview(key, review);
    if (r.recorded) out.review = { reviewer: review.reviewer, custodySeq: r.custodySeq };
  }
  return out;
}
