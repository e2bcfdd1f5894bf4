// The explorer's filtered entries as a CSV file for a spreadsheet: the same
// filter and order as the screen (audit-query.ts whereOf), every column of the
// entry plus where it was read, rows walked one at a time from SQLite. The
// file is handed over in memory like every report, so it holds at most
// AUDIT_EXPORT_MAX rows and says when it stopped there.
import type Database from 'better-sqlite3';
import type { AuditFilter, AuditSort } from '../../model/audit-query.js';
import { csvField } from '../text/csv-field.js';
import { orderOf, whereOf } from './audit-query.js';

/** Most rows one export holds (about 40 MB of CSV); past it the user narrows the filter. */
export const AUDIT_EXPORT_MAX = 200_000;

export const AUDIT_EXPORT_COLUMNS = [
  'seq',
  'ts',
  'tenant',
  'actor',
  'role',
  'action',
  'target',
  'outcome',
  'motive',
  'source_ip',
  'user_agent',
  'request_id',
  'details',
  'hash',
  'prev_hash',
  'kid',
  'file',
  'line',
] as const;

export interface AuditCsv {
  content: Buffer;
  rows: number;
  /** More entries matched than the file holds. */
  truncated: boolean;
}

export function auditEntriesCsv(db: Database.Database, bundleId: number, filter: AuditFilter, sort: AuditSort, max = AUDIT_EXPORT_MAX): AuditCsv {
  const w = whereOf(bundleId, filter);
  const stmt = db.prepare(`SELECT ${AUDIT_EXPORT_COLUMNS.join(', ')} FROM audit_entries WHERE ${w.sql} ORDER BY ${orderOf(sort)} LIMIT ?`);
  // A BOM so spreadsheets read the file as UTF-8; CRLF as RFC 4180 asks.
  const chunks: string[] = ['\ufeff' + AUDIT_EXPORT_COLUMNS.join(',') + '\r\n'];
  let rows = 0;
  let truncated = false;
  for (const r of stmt.iterate(...w.params, max + 1) as Iterable<Record<string, string | number>>) {
    if (rows === max) {
      truncated = true;
      break;
    }
    chunks.push(AUDIT_EXPORT_COLUMNS.map((c) => csvField(String(r[c] ?? ''))).join(',') + '\r\n');
    rows++;
  }
  return { content: Buffer.from(chunks.join(''), 'utf8'), rows, truncated };
}
