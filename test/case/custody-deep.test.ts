// custody --deep: each import's derived rows (audit entries, register,
// certificates, dump rows, CDR summary) are bound to its custody entry by a
// digest and recomputed on request. Rows edited with a database tool (the
// write-once triggers dropped first) are named by bundle and table; the plain
// check does not claim to have looked at them.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeEach, afterEach, describe, expect, it } from 'vitest';
import { runCustody } from '../../shared/cli/commands/custody.js';
import { importBundle } from '../../shared/engine/case/import-bundle.js';
import { CaseFile } from '../../shared/engine/case/case-file.js';
import { appendCustody, readCustody, type CustodyAction } from '../../shared/engine/case/custody-log.js';
import { derivedDigest, type DerivedDigest } from '../../shared/engine/case/derived-digest.js';
import { MINIMAL_BAG, MINIMAL_TRUST, scratch } from '../crosscheck/pipeline.js';
import { capture } from '../support/capture-out.js';


let tmp: { dir: string; cleanup(): void };
let casePath: string;
beforeEach(async () => {
  tmp = scratch('natalia-custody-deep-');
  casePath = join(tmp.dir, 'deep.natalia-case');
  await importBundle(casePath, MINIMAL_BAG, { trustPath: MINIMAL_TRUST });
});
afterEach(() => tmp.cleanup());

/** What someone with a database tool does: drop the table's guard, then edit. */
function edit(table: string, sql: string) {
  const db = new Database(casePath);
  db.exec(`DROP TRIGGER IF EXISTS ${table}_no_update; DROP TRIGGER IF EXISTS ${table}_no_delete;`);
  const r = db.prepare(sql).run();
  db.close();
  expect(r.changes).toBeGreaterThan(0);
}

/** The chain written anew with the import's custody entry as `edit` makes it (what an earlier version wrote). */
function rewriteImportEntry(edit: (details: Record<string, unknown>, db: Database.Database) => Record<string, unknown>) {
  const db = new Database(casePath);
  db.exec('DROP TRIGGER IF EXISTS custody_log_no_update; DROP TRIGGER IF EXISTS custody_log_no_delete;');
  const records = readCustody(db);
  db.prepare('DELETE FROM custody_log').run();
  for (const r of records) appendCustody(db, r.action as CustodyAction, r.action === 'bundle.import' ? edit(r.details, db) : r.details, new Date(r.ts));
  db.close();
}

