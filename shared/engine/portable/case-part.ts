// The part of a case tagged for a colleague: what a portable case holds when
// the auditor hands on only the items tagged TAG.
//
// The evidence is not cut: every bundle travels with its bytes, derived rows
// and verifications, so the colleague sees the same verdicts and can verify
// each bundle again (the history check also needs every export of an
// installation). What is limited is the auditor's own work: the review
// events of the subjects tagged TAG stay (all of them: tags, star, comments,
// every decision), and the rest of the review, the saved views, the CAIQ
// answer library, the erasure-report reviews and extensions, the parties,
// the notes and the report records are left out.
//
// The chain of custody stays checkable: each entry about something left out
// keeps its seq, time, link and hash but loses its content (WITHHELD_ACTION),
// and a last entry, `case.part`, lists those seqs. So the chain still links
// entry to entry up to the sender's head, every verification and every kept
// review event is still compared with the entry that recorded it, and no
// entry can be withheld later without breaking the chain (custody-log.ts).
import Database from 'better-sqlite3';
import { appendCustody, readCustody, WITHHELD_ACTION } from '../case/custody-log.js';
import { allReviews } from '../review/review-log.js';

/** Custody entries about the evidence: kept whole in a part (review.annotate is kept for the tagged subjects). */
const EVIDENCE_ACTIONS = new Set(['case.create', 'bundle.import', 'bundle.verify', 'bundle.exclude', 'bundle.include', 'case.export', 'case.receive', 'case.part']);

/** The tables of the auditor's own work a part leaves out whole (review_events is cut to the tagged subjects). */
const LEFT_OUT_TABLES = ['saved_views', 'declared_answers', 'erasure_extensions', 'erasure_reviews', 'notes', 'tags'] as const;

export class CasePartError extends Error {
  override name = 'CasePartError';
}

/** What a part holds, as its `case.part` custody entry records it. */
export interface CasePartSummary {
  tag: string;
  /** Subjects tagged TAG, whose review travels. */
  subjects: string[];
  reviewEvents: number;
  /** Custody entries whose content was left out. */
  withheld: number[];
}

/** The subjects whose review currently carries `tag` (refused when there is none: nothing to hand on). */
export function taggedSubjects(db: Database.Database, tag: string): string[] {
  const out = [...allReviews(db).values()].filter((s) => s.tags.includes(tag)).map((s) => s.subject);
  if (out.length === 0) throw new CasePartError(`no item of the case is tagged "${tag}": tag the entries, findings or review items to hand on first`);
  return out.sort();
}

function tableExists(db: Database.Database, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

/**
 * Cuts the copy of a case at `path` (a private snapshot, never the case
 * itself) down to the part tagged `tag`, then compacts it so nothing left out
 * stays in its free pages.
 */
export function cutToTaggedPart(path: string, tag: string, subjects: readonly string[], sourceHead: string): CasePartSummary {
  const db = new Database(path);
  try {
    db.pragma('secure_delete = ON');
    const keep = new Set(subjects);
    const summary = db.transaction((): CasePartSummary => {
      const tables = ['custody_log', 'review_events', ...LEFT_OUT_TABLES].filter((t) => tableExists(db, t));
      const inList = tables.map(() => '?').join(',');
      // The write-once triggers guard the case; this is its private copy, and they are put back as they were.
      const triggers = db.prepare(`SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name IN (${inList})`).all(...tables) as { name: string; sql: string }[];
      for (const t of triggers) db.exec(`DROP TRIGGER "${t.name.replace(/"/g, '""')}"`);

      const hide = db.prepare(`UPDATE custody_log SET os_user = '', host = '', workstation_version = '', action = ?, details = '{}' WHERE seq = ?`);
      for (const r of readCustody(db)) {
        const kept = EVIDENCE_ACTIONS.has(r.action) || (r.action === 'review.annotate' && keep.has(String(r.details.subject)));
        if (kept || r.action === WITHHELD_ACTION) continue;
        hide.run(WITHHELD_ACTION, r.seq);
      }
      let reviewEvents = 0;
      if (tableExists(db, 'review_events')) {
        const del = db.prepare('DELETE FROM review_events WHERE subject = ?');
        const subjectsHeld = (db.prepare('SELECT DISTINCT subject FROM review_events').all() as { subject: string }[]).map((r) => r.subject);
        for (const s of subjectsHeld) if (!keep.has(s)) del.run(s);
        reviewEvents = (db.prepare('SELECT count(*) AS n FROM review_events').get() as { n: number }).n;
      }
      for (const t of LEFT_OUT_TABLES) if (tableExists(db, t)) db.exec(`DELETE FROM ${t}`);
      for (const t of triggers) db.exec(t.sql);

      // Those withheld now, and those a part this case was received as had already withheld.
      const all = readCustody(db).filter((r) => r.action === WITHHELD_ACTION).map((r) => r.seq);
      appendCustody(db, 'case.part', { tag, subjects: [...subjects], review_events: reviewEvents, withheld: all, source_custody_head: sourceHead });
      return { tag, subjects: [...subjects], reviewEvents, withheld: all };
    })();
    db.exec('VACUUM');
    return summary;
  } finally {
    db.close();
  }
}

/** The part a case file is, when it is one: its latest `case.part` entry. */
export function partOf(db: Database.Database): CasePartSummary | undefined {
  const r = readCustody(db)
    .filter((x) => x.action === 'case.part')
    .at(-1);
  if (!r) return undefined;
  const d = r.details;
  return {
    tag: String(d.tag ?? ''),
    subjects: Array.isArray(d.subjects) ? d.subjects.map(String) : [],
    reviewEvents: typeof d.review_events === 'number' ? d.review_events : 0,
    withheld: Array.isArray(d.withheld) ? d.withheld.filter((s): s is number => typeof s === 'number') : [],
  };
}
