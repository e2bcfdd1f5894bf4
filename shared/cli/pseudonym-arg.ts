// Pseudonyms as people copy them: the tables print the first 10 or 12 hex
// digits and an ellipsis (`81cb7832b9…`), the JSON forms all 64. A prefix of
// at least 8 digits is accepted when exactly one pseudonym of the case starts
// with it; otherwise the user is told what matched, never given an empty
// result that looks like an answer.
import type Database from 'better-sqlite3';
import { UsageError } from './cli-error.js';

const FULL = /^[0-9a-f]{64}$/;
const PREFIX = /^[0-9a-f]{8,63}$/;

/** Where a kind of pseudonym lives in the case. */
const SOURCES = {
  phone: ['SELECT DISTINCT phone_pseudonym AS p FROM reveal_events WHERE phone_pseudonym LIKE ?', 'SELECT DISTINCT phone_pseudonym AS p FROM reveal_rows WHERE phone_pseudonym LIKE ?'],
  extension: ['SELECT DISTINCT ext_pseudonym AS p FROM certificates WHERE ext_pseudonym LIKE ?', 'SELECT DISTINCT ext_pseudonym AS p FROM dump_extensions WHERE ext_pseudonym LIKE ?'],
} as const;

/** Refuses, before the case is opened, what cannot be a pseudonym or a prefix of one (`what` words the message: `--phone`, `ext:`). */
export function checkPseudonymText(text: string, what: string): void {
  const t = text.replace(/…$/, '');
  if (!FULL.test(t) && !PREFIX.test(t)) throw new UsageError(`${what} "${text}" is not a pseudonym: 64 lowercase hex digits, or the first 8 or more of them`);
}

/** The full pseudonym `text` names in the case. */
export function resolvePseudonym(db: Database.Database, kind: keyof typeof SOURCES, text: string, what: string): string {
  checkPseudonymText(text, what);
  const t = text.replace(/…$/, '');
  if (FULL.test(t)) return t;
  const found = new Set<string>();
  for (const sql of SOURCES[kind]) for (const r of db.prepare(sql).all(`${t}%`) as { p: string | null }[]) if (r.p && r.p.startsWith(t)) found.add(r.p);
  if (found.size === 1) return [...found][0]!;
  if (found.size === 0) throw new UsageError(`no ${kind === 'phone' ? 'phone' : 'extension'} pseudonym of this case starts with ${t} (${what})`);
  throw new UsageError(`${found.size} pseudonyms of this case start with ${t}: ${[...found].sort().slice(0, 5).join(', ')}${found.size > 5 ? ', …' : ''}; give more digits (${what})`);
}