describe('custody --deep', () => {
  it('names an import whose custody entry holds no digest of its rows as not checked, never as matching', async () => {
    // The chain an earlier version wrote: the same entries, the import's without its digest, hashes made anew.
    rewriteImportEntry((details) => {
      const { derived: _derived, ...rest } = details;
      return rest;
    });
    const o = capture();
    expect(await runCustody([casePath, '--deep'], o.out)).toBe(0);
    expect(o.text()).toMatch(/chain intact/);
    expect(o.text()).toMatch(/rows of bundle #1 natalia-evidence-NAT-EC94-0782-20260302T091407Z were not checked: its import \(custody entry 2\) recorded no digest of them/);
    expect(o.text()).not.toMatch(/match what its import stored/);
  });

  it('recomputes the rows of an untouched import and says they match', async () => {
    const o = capture();
    expect(await runCustody([casePath, '--deep'], o.out)).toBe(0);
    expect(o.text()).toMatch(/chain intact/);
    expect(o.text()).toMatch(/rows of bundle #1 natalia-evidence-NAT-EC94-0782-20260302T091407Z match what its import stored \(custody entry 2\)/);
    const plain = capture();
    expect(await runCustody([casePath], plain.out)).toBe(0);
    expect(plain.text()).toMatch(/were not recomputed: run with --deep/);
  });

  it('names the bundle and the table when an audit entry\'s actor was changed', async () => {
    edit('audit_entries', "UPDATE audit_entries SET actor = 'admin.louis' WHERE seq = 99 AND actor = 'admin.ines'");
    const o = capture();
    expect(await runCustody([casePath, '--deep'], o.out)).toBe(1);
    expect(o.text()).toMatch(/CHAIN BROKEN/);
    expect(o.text()).toMatch(/rows the case derived from bundle #1 \(natalia-evidence-NAT-EC94-0782-20260302T091407Z, imported by custody entry 2\) no longer match what the import stored \(audit_entries rows were changed\)/);
    const c = CaseFile.open(casePath, { readonly: true });
    try {
      const check = c.checkCustody({ deep: true });
      expect(check.ok).toBe(false);
      expect(check.problems).toHaveLength(1);
    } finally {
      c.close();
    }
  });

  it('catches a removed register row, a changed certificate and an edited CDR summary', async () => {
    edit('reveal_rows', 'DELETE FROM reveal_rows WHERE rowid = (SELECT max(rowid) FROM reveal_rows)');
    edit('certificates', "UPDATE certificates SET signature = 'valid' WHERE signature = 'valid'");
    edit('dump_cdr_days', 'UPDATE dump_cdr_days SET rows = rows + 1 WHERE day_ms = (SELECT min(day_ms) FROM dump_cdr_days)');
    const o = capture();
    expect(await runCustody([casePath, '--deep', '--json'], o.out)).toBe(1);
    const msg = (JSON.parse(o.text()) as { chain: { problems: { message: string }[] } }).chain.problems.map((p) => p.message).join('\n');
    expect(msg).toMatch(/reveal_rows holds 12 rows where the import stored 13/);
    expect(msg).toMatch(/dump_cdr_days rows were changed/);
    // A no-op UPDATE leaves the rows as they were: not reported.
    expect(msg).not.toMatch(/certificates/);
  });

  it("catches an edited bundle row: its installation id and export time, which the history check orders exports by", async () => {
    // The digest covers the whole row (deep); the custody entry's own record of it is compared every time.
    edit('bundles', "UPDATE bundles SET exported_at = '2025-01-01T00:00:00.000Z', exported_ms = 1735689600000 WHERE id = 1");
    const plain = capture();
    expect(await runCustody([casePath], plain.out)).toBe(1);
    expect(plain.text()).toMatch(/bundle #1 is stored with exported_at "2025-01-01T00:00:00\.000Z" where custody entry 2 recorded "2026-03-02T09:14:07\.512Z": the case file was edited/);
    const deep = capture();
    expect(await runCustody([casePath, '--deep'], deep.out)).toBe(1);
    expect(deep.text()).toMatch(/no longer match what the import stored \(bundles rows were changed\)/);
  });

  it('catches an export time moved without its text, and another installation id', async () => {
    edit('bundles', "UPDATE bundles SET exported_ms = exported_ms - 86400000, installation_id = 'NAT-XXXX-XXXX' WHERE id = 1");
    const c = CaseFile.open(casePath, { readonly: true });
    try {
      const msg = c.checkCustody().problems.map((p) => p.message).join('\n');
      expect(msg).toMatch(/installation_id "NAT-XXXX-XXXX" where custody entry 2 recorded "NAT-EC94-0782"/);
      expect(msg).toMatch(/exported_ms \d+, which is not the time its exported_at names/);
    } finally {
      c.close();
    }
  });

  it('recomputes a digest recorded before the bundle row was covered over the tables it lists', async () => {
    // The import entry as an earlier version wrote it: no bundles table in its digest.
    rewriteImportEntry((details, db) => {
      const { bundles: _b, ...tables } = (details.derived as DerivedDigest).tables;
      const derived = derivedDigest(db, 1, Object.keys(tables));
      expect(Object.keys(derived.tables)).not.toContain('bundles');
      return { ...details, derived };
    });
    const o = capture();
    expect(await runCustody([casePath, '--deep'], o.out)).toBe(0);
    expect(o.text()).toMatch(/rows of bundle #1 natalia-evidence-NAT-EC94-0782-20260302T091407Z match what its import stored/);
  });
});
