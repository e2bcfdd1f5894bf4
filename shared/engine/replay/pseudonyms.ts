// Pseudonyms as people copy them: the tables print the first 10 or 12 hex
// digits and an ellipsis (`81cb7832b9…`), the JSON forms all 64. A prefix of
// at least 8 digits names a pseudonym when exactly one of the case starts
// with it. The CLI's flags and the screens' filters both read them here.
import type Database from 'better-sqlite3';

const FULL = /^[0-9a-f]{64}$/;
const PREFIX = /^[0-9a-f]{8,63}$/;

/** Where a kind of pseudonym lives in the case. */
const SOURCES = {
  phone: ['SELECT DISTINCT phone_pseudonym AS p FROM reveal_events WHERE phone_pseudonym LIKE ?', 'SELECT DISTINCT phone_pseudonym AS p FROM reveal_rows WHERE phone_pseudonym LIKE ?'],
  extension: ['SELECT DISTINCT ext_pseudonym AS p FROM certificates WHERE ext_pseudonym LIKE ?', 'SELECT DISTINCT ext_pseudonym AS p FROM dump_extensions WHERE ext_pseudonym LIKE ?'],
} as const;

export type PseudonymKind = keyof typeof SOURCES;

export type PseudonymMatch =
  | { kind: 'found'; pseudonym: string }
  | { kind: 'none'; prefix: string }
  /** `matches`: at most the first five, sorted; `count` all of them. */
  | { kind: 'several'; prefix: string; count: number; matches: string[] }
  | { kind: 'not_a_pseudonym' };

/** The text as typed, without the ellipsis the tables print. */
function bare(text: string): string {
  return text.trim().replace(/…$/, '');
}

export function isPseudonymText(text: string): boolean {
  const t = bare(text);
  return FULL.test(t) || PREFIX.test(t);
}

/** What `text` names among the case's pseudonyms of `kind`. */
export function matchPseudonym(db: Database.Database, kind: PseudonymKind, text: string): PseudonymMatch {
  const t = bare(text);
  if (FULL.test(t)) return { kind: 'found', pseudonym: t };
  if (!PREFIX.test(t)) return { kind: 'not_a_pseudonym' };
  const found = new Set<string>();
  for (const sql of SOURCES[kind]) for (const r of db.prepare(sql).all(`${t}%`) as { p: string | null }[]) if (r.p && r.p.startsWith(t)) found.add(r.p);
  if (found.size === 1) return { kind: 'found', pseudonym: [...found][0]! };
  if (found.size === 0) return { kind: 'none', prefix: t };
  return { kind: 'several', prefix: t, count: found.size, matches: [...found].sort().slice(0, 5) };
}
