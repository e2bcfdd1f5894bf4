// What the cross-checks need of the dump's CDRs, gathered while the dump
// streams by: rows per extension (with the first row's line), and per tenant
// rows per purge day plus the oldest row. CDRs are the bulk of a dump
// (millions of rows); with these summaries no check has to store or index
// them, and a verification keeps a flat memory (extensions and days are few).
//
// Days start at 02:00 UTC, the nightly purge time. The retention check
// (retention-check.ts) decides on the oldest row, exactly, and counts the
// whole days before the floor's day.
import type Database from 'better-sqlite3';
import { msToRfc3339 } from '../dump/values.js';
import { DAY_MS } from '../time/rfc3339.js';

const PURGE_OFFSET_MS = 2 * 3_600_000;

/** Start (ms) of the 02:00-UTC day holding `ms`. */
export function purgeDayStart(ms: number): number {
  return Math.floor((ms - PURGE_OFFSET_MS) / DAY_MS) * DAY_MS + PURGE_OFFSET_MS;
}

interface Oldest {
  ms: number;
  line: number;
  id: number | string;
}

/** A summary as plain data, to cross a worker boundary (structured clone). */
export interface CdrSummaryData {
  extensions: [extensionId: number, tenant: string, rows: number, firstLine: number][];
  days: [tenant: string, dayMs: number, rows: number][];
  oldest: [tenant: string, ms: number, line: number, id: number | string][];
}

/**
 * A summary with numeric CDR ids packed into typed arrays: cheap to send
 * between threads (one per piece of a dump) compared with arrays of tuples.
 */
export interface PackedCdrSummary {
  tenants: string[];
  /** extension id, tenant index, rows, first line: 4 numbers per extension. */
  extensions: Float64Array;
  /** tenant index, day start ms, rows. */
  days: Float64Array;
  /** tenant index, ms, line, id. */
  oldest: Float64Array;
}

/** The dump's text of a start instant: RFC 3339 UTC ms, or PostgreSQL's ±infinity (see dumpMs). */
function startedAtText(ms: number): string {
  if (ms === 8.64e15) return 'infinity';
  if (ms === -8.64e15) return '-infinity';
  return msToRfc3339(ms);
}

export class CdrSummary {
  private readonly byExtension = new Map<number, { tenant: string; rows: number; firstLine: number }>();
  private readonly byTenantDay = new Map<string, Map<number, number>>();
  private readonly oldest = new Map<string, Oldest>();
  private lastTenant = '';
  private lastDays: Map<number, number> | undefined;

  /** One CDR: `startedMs` is dumpMs(started_at) (±8.64e15 for ±infinity). */
  add(extensionId: number, tenant: string, id: number | string, line: number, startedMs: number | null): void {
    const e = this.byExtension.get(extensionId);
    if (e) {
      e.rows++;
      if (line < e.firstLine) e.firstLine = line;
    } else {
      this.byExtension.set(extensionId, { tenant, rows: 1, firstLine: line });
    }
    if (startedMs === null) return;
    let days = tenant === this.lastTenant ? this.lastDays : undefined;
    if (!days) {
      days = this.byTenantDay.get(tenant);
      if (!days) {
        days = new Map();
        this.byTenantDay.set(tenant, days);
      }
      this.lastTenant = tenant;
      this.lastDays = days;
    }
    const day = purgeDayStart(startedMs);
    days.set(day, (days.get(day) ?? 0) + 1);
    const o = this.oldest.get(tenant);
    if (!o) this.oldest.set(tenant, { ms: startedMs, line, id });
    else if (startedMs < o.ms || (startedMs === o.ms && line < o.line)) {
      o.ms = startedMs;
      o.line = line;
      o.id = id;
    }
  }

  /** Extensions with at least one row. */
  extensionIds(): number[] {
    return [...this.byExtension.keys()];
  }

  /**
   * Adds another part of the same dump's summary (e.g. read by another
   * thread), whose line numbers start `lineOffset` lines further.
   */
  merge(other: CdrSummary | CdrSummaryData, lineOffset = 0): void {
    const d = other instanceof CdrSummary ? other.toData() : other;
    for (const [id, tenant, rows, first] of d.extensions) {
      const firstLine = first + lineOffset;
      const e = this.byExtension.get(id);
      if (e) {
        e.rows += rows;
        if (firstLine < e.firstLine) e.firstLine = firstLine;
      } else this.byExtension.set(id, { tenant, rows, firstLine });
    }
    for (const [tenant, day, rows] of d.days) {
      let days = this.byTenantDay.get(tenant);
      if (!days) {
        days = new Map();
        this.byTenantDay.set(tenant, days);
      }
      days.set(day, (days.get(day) ?? 0) + rows);
    }
    for (const [tenant, ms, at, id] of d.oldest) {
      const line = at + lineOffset;
      const o = this.oldest.get(tenant);
      if (!o || ms < o.ms || (ms === o.ms && line < o.line)) this.oldest.set(tenant, { ms, line, id });
    }
  }

