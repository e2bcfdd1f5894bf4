// Writes the exported audit log twice (SIEM CSV and JSON lines, spec §2) and
// the reveal register (spec §3), remembering where each entry starts so the
// exporter can say where a verifier must point for a planted defect.
import { canonicalize } from '../../shared/engine/crypto/jcs.js';
import { AUDIT_FIELDS, type AuditEntry } from '../../shared/model/audit-entry.js';
import { countLf, csvCell } from './csv.js';
import { HashingWriter, type WrittenFile } from './file-writer.js';
import { REVEAL_LOG_COLUMNS } from '../../shared/engine/evidence/reveal-log.js';

export const AUDIT_CSV_HEADER = AUDIT_FIELDS.join(',') + '\r\n';
/** The register's columns (spec §3), as the engine's reader expects them. */
export const REVEAL_COLUMNS = REVEAL_LOG_COLUMNS;

/** One audit entry as a CSV record (with CRLF): `details` is its JCS text, always in a quoted cell. */
export function auditCsvRow(e: AuditEntry): string {
  const cells: string[] = [];
  for (const f of AUDIT_FIELDS) {
    if (f === 'details') cells.push(csvCell(canonicalize(e.details), true));
    else cells.push(csvCell(String(e[f])));
  }
  return cells.join(',') + '\r\n';
}

/** One audit entry as a JSON line (with LF), members in spec order, details as the appliance built them. */
export function auditJsonLine(e: AuditEntry): string {
  const ordered: Record<string, unknown> = {};
  for (const f of AUDIT_FIELDS) ordered[f] = e[f];
  return JSON.stringify(ordered) + '\n';
}

export interface RevealRow {
  reveal_id: string;
  ts: string;
  tenant: string;
  actor: string;
  role: string;
  cdr_id: number;
  extension_id: number;
  field: string;
  phone_pseudonym: string;
  last4: string;
  motive: string;
  alert_sent_to: string[];
  audit_seq: number;
  audit_hash: string;
}

export function revealCsvRow(r: RevealRow): string {
  return (
    REVEAL_COLUMNS.map((c) => {
      const v = r[c];
      return csvCell(Array.isArray(v) ? v.join(';') : String(v));
    }).join(',') + '\r\n'
  );
}

export interface EntryPlace {
  csvLine: number;
  jsonlLine: number;
}

export class AuditLogWriter {
  private readonly csv: HashingWriter;
  private readonly jsonl: HashingWriter;
  private readonly reveals: HashingWriter;
  private csvLine = 2;
  private jsonlLine = 1;
  private revealLine = 2;
  count = 0;
  revealRows = 0;

  constructor(paths: { csv: string; jsonl: string; revealLog: string }) {
    this.csv = new HashingWriter(paths.csv);
    this.jsonl = new HashingWriter(paths.jsonl);
    this.reveals = new HashingWriter(paths.revealLog);
  }

  async start(): Promise<void> {
    await this.csv.write(AUDIT_CSV_HEADER);
    await this.reveals.write(REVEAL_COLUMNS.join(',') + '\r\n');
  }

  async entry(e: AuditEntry): Promise<EntryPlace> {
    const place = { csvLine: this.csvLine, jsonlLine: this.jsonlLine };
    const row = auditCsvRow(e);
    this.csvLine += countLf(row);
    this.jsonlLine += 1;
    this.count++;
    await this.csv.write(row);
    await this.jsonl.write(auditJsonLine(e));
    return place;
  }

  /** Writes a reveal register row; returns its line. */
  async reveal(r: RevealRow): Promise<number> {
    const line = this.revealLine;
    const row = revealCsvRow(r);
    this.revealLine += countLf(row);
    this.revealRows++;
    await this.reveals.write(row);
    return line;
  }

  async close(): Promise<{ csv: WrittenFile; jsonl: WrittenFile; revealLog: WrittenFile }> {
    return { csv: await this.csv.close(), jsonl: await this.jsonl.close(), revealLog: await this.reveals.close() };
  }
}
