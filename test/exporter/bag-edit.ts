// File surgery on a generated directory bag, for tampering: stream a file
// through a transform and replace it, rewrite chosen audit entries in the CSV
// and JSON lines logs (both or one), and find where an entry now lives.
import { createReadStream } from 'node:fs';
import { rename } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { AUDIT_FIELDS, type AuditEntry } from '../../shared/model/audit-entry.js';
import { auditCsvRow, auditJsonLine } from './audit-writer.js';
import { readCsvRecords } from './csv.js';
import { HashingWriter } from './file-writer.js';

/** Streams `path` line by line (LF) through `edit` (null keeps the line, a string replaces it, [] drops it). */
export async function rewriteLines(path: string, edit: (line: string, lineNo: number) => string | string[] | null): Promise<void> {
  const tmp = `${path}.tamper-tmp`;
  const out = new HashingWriter(tmp);
  let n = 0;
  let pendingNewline = false;
  const text = createReadStream(path, 'utf8');
  // readline drops the final newline; remember whether the file ended with one.
  let endsWithNewline = false;
  text.on('data', (c) => (endsWithNewline = (c as string).endsWith('\n')));
  for await (const line of createInterface({ input: text, crlfDelay: Infinity })) {
    n++;
    const r = edit(line, n);
    const lines = r === null ? [line] : typeof r === 'string' ? [r] : r;
    for (const l of lines) {
      if (pendingNewline) await out.write('\n');
      await out.write(l);
      pendingNewline = true;
    }
  }
  if (pendingNewline && endsWithNewline) await out.write('\n');
  await out.close();
  await rename(tmp, path);
}

/** Rebuilds an entry from CSV cells (spec §2 column order). */
export function entryFromCells(cells: string[]): AuditEntry {
  const o: Record<string, unknown> = {};
  AUDIT_FIELDS.forEach((f, i) => (o[f] = cells[i] ?? ''));
  o.seq = Number(o.seq);
  o.details = JSON.parse(o.details as string);
  return o as unknown as AuditEntry;
}

/** null: keep the entry as written; otherwise the entries that replace it (none deletes it). */
export type EntryEdit = (e: AuditEntry) => AuditEntry[] | null;

export async function rewriteAuditCsv(path: string, edit: EntryEdit): Promise<void> {
  const tmp = `${path}.tamper-tmp`;
  const out = new HashingWriter(tmp);
  let header = true;
  for await (const rec of readCsvRecords(path)) {
    if (header) {
      header = false;
      await out.write(rec.raw + '\r\n');
      continue;
    }
    const r = edit(entryFromCells(rec.cells));
    if (r === null) await out.write(rec.raw + '\r\n');
    else for (const e of r) await out.write(auditCsvRow(e));
  }
  await out.close();
  await rename(tmp, path);
}

export async function rewriteAuditJsonl(path: string, edit: EntryEdit): Promise<void> {
  await rewriteLines(path, (line) => {
    if (!line) return null;
    const r = edit(JSON.parse(line) as AuditEntry);
    return r === null ? null : r.map((e) => auditJsonLine(e).slice(0, -1));
  });
}

/** Every entry of the JSON lines log with its line. */
export async function* jsonlEntries(path: string): AsyncGenerator<{ entry: AuditEntry; line: number }> {
  let n = 0;
  for await (const line of createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity })) {
    n++;
    if (line) yield { entry: JSON.parse(line) as AuditEntry, line: n };
  }
}

/** Physical lines where the entry `seq` starts in the CSV and JSON lines logs. */
export async function locateEntry(csvPath: string, jsonlPath: string, seq: number): Promise<{ csvLine: number; jsonlLine: number }> {
  let csvLine = 0;
  let header = true;
  for await (const rec of readCsvRecords(csvPath)) {
    if (header) {
      header = false;
      continue;
    }
    if (Number(rec.cells[0]) === seq) {
      csvLine = rec.line;
      break;
    }
  }
  let jsonlLine = 0;
  for await (const { entry, line } of jsonlEntries(jsonlPath)) {
    if (entry.seq === seq) {
      jsonlLine = line;
      break;
    }
  }
  if (!csvLine || !jsonlLine) throw new Error(`entry ${seq} not found in the audit logs`);
  return { csvLine, jsonlLine };
}
