// The fast path for the bulk of a dump: one COPY text line of the cdr table,
// in the column order of spec §5 (pg_dump's), read by position without
// splitting the line or building a row object. It gives what the CDR
// summaries need (id, tenant, extension, start instant) and validates every
// other column, but it only ACCEPTS a line the general path (parseCopyLine,
// then the row typer) reads to exactly the same values without a finding.
// Anything else (a backslash escape other than a whole-field \N, a CR or a
// backslash at the end, a wrong field count, a value that does not convert,
// a negative or very long number) is refused, and the caller hands the line
// to the general path, which says what is wrong where.
import { DUMP_SCHEMA } from './schema.js';
import { scanTimestamptz } from './values.js';

/** What the summaries need of one CDR; filled in place, one object per reader. */
export interface CdrScan {
  id: number;
  tenant: string;
  extensionId: number;
  startedMs: number;
}

const CDR_COLUMNS = DUMP_SCHEMA.cdr.map((c) => c.name);
const BACKSLASH = 0x5c;
const INT32_MAX = 2147483647;

const specOrder = new WeakMap<readonly string[], boolean>();

/** True when a COPY block's column list is §5's cdr columns in §5's order. */
export function isSpecCdrColumns(columns: readonly string[]): boolean {
  let yes = specOrder.get(columns);
  if (yes === undefined) {
    yes = columns.length === CDR_COLUMNS.length && columns.every((c, i) => c === CDR_COLUMNS[i]);
    specOrder.set(columns, yes);
  }
  return yes;
}

/** Non-negative decimal without sign of at most `maxDigits` digits in [s, e), or -1. */
function digitsAt(text: string, s: number, e: number, maxDigits: number): number {
  const n = e - s;
  if (n < 1 || n > maxDigits) return -1;
  let v = 0;
  for (let i = s; i < e; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * Reads the line text[start, end) (without its '\n') as a cdr row into
 * `out`; false when the general path must read it. Works in place in a
 * larger text (a whole piece of the dump), so no line string is made.
 * `lastTenant` is reused when the tenant is the same text, so a block of one
 * tenant's rows allocates no string at all.
 */
export function scanCdrLine(text: string, start: number, end: number, out: CdrScan, lastTenant: string): boolean {
  if (end <= start) return false;
  const lastChar = text.charCodeAt(end - 1);
  if (lastChar === 0x0d || lastChar === BACKSLASH) return false;
  // id (bigint): up to 15 digits is always a safe integer.
  let s = start;
  let e = text.indexOf('\t', s);
  if (e < 0 || e >= end) return false;
  const id = digitsAt(text, s, e, 15);
  if (id < 0) return false;
  // tenant_id (text); any backslash in the line is looked at below.
  s = e + 1;
  e = text.indexOf('\t', s);
  if (e < 0 || e >= end) return false;
  const tenantStart = s;
  const tenantEnd = e;
  // extension_id (integer)
  s = e + 1;
  e = text.indexOf('\t', s);
  if (e < 0 || e >= end) return false;
  const ext = digitsAt(text, s, e, 10);
  if (ext < 0 || ext > INT32_MAX) return false;
  // started_at (timestamptz)
  s = e + 1;
  e = text.indexOf('\t', s);
  if (e < 0 || e >= end) return false;
  const ms = scanTimestamptz(text, s, e);
  if (Number.isNaN(ms)) return false;
  // duration_s (integer)
  s = e + 1;
  e = text.indexOf('\t', s);
  if (e < 0 || e >= end) return false;
  const duration = digitsAt(text, s, e, 10);
  if (duration < 0 || duration > INT32_MAX) return false;
  // direction, caller_pseudonym, caller_last4, callee_pseudonym, callee_last4, disposition: non-null text.
  s = e + 1;
  for (let k = 0; k < 6; k++) {
    e = text.indexOf('\t', s);
    if (e < 0 || e >= end) return false;
    s = e + 1;
  }
  // queue (nullable text) is the last field: no tab after it.
  const tab = text.indexOf('\t', s);
  if (tab >= 0 && tab < end) return false;
  // No escape anywhere; the only one read here is a queue of exactly \N (NULL).
  const b = text.indexOf('\\', start);
  if (b >= 0 && b < end && (b !== s || end - s !== 2 || text.charCodeAt(s + 1) !== 0x4e /* N */)) return false;
  const tenantLength = tenantEnd - tenantStart;
  out.tenant =
    tenantLength === lastTenant.length && text.startsWith(lastTenant, tenantStart) ? lastTenant : text.slice(tenantStart, tenantEnd);
  out.id = id;
  out.extensionId = ext;
  out.startedMs = ms;
  return true;
}