  /** Packs the summary; null when an id is not a number (a bigint kept as text). */
  pack(): PackedCdrSummary | null {
    const tenants: string[] = [];
    const index = new Map<string, number>();
    const t = (name: string) => {
      let i = index.get(name);
      if (i === undefined) {
        i = tenants.length;
        tenants.push(name);
        index.set(name, i);
      }
      return i;
    };
    const extensions = new Float64Array(this.byExtension.size * 4);
    let k = 0;
    for (const [id, e] of this.byExtension) {
      extensions[k++] = id;
      extensions[k++] = t(e.tenant);
      extensions[k++] = e.rows;
      extensions[k++] = e.firstLine;
    }
    let nDays = 0;
    for (const m of this.byTenantDay.values()) nDays += m.size;
    const days = new Float64Array(nDays * 3);
    k = 0;
    for (const [tenant, m] of this.byTenantDay) {
      const ti = t(tenant);
      for (const [d, n] of m) {
        days[k++] = ti;
        days[k++] = d;
        days[k++] = n;
      }
    }
    const oldest = new Float64Array(this.oldest.size * 4);
    k = 0;
    for (const [tenant, o] of this.oldest) {
      if (typeof o.id !== 'number') return null;
      oldest[k++] = t(tenant);
      oldest[k++] = o.ms;
      oldest[k++] = o.line;
      oldest[k++] = o.id;
    }
    return { tenants, extensions, days, oldest };
  }

  /** merge() for a packed summary. */
  mergePacked(p: PackedCdrSummary, lineOffset = 0): void {
    const { tenants, extensions: x, days: d, oldest: o } = p;
    for (let k = 0; k < x.length; k += 4) {
      const id = x[k]!;
      const rows = x[k + 2]!;
      const firstLine = x[k + 3]! + lineOffset;
      const e = this.byExtension.get(id);
      if (e) {
        e.rows += rows;
        if (firstLine < e.firstLine) e.firstLine = firstLine;
      } else this.byExtension.set(id, { tenant: tenants[x[k + 1]!]!, rows, firstLine });
    }
    for (let k = 0; k < d.length; k += 3) {
      const tenant = tenants[d[k]!]!;
      let days = this.byTenantDay.get(tenant);
      if (!days) {
        days = new Map();
        this.byTenantDay.set(tenant, days);
      }
      days.set(d[k + 1]!, (days.get(d[k + 1]!) ?? 0) + d[k + 2]!);
    }
    for (let k = 0; k < o.length; k += 4) {
      const tenant = tenants[o[k]!]!;
      const ms = o[k + 1]!;
      const line = o[k + 2]! + lineOffset;
      const cur = this.oldest.get(tenant);
      if (!cur || ms < cur.ms || (ms === cur.ms && line < cur.line)) this.oldest.set(tenant, { ms, line, id: o[k + 3]! });
    }
  }

  toData(): CdrSummaryData {
    const days: CdrSummaryData['days'] = [];
    for (const [tenant, m] of this.byTenantDay) for (const [d, n] of m) days.push([tenant, d, n]);
    return {
      extensions: [...this.byExtension].map(([id, e]) => [id, e.tenant, e.rows, e.firstLine]),
      days,
      oldest: [...this.oldest].map(([tenant, o]) => [tenant, o.ms, o.line, o.id]),
    };
  }

  static fromData(d: CdrSummaryData): CdrSummary {
    const s = new CdrSummary();
    s.merge(d);
    return s;
  }

  write(db: Database.Database, bundleId: number): void {
    const ext = db.prepare('INSERT INTO dump_cdr_extensions (bundle_id, extension_id, tenant_id, rows, first_line) VALUES (?,?,?,?,?)');
    for (const [id, e] of this.byExtension) ext.run(bundleId, id, e.tenant, e.rows, e.firstLine);
    const day = db.prepare('INSERT INTO dump_cdr_days (bundle_id, tenant_id, day_ms, rows) VALUES (?,?,?,?)');
    for (const [tenant, days] of this.byTenantDay) for (const [d, n] of days) day.run(bundleId, tenant, d, n);
    const old = db.prepare('INSERT INTO dump_cdr_oldest (bundle_id, tenant_id, started_ms, started_at, line, id) VALUES (?,?,?,?,?,?)');
    for (const [tenant, o] of this.oldest) old.run(bundleId, tenant, o.ms, startedAtText(o.ms), o.line, o.id);
  }
}
