// Which verification is each bundle's latest: what a cache of anything
// derived from a case's verdicts is keyed on (rows are write-once, so a new
// bundle or a new verification is the only change).
import type Database from 'better-sqlite3';

/** Each bundle with the id of its latest verification, by bundle id. */
export function latestVerifications(db: Database.Database): { bundle_id: number; v: number }[] {
  return db.prepare('SELECT bundle_id, max(id) AS v FROM verifications GROUP BY bundle_id ORDER BY bundle_id').all() as { bundle_id: number; v: number }[];
}
