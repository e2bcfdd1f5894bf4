// Case format 3: the auditor's review (engine/review).
//
// - review_events: every tag, untag, star, unstar, comment and decision an
//   auditor gave to something of the case (an audit entry, a finding, a reveal
//   review item, an erasure), named by its stable subject key
//   (shared/model/review-subject.ts), so the review survives a re-import of the same
//   evidence. The current state of a subject is replayed from its events; the
//   earlier decisions stay as its history.
// - saved_views: named filters of the audit explorer or the reveals screen;
//   the latest row of a name speaks (a NULL filter: the view was deleted).
//
// Both append-only like the notes: triggers refuse UPDATE and DELETE, and
// every row has its custody entry (case/custody-log.ts).
import type { Migration } from './migration.js';

const SCHEMA = `
CREATE TABLE review_events (
  id INTEGER PRIMARY KEY,
  subject TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('tag', 'untag', 'star', 'unstar', 'comment', 'decision')),
  -- The tag, the comment text, or the decision (accepted, justified, needs_follow_up, false_positive).
  value TEXT,
  -- A decision's reason (required for justified and false_positive).
  reason TEXT,
  reviewer TEXT NOT NULL,
  -- When the reviewer did it, as they state it (RFC 3339 UTC with milliseconds).
  at TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  os_user TEXT NOT NULL
);
CREATE INDEX review_events_subject ON review_events(subject, id);

CREATE TABLE saved_views (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  screen TEXT NOT NULL CHECK (screen IN ('audit', 'reveals')),
  -- The screen's filter as JSON; NULL when the view was deleted.
  filter TEXT,
  recorded_at TEXT NOT NULL,
  os_user TEXT NOT NULL
);
CREATE INDEX saved_views_name ON saved_views(screen, name, id);
`;

function appendOnly(table: string): string {
  return `
CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table}
BEGIN SELECT RAISE(ABORT, '${table} is append-only: record a new event instead'); END;
CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table}
BEGIN SELECT RAISE(ABORT, '${table} is append-only: record a new event instead'); END;`;
}

export const migration0003: Migration = {
  version: 3,
  name: 'review',
  up(db) {
    db.exec(SCHEMA);
    db.exec(['review_events', 'saved_views'].map(appendOnly).join('\n'));
  },
};
