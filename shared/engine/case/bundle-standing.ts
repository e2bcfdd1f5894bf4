// Which bundles of a case count: every imported bundle the user has not
// excluded. A bundle that could not be verified (no trust roots at import,
// or tampered) would otherwise weigh on every answer the case gives; the
// auditor may exclude it, with a reason, and include it again later. The
// standing is read from the chain of custody itself (bundle.exclude and
// bundle.include entries, newest last): one authority, hash chained, so an
// exclusion cannot be added or lifted in the case file without breaking the
// chain (custody-log.ts).
import type Database from 'better-sqlite3';

export interface BundleExclusion {
  bundleId: number;
  /** The custody entry that excluded it. */
  seq: number;
  ts: string;
  osUser: string;
  reason: string;
}

/** Bundles excluded now, by id: the latest exclude or include entry of each bundle decides. */
export function excludedBundles(db: Database.Database): Map<number, BundleExclusion> {
  const out = new Map<number, BundleExclusion>();
  const rows = db
    .prepare("SELECT seq, ts, os_user, action, details FROM custody_log WHERE action IN ('bundle.exclude', 'bundle.include') ORDER BY seq")
    .all() as { seq: number; ts: string; os_user: string; action: string; details: string }[];
  for (const r of rows) {
    let d: { bundle_id?: unknown; reason?: unknown };
    try {
      d = JSON.parse(r.details) as typeof d;
    } catch {
      continue; // an unreadable entry breaks the chain, which custody reports
    }
    if (typeof d.bundle_id !== 'number') continue;
    if (r.action === 'bundle.include') out.delete(d.bundle_id);
    else out.set(d.bundle_id, { bundleId: d.bundle_id, seq: r.seq, ts: r.ts, osUser: r.os_user, reason: typeof d.reason === 'string' ? d.reason : '' });
  }
  return out;
}

/**
 * The case's "which bundles count": the ids of the imported bundles that are
 * not excluded, in import order. Replays (replay/scope.ts) and reports
 * (reports/case-source.ts) read only these; a caller weighing evidence
 * (CAIQ answers) asks here, never re-derives it.
 */
export function bundlesThatCount(db: Database.Database): number[] {
  const excluded = excludedBundles(db);
  return (db.prepare('SELECT id FROM bundles ORDER BY id').all() as { id: number }[]).map((r) => r.id).filter((id) => !excluded.has(id));
}
