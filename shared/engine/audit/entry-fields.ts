// Turns what a reader found (17 CSV cells, or one parsed JSON object) into an
// AuditEntry with strict types, or says exactly what is wrong. Semantic checks
// (hash form, kid, signature, time) belong to the verifier, which reports them
// under their own codes; here only the shape is refused.
import { AUDIT_FIELDS, type AuditEntry } from '../../model/audit-entry.js';
import { parseStrictJson } from '../crypto/strict-json.js';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../crypto/jcs.js';

export type EntryOrProblem = { entry: AuditEntry } | { problem: string; seq?: number };

const SEQ_RE = /^[1-9][0-9]{0,15}$/;

/** Parses a CSV seq cell: decimal, no sign, no leading zero, a safe integer >= 1. */
export function parseSeqCell(text: string): number | undefined {
  if (!SEQ_RE.test(text)) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : undefined;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parses a `details` text: JSON whose value is an object. */
export function parseDetails(text: string): { details: Record<string, unknown> } | { problem: string } {
  let v: unknown;
  try {
    v = parseStrictJson(text);
  } catch (e) {
    return { problem: `details is not valid JSON (${(e as Error).message})` };
  }
  if (!isPlainObject(v)) return { problem: 'details is not a JSON object' };
  const deep = depthProblem(v, text.length);
  return deep ? { problem: deep } : { details: v };
}

/**
 * A details object nested past MAX_JSON_DEPTH, as a problem (a located
 * audit.malformed_entry, never a stack overflow later). Text shorter than
 * two brackets per level cannot nest that deep, so almost every entry skips the walk.
 */
function depthProblem(details: Record<string, unknown>, sourceChars: number): string | null {
  if (sourceChars < 2 * MAX_JSON_DEPTH) return null;
  return nestsDeeperThan(details, MAX_JSON_DEPTH)
    ? `details nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep, past what the workstation reads`
    : null;
}

/** The 17 cells of a CSV record, in header order. */
export function entryFromCells(cells: string[]): EntryOrProblem {
  if (cells.length !== AUDIT_FIELDS.length) {
    const seq = cells.length > 0 ? parseSeqCell(cells[0]!) : undefined;
    return { problem: `record has ${cells.length} cells, expected ${AUDIT_FIELDS.length}`, seq };
  }
  const seq = parseSeqCell(cells[0]!);
  if (seq === undefined) {
    return { problem: `seq ${JSON.stringify(cells[0]!.slice(0, 40))} is not a decimal integer >= 1 without sign or leading zeros` };
  }
  const d = parseDetails(cells[12]!);
  if ('problem' in d) return { problem: d.problem, seq };
  return {
    entry: {
      seq,
      ts: cells[1]!,
      tenant: cells[2]!,
      actor: cells[3]!,
      role: cells[4]!,
      action: cells[5]!,
      target: cells[6]!,
      outcome: cells[7]!,
      motive: cells[8]!,
      source_ip: cells[9]!,
      user_agent: cells[10]!,
      request_id: cells[11]!,
      details: d.details,
      prev_hash: cells[13]!,
      hash: cells[14]!,
      kid: cells[15]!,
      sig: cells[16]!,
    },
  };
}

const FIELD_SET = new Set<string>(AUDIT_FIELDS);

/**
 * One parsed JSON line: exactly the 17 members, seq a safe integer >= 1,
 * details an object within the depth bound, the rest strings. `sourceChars`:
 * the line's length, which lets short lines skip the depth walk.
 */
export function entryFromObject(v: unknown, sourceChars = Infinity): EntryOrProblem {
  const r = entryShape(v);
  if ('entry' in r) {
    const deep = depthProblem(r.entry.details, sourceChars);
    if (deep) return { problem: deep, seq: r.entry.seq };
  }
  return r;
}

function entryShape(v: unknown): EntryOrProblem {
  if (!isPlainObject(v)) return { problem: 'line is not a JSON object' };
  // Fast path: 17 members, each of the 17 names present with its type, is exactly the shape.
  let n = 0;
  for (const _k in v) n++;
  if (
    n === 17 &&
    typeof v.seq === 'number' &&
    Number.isSafeInteger(v.seq) &&
    v.seq >= 1 &&
    isPlainObject(v.details) &&
    typeof v.ts === 'string' &&
    typeof v.tenant === 'string' &&
    typeof v.actor === 'string' &&
    typeof v.role === 'string' &&
    typeof v.action === 'string' &&
    typeof v.target === 'string' &&
    typeof v.outcome === 'string' &&
    typeof v.motive === 'string' &&
    typeof v.source_ip === 'string' &&
    typeof v.user_agent === 'string' &&
    typeof v.request_id === 'string' &&
    typeof v.prev_hash === 'string' &&
    typeof v.hash === 'string' &&
    typeof v.kid === 'string' &&
    typeof v.sig === 'string'
  ) {
    return { entry: v as unknown as AuditEntry };
  }
  const seqValue = v.seq;
  const seq = typeof seqValue === 'number' && Number.isSafeInteger(seqValue) && seqValue >= 1 ? seqValue : undefined;
  const keys = Object.keys(v);
  const extra = keys.filter((k) => !FIELD_SET.has(k));
  const missing = AUDIT_FIELDS.filter((k) => !Object.prototype.hasOwnProperty.call(v, k));
  if (extra.length || missing.length) {
    const parts: string[] = [];
    if (missing.length) parts.push(`missing ${missing.join(', ')}`);
    if (extra.length) parts.push(`unexpected ${extra.map((k) => JSON.stringify(k)).join(', ')}`);
    return { problem: `object does not have exactly the 17 entry members (${parts.join('; ')})`, seq };
  }
  if (seq === undefined) return { problem: 'seq is not an integer >= 1 below 2^53' };
  if (!isPlainObject(v.details)) return { problem: 'details is not a JSON object', seq };
  for (const k of AUDIT_FIELDS) {
    if (k === 'seq' || k === 'details') continue;
    if (typeof v[k] !== 'string') return { problem: `${k} is not a string`, seq };
  }
  return { entry: v as unknown as AuditEntry };
}
