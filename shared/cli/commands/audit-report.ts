// natalia-audit audit-report <case> --lang fr|en --out FILE.pdf [--annex-tag TAG] [--force]
//
// The auditor's findings report: a PDF in French or English and its JSON
// twin (same name, .json), each with a detached signature by the workstation
// key, made by engine/reports/audit-report as the screens' Audit report
// button makes it. Refused (exit 2) when the case's custody does not hold.
import { workstationHome } from '../../engine/license/trust-store.js';
import { produceAuditReport, trustStoreFingerprints } from '../../engine/reports/audit-report.js';
import { recordReports } from '../../engine/reports/record-reports.js';
import { assertNotAnInput, writeSignedFiles } from '../../engine/reports/report-output.js';
import { sibling } from '../../engine/reports/signed-file.js';
import { EXIT_OK, UsageError, writingOrSay } from '../cli-error.js';
import { checkOutFile } from '../out-file.js';
import { openCase } from '../case-command.js';
import { parseCommand, usageOf } from '../command-table.js';

const AUDIT_REPORT_USAGE = usageOf('audit-report');

export async function runAuditReport(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand('audit-report', argv);
  if (positionals.length !== 1) throw new UsageError(`expected one case file. Usage: ${AUDIT_REPORT_USAGE}`);
  const lang = values.lang;
  if (lang !== 'fr' && lang !== 'en') throw new UsageError('--lang must be fr or en');
  const out = checkOutFile(values.out, { ext: '.pdf', what: 'the PDF report to write', companion: 'its JSON twin (same name, .json)', example: 'findings-report' }, AUDIT_REPORT_USAGE);
  const casePath = positionals[0]!;
  try {
    assertNotAnInput(out, [casePath]);
    assertNotAnInput(sibling(out, '.json'), [casePath]);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const c = openCase(casePath, AUDIT_REPORT_USAGE);
  try {
    const report = await produceAuditReport(c, {
      lang,
      fileName: out,
      keyHome: workstationHome(),
      rootFingerprints: await trustStoreFingerprints(),
      ...(values['annex-tag'] !== undefined ? { annexTag: values['annex-tag'] } : {}),
    });
    const written = writingOrSay(() => writeSignedFiles(report.files, { overwrite: values.force }), '--force');
    recordReports(c, written.map((w) => ({ kind: w.signature.kind, file: w.path, sha256: w.sha256 })));
    const { facts } = report;
    const findings = facts.bundles.reduce((n, b) => n + b.findings.length, 0);
    const lines = [
      `${facts.report_id}: ${facts.bundles.length} bundle(s), ${findings} finding(s) above info, ${facts.review.decided.length} decided, ${facts.review.undecided.length} undecided.`,
      ...written.map((w) => `Wrote ${w.path} (sha256 ${w.sha256}), signed in ${w.signaturePath} by workstation key ${report.signedBy}.`),
    ];
    process.stdout.write(lines.join('\n') + '\n');
    return EXIT_OK;
  } finally {
    c.close();
  }
}
