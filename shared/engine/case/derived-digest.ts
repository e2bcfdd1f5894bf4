// A digest of the rows an import derived from a bundle (every audit entry,
// the reveal register and events, the certificates, the dump's rows and CDR
// summary, the file hashes), recorded in the import's custody entry. The
// replays and reports read these rows, not the bundle: an actor changed in
// audit_entries with a database tool (its triggers dropped) must show, as an
// edited verification result does (custody-log.ts). Recomputing it reads every
// row once, so `custody --deep` does it on request, not on every open.
//
// Each table is hashed as a stream of its rows in a fixed order (JSON of the
// raw row, one per line): memory stays flat whatever the number of entries.
// Rowid tables are read in rowid order over the bundle's rowid range (one
// import writes a bundle's rows together, so the range is the bundle's rows
// and the scan needs no sort); the others in primary-key order.
//
// The bundle's own row (installation id, export time) is covered too: the
// history check orders an installation's exports by it, so an edited export
// time would turn a rewrite into an "older" export. Digests recorded before
// it was covered are recomputed over the tables they list
// (`derivedDigest(db, id, Object.keys(recorded.tables))`).
import { createHash, type Hash } from 'node:crypto';
import type Database from 'better-sqlite3';

interface DerivedTable {
  table: string;
  /** WITHOUT ROWID tables: their primary key, which starts with the bundle's column. */
  key?: string;
  /** The column naming the bundle (default bundle_id). */
  bundleColumn?: string;
}

/** Every table an import fills for one bundle, but the bundle's own bytes (bundle_content, checked against bundle_files when read). */
const DERIVED_TABLES: readonly DerivedTable[] = [
  { table: 'bundles', key: 'id', bundleColumn: 'id' },
  { table: 'bundle_files', key: 'bundle_id, path' },
  { table: 'audit_ranges' },
  { table: 'audit_entries' },
  { table: 'reveal_events' },
  { table: 'reveal_rows' },
  { table: 'certificates' },
  { table: 'dump_tenants' },
  { table: 'dump_users' },
  { table: 'dump_extensions' },
  { table: 'dump_cdr' },
  { table: 'dump_cdr_extensions', key: 'bundle_id, extension_id' },
  { table: 'dump_cdr_days', key: 'bundle_id, tenant_id, day_ms' },
  { table: 'dump_cdr_oldest', key: 'bundle_id, tenant_id' },
  { table: 'dump_reveals' },
  { table: 'dump_erasures' },
  { table: 'dump_license_state' },
  { table: 'dump_table_counts', key: 'bundle_id, table_name' },
  // Case format 5: an archive's members as verified (digests recorded before it do not list it).
  { table: 'bundle_members', key: 'bundle_id, path' },
];

export interface DerivedDigest {
  /** SHA-256 over the tables' digests, in DERIVED_TABLES order. */
  sha256: string;
  tables: Record<string, { rows: number; sha256: string }>;
}

/** Adds one raw row (as `stmt.raw()` gives it) to a table's digest: how every table digest here is made. */
export function digestRow(h: Hash, row: unknown[]): void {
  h.update(JSON.stringify(row, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('base64') : v)));
  h.update('\n');
}

function tableDigest(db: Database.Database, t: DerivedTable, bundleId: number): { rows: number; sha256: string } {
  const h = createHash('sha256');
  let rows = 0;
  let stmt: Database.Statement;
  let params: unknown[];
  if (t.key !== undefined) {
    stmt = db.prepare(`SELECT * FROM ${t.table} WHERE ${t.bundleColumn ?? 'bundle_id'} = ? ORDER BY ${t.key}`);
    params = [bundleId];
  } else {
    const range = db.prepare(`SELECT min(rowid) AS lo, max(rowid) AS hi FROM ${t.table} WHERE bundle_id = ?`).get(bundleId) as { lo: number | null; hi: number | null };
    if (range.lo === null || range.hi === null) return { rows: 0, sha256: h.digest('hex') };
    stmt = db.prepare(`SELECT * FROM ${t.table} NOT INDEXED WHERE rowid BETWEEN ? AND ? AND bundle_id = ? ORDER BY rowid`);
    params = [range.lo, range.hi, bundleId];
  }
  for (const row of stmt.raw(true).iterate(...params) as IterableIterator<unknown[]>) {
    digestRow(h, row);
    rows++;
  }
  return { rows, sha256: h.digest('hex') };
}

/**
 * The digest of one bundle's derived rows, as they are now in the case;
 * `only`: the tables a digest recorded earlier lists (one made before a
 * table was covered is recomputed as it was made).
 */
export function derivedDigest(db: Database.Database, bundleId: number, only?: readonly string[]): DerivedDigest {
  const tables: DerivedDigest['tables'] = {};
  const all = createHash('sha256');
  for (const t of DERIVED_TABLES) {
    if (only !== undefined && !only.includes(t.table)) continue;
    const d = tableDigest(db, t, bundleId);
    tables[t.table] = d;
    all.update(`${t.table} ${d.rows} ${d.sha256}\n`);
  }
  return { sha256: all.digest('hex'), tables };
}

/** Which tables differ between what custody recorded and what the case holds now, in plain words. */
export function derivedDifferences(recorded: DerivedDigest, now: DerivedDigest): string[] {
  const out: string[] = [];
  for (const [table, r] of Object.entries(recorded.tables)) {
    const n = now.tables[table];
    if (!n) continue;
    if (n.rows !== r.rows) out.push(`${table} holds ${n.rows} rows where the import stored ${r.rows}`);
    else if (n.sha256 !== r.sha256) out.push(`${table} rows were changed`);
  }
  return out;
}
