// Brings a store to the current case format, or refuses it clearly. The format
// is PRAGMA user_version; PRAGMA application_id marks the file as ours, so an
// unrelated SQLite file is never "migrated" into a case.
import type Database from 'better-sqlite3';
import { CASE_FORMAT_VERSION, MIGRATIONS, type Migration } from './migrations/index.js';
import { EngineError } from '../engine-error.js';

/** 'NTLA' in ASCII: identifies a Natalia case file. */
export const APPLICATION_ID = 0x4e544c41;

export class CaseFormatError extends EngineError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('CASE_FORMAT', message, options);
    this.name = 'CaseFormatError';
  }
}

/**
 * Applies the migrations the store lacks, each in its own transaction.
 * Throws CaseFormatError for a file made by a newer workstation or not made by this one.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS, path = db.name): number {
  const latest = migrations.length ? migrations[migrations.length - 1]!.version : 0;
  const version = formatOf(db, latest, path);
  for (const m of migrations) {
    if (m.version <= version) continue;
    db.transaction(() => {
      // Another process may have brought the file this far while this one waited for the write
      // lock (two imports creating the same case): the version read under the lock decides.
      if (m.version <= (db.pragma('user_version', { simple: true }) as number)) return;
      m.up(db);
      db.pragma(`application_id = ${APPLICATION_ID}`);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
  return latest;
}

/** For a read-only open: the file must be a case of exactly the current format. */
export function checkFormat(db: Database.Database, path = db.name): void {
  const version = formatOf(db, CASE_FORMAT_VERSION, path);
  if (version === 0) throw new CaseFormatError(`${path} is not a Natalia case file.`);
  if (version < CASE_FORMAT_VERSION) {
    throw new CaseFormatError(`${path} uses case format ${version}; open it once for writing so this workstation can bring it to format ${CASE_FORMAT_VERSION}.`);
  }
}

/** The case format of `db` (0 for an empty file), or CaseFormatError when it cannot be ours to read. */
export function formatOf(db: Database.Database, latest: number = CASE_FORMAT_VERSION, path = db.name): number {
  let version: number;
  try {
    version = db.pragma('user_version', { simple: true }) as number;
  } catch (e) {
    throw new CaseFormatError(`${path} cannot be read as a case file: ${(e as Error).message}.`);
  }
  const appId = db.pragma('application_id', { simple: true }) as number;
  if (version === 0) {
    const objects = db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%'").get() as { n: number };
    if (objects.n > 0 && appId !== APPLICATION_ID) {
      throw new CaseFormatError(`${path} is an SQLite database but not a Natalia case file; choose another file name.`);
    }
  } else if (appId !== APPLICATION_ID) {
    throw new CaseFormatError(`${path} is not a Natalia case file.`);
  }
  if (version > latest) {
    throw new CaseFormatError(
      `${path} was written by a newer Natalia workstation (case format ${version}; this workstation reads formats up to ${latest}). ` +
        'Open it with that version or a later one; it was left unchanged.',
    );
  }
  return version;
}

export { CASE_FORMAT_VERSION };
