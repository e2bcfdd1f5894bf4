// Case format: numbered migrations, each tested on an in-memory database;
// newer and foreign files refused without being touched; evidence write-once.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, CASE_FORMAT_VERSION } from '../../shared/engine/store/migrations/index.js';
import { APPLICATION_ID, CaseFormatError, migrate } from '../../shared/engine/store/migrate.js';
import { EvidenceStore } from '../../shared/engine/store/evidence-store.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'natalia-store-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

describe('migrations', () => {
  it('are numbered 1, 2, ... in order', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(CASE_FORMAT_VERSION).toBe(MIGRATIONS.length);
  });

  for (const m of MIGRATIONS) {
    it(`${String(m.version).padStart(4, '0')}-${m.name} applies on an in-memory database on top of the ones before`, () => {
      const db = new Database(':memory:');
      migrate(db, MIGRATIONS.slice(0, m.version - 1));
      // What each migration changed in the schema: a new object, or a definition it altered (ALTER TABLE).
      const schema = () => (db.prepare('SELECT name, sql FROM sqlite_schema').all() as { name: string; sql: string | null }[]).map((r) => `${r.name}\n${r.sql ?? ''}`);
      const before = new Set(schema());
      migrate(db, MIGRATIONS.slice(0, m.version));
      expect(db.pragma('user_version', { simple: true })).toBe(m.version);
      expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
      const after = schema();
      expect(after.filter((n) => !before.has(n)).length).toBeGreaterThan(0);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      db.close();
    });
  }

  it('0001 creates the evidence, verification, custody, notes and tags tables', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS.slice(0, 1));
    const tables = (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
    for (const t of ['bundles', 'bundle_files', 'bundle_content', 'audit_entries', 'reveal_events', 'reveal_rows', 'certificates', 'dump_cdr', 'dump_erasures', 'verifications', 'findings', 'custody_log', 'notes', 'tags']) {
      expect(tables).toContain(t);
    }
    db.close();
  });

  it('a migration another process applied while this one waited for the lock is not applied again', () => {
    // Two imports creating the same case: both read format 0, one migrates first. The other's
    // migrations must go by the format read under the write lock, not the one read before.
    const path = join(dir, 'race.case');
    const mine = new Database(path);
    const theirs = new Database(path);
    const [m1] = MIGRATIONS;
    let reads = 0;
    const racing = [
      {
        name: m1!.name,
        up: m1!.up,
        // Read once for the latest version, then once before its transaction: the other process runs in between.
        get version() {
          if (++reads === 2) migrate(theirs, [m1!]);
          return m1!.version;
        },
      },
    ];
    expect(() => migrate(mine, racing)).not.toThrow();
    expect(reads).toBeGreaterThanOrEqual(2);
    expect(mine.pragma('user_version', { simple: true })).toBe(1);
    expect(mine.pragma('integrity_check', { simple: true })).toBe('ok');
    mine.close();
    theirs.close();
  });

  it('running them again is a no-op', () => {
    const db = new Database(':memory:');
    migrate(db);
    migrate(db);
    expect(db.pragma('user_version', { simple: true })).toBe(CASE_FORMAT_VERSION);
    db.close();
  });
});

describe('opening case files', () => {
  it('refuses a case made by a newer workstation, clearly, and leaves it untouched', () => {
    const p = join(dir, 'newer.case');
    EvidenceStore.open(p, { create: true }).close();
    const db = new Database(p);
    db.pragma(`user_version = ${CASE_FORMAT_VERSION + 1}`);
    db.close();
    const before = sha(p);
    expect(() => EvidenceStore.open(p)).toThrow(CaseFormatError);
    expect(() => EvidenceStore.open(p)).toThrow(`newer Natalia workstation (case format ${CASE_FORMAT_VERSION + 1}; this workstation reads formats up to ${CASE_FORMAT_VERSION})`);
    expect(sha(p)).toBe(before);
  });

  it('refuses an SQLite file that is not a case, and a file that is not SQLite', () => {
    const other = join(dir, 'other.db');
    const db = new Database(other);
    db.exec('CREATE TABLE t (x)');
    db.close();
    const before = sha(other);
    expect(() => EvidenceStore.open(other)).toThrow(/not a Natalia case file/);
    expect(sha(other)).toBe(before);

    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'just some text, long enough to have a header of sorts....................................................');
    expect(() => EvidenceStore.open(text)).toThrow(CaseFormatError);
  });

  it('a case file is one file at rest (rollback journal, not WAL)', () => {
    const p = join(dir, 'one.case');
    const s = EvidenceStore.open(p, { create: true });
    expect(s.db.pragma('journal_mode', { simple: true })).toBe('delete');
    s.close();
  });

  it('a read-only open reads a current case and refuses to write', () => {
    const p = join(dir, 'ro.case');
    EvidenceStore.open(p, { create: true }).close();
    const ro = EvidenceStore.open(p, { readonly: true });
    expect(() => ro.beginBundle({ name: 'x', source_path: 'x', source_sha256: null, form: 'directory', installation_id: null, exported_at: null })).toThrow();
    ro.close();
  });
});

describe('evidence is write-once', () => {
  it('refuses UPDATE and DELETE on evidence and custody tables', () => {
    const s = EvidenceStore.openInMemory();
    const id = s.beginBundle({ name: 'b', source_path: '/b', source_sha256: null, form: 'directory', installation_id: 'NAT-X', exported_at: null });
    expect(() => s.db.prepare("UPDATE bundles SET name = 'other' WHERE id = ?").run(id)).toThrow(/write-once/);
    expect(() => s.db.prepare('DELETE FROM bundles WHERE id = ?').run(id)).toThrow(/write-once/);
    s.db.prepare("INSERT INTO custody_log VALUES (1, 't', 'u', 'h', 'v', 'a', '{}', 'p', 'h')").run();
    expect(() => s.db.prepare("UPDATE custody_log SET action = 'b'").run()).toThrow(/write-once/);
    expect(() => s.db.prepare('DELETE FROM custody_log').run()).toThrow(/write-once/);
    s.close();
  });

  it('a temporary store is removed with its folder', () => {
    const s = EvidenceStore.openTemporary(dir);
    const p = s.path;
    expect(readFileSync(p).length).toBeGreaterThan(0);
    s.close();
    expect(() => readFileSync(p)).toThrow();
  });
});
