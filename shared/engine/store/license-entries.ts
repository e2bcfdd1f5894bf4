// The license entries of a bundle's audit log (license.install,
// license.remove, ...), as the License screen lists them.
import type Database from 'better-sqlite3';

export interface LicenseEntryRow {
  seq: number;
  ts: string;
  action: string;
  target: string;
  /** The entry's details, as the JSON text it was stored as. */
  details: string;
}

/** The bundle's license.* entries in log order, at most `limit` of them. */
export function licenseEntries(db: Database.Database, bundleId: number, limit: number): LicenseEntryRow[] {
  return db
    .prepare(
      `SELECT seq, ts, action, target, details FROM audit_entries
       WHERE bundle_id = ? AND action LIKE 'license.%' ORDER BY ord LIMIT ?`,
    )
    .all(bundleId, limit) as LicenseEntryRow[];
}
