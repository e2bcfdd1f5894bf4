// natalia-audit erasure-report <case> <certificate-id | ext:PSEUDONYM> --lang fr|en --out FILE.pdf [--generated-on DAY]
//     [--reviewer NAME --reviewed-at TIME [--note TEXT]]
//     [--extension-notified-at TIME --extension-reason TEXT --extension-by NAME [--extension-to TIME]] [--force]
//
// The report a DPO files or sends for one erasure (certificate) or one data
// subject (every certificate of an extension pseudonym): a PDF in French or
// English and its JSON twin (same name, .json), each with a detached
// signature by the workstation key. Exit 0 when every check passed, 1 when
// the report was written but a check failed or could not be made, 2 when no
// report could be made.
//
// The review and the deadline extension are facts the appliance does not
// record. Given as flags, they are used and, once the report is written,
// recorded in the case (custody entry review.record) unless the case already
// holds the same; without the flags, the ones recorded in the case are used
// (the review of this certificate or subject, the extension of each
// certificate). The files are made by engine/reports/erasure-report, as the
// erasure screen's are; this command reads its flags, writes the files and
// says what it did.
import { CaseFile } from '../../engine/case/case-file.js';
import { engineErrorCode } from '../../engine/engine-error.js';
import { validateExtension, validateReview, type ErasureReview } from '../../engine/case/erasure-review-store.js';
import { workstationHome } from '../../engine/license/trust-store.js';
import type { DeadlineExtension } from '../../engine/reports/erasure/deadline.js';
import { isReportDay, produceErasureReport, recordGivenFacts, reportDay, SHARED_ID_NOTE, type ErasureReport } from '../../engine/reports/erasure-report.js';
import { AmbiguousErasureTargetError, type ErasureTarget } from '../../engine/reports/case-source.js';
import { checkPseudonymText, resolvePseudonym } from '../pseudonym-arg.js';
import { recordReports } from '../../engine/reports/record-reports.js';
import { assertNotAnInput, writeSignedFiles, type WrittenReport } from '../../engine/reports/report-output.js';
import { sibling } from '../../engine/reports/signed-file.js';
import { EXIT_FINDINGS, EXIT_OK, UsageError, writingOrSay } from '../cli-error.js';
import { checkOutFile } from '../out-file.js';
import { timeArg } from '../time-arg.js';
import { parseCommand, usageOf } from '../command-table.js';

const ERASURE_REPORT_USAGE = usageOf('erasure-report');

function target(arg: string): ErasureTarget {
  if (arg.startsWith('ext:')) {
    const p = arg.slice(4);
    checkPseudonymText(p, 'ext:');
    return { pseudonym: p };
  }
  return { certificateId: arg };
}

function checkValid(problems: string[], what: string): void {
  if (problems.length > 0) throw new UsageError(`the ${what} cannot be used: ${problems.join('; ')}`);
}

