// license.clock_tampering, dump side (spec §6): the appliance's clock
// high-water mark (license_state.clock_high_water) later than the export
// means its clock had shown a time that had not come yet. The audit side
// (install before issue) is license/install-clock.ts.
import type { CheckContext } from './context.js';
import type { FindingList } from './finding-list.js';

export function checkHighWater(ctx: CheckContext, exportedMs: number, exportedAt: string, out: FindingList): number {
  const rows = ctx.db
    .prepare(
      'SELECT line, license_id, clock_high_water, clock_high_water_ms FROM dump_license_state WHERE bundle_id = ? AND clock_high_water_ms > ? ORDER BY line',
    )
    .all(ctx.bundleId, exportedMs) as { line: number; license_id: string; clock_high_water: string; clock_high_water_ms: number }[];
  for (const r of rows) {
    out.add({
      code: 'license.clock_tampering',
      file: ctx.files.dump,
      line: r.line,
      message:
        `The appliance clock's high-water mark (${r.clock_high_water}, license ${r.license_id}) is later than the export (${exportedAt}): ` +
        'the clock once showed a time that had not yet come, so it was set wrong at some point.',
      details: { clock_high_water: r.clock_high_water, exported_at: exportedAt },
    });
  }
  return (ctx.db.prepare('SELECT count(*) AS n FROM dump_license_state WHERE bundle_id = ?').get(ctx.bundleId) as { n: number }).n;
}
