// The case's copy of each bundle's bytes (bundle_files, bundle_content): the
// questions the screens ask of it to show an evidence file's lines. A bag
// folder is kept file by file, an archive whole; each file in chunks.
import type Database from 'better-sqlite3';

/** The kept paths that are `file` itself or `file` under one folder (a bag given as the folder holding it), LIKE metacharacters taken literally. */
export function keptPathsNamed(db: Database.Database, bundleId: number, file: string): string[] {
  return db
    .prepare("SELECT path FROM bundle_files WHERE bundle_id = ? AND (path = ? OR path LIKE ? ESCAPE '\\')")
    .pluck()
    .all(bundleId, file, '%/' + file.replace(/[\\%_]/g, (c) => '\\' + c)) as string[];
}

/** Every path the case keeps for a bundle (an archive: its one file). */
export function keptPaths(db: Database.Database, bundleId: number): string[] {
  return db.prepare('SELECT path FROM bundle_files WHERE bundle_id = ?').pluck().all(bundleId) as string[];
}

/** How many chunks of a kept file's bytes the case holds (0: imported without a copy of the bytes). */
export function keptChunkCount(db: Database.Database, bundleId: number, path: string): number {
  return db.prepare('SELECT count(*) FROM bundle_content WHERE bundle_id = ? AND path = ?').pluck().get(bundleId, path) as number;
}

/** A kept file's bytes, chunk by chunk in order (streamed: an archive may be gigabytes). */
export function* keptChunks(db: Database.Database, bundleId: number, path: string): Generator<Buffer> {
  for (const data of db.prepare('SELECT data FROM bundle_content WHERE bundle_id = ? AND path = ? ORDER BY chunk').pluck().iterate(bundleId, path)) yield data as Buffer;
}
