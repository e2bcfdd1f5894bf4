// Case format 4: each declared CAIQ answer says which CAIQ release it answers.
// Ids are not stable across releases (v4.1 renumbered 60 controls and renamed
// IVS to I&S), so an answer is current per question id and release. Rows made
// before this step answered v4.0.3, the only release the workstation knew.
//
// ALTER TABLE ... ADD COLUMN with a constant default rewrites no row, so the
// append-only triggers of declared_answers are not involved.
import type { Migration } from './migration.js';

export const migration0004: Migration = {
  version: 4,
  name: 'answer-caiq-version',
  up(db) {
    db.exec(`ALTER TABLE declared_answers ADD COLUMN caiq_version TEXT NOT NULL DEFAULT '4.0.3' CHECK (caiq_version IN ('4.0.3', '4.1.0'))`);
  },
};
