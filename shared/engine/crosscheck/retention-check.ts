// dump.retention_exceeded (spec §5): CDRs older than their tenant's retention
// (calendar months counted back from the export) that the nightly purge
// should have removed. One finding per tenant, with the count, located at
// the oldest offending row. calendar.ts says how the purge's lag is allowed
// for, so that valid evidence never gives a finding. CDRs of a tenant missing
// from the tenants table are dump.unknown_tenant: no retention covers them.
import type { CheckContext } from './context.js';
import type { FindingList } from './finding-list.js';
import { retentionFloorMs } from './calendar.js';
import { purgeDayStart } from './cdr-summary.js';

export interface RetentionStats {
  tenants: number;
  /** Tenants whose CDRs were compared with a usable retention: none means the check compared nothing. */
  compared: number;
  /** Tenants whose retention could not be read (NULL, not positive). */
  skipped: string[];
  /** Tenants referenced by CDRs but absent from the tenants table. */
  unknownTenants: string[];
}

export function checkRetention(ctx: CheckContext, exportedMs: number, out: FindingList): RetentionStats {
  const { db, bundleId } = ctx;
  const tenants = db
    .prepare('SELECT id, retention_months, min(line) AS line FROM dump_tenants WHERE bundle_id = ? GROUP BY id ORDER BY line')
    .all(bundleId) as { id: string; retention_months: number | null; line: number }[];
  const stats: RetentionStats = { tenants: tenants.length, compared: 0, skipped: [], unknownTenants: [] };
  // Rows are summed per purge day (cdr-summary.ts); the floor may fall inside a day. The finding is
  // decided on the oldest row, exactly; the count adds the whole days before the floor's day, so when
  // the floor is not on a day boundary it is a lower bound.
  const count = db.prepare('SELECT ifnull(sum(rows), 0) AS n FROM dump_cdr_days WHERE bundle_id = ? AND tenant_id = ? AND day_ms < ?');
  const oldest = db.prepare('SELECT line, id, started_at FROM dump_cdr_oldest WHERE bundle_id = ? AND tenant_id = ? AND started_ms < ?');
  for (const t of tenants) {
    if (typeof t.retention_months !== 'number' || t.retention_months <= 0) {
      stats.skipped.push(t.id);
      continue;
    }
    stats.compared++;
    const floor = retentionFloorMs(exportedMs, t.retention_months);
    const o = oldest.get(bundleId, t.id, floor) as { line: number; id: number | string; started_at: string } | undefined;
    if (!o) continue;
    const whole = (count.get(bundleId, t.id, purgeDayStart(floor)) as { n: number }).n;
    const n = Math.max(whole, 1);
    const atLeast = purgeDayStart(floor) !== floor ? 'at least ' : '';
    out.add({
      code: 'dump.retention_exceeded',
      file: ctx.files.dump,
      line: o.line,
      count: n,
      message:
        `Tenant ${t.id} keeps CDRs ${t.retention_months} months, yet the dump holds ${atLeast}${n} CDR${n > 1 ? 's' : ''} older than that ` +
        `(before ${new Date(floor).toISOString()}, allowing the day the spec gives the nightly purge); the oldest is CDR ${o.id} started ${o.started_at}.`,
      details: { tenant: t.id, retention_months: t.retention_months, older_than: new Date(floor).toISOString(), oldest_started_at: o.started_at },
    });
  }
  // CDRs of a tenant the tenants table does not hold: no retention applies to them, so they may be
  // kept forever (a deleted tenant whose calls were never purged, or an edited tenants table).
  const unknown = db
    .prepare(
      `SELECT c.tenant_id AS id, min(c.line) AS line, (SELECT ifnull(sum(d.rows), 0) FROM dump_cdr_days d WHERE d.bundle_id = c.bundle_id AND d.tenant_id = c.tenant_id) AS n
       FROM dump_cdr_oldest c WHERE c.bundle_id = ?
       AND NOT EXISTS (SELECT 1 FROM dump_tenants t WHERE t.bundle_id = c.bundle_id AND t.id = c.tenant_id)
       GROUP BY c.tenant_id ORDER BY line`,
    )
    .all(bundleId) as { id: string; line: number; n: number }[];
  for (const u of unknown) {
    stats.unknownTenants.push(u.id);
    const n = Math.max(u.n, 1);
    out.add({
      code: 'dump.unknown_tenant',
      file: ctx.files.dump,
      line: u.line,
      count: n,
      message:
        `The dump holds ${n} CDR${n > 1 ? 's' : ''} of tenant ${JSON.stringify(u.id)}, which the tenants table does not list: no retention applies to them, ` +
        'so the workstation cannot tell whether they should still be kept.',
      details: { tenant: u.id, cdrs: n },
    });
  }
  return stats;
}
