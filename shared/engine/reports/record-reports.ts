// The case's custody log keeps one report.create entry per report file the
// user received (the report and its twin; signatures are not reports), with
// where it went: the path written, or the name a download was offered under.
// Recorded only once the files exist, so a refused output leaves the case as
// it was.
import type { CaseFile } from '../case/case-file.js';

export interface ReportRecord {
  /** Bundle the report is about. */
  bundleId?: number;
  kind: string;
  file: string;
  sha256: string;
}

export function recordReports(c: CaseFile, reports: ReportRecord[]): void {
  c.db.transaction(() => {
    for (const r of reports) c.recordReport({ ...(r.bundleId !== undefined ? { bundleId: r.bundleId } : {}), kind: r.kind, file: r.file, sha256: r.sha256 });
  })();
}
