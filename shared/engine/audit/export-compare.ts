// CSV and JSON lines must hold the same entries (spec §2). Both files are read
// in lockstep and paired by seq, with a bounded window so that an entry
// missing, duplicated or moved in one copy costs one finding, not a
// mismatch on every entry after it.
import { AUDIT_FIELDS, type AuditEntry } from '../../model/audit-entry.js';
import { finding } from '../../model/findings.js';
import { canonicalize } from '../crypto/jcs.js';
import type { FindingCollector } from './finding-runs.js';
import type { ReadItem } from './read-item.js';

const WINDOW = 4096;
/**
 * Most characters (JSON) of the differing values a finding keeps from both
 * copies, so the explorer can show the two side by side: a record may be a
 * megabyte long and up to 50 such findings are listed.
 */
export const MAX_KEPT_VALUES_CHARS = 64 * 1024;

interface Side {
  item: ReadItem;
  ordinal: number;
  seq: number;
}

/** Equality of JSON values as JCS sees it (the same text after canonicalization). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const ob = b as Record<string, unknown>;
  if (ka.length !== Object.keys(ob).length) return false;
  const oa = a as Record<string, unknown>;
  for (const k of ka) {
    if (!Object.prototype.hasOwnProperty.call(ob, k) || !jsonEqual(oa[k], ob[k])) return false;
  }
  return true;
}

function detailsEqual(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  if (jsonEqual(a, b)) return true;
  try {
    return canonicalize(a) === canonicalize(b);
  } catch {
    return false;
  }
}

/** Names of the fields where two entries differ, in field order. */
export function differingFields(a: AuditEntry, b: AuditEntry): string[] {
  // Written out for the common case (equal copies): one monomorphic pass, no dynamic member access.
  if (
    a.seq === b.seq &&
    a.ts === b.ts &&
    a.tenant === b.tenant &&
    a.actor === b.actor &&
    a.role === b.role &&
    a.action === b.action &&
    a.target === b.target &&
    a.outcome === b.outcome &&
    a.motive === b.motive &&
    a.source_ip === b.source_ip &&
    a.user_agent === b.user_agent &&
    a.request_id === b.request_id &&
    a.prev_hash === b.prev_hash &&
    a.hash === b.hash &&
    a.kid === b.kid &&
    a.sig === b.sig &&
    jsonEqual(a.details, b.details)
  ) {
    return [];
  }
  const out: string[] = [];
  for (const f of AUDIT_FIELDS) {
    if (f === 'details' ? !detailsEqual(a.details, b.details) : a[f] !== b[f]) out.push(f);
  }
  return out;
}

/**
 * Each copy's values of the differing fields (the rest of the entry is the
 * same in both), or nothing when they are too long to keep in a finding.
 */
function keptValues(
  csv: AuditEntry,
  jsonl: AuditEntry,
  fields: readonly string[],
): { csv_values: Record<string, unknown>; jsonl_values: Record<string, unknown> } | { values_too_long: true } {
  const pick = (e: AuditEntry) => Object.fromEntries(fields.map((f) => [f, e[f as keyof AuditEntry]]));
  const kept = { csv_values: pick(csv), jsonl_values: pick(jsonl) };
  return JSON.stringify(kept).length <= MAX_KEPT_VALUES_CHARS ? kept : { values_too_long: true };
}

function seqOf(item: ReadItem): number | undefined {
  return 'entry' in item ? item.entry.seq : item.error.seq;
}

export class ExportComparer {
  private readonly pendingCsv = new Map<number, Side>();
  private readonly pendingJsonl = new Map<number, Side>();
  private csvOrdinal = 0;
  private jsonlOrdinal = 0;
  mismatches = 0;
  compared = 0;

  constructor(
    private readonly csvFile: string,
    private readonly jsonlFile: string,
    private readonly collector: FindingCollector,
  ) {}

  /** The next entry slot of each file (undefined once a file has ended). Notices are not slots. */
  pair(c: ReadItem | undefined, j: ReadItem | undefined): void {
    const cs = c && this.side(c, this.csvOrdinal++);
    const js = j && this.side(j, this.jsonlOrdinal++);
    if (cs && js && cs.seq === js.seq && this.pendingCsv.size === 0 && this.pendingJsonl.size === 0) {
      this.compare(cs, js);
      return;
    }
    if (cs) this.place(cs, this.pendingJsonl, this.pendingCsv, 'csv');
    if (js) this.place(js, this.pendingCsv, this.pendingJsonl, 'jsonl');
  }

  end(): void {
    const left = [
      ...[...this.pendingCsv.values()].map((s) => ({ s, from: 'csv' as const })),
      ...[...this.pendingJsonl.values()].map((s) => ({ s, from: 'jsonl' as const })),
    ].sort((x, y) => x.s.ordinal - y.s.ordinal);
    for (const { s, from } of left) this.unmatched(s, from);
    this.pendingCsv.clear();
    this.pendingJsonl.clear();
  }

  private side(item: ReadItem, ordinal: number): Side | undefined {
    const seq = seqOf(item);
    return seq === undefined ? undefined : { item, ordinal, seq };
  }

  private place(s: Side, other: Map<number, Side>, own: Map<number, Side>, from: 'csv' | 'jsonl'): void {
    const match = other.get(s.seq);
    if (match) {
      other.delete(s.seq);
      if (from === 'csv') this.compare(s, match);
      else this.compare(match, s);
      return;
    }
    const dup = own.get(s.seq);
    if (dup) {
      own.delete(s.seq);
      this.unmatched(dup, from);
    }
    own.set(s.seq, s);
    if (own.size > WINDOW) {
      const [oldestSeq, oldest] = own.entries().next().value!;
      own.delete(oldestSeq);
      this.unmatched(oldest, from);
    }
  }

  private compare(c: Side, j: Side): void {
    if (!('entry' in c.item) || !('entry' in j.item)) return; // unreadable: the reader reported it
    this.compared++;
    const diff = differingFields(c.item.entry, j.item.entry);
    if (diff.length === 0) return;
    this.mismatches++;
    const seq = j.seq;
    const jl = j.item.line;
    const cl = c.item.line;
    const ce = c.item.entry;
    const je = j.item.entry;
    this.collector.occur({
      code: 'audit.csv_jsonl_mismatch',
      ordinal: j.ordinal,
      cause: diff.join(','),
      seq,
      make: () =>
        finding({
          code: 'audit.csv_jsonl_mismatch',
          file: this.jsonlFile,
          line: jl,
          seq,
          message: `The JSON lines copy of seq ${seq} (line ${jl}) differs from the CSV copy (${this.csvFile} line ${cl}) in ${diff.join(', ')}.`,
          details: { fields: diff, csv_file: this.csvFile, csv_line: cl, ...keptValues(ce, je, diff) },
        }),
    });
  }

  private unmatched(s: Side, from: 'csv' | 'jsonl'): void {
    this.mismatches++;
    const file = from === 'csv' ? this.csvFile : this.jsonlFile;
    const here = from === 'csv' ? 'CSV' : 'JSON lines';
    const there = from === 'csv' ? 'JSON lines' : 'CSV';
    this.collector.occur({
      code: 'audit.csv_jsonl_mismatch',
      ordinal: s.ordinal,
      cause: `only-${from}`,
      seq: s.seq,
      make: () =>
        finding({
          code: 'audit.csv_jsonl_mismatch',
          file,
          line: s.item.line,
          seq: s.seq,
          message: `The ${here} export holds seq ${s.seq} (line ${s.item.line}), which the ${there} export does not.`,
          details: { only_in: from },
        }),
    });
  }
}
