// Index building deferred to the end of a bulk load.
import type Database from 'better-sqlite3';

/**
 * Drops the indexes of `table` when it is empty, and returns what rebuilds them.
 *
 * Why: each index of a bulk-loaded table (audit_entries has 6, reveal_events 7)
 * costs a B-tree insert per row, a third of the verifier's storage time; one
 * CREATE INDEX after the last row sorts instead. Only an empty table is worth
 * it: rebuilding the indexes of a case that already holds other bundles would
 * cost more than it saves. Both steps run in the caller's transaction, so a
 * failed import restores them.
 */
export function deferIndexes(db: Database.Database, table: string): () => void {
  if (db.prepare(`SELECT 1 FROM ${table} LIMIT 1`).get() !== undefined) return () => {};
  const indexes = db
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL`)
    .all(table) as { name: string; sql: string }[];
  for (const i of indexes) db.exec(`DROP INDEX ${i.name}`);
  return () => {
    for (const i of indexes) db.exec(i.sql);
  };
}
