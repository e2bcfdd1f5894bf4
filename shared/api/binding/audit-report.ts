// The findings report as the screens' Audit report button asks for it: made
// by engine/reports/audit-report exactly as `natalia-audit audit-report
// <case> --lang fr|en` makes it, so the same name gives the same bytes.
// This module only words the summary for the screen (shared/api/words.ts)
// and hands the files on.
import type { CaseFile } from '../../engine/case/case-file.js';
import { produceAuditReport, trustStoreFingerprints } from '../../engine/reports/audit-report.js';
import type { CallLanguage, ReportLang } from '../contract.js';
import type { GeneratedReport } from '../engine-port.js';
import { MEDIA_TYPES, signedPair } from './report-files.js';
import { wordsOf } from '../words.js';

export async function auditReportFiles(c: CaseFile, lang: ReportLang, fileName: string, keyHome: string, annexTag?: string, wordsLang?: CallLanguage): Promise<GeneratedReport> {
  const w = wordsOf(wordsLang).auditReport;
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
      w.summary({ reportId: facts.report_id, bundles: facts.bundles.length, findings }),
      facts.review.undecided.length === 0 ? w.allDecided : w.undecided(facts.review.undecided.length),
    ],
  };
}

export function auditFileName(caseName: string, lang: string): string {
  const stem = caseName.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'case';
  return `findings-report-${stem}-${lang}.pdf`;
}
