// What the cross-checks need of the dump's CDRs, gathered while the dump
// streams by: rows per extension (with the first row's line), and per tenant
// rows per purge day plus the oldest row. CDRs are the bulk of a dump
// (millions of rows); with these summaries no check has to store or index
// them, and a verification keeps a flat memory (extensions and days are few).
//
// Days start at 02:00 UTC, the nightly purge time: the retention floor
// (calendar.ts retentionFloorMs) always falls on such a boundary, so "rows
// older than the floor" is an exact sum of whole days.
import type Database from 'better-sqlite3';
import type { CdrRow } from '../dump/schema.js';
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
  started_at: string;
}

export class CdrSummary {
  private readonly byExtension = new Map<number, { tenant: string; rows: number; firstLine: number }>();
  private readonly byTenantDay = new Map<string, Map<number, number>>();
  private readonly oldest = new Map<string, Oldest>();

  add(r: CdrRow, line: number, startedMs: number | null): void {
    const e = this.byExtension.get(r.extension_id);
    if (e) {
      e.rows++;
      if (line < e.firstLine) e.firstLine = line;
    } else {
      this.byExtension.set(r.extension_id, { tenant: r.tenant_id, rows: 1, firstLine: line });
    }
    if (startedMs === null) return;
    let days = this.byTenantDay.get(r.tenant_id);
    if (!days) {
      days = new Map();
      this.byTenantDay.set(r.tenant_id, days);
    }
    const day = purgeDayStart(startedMs);
    days.set(day, (days.get(day) ?? 0) + 1);
    const o = this.oldest.get(r.tenant_id);
    if (!o || startedMs < o.ms || (startedMs === o.ms && line < o.line)) {
      this.oldest.set(r.tenant_id, { ms: startedMs, line, id: r.id, started_at: r.started_at });
    }
  }

  write(db: Database.Database, bundleId: number): void {
    const ext = db.prepare('INSERT INTO dump_cdr_extensions (bundle_id, extension_id, tenant_id, rows, first_line) VALUES (?,?,?,?,?)');
    for (const [id, e] of this.byExtension) ext.run(bundleId, id, e.tenant, e.rows, e.firstLine);
    const day = db.prepare('INSERT INTO dump_cdr_days (bundle_id, tenant_id, day_ms, rows) VALUES (?,?,?,?)');
    for (const [tenant, days] of this.byTenantDay) for (const [d, n] of days) day.run(bundleId, tenant, d, n);
    const old = db.prepare('INSERT INTO dump_cdr_oldest (bundle_id, tenant_id, started_ms, started_at, line, id) VALUES (?,?,?,?,?,?)');
    for (const [tenant, o] of this.oldest) old.run(bundleId, tenant, o.ms, o.started_at, o.line, o.id);
  }
}
