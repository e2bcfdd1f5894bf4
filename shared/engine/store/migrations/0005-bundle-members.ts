// Case format 5: the files inside an archive bundle (zip, tar.gz), each with
// the SHA-256 the verification computed when it checked them against the
// bag's manifests. A case keeps an archive as one file (bundle_files holds the
// archive's own hash), so before this step a report could cite an archive
// member only by the archive's hash. A directory bag's files are in
// bundle_files already and get no rows here.
//
// Imports made before this step have no rows: their citations keep naming
// the archive's hash, and verifying the bundle again does not add them (the
// import's custody digest binds the rows it stored). Write-once, as every
// evidence table (0001-initial.ts).
import type { Migration } from './migration.js';

export const migration0005: Migration = {
  version: 5,
  name: 'bundle-members',
  up(db) {
    db.exec(`
CREATE TABLE bundle_members (
  bundle_id INTEGER NOT NULL REFERENCES bundles(id),
  path TEXT NOT NULL,
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
  PRIMARY KEY (bundle_id, path)
) WITHOUT ROWID;
CREATE TRIGGER bundle_members_no_update BEFORE UPDATE ON bundle_members
BEGIN SELECT RAISE(ABORT, 'bundle_members holds evidence and is write-once'); END;
CREATE TRIGGER bundle_members_no_delete BEFORE DELETE ON bundle_members
BEGIN SELECT RAISE(ABORT, 'bundle_members holds evidence and is write-once'); END;
`);
  },
};
