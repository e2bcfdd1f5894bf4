// Only `open` and `import` may create a case: every other command given a file
// that is not a case (0 bytes, an empty SQLite database, another SQLite file)
// refuses it in one line, exit 2, and leaves it exactly as it was.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { natalia } from '../cli/cli-harness.js';

const dir = mkdtempSync(join(tmpdir(), 'natalia-not-a-case-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function emptyFile(): string {
  const p = join(dir, `empty-${Math.random().toString(36).slice(2)}.case`);
  writeFileSync(p, '');
  return p;
}

function emptySqlite(): string {
  const p = join(dir, `sqlite-${Math.random().toString(36).slice(2)}.case`);
  const db = new Database(p);
  db.pragma('user_version = 0');
  db.exec('VACUUM');
  db.close();
  return p;
}

function otherSqlite(): string {
  const p = join(dir, `other-${Math.random().toString(36).slice(2)}.db`);
  const db = new Database(p);
  db.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1);');
  db.close();
  return p;
}

const COMMANDS: [string, (c: string) => string[]][] = [
  ['custody', (c) => ['custody', c]],
  ['reveals', (c) => ['reveals', c]],
  ['replay', (c) => ['replay', c, '--at', '2026-03-01T00:00:00.000Z']],
  ['erasures', (c) => ['erasures', c]],
  ['caiq', (c) => ['caiq', c, '--out', join(dir, `caiq-${Math.random().toString(36).slice(2)}.xlsx`)]],
  ['erasure-report', (c) => ['erasure-report', c, 'ERA-1', '--lang', 'en', '--out', join(dir, `e-${Math.random().toString(36).slice(2)}.pdf`)]],
  ['answers', (c) => ['answers', 'list', c]],
];

describe('a file that is not a case', () => {
  // Each command meets one kind (the CLI runs are slow); custody meets all three.
  const KINDS = [emptyFile, emptySqlite, otherSqlite];
  COMMANDS.forEach(([name, args], i) => {
    it(`${name} refuses it in one line, exit 2, and leaves it unchanged`, () => {
      for (const make of i === 0 ? KINDS : [KINDS[i % KINDS.length]!]) {
        const path = make();
        const before = readFileSync(path);
        const r = natalia(args(path));
        expect(r.code, `${name} ${path}`).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
        expect(r.stderr).toMatch(/not a Natalia case file/);
        expect(readFileSync(path).equals(before), `${name} changed ${path}`).toBe(true);
        expect(statSync(path).size).toBe(before.length);
      }
    }, 60_000);
  });
});
