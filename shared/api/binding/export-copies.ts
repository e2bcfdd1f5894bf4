// The two copies of one audit entry when the CSV and JSON lines exports
// disagree on it. The store holds one copy (the CSV's); the verifier kept
// each copy's values of the differing fields in its finding
// (engine/audit/export-compare.ts), and every other field is the same in
// both, so each copy is the stored entry with its own values put back.
// Nothing is read from the bundle again.
import { AUDIT_FIELDS, type AuditEntry, type AuditField } from '../../model/audit-entry.js';
import type { Finding } from '../../model/findings.js';
import type { ExportCopies } from '../contract.js';

const FIELDS: ReadonlySet<string> = new Set(AUDIT_FIELDS);

/** The copies of entry `seq` (stored as `stored`), from the findings on it; undefined when its copies agree. */
export function exportCopies(stored: AuditEntry, onEntry: readonly Finding[], seq: number): ExportCopies | undefined {
  const f = onEntry.find((x) => x.code === 'audit.csv_jsonl_mismatch' && Array.isArray(x.details?.fields));
  if (!f || f.seq === undefined || f.file === undefined) return undefined;
  const d = f.details!;
  const fields = (d.fields as unknown[]).filter((x): x is AuditField => typeof x === 'string' && FIELDS.has(x));
  const own = f.seq === seq;
  const csv = { file: typeof d.csv_file === 'string' ? d.csv_file : 'data/audit/audit-log.csv', ...(own && typeof d.csv_line === 'number' ? { line: d.csv_line } : {}) };
  const jsonl = { file: f.file, ...(own && f.line !== undefined ? { line: f.line } : {}) };
  if (!own) return { fields, csv, jsonl, missing: 'run', firstSeq: f.seq };
  if (d.values_too_long === true) return { fields, csv, jsonl, missing: 'too_long', firstSeq: seq };
  const csvValues = valuesOf(d.csv_values, fields);
  const jsonlValues = valuesOf(d.jsonl_values, fields);
  if (!csvValues || !jsonlValues) return { fields, csv, jsonl, missing: 'not_kept', firstSeq: seq };
  return {
    fields,
    csv: { ...csv, entry: { ...stored, ...csvValues } },
    jsonl: { ...jsonl, entry: { ...stored, ...jsonlValues } },
    firstSeq: seq,
  };
}

/** The kept values of exactly the differing fields, or undefined when the finding does not hold them all. */
function valuesOf(kept: unknown, fields: readonly AuditField[]): Partial<AuditEntry> | undefined {
  if (typeof kept !== 'object' || kept === null || Array.isArray(kept)) return undefined;
  const k = kept as Record<string, unknown>;
  if (!fields.every((f) => Object.prototype.hasOwnProperty.call(k, f))) return undefined;
  return Object.fromEntries(fields.map((f) => [f, k[f]])) as Partial<AuditEntry>;
}
