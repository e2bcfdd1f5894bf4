// What the Reveals screen asks of the evidence store: reveal counts per day
// and per person over the replay's reveal query (replay/reveal-history.ts
// revealQuery: which reveals match a filter), the actors and tenants there
// are to choose from, and the reveal register's rows under the same filter,
// by the rows' own cells (the register is the appliance's statement, read
// apart from the log).
import type Database from 'better-sqlite3';
import type { RevealRegisterCells } from '../../model/reveal-register.js';

/** The FROM and WHERE of one scope part's reveal query, with its parameters (revealQuery's). */
export interface RevealQueryPart {
  fromWhere: string;
  params: unknown[];
}

/** How many reveals the query part matches on each day (UTC, YYYY-MM-DD). */
export function revealCountsByDay(db: Database.Database, q: RevealQueryPart): [day: string, count: number][] {
  return db.prepare(`SELECT substr(e.ts, 1, 10), count(*) ${q.fromWhere} GROUP BY 1`).raw(true).all(...q.params) as [string, number][];
}

/** How many reveals the query part matches by each actor. */
export function revealCountsByActor(db: Database.Database, q: RevealQueryPart): [actor: string, count: number][] {
  return db.prepare(`SELECT e.actor, count(*) ${q.fromWhere} GROUP BY 1`).raw(true).all(...q.params) as [string, number][];
}

/** The actors (or tenants) of a bundle's successful reveals, sorted: the screen's filter choices. */
export function revealChoices(db: Database.Database, bundleId: number, column: 'actor' | 'tenant'): string[] {
  const sql = column === 'actor' ? 'SELECT DISTINCT actor FROM reveal_events WHERE bundle_id = ? AND outcome = ? ORDER BY 1' : 'SELECT DISTINCT tenant FROM reveal_events WHERE bundle_id = ? AND outcome = ? ORDER BY 1';
  return db.prepare(sql).pluck().all(bundleId, 'success') as string[];
}

/** The installation a bundle came from, as its import recorded it (null: not known). */
export function bundleInstallation(db: Database.Database, bundleId: number): string | null | undefined {
  return (db.prepare('SELECT installation_id FROM bundles WHERE id = ?').get(bundleId) as { installation_id: string | null } | undefined)?.installation_id;
}

/**
 * The register rows to select: the replay's reveal filter with its time bounds
 * already read (ms since the epoch, inclusive; null: no bound). The store takes
 * times as numbers so that reading what a person typed stays with the replay.
 */
export interface RegisterFilter {
  actor?: string;
  tenant?: string;
  phonePseudonym?: string;
  extensionId?: number;
  fromMs: number | null;
  atMs: number | null;
}

/** The register rows a filter selects, as SQL over reveal_rows. A cell that is not a time has no instant (NULL), so falls outside any period. */
function registerWhere(bundleId: number, f: RegisterFilter): { where: string; params: unknown[] } {
  const where = ['bundle_id = ?'];
  const params: unknown[] = [bundleId];
  const cell = (column: string, value: string | undefined) => {
    if (value === undefined) return;
    where.push(`${column} = ?`);
    params.push(value);
  };
  cell('actor', f.actor);
  cell('tenant', f.tenant);
  cell('phone_pseudonym', f.phonePseudonym);
  cell('extension_id', f.extensionId !== undefined ? String(f.extensionId) : undefined);
  if (f.fromMs !== null) {
    where.push("unixepoch(ts, 'subsec') * 1000 >= ?");
    params.push(f.fromMs);
  }
  if (f.atMs !== null) {
    where.push("unixepoch(ts, 'subsec') * 1000 <= ?");
    params.push(f.atMs);
  }
  return { where: where.join(' AND '), params };
}

/** A register row as stored: the appliance's cells, its audit_seq cell as written, its line in the file. */
export interface StoredRegisterRow extends RevealRegisterCells {
  audit_seq: string;
  line: number;
}

/** One page of the register rows a filter selects, in file order, with how many it selects and how many the bundle has. */
export function registerPage(db: Database.Database, bundleId: number, filter: RegisterFilter, offset: number, limit: number): { all: number; total: number; rows: StoredRegisterRow[] } {
  const { where, params } = registerWhere(bundleId, filter);
  const all = db.prepare('SELECT count(*) FROM reveal_rows WHERE bundle_id = ?').pluck().get(bundleId) as number;
  const total = db.prepare(`SELECT count(*) FROM reveal_rows WHERE ${where}`).pluck().get(...params) as number;
  const rows = db
    .prepare(
      `SELECT reveal_id, ts, tenant, actor, role, cdr_id, extension_id, field, phone_pseudonym, last4, motive, alert_sent_to, audit_seq, line
       FROM reveal_rows WHERE ${where} ORDER BY line LIMIT ? OFFSET ?`,
    )
    .all(...params, limit, offset) as StoredRegisterRow[];
  return { all, total, rows };
}

/** Who made the reveal entry at `seq`, when the query part selects it (prepared once, asked per finding). */
export function revealActorAtSeq(db: Database.Database, q: RevealQueryPart): (seq: number) => string | undefined {
  const stmt = db.prepare(`SELECT e.actor ${q.fromWhere} AND e.seq = ? LIMIT 1`).pluck();
  return (seq) => stmt.get(...q.params, seq) as string | undefined;
}

/** Whose reveal the register row at `line` states, when the filter selects that row. */
export function registerActorAtLine(db: Database.Database, bundleId: number, filter: RegisterFilter): (line: number) => string | undefined {
  const { where, params } = registerWhere(bundleId, filter);
  const stmt = db.prepare(`SELECT actor FROM reveal_rows WHERE ${where} AND line = ? LIMIT 1`).pluck();
  return (line) => stmt.get(...params, line) as string | undefined;
}
