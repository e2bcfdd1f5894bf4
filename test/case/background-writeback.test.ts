// The import's early writeback of the case file: a hint to the disk that must
// never loosen SQLite's hold on the file. Closing any descriptor of a file
// drops every POSIX lock the process holds on it, so the writeback's own
// descriptor may only be closed after the connection: while it is open, and
// after its flushes ran, another connection must still be locked out of the
// import's transaction.
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BackgroundWriteback } from '../../shared/engine/case/background-writeback.js';
import { scratch } from '../crosscheck/pipeline.js';

const tmp = scratch('natalia-writeback-');
afterAll(() => tmp.cleanup());

/**
 * Whether another process can start a write transaction on the database now.
 * (Another process: SQLite shares its lock state between the connections of
 * one process, so only another process sees the file's POSIX locks.)
 */
function otherProcessCanWrite(path: string): boolean {
  const script = `const D = require('better-sqlite3'); const db = new D(process.argv[1], { timeout: 0 });
    try { db.exec('BEGIN IMMEDIATE'); db.exec('ROLLBACK'); process.stdout.write('yes'); } catch (e) { process.stdout.write(String(e.code)); }`;
  const r = spawnSync(process.execPath, ['-e', script, path], { encoding: 'utf8', cwd: process.cwd() });
  if (r.status !== 0) throw new Error(`probe failed: ${r.stderr}`);
  if (r.stdout !== 'yes' && r.stdout !== 'SQLITE_BUSY') throw new Error(`probe said ${r.stdout}`);
  return r.stdout === 'yes';
}

/** Descriptors of this process open on `path` (Linux). */
function openDescriptors(path: string): number {
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(join('/proc/self/fd', fd)) === path;
    } catch {
      return false;
    }
  }).length;
}

describe('background writeback of a case file', () => {
  it('flushes every N bytes and at the end without releasing the transaction\'s locks, and closes its descriptor last', async () => {
    const path = join(tmp.dir, 'locks.natalia');
    const db = new Database(path);
    db.pragma('journal_mode = DELETE');
    db.exec('CREATE TABLE t (x BLOB)');
    db.exec('BEGIN IMMEDIATE');
    const insert = db.prepare('INSERT INTO t VALUES (?)');
    const wb = new BackgroundWriteback(path, 64 * 1024);
    const before = openDescriptors(path);
    for (let i = 0; i < 8; i++) {
      insert.run(Buffer.alloc(32 * 1024, i));
      wb.wrote(32 * 1024);
      await wb.idle();
    }
    wb.flush();
    await wb.idle();
    // The writeback has a descriptor of its own on the file...

    expect(openDescriptors(path)).toBe(before + 1);
    // ...and the import's transaction still holds its lock: another process cannot write.
    expect(otherProcessCanWrite(path)).toBe(false);
    db.exec('COMMIT');
    db.close();
    await wb.close();
    expect(openDescriptors(path)).toBe(0);
    expect(otherProcessCanWrite(path)).toBe(true);
    const check = new Database(path, { readonly: true });
    expect((check.prepare('SELECT count(*) AS n FROM t').get() as { n: number }).n).toBe(8);
    check.close();
  });

  it('is only a hint: a file it cannot open makes no error, and closing twice is harmless', async () => {
    const wb = new BackgroundWriteback(join(tmp.dir, 'no-such-dir', 'case.natalia'), 1);
    wb.wrote(10);
    await wb.idle();
    await wb.close();
    await wb.close();
  });
});
