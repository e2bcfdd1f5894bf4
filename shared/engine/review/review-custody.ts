// The review events against the custody entries that recorded them. The
// findings report cites the auditor's decisions and comments: a decision
// changed, added or removed in the case file with a database tool must break
// custody, as an edited verification does (case/custody-log.ts).
import type Database from 'better-sqlite3';
import type { CustodyRecord } from '../case/custody-log.js';

interface Row {
  id: number;
  subject: string;
  kind: string;
  value: string | null;
  reason: string | null;
  reviewer: string;
  at: string;
}

export function reviewEventProblems(db: Database.Database, records: readonly CustodyRecord[]): { seq: number; message: string }[] {
  // A case of an older format has no review table yet.
  if (db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'review_events'").get() === undefined) return [];
  const rows = new Map((db.prepare('SELECT id, subject, kind, value, reason, reviewer, at FROM review_events').all() as Row[]).map((r) => [r.id, r]));
  const problems: { seq: number; message: string }[] = [];
  const recorded = new Set<number>();
  for (const r of records) {
    if (r.action !== 'review.annotate' || typeof r.details.event_id !== 'number') continue;
    const id = r.details.event_id;
    recorded.add(id);
    const row = rows.get(id);
    const d = r.details;
    if (!row) problems.push({ seq: r.seq, message: `review event #${id}, recorded by custody entry ${r.seq}, is missing from the case` });
    else if (row.subject !== d.subject || row.kind !== d.kind || row.value !== (d.value ?? null) || row.reason !== (d.reason ?? null) || row.reviewer !== d.reviewer || row.at !== d.at) {
      problems.push({ seq: r.seq, message: `review event #${id} is not what custody entry ${r.seq} recorded: the case file was edited` });
    }
  }
  for (const id of rows.keys()) {
    if (!recorded.has(id)) problems.push({ seq: 0, message: `review event #${id} is in the case but no custody entry records it: it was not made by the workstation` });
  }
  return problems;
}
