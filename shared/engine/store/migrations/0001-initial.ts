// Case format 1: the evidence as imported, what the workstation concluded from
// it, and what the auditor added (custody log, notes, tags).
//
// Evidence tables (bundle_*, audit_*, reveal_*, certificates, dump_*) are
// write-once: triggers refuse UPDATE and DELETE, so nothing the workstation
// runs later can alter what was imported. A failed import is undone by the
// transaction's rollback, which triggers do not see.
//
// Times: each evidence time is kept as the text the evidence holds, and where
// queries compare or sort it, also as epoch milliseconds (`*_ms`) so that
// text forms (offsets, fractional digits) never decide an order.
import type { Migration } from './migration.js';

const EVIDENCE_TABLES = [
  'bundles',
  'bundle_files',
  'bundle_content',
  'audit_entries',
  'reveal_events',
  'reveal_rows',
  'certificates',
  'dump_tenants',
  'dump_users',
  'dump_extensions',
  'dump_cdr',
  'dump_cdr_extensions',
  'dump_cdr_days',
  'dump_cdr_oldest',
  'dump_reveals',
  'dump_erasures',
  'dump_license_state',
  'custody_log',
];

const SCHEMA = `
CREATE TABLE case_info (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- One row per imported bundle (successive exports of one installation are separate rows).
CREATE TABLE bundles (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  source_path TEXT NOT NULL,
  form TEXT NOT NULL,
  -- SHA-256 of the archive file as given (NULL for a directory: see bundle_files).
  source_sha256 TEXT,
  installation_id TEXT,
  exported_at TEXT,
  exported_ms INTEGER,
  loaded_at TEXT NOT NULL,
  workstation_version TEXT NOT NULL
);

-- Every file of the bag as read at import, with its hash.
CREATE TABLE bundle_files (
  bundle_id INTEGER NOT NULL REFERENCES bundles(id),
  path TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  PRIMARY KEY (bundle_id, path)
) WITHOUT ROWID;

-- The bytes of the bundle as given (archive file, or each file of a directory bag), in chunks.
CREATE TABLE bundle_content (
  bundle_id INTEGER NOT NULL REFERENCES bundles(id),
  path TEXT NOT NULL,
  chunk INTEGER NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY (bundle_id, path, chunk)
);

-- Summary of the audit log pass (written once, when the sink is flushed).
CREATE TABLE audit_ranges (
  bundle_id INTEGER PRIMARY KEY REFERENCES bundles(id),
  first_seq INTEGER,
  last_seq INTEGER,
  entry_count INTEGER NOT NULL,
  stored_count INTEGER NOT NULL,
  -- 1 when every entry was kept (case import), 0 when only those cross-checks and replay need.
  all_entries INTEGER NOT NULL,
  first_ts TEXT,
  last_ts TEXT
);

-- Audit entries in chain order (ord). seq is not unique: a tampered log may repeat one.
CREATE TABLE audit_entries (
  id INTEGER PRIMARY KEY,
  bundle_id INTEGER NOT NULL REFERENCES bundles(id),
  ord INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  ts TEXT NOT NULL,
  ts_ms INTEGER,
  tenant TEXT NOT NULL,
  actor TEXT NOT NULL,
  role TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  outcome TEXT NOT NULL,
  motive TEXT NOT NULL,
  source_ip TEXT NOT NULL,
  user_agent TEXT NOT NULL,
  request_id TEXT NOT NULL,
  details TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  kid TEXT NOT NULL,
  sig TEXT NOT NULL,
  file TEXT NOT NULL,
  line INTEGER NOT NULL
);
-- The explorer's sort orders, each ending in (seq, ord) so pages are stable even when a tampered log repeats a seq.
CREATE INDEX audit_entries_seq ON audit_entries(bundle_id, seq, ord);
CREATE INDEX audit_entries_ts ON audit_entries(bundle_id, ts_ms, seq, ord);
CREATE INDEX audit_entries_actor ON audit_entries(bundle_id, actor, seq, ord);
CREATE INDEX audit_entries_action ON audit_entries(bundle_id, action, seq, ord);
CREATE INDEX audit_entries_tenant ON audit_entries(bundle_id, tenant, seq, ord);
CREATE INDEX audit_entries_outcome ON audit_entries(bundle_id, outcome, seq, ord);

-- phone.reveal entries, with their details as columns, for replay and the register check.
CREATE TABLE reveal_events (
  id INTEGER PRIMARY KEY,
  bundle_id INTEGER NOT NULL REFERENCES bundles(id),
  seq INTEGER NOT NULL,
  ts TEXT NOT NULL,
  ts_ms INTEGER,
  tenant TEXT NOT NULL,
  actor TEXT NOT NULL,
  role TEXT NOT NULL,
  outcome TEXT NOT NULL,
  motive TEXT NOT NULL,
  target TEXT NOT NULL,
  reveal_id TEXT,
  field TEXT,
  phone_pseudonym TEXT,
  last4 TEXT,
  -- JSON array of usernames, as in the entry.
  alert_sent_to TEXT,
  extension_id INTEGER,
  hash TEXT NOT NULL,
  file TEXT NOT NULL,
  line INTEGER NOT NULL
);
CREATE INDEX reveal_events_seq ON reveal_events(bundle_id, seq);
CREATE INDEX reveal_events_ts ON reveal_events(bundle_id, ts_ms);
CREATE INDEX reveal_events_actor ON reveal_events(bundle_id, actor, ts_ms);
CREATE INDEX reveal_events_tenant ON reveal_events(bundle_id, tenant, ts_ms);
CREATE INDEX reveal_events_phone ON reveal_events(bundle_id, phone_pseudonym, ts_ms);
CREATE INDEX reveal_events_extension ON reveal_events(bundle_id, extension_id, ts_ms);
CREATE INDEX reveal_events_reveal_id ON reveal_events(bundle_id, reveal_id);

-- Rows of data/reveal/reveal-log.csv, cells exactly as read (TEXT affinity keeps "0854" as text).
CREATE TABLE reveal_rows (
  id INTEGER PRIMARY KEY,
  bundle_id INTEGER NOT NULL REFERENCES bundles(id),
  file TEXT NOT NULL,
  line INTEGER NOT NULL,
  reveal_id TEXT NOT NULL,
  ts TEXT NOT NULL,
  tenant TEXT NOT NULL,
  actor TEXT NOT NULL,
  role TEXT NOT NULL,
  cdr_id TEXT NOT NULL,
  extension_id TEXT NOT NULL,
  field TEXT NOT NULL,
  phone_pseudonym TEXT NOT NULL,
  last4 TEXT NOT NULL,
  motive TEXT NOT NULL,
  alert_sent_to TEXT NOT NULL,
  audit_seq TEXT NOT NULL,
  audit_hash TEXT NOT NULL
);
CREATE INDEX reveal_rows_seq ON reveal_rows(bundle_id, audit_seq);
CREATE INDEX reveal_rows_reveal_id ON reveal_rows(bundle_id, reveal_id);

-- Erasure certificates: the object as read (JCS text) and the fields queries use.
CREATE TABLE certificates (
  id INTEGER PRIMARY KEY,
  bundle_id INTEGER NOT NULL REFERENCES bundles(id),
  file TEXT NOT NULL,
  certificate_id TEXT,
  json TEXT NOT NULL,
  -- valid | invalid | unknown_key | malformed
  signature TEXT NOT NULL,
  signature_note TEXT,
  tenant TEXT,
  extension_id INTEGER,
  ext_pseudonym TEXT,
  received_at TEXT,
  executed_at TEXT,
  executed_ms INTEGER,
  request_seq INTEGER,
  execution_seq INTEGER,
  issued_at TEXT
);
CREATE INDEX certificates_id ON certificates(bundle_id, certificate_id);
CREATE INDEX certificates_extension ON certificates(bundle_id, extension_id);

-- Database dump tables (spec §5): values as typed by the dump reader, times as UTC text plus *_ms.
CREATE TABLE dump_tenants (
  bundle_id INTEGER NOT NULL REFERENCES bundles(id),
  line INTEGER NOT NULL,
  id TEXT,
  name TEXT,
  retention_months INTEGER,
  created_at TEXT
);
CREATE INDEX dump_tenants_id ON dump_tenants(bundle_id, id);

CREATE TABLE dump_users (
  bundle_id INTEGER NOT NULL REFERENCES bundles(id),
  line INTEGER NOT NULL,
  id INTEGER,
  tenant_id TEXT,
  username TEXT,
  role TEXT,
  created_at TEXT,
  disabled_at TEXT,
  disabled_ms INTEGER
);
CREATE INDEX dump_users_username ON dump_users(bundle_id, username);

CREATE TABLE dump_extensions (
  bundle_id INTEGER NOT NULL REFERENCES bundles(id),
  line INTEGER NOT NULL,
  id INTEGER,
  tenant_id TEXT,
  ext_pseudonym TEXT,
  label TEXT,
  last4 TEXT,
  created_at TEXT,
  created_ms INTEGER
);
CREATE INDEX dump_extensions_id ON dump_extensions(bundle_id, id);
CREATE INDEX dump_extensions_pseudonym ON dump_extensions(bundle_id, ext_pseudonym);

CREATE TABLE dump_cdr (
  bundle_id INTEGER NOT NULL REFERENCES bundles(id),
  line INTEGER NOT NULL,
  id INTEGER,
  tenant_id TEXT,
  extension_id INTEGER,
  started_at TEXT,
  started_ms INTEGER,
  duration_s INTEGER,
  direction TEXT,
  caller_pseudonym TEXT,
  caller_last4 TEXT,
  callee_pseudonym TEXT,
  callee_last4 TEXT,
  disposition TEXT,
  queue TEXT
);
-- CDR rows of erased extensions (what erasure.incomplete points at); the whole dump is in bundle_content.
CREATE INDEX dump_cdr_extension ON dump_cdr(bundle_id, extension_id, line);

-- CDR summaries gathered while the dump streams (crosscheck/cdr-summary.ts): per extension...
CREATE TABLE dump_cdr_extensions (
  bundle_id INTEGER NOT NULL REFERENCES bundles(id),
  extension_id INTEGER NOT NULL,
  tenant_id TEXT,
  rows INTEGER NOT NULL,
  first_line INTEGER NOT NULL,
  PRIMARY KEY (bundle_id, extension_id)
) WITHOUT ROWID;
-- ...per tenant and purge day (days start at 02:00 UTC)...
CREATE TABLE dump_cdr_days (
  bundle_id INTEGER NOT NULL REFERENCES bundles(id),
  tenant_id TEXT NOT NULL,
  day_ms INTEGER NOT NULL,
  rows INTEGER NOT NULL,
  PRIMARY KEY (bundle_id, tenant_id, day_ms)
) WITHOUT ROWID;
-- ...and the oldest CDR of each tenant.
CREATE TABLE dump_cdr_oldest (
  bundle_id INTEGER NOT NULL REFERENCES bundles(id),
  tenant_id TEXT NOT NULL,
  started_ms INTEGER NOT NULL,
  started_at TEXT NOT NULL,
  line INTEGER NOT NULL,
  id,
  PRIMARY KEY (bundle_id, tenant_id)
) WITHOUT ROWID;

CREATE TABLE dump_reveals (
  bundle_id INTEGER NOT NULL REFERENCES bundles(id),
  line INTEGER NOT NULL,
  id TEXT,
  tenant_id TEXT,
  cdr_id INTEGER,
  extension_id INTEGER,
  actor TEXT,
  revealed_at TEXT,
  revealed_ms INTEGER,
  field TEXT,
  phone_pseudonym TEXT,
  motive TEXT,
  audit_seq INTEGER
);
CREATE INDEX dump_reveals_extension ON dump_reveals(bundle_id, extension_id, line);
CREATE INDEX dump_reveals_cdr ON dump_reveals(bundle_id, cdr_id);

CREATE TABLE dump_erasures (
  bundle_id INTEGER NOT NULL REFERENCES bundles(id),
  line INTEGER NOT NULL,
  certificate_id TEXT,
  tenant_id TEXT,
  extension_id INTEGER,
  ext_pseudonym TEXT,
  requested_at TEXT,
  requested_ms INTEGER,
  executed_at TEXT,
  executed_ms INTEGER,
  cdr_deleted INTEGER,
  audit_seq INTEGER
);
CREATE INDEX dump_erasures_id ON dump_erasures(bundle_id, certificate_id);

CREATE TABLE dump_license_state (
  bundle_id INTEGER NOT NULL REFERENCES bundles(id),
  line INTEGER NOT NULL,
  id INTEGER,
  license_id TEXT,
  installed_at TEXT,
  clock_high_water TEXT,
  clock_high_water_ms INTEGER,
  last_check_at TEXT
);

-- Rows read per dump table (including tables the format does not define).
CREATE TABLE dump_table_counts (
  bundle_id INTEGER NOT NULL REFERENCES bundles(id),
  table_name TEXT NOT NULL,
  rows INTEGER NOT NULL,
  PRIMARY KEY (bundle_id, table_name)
) WITHOUT ROWID;

-- Each verification run of a bundle, newest last; the result as the CLI's --json prints it.
CREATE TABLE verifications (
  id INTEGER PRIMARY KEY,
  bundle_id INTEGER NOT NULL REFERENCES bundles(id),
  created_at TEXT NOT NULL,
  verdict TEXT NOT NULL,
  result TEXT NOT NULL
);
CREATE INDEX verifications_bundle ON verifications(bundle_id, id);

CREATE TABLE findings (
  id INTEGER PRIMARY KEY,
  verification_id INTEGER NOT NULL REFERENCES verifications(id),
  bundle_id INTEGER NOT NULL REFERENCES bundles(id),
  code TEXT NOT NULL,
  severity TEXT NOT NULL,
  file TEXT,
  line INTEGER,
  seq INTEGER,
  certificate_id TEXT,
  reveal_id TEXT,
  message TEXT NOT NULL,
  json TEXT NOT NULL
);
CREATE INDEX findings_verification ON findings(verification_id);
CREATE INDEX findings_seq ON findings(bundle_id, seq);
CREATE INDEX findings_location ON findings(bundle_id, file, line);

-- Chain of custody: append-only, each entry hashing the previous one (case/custody-log.ts).
CREATE TABLE custody_log (
  seq INTEGER PRIMARY KEY,
  ts TEXT NOT NULL,
  os_user TEXT NOT NULL,
  host TEXT NOT NULL,
  workstation_version TEXT NOT NULL,
  action TEXT NOT NULL,
  details TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);

-- The auditor's own notes (append-only: a correction is a new note) and tags.
CREATE TABLE notes (
  id INTEGER PRIMARY KEY,
  created_at TEXT NOT NULL,
  os_user TEXT NOT NULL,
  bundle_id INTEGER REFERENCES bundles(id),
  target TEXT NOT NULL,
  text TEXT NOT NULL
);
CREATE INDEX notes_target ON notes(bundle_id, target);

CREATE TABLE tags (
  id INTEGER PRIMARY KEY,
  created_at TEXT NOT NULL,
  os_user TEXT NOT NULL,
  bundle_id INTEGER REFERENCES bundles(id),
  target TEXT NOT NULL,
  tag TEXT NOT NULL
);
CREATE UNIQUE INDEX tags_unique ON tags(ifnull(bundle_id, 0), target, tag);
CREATE INDEX tags_tag ON tags(tag);
`;

function writeOnceTriggers(table: string): string {
  return `
CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table}
BEGIN SELECT RAISE(ABORT, '${table} holds evidence and is write-once'); END;
CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table}
BEGIN SELECT RAISE(ABORT, '${table} holds evidence and is write-once'); END;`;
}

export const migration0001: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(SCHEMA);
    // notes are append-only too; tags may be removed (the custody log records it).
    db.exec([...EVIDENCE_TABLES, 'notes'].map(writeOnceTriggers).join('\n'));
  },
};