export async function runErasureReport(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand('erasure-report', argv);
  if (positionals.length !== 2) throw new UsageError(`expected a case file and a certificate id or ext:PSEUDONYM. Usage: ${ERASURE_REPORT_USAGE}`);
  const lang = values.lang;
  if (lang !== 'fr' && lang !== 'en') throw new UsageError('--lang must be fr or en');
  const out = checkOutFile(values.out, { ext: '.pdf', what: 'the PDF report to write', companion: 'its JSON twin (same name, .json)', example: 'erasure-report' }, ERASURE_REPORT_USAGE);
  const [casePath, which] = positionals as [string, string];
  const generatedOn = values['generated-on'] ?? reportDay();
  if (!isReportDay(generatedOn)) throw new UsageError(`--generated-on must be a day YYYY-MM-DD that exists, not '${generatedOn}'`);
  // A day ahead of the computer's (one day of slack for time zones) is not when the report was made.
  if (generatedOn > reportDay(new Date(Date.now() + 86_400_000))) throw new UsageError(`--generated-on ${generatedOn} is in the future`);
  const scopeTarget: ErasureTarget = { ...target(which), ...(values.installation !== undefined ? { installationId: values.installation } : {}) };
  const reviewedAt = timeArg('reviewed-at', values['reviewed-at'], { done: 'the review was made' });
  if (Boolean(values.reviewer) !== Boolean(reviewedAt)) throw new UsageError('--reviewer and --reviewed-at go together');
  const notifiedAt = timeArg('extension-notified-at', values['extension-notified-at'], { done: 'the extension was notified' });
  const extGiven = [notifiedAt, values['extension-reason'], values['extension-by']].filter((v) => v !== undefined).length;
  if (extGiven !== 0 && extGiven !== 3) throw new UsageError('an extension needs --extension-notified-at, --extension-reason and --extension-by');
  const extendedTo = timeArg('extension-to', values['extension-to']);
  if (extendedTo !== undefined && extGiven !== 3) throw new UsageError('--extension-to goes with --extension-notified-at, --extension-reason and --extension-by');
  if (values.note !== undefined && !values.reviewer) throw new UsageError('--note goes with --reviewer and --reviewed-at');
  if (extGiven === 3 && !('certificateId' in scopeTarget)) throw new UsageError('a deadline extension applies to one certificate: give a certificate id, not a subject');
  const jsonOut = sibling(out, '.json');
  try {
    assertNotAnInput(out, [casePath]);
    assertNotAnInput(jsonOut, [casePath]);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }

  const givenExtension: DeadlineExtension | undefined =
    extGiven === 3
      ? { notified_at: notifiedAt!, reason: values['extension-reason']!, decided_by: values['extension-by']!, ...(extendedTo ? { extended_to: extendedTo } : {}) }
      : undefined;
  const givenReview: ErasureReview | undefined =
    values.reviewer && reviewedAt ? { reviewer: values.reviewer, reviewed_at: reviewedAt, ...(values.note ? { note: values.note } : {}) } : undefined;
  if (givenExtension) checkValid(validateExtension(givenExtension), 'deadline extension');
  if (givenReview) checkValid(validateReview(givenReview), 'review');

  let c: CaseFile;
  try {
    c = CaseFile.open(casePath);
  } catch (e) {
    // No such case: said by runCli from its code; anything else names the case file.
    if (engineErrorCode(e) === 'CASE_NOT_FOUND') throw e;
    throw new UsageError(`cannot open the case ${casePath}: ${(e as Error).message}`);
  }
  try {
    // ext: with a prefix as the tables print it: the one pseudonym of the case it starts.
    const resolved: ErasureTarget = 'pseudonym' in scopeTarget ? { ...scopeTarget, pseudonym: resolvePseudonym(c.db, 'extension', scopeTarget.pseudonym, 'ext:') } : scopeTarget;
    let report: ErasureReport;
    try {
      report = await produceErasureReport(c, {
        target: resolved,
        lang,
        fileName: out,
        ...(givenReview ? { review: givenReview } : {}),
        ...(givenExtension ? { extension: givenExtension } : {}),
        keyHome: workstationHome(),
        generatedOn,
      });
    } catch (e) {
      if (e instanceof AmbiguousErasureTargetError) {
        const named = e.installations.filter((i) => !i.startsWith('('));
        throw new UsageError(
          named.length > 0
            ? `${e.message} with --installation ${named[0]}${named.length > 1 ? ` (or ${named.slice(1).join(', ')})` : ''}`
            : `${e.message}, but none of them names its installation: keep each installation's bundles in a case of its own`,
        );
      }
      throw e;
    }
    const { facts } = report;
    const written: WrittenReport[] = writingOrSay(() => writeSignedFiles(report.files, { overwrite: values.force }), '--force');
    const notes: string[] = [];
    // Recorded only now that the report exists: a refused output leaves the case as it was.
    const recorded = recordGivenFacts(c, report);
    if (report.sharedId) notes.push(SHARED_ID_NOTE);
    for (const r of recorded.extensions) notes.push(`Recorded the deadline extension of ${r.certificateId} in the case (custody entry ${r.custodySeq}).`);
    for (const [id, e] of Object.entries(report.usedFromCase.extensions)) notes.push(`Used the deadline extension of ${id} recorded in the case on ${e.recorded_at} by ${e.os_user}.`);
    const storedReview = report.usedFromCase.review;
    if (recorded.review) notes.push(`Recorded the review by ${recorded.review.reviewer} in the case (custody entry ${recorded.review.custodySeq}).`);
    else if (storedReview) notes.push(`Used the review by ${storedReview.reviewer} recorded in the case on ${storedReview.recorded_at}.`);
    recordReports(
      c,
      written.map((w) => ({ ...(report.bundleId !== undefined ? { bundleId: report.bundleId } : {}), kind: w.signature.kind, file: w.path, sha256: w.sha256 })),
    );

    const lines = facts.erasures.map((e) => {
      const failed = e.checks.filter((k) => k.status !== 'passed').map((k) => `${k.id} ${k.status}`);
      return `${e.certificate_id}: ${e.conclusion}${failed.length ? ` (${failed.join(', ')})` : ''}`;
    });
    lines.push(...notes);
    lines.push(...written.map((w) => `Wrote ${w.path} (sha256 ${w.sha256}), signed in ${w.signaturePath} by workstation key ${report.signedBy}.`));
    process.stdout.write(lines.join('\n') + '\n');
    return facts.erasures.every((e) => e.conclusion === 'passed') ? EXIT_OK : EXIT_FINDINGS;
  } finally {
    c.close();
  }
}
