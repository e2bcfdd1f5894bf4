// Streamed reader of the reveal register (spec §3): CSV as the audit log's
// (RFC 4180, CRLF, UTF-8 without BOM), header exactly the 14 column names in
// order. Rows come out typed, with the physical line where each starts;
// anything that does not follow the format is a reveal.malformed_row finding
// at its line, and reading goes on. A byte order mark or bare-LF line ends
// deviate from the format but hide no row: as for the audit CSV
// (audit/csv-reader.ts), each is one low-severity notice and the rows are
// read. Matching rows to audit entries is not done here.
import { finding, type Finding } from '../../model/findings.js';
import { isSha256Hex } from '../crypto/encoding.js';
import { readCsv, type CsvEvent } from '../text/csv-events.js';
import { isRfc3339Ms } from '../time/rfc3339.js';

export const REVEAL_LOG_FILE = 'data/reveal/reveal-log.csv';

export const REVEAL_LOG_COLUMNS = [
  'reveal_id',
  'ts',
  'tenant',
  'actor',
  'role',
  'cdr_id',
  'extension_id',
  'field',
  'phone_pseudonym',
  'last4',
  'motive',
  'alert_sent_to',
  'audit_seq',
  'audit_hash',
] as const;

export interface RevealLogRow {
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
  /** Usernames, in the order written (`;`-separated in the file); [] for an empty cell. */
  alert_sent_to: string[];
  audit_seq: number;
  audit_hash: string;
}

export type RevealLogItem = { kind: 'row'; row: RevealLogRow; line: number } | { kind: 'error'; finding: Finding };

const DECIMAL = /^(?:0|[1-9][0-9]*)$/;

/** Reads the register; `file` is its bag-relative path for findings. */
export async function* readRevealLog(
  path: string,
  file: string = REVEAL_LOG_FILE,
  opts: { signal?: AbortSignal } = {},
): AsyncGenerator<RevealLogItem> {
  const bad = (line: number, message: string, details?: Record<string, unknown>): RevealLogItem => ({
    kind: 'error',
    finding: finding({ code: 'reveal.malformed_row', message, file, line, ...(details ? { details } : {}) }),
  });
  /** A deviation of the file itself (BOM, line ends) that stands for no row: every row was still read. */
  const notice = (line: number, message: string, details?: Record<string, unknown>): RevealLogItem => ({
    kind: 'error',
    finding: finding({ code: 'reveal.malformed_row', severity: 'low', message, file, line, ...(details ? { details } : {}) }),
  });
  let header = true;
  let lfOnlyFirst = 0;
  let lfOnlyCount = 0;
  let stop = false;
  for await (const batch of readCsv(path, opts)) {
    for (const ev of batch as CsvEvent[]) {
      if (stop) break;
      switch (ev.type) {
        case 'bom':
          yield notice(1, 'The register starts with a UTF-8 byte order mark, which the format forbids; it was skipped and the rows were read as if it were not there.');
          continue;
        case 'invalid_utf8':
          yield bad(ev.line, `The register is not valid UTF-8 (from around line ${ev.line}).`);
          continue;
        case 'error':
          if (header) {
            yield bad(ev.line, `The header line cannot be read (${ev.message}); the register was not read.`);
            stop = true;
          } else {
            yield bad(ev.line, `This row cannot be read: ${ev.message}. It was skipped.`);
          }
          continue;
        case 'record':
          break;
      }
      if (ev.end === 'lf') {
        lfOnlyFirst ||= ev.line;
        lfOnlyCount++;
      }
      if (header) {
        header = false;
        const got = ev.fields.join(',');
        if (got !== REVEAL_LOG_COLUMNS.join(',')) {
          if (ev.fields.length !== REVEAL_LOG_COLUMNS.length) {
            yield bad(ev.line, `The header is not the register's 14 columns (got "${got}"); the register was not read.`);
            stop = true;
          } else {
            yield bad(ev.line, `The header differs from the format's (got "${got}"); rows are read in the format's column order.`);
          }
        }
        continue;
      }
      const r = toRow(ev.fields);
      if (typeof r === 'string') yield bad(ev.line, `${r}; the row was skipped.`, revealIdOf(ev.fields));
      else yield { kind: 'row', row: r, line: ev.line };
    }
    if (stop) return;
  }
  if (header && !stop) yield bad(1, 'The register is empty: it has no header line.');
  if (lfOnlyCount > 0) {
    yield notice(
      lfOnlyFirst,
      `${lfOnlyCount} line(s) of the register end with a bare LF instead of CRLF, the first here; they were read anyway.`,
      { count: lfOnlyCount },
    );
  }
}

function revealIdOf(fields: string[]): Record<string, unknown> | undefined {
  return fields[0] ? { reveal_id: fields[0] } : undefined;
}

/** The typed row, or why the cells do not follow the format. */
export function toRow(fields: string[]): RevealLogRow | string {
  if (fields.length !== REVEAL_LOG_COLUMNS.length) {
    return `The row has ${fields.length} cell${fields.length === 1 ? '' : 's'}, the register has ${REVEAL_LOG_COLUMNS.length} columns`;
  }
  const [reveal_id, ts, tenant, actor, role, cdr, ext, field, phone_pseudonym, last4, motive, alerts, seq, audit_hash] =
    fields as [string, string, string, string, string, string, string, string, string, string, string, string, string, string];
  if (reveal_id === '') return 'reveal_id is empty';
  if (!isRfc3339Ms(ts)) return `ts "${ts}" is not an RFC 3339 UTC time with milliseconds`;
  const cdr_id = integer(cdr);
  if (cdr_id === null) return `cdr_id "${cdr}" is not an integer`;
  const extension_id = integer(ext);
  if (extension_id === null) return `extension_id "${ext}" is not an integer`;
  const audit_seq = integer(seq);
  if (audit_seq === null || audit_seq < 1) return `audit_seq "${seq}" is not an integer >= 1`;
  if (!isSha256Hex(audit_hash)) return `audit_hash "${audit_hash}" is not a lowercase SHA-256 hex`;
  const alert_sent_to = alerts === '' ? [] : alerts.split(';');
  if (alert_sent_to.some((u) => u === '')) return `alert_sent_to "${alerts}" holds an empty username`;
  return {
    reveal_id,
    ts,
    tenant,
    actor,
    role,
    cdr_id,
    extension_id,
    field,
    phone_pseudonym,
    last4,
    motive,
    alert_sent_to,
    audit_seq,
    audit_hash,
  };
}

function integer(text: string): number | null {
  if (!DECIMAL.test(text)) return null;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : null;
}
