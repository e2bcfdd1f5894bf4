// The API's handlers and bindings map calls to the engine; the SQL they need
// is the store's, behind functions named for the question they answer
// (shared/engine/store/). This keeps it there: a statement prepared or run
// anywhere under shared/api/ fails here, naming the file and line.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/** `.prepare(`, `.exec(` of a database, or a SELECT/INSERT/UPDATE/DELETE statement in a string. */
const SQL = /\.(prepare|exec)\(|[`'"]\s*(SELECT|INSERT|UPDATE|DELETE)\s/;

describe('shared/api/', () => {
  it('holds no SQL: its queries are named functions of shared/engine/store/', () => {
    const found = tsFiles(join(ROOT, 'shared/api')).flatMap((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .flatMap((line, i) => (SQL.test(line) && !/^\s*(\/\/|\*)/.test(line) ? [`${relative(ROOT, f)}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(found).toEqual([]);
  });

  it('the check sees a statement', () => {
    expect(SQL.test("db.prepare('SELECT 1')")).toBe(true);
    expect(SQL.test('const rows = `SELECT seq FROM audit_entries`')).toBe(true);
    expect(SQL.test("c.store.db.pragma('busy_timeout = 250')")).toBe(false);
  });
});
