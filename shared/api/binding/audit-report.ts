// The findings report as the screens' Audit report button asks for it: made
// by engine/reports/audit-report exactly as `natalia-audit audit-report
// <case> --lang fr|en` makes it, so the same name gives the same bytes.
// This module only words the summary for the screen and hands the files on.
import type { CaseFile } from '../../engine/case/case-file.js';
import { produceAuditReport, trustStoreFingerprints } from '../../engine/reports/audit-report.js';
import type { ReportLang } from '../contract.js';
import type { GeneratedReport } from '../engine-port.js';
import { MEDIA_TYPES, signedPair } from './report-files.js';

export async function auditReportFiles(c: CaseFile, lang: ReportLang, fileName: string, keyHome: string, annexTag?: string): Promise<GeneratedReport> {
  const report = await produceAuditReport(c, {
    lang,
    fileName,
    keyHome,
    rootFingerprints: await trustStoreFingerprints(),
    ...(annexTag !== undefined ? { annexTag } : {}),
  });
  const { facts } = report;
  const findings = facts.bundles.reduce((n, b) => n + b.findings.length, 0);
  const [pdf, json] = report.files;
  return {
    files: [...signedPair(pdf, 'report', MEDIA_TYPES.pdf), ...signedPair(json, 'twin', MEDIA_TYPES.json)],
    signedBy: report.signedBy,
    notes: [
      `${facts.report_id}: ${facts.bundles.length} bundle${facts.bundles.length === 1 ? '' : 's'}, ${findings} finding${findings === 1 ? '' : 's'} above info.`,
      facts.review.undecided.length === 0 ? 'Every finding and review item has a decision.' : `${facts.review.undecided.length} item${facts.review.undecided.length === 1 ? ' is' : 's are'} left undecided; the report lists them.`,
    ],
  };
}

export function auditFileName(caseName: string, lang: string): string {
  const stem = caseName.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'case';
  return `findings-report-${stem}-${lang}.pdf`;
}
