// Case format 2: what the auditor declares, kept in the case instead of being
// passed on the command line each time.
//
// - declared_answers: the CAIQ answer library (reports/caiq/answer-library.ts).
//   A changed answer is a new row with the next version; the rows before it
//   stay, so the case shows who said what, when, and what replaced it. The
//   current answer to a question is its highest version.
// - erasure_extensions and erasure_reviews: the facts of an erasure report the
//   appliance does not record (a deadline extension notified to the data
//   subject, the DPO's review), latest row first, earlier ones kept.
//
// All three are append-only like the notes: triggers refuse UPDATE and DELETE,
// and every row has its custody entry (case/custody-log.ts).
import type { Migration } from './migration.js';

const SCHEMA = `
CREATE TABLE declared_answers (
  id INTEGER PRIMARY KEY,
  question_id TEXT NOT NULL,
  -- 1 for the first declaration of the question, then 2, 3... The highest is current.
  version INTEGER NOT NULL CHECK (version >= 1),
  answer TEXT NOT NULL CHECK (answer IN ('Yes', 'No', 'NA')),
  -- SSRM control ownership (column D); NULL for NA, as the workbook wants.
  ownership TEXT,
  -- Column E: the description (for NA, why the question is out of scope).
  implementation TEXT NOT NULL,
  -- Column F, when given.
  csc_responsibilities TEXT,
  author TEXT NOT NULL,
  -- When the author made the statement (RFC 3339 UTC with milliseconds; kept across cases).
  declared_at TEXT NOT NULL,
  -- JSON array of what it leans on: {"kind":"check","check":ID} or {"kind":"document","title",...}.
  leans_on TEXT NOT NULL,
  -- When and by whom this row entered this case, and how: {"kind":"declare"} or
  -- {"kind":"import","file","sha256"[,"author","declared_at" as in the file when --author replaced them]}.
  recorded_at TEXT NOT NULL,
  os_user TEXT NOT NULL,
  source TEXT NOT NULL,
  UNIQUE (question_id, version)
);

-- A deadline extension (GDPR art. 12(3)) the data subject was told of, per certificate.
CREATE TABLE erasure_extensions (
  id INTEGER PRIMARY KEY,
  certificate_id TEXT NOT NULL,
  -- The new deadline announced to the data subject, when one was (at most three months from receipt).
  extended_to TEXT,
  notified_at TEXT NOT NULL,
  reason TEXT NOT NULL,
  decided_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  os_user TEXT NOT NULL
);
CREATE INDEX erasure_extensions_certificate ON erasure_extensions(certificate_id, id);

-- The review of an erasure report, per report target: a certificate id, or ext:PSEUDONYM for a data subject.
CREATE TABLE erasure_reviews (
  id INTEGER PRIMARY KEY,
  target TEXT NOT NULL,
  reviewer TEXT NOT NULL,
  reviewed_at TEXT NOT NULL,
  note TEXT,
  recorded_at TEXT NOT NULL,
  os_user TEXT NOT NULL
);
CREATE INDEX erasure_reviews_target ON erasure_reviews(target, id);
`;

function appendOnly(table: string): string {
  return `
CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table}
BEGIN SELECT RAISE(ABORT, '${table} is append-only: record a new version instead'); END;
CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table}
BEGIN SELECT RAISE(ABORT, '${table} is append-only: record a new version instead'); END;`;
}

export const migration0002: Migration = {
  version: 2,
  name: 'answer-library',
  up(db) {
    db.exec(SCHEMA);
    db.exec(['declared_answers', 'erasure_extensions', 'erasure_reviews'].map(appendOnly).join('\n'));
  },
};
