// Saved views: a named filter of the audit log explorer or of the reveals
// screen, kept in the case (case format 3, saved_views) so the auditor, or
// a colleague opening the portable case, finds the same selection again.
// The filter is the screen's own (the API contract's AuditFilter, or the
// reveals screen's filter); the engine keeps it as JSON of bounded size and
// does not interpret it. Saving a name again replaces the view (a new row),
// deleting it appends a row without filter; each has its custody entry.
import type Database from 'better-sqlite3';
import { canonicalize } from '../crypto/jcs.js';
import { appendCustody, osUser } from '../case/custody-log.js';
import { ReviewInputError } from './review-log.js';

export const VIEW_SCREENS = ['audit', 'reveals'] as const;
export type ViewScreen = (typeof VIEW_SCREENS)[number];

export interface SavedView {
  name: string;
  screen: ViewScreen;
  filter: Record<string, unknown>;
  saved_at: string;
  saved_by: string;
}

const MAX_FILTER_BYTES = 16_384;

function check(screen: string, name: string, filter?: unknown): void {
  const problems: string[] = [];
  if (!(VIEW_SCREENS as readonly string[]).includes(screen)) problems.push(`a view belongs to the ${VIEW_SCREENS.join(' or ')} screen`);
  if (name.trim() === '' || name.length > 120 || /[\u0000-\u001f]/.test(name)) problems.push('a view name is 1 to 120 printable characters');
  if (filter !== undefined) {
    if (typeof filter !== 'object' || filter === null || Array.isArray(filter)) problems.push('a view filter is an object');
    else if (canonicalize(filter).length > MAX_FILTER_BYTES) problems.push(`a view filter is at most ${MAX_FILTER_BYTES} bytes of JSON`);
  }
  if (problems.length > 0) throw new ReviewInputError(problems.join('; '));
}

/** Saves (or replaces) a view; false when the case already held the same filter under that name. */
export function saveView(db: Database.Database, screen: ViewScreen, name: string, filter: Record<string, unknown>): boolean {
  check(screen, name, filter);
  const text = canonicalize(filter);
  return db.transaction(() => {
    const current = latestRow(db, screen, name.trim());
    if (current?.filter === text) return false;
    db.prepare('INSERT INTO saved_views (name, screen, filter, recorded_at, os_user) VALUES (?,?,?,?,?)').run(name.trim(), screen, text, new Date().toISOString(), osUser());
    appendCustody(db, 'view.save', { screen, name: name.trim(), filter });
    return true;
  }).immediate();
}

/** Deletes a view; false when there was none of that name. */
export function deleteView(db: Database.Database, screen: ViewScreen, name: string): boolean {
  check(screen, name);
  return db.transaction(() => {
    const current = latestRow(db, screen, name.trim());
    if (!current || current.filter === null) return false;
    db.prepare('INSERT INTO saved_views (name, screen, filter, recorded_at, os_user) VALUES (?,?,NULL,?,?)').run(name.trim(), screen, new Date().toISOString(), osUser());
    appendCustody(db, 'view.save', { screen, name: name.trim(), filter: null });
    return true;
  }).immediate();
}

interface Row {
  name: string;
  screen: ViewScreen;
  filter: string | null;
  recorded_at: string;
  os_user: string;
}

function latestRow(db: Database.Database, screen: string, name: string): Row | undefined {
  return db.prepare('SELECT * FROM saved_views WHERE screen = ? AND name = ? ORDER BY id DESC LIMIT 1').get(screen, name) as Row | undefined;
}

/** The views in force, by screen then name. */
export function savedViews(db: Database.Database, screen?: ViewScreen): SavedView[] {
  const rows = db
    .prepare(
      `SELECT v.* FROM saved_views v
       WHERE v.id = (SELECT max(id) FROM saved_views w WHERE w.screen = v.screen AND w.name = v.name)
         AND v.filter IS NOT NULL AND (? IS NULL OR v.screen = ?)
       ORDER BY v.screen, v.name`,
    )
    .all(screen ?? null, screen ?? null) as Row[];
  return rows.map((r) => ({ name: r.name, screen: r.screen, filter: JSON.parse(r.filter!) as Record<string, unknown>, saved_at: r.recorded_at, saved_by: r.os_user }));
}
