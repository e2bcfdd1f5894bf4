// One bundle that could not be verified must not taint the rest of a case:
// the auditor excludes it (its evidence then feeds no replay and no report),
// includes it again, or verifies it again under the trust store of the day.
// Each is a custody entry; the chain still holds, and an exclusion removed
// with a database tool breaks it. Real verifier, real case.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBundle } from '../../shared/cli/commands/bundle.js';
import { runCustody } from '../../shared/cli/commands/custody.js';
import { UsageError } from '../../shared/cli/cli-error.js';
import { CaseFile } from '../../shared/engine/case/case-file.js';
import { bundlesThatCount } from '../../shared/engine/case/bundle-standing.js';
import { importBundle } from '../../shared/engine/case/import-bundle.js';
import { reverifyBundle } from '../../shared/engine/case/reverify-bundle.js';
import { listReveals } from '../../shared/engine/replay/reveal-history.js';
import { replayScope } from '../../shared/engine/replay/scope.js';
import { caseBundles } from '../../shared/engine/reports/case-source.js';
import { exportBundle } from '../exporter/export-bundle.js';
import { MINIMAL_BAG, MINIMAL_TRUST, scratch } from '../crosscheck/pipeline.js';
import { capture } from '../support/capture-out.js';


let tmp: { dir: string; cleanup(): void };
let casePath: string;
beforeEach(async () => {
  tmp = scratch('natalia-standing-');
  casePath = join(tmp.dir, 'standing.natalia-case');
  // Bundle #1: the minimal sample, imported before the vendor's roots were known: unverifiable.
  const first = await importBundle(casePath, MINIMAL_BAG, { trust: { source: 'an empty trust store', roots: [] } });
  expect(first.result.verdict).toBe('unverifiable');
  // Bundle #2: another appliance, trusted.
  const other = await exportBundle({ outDir: join(tmp.dir, 'other'), seed: 'standing-other', entries: 400, form: 'zip', dump: 'copy', cdrs: 200, reveals: 20, erasures: 1 });
  const second = await importBundle(casePath, other.path, { trustPath: other.trustRootsPath });
  expect(second.result.verdict).toBe('trusted');
}, 120_000);
afterEach(() => tmp.cleanup());

const withCase = <T>(fn: (c: CaseFile) => T): T => {
  const c = CaseFile.open(casePath);
  try {
    return fn(c);
  } finally {
    c.close();
  }
};

describe('excluding and including a bundle', () => {
  it('an excluded bundle feeds no replay and no report; included again, it does', async () => {
    withCase((c) => {
      expect(bundlesThatCount(c.db)).toEqual([1, 2]);
      expect(listReveals(c.store).some((r) => r.bundleId === 1)).toBe(true);
    });
    const o = capture();
    expect(await runBundle(['exclude', casePath, '1', '--reason', 'unverifiable: imported without the vendor roots'], o.out)).toBe(0);
    expect(o.text()).toMatch(/Bundle #1 excluded .*custody entry 4/);
    withCase((c) => {
      expect(bundlesThatCount(c.db)).toEqual([2]);
      expect(replayScope(c.store).map((p) => p.bundleId)).toEqual([2]);
      expect(listReveals(c.store).every((r) => r.bundleId === 2)).toBe(true);
      expect(caseBundles(c).map((b) => b.bundleId)).toEqual([2]);
      // Its own screens still read it, asked by id.
      expect(replayScope(c.store, { bundleId: 1 }).map((p) => p.bundleId)).toEqual([1]);
      expect(c.bundles()[0]!.excluded).toMatchObject({ bundleId: 1, seq: 4, reason: 'unverifiable: imported without the vendor roots' });
      expect(c.checkCustody().ok).toBe(true);
    });
    const l = capture();
    await runBundle(['list', casePath], l.out);
    expect(l.text()).toMatch(/Bundles of .*: 2 \(1 count\)/);
    expect(l.text()).toMatch(/EXCLUDED \(custody entry 4: unverifiable/);
    await expect(runBundle(['exclude', casePath, '1', '--reason', 'again'], capture().out)).rejects.toThrow(/already excluded \(custody entry 4/);
    await expect(runBundle(['exclude', casePath, '2'], capture().out)).rejects.toThrow(/--reason TEXT is required/);
    await expect(runBundle(['exclude', casePath, '9', '--reason', 'x'], capture().out)).rejects.toThrow(/no bundle #9/);

    expect(await runBundle(['include', casePath, '1', '--reason', 'roots received'], capture().out)).toBe(0);
    withCase((c) => {
      expect(bundlesThatCount(c.db)).toEqual([1, 2]);
      expect(c.custody().map((e) => e.action)).toEqual(['case.create', 'bundle.import', 'bundle.import', 'bundle.exclude', 'bundle.include']);
    });
    await expect(runBundle(['include', casePath, '1'], capture().out)).rejects.toThrow(UsageError);
    const log = capture();
    await runCustody([casePath], log.out);
    expect(log.text()).toMatch(/bundle #1 natalia-evidence-NAT-EC94-0782-20260302T091407Z excluded from the case: unverifiable: imported without the vendor roots/);
    expect(log.text()).toMatch(/counts again: roots received/);
  });

  it('an exclusion removed from the custody log with a database tool breaks the chain', async () => {
    await runBundle(['exclude', casePath, '1', '--reason', 'tampered'], capture().out);
    // Work goes on after it (a chain's last entry removed is not visible from inside the file: custody-log.ts).
    withCase((c) => c.addNote('excluded pending the vendor roots'));
    const db = new Database(casePath);
    db.exec('DROP TRIGGER IF EXISTS custody_log_no_delete');
    db.prepare("DELETE FROM custody_log WHERE action = 'bundle.exclude'").run();
    db.close();
    withCase((c) => expect(bundlesThatCount(c.db)).toEqual([1, 2]));
    const o = capture();
    expect(await runCustody([casePath], o.out)).toBe(1);
    expect(o.text()).toMatch(/CHAIN BROKEN/);
    expect(o.text()).toMatch(/custody entry 5 follows 3: entries are missing/);
  });
});

describe('verifying a bundle again', () => {
  it('under the trust store of the day, the unverifiable bundle becomes trusted, recorded in custody', async () => {
    const o = capture();
    expect(await runBundle(['reverify', casePath, '1', '--trust', MINIMAL_TRUST], o.out)).toBe(0);
    expect(o.text()).toMatch(/Bundle #1 verified again \(custody entry 4\): was unverifiable, now trusted/);
    withCase((c) => {
      expect(c.store.latestVerification(1)!.result.verdict).toBe('trusted');
      expect(c.bundles()[0]!.verdict).toBe('trusted');
      const entry = c.custody().at(-1)!;
      expect(entry).toMatchObject({ action: 'bundle.verify', details: { bundle_id: 1, verdict: 'trusted', previous_verdict: 'unverifiable' } });
      // The new verification is recorded by custody, so the chain and every stored result hold.
      expect(c.checkCustody({ deep: true })).toMatchObject({ ok: true });
      // Reports read the current result.
      expect(caseBundles(c).find((b) => b.bundleId === 1)!.verification.verdict).toBe('trusted');
    });
  });

  it('refuses a case copy that no longer has the hash recorded at import, and stores nothing', async () => {
    const db = new Database(casePath);
    db.exec('DROP TRIGGER IF EXISTS bundle_content_no_update');
    db.prepare("UPDATE bundle_content SET data = CAST(replace(CAST(data AS TEXT), 'admin.ines', 'admin.inez') AS BLOB) WHERE bundle_id = 1 AND path = 'data/audit/audit-log.csv'").run();
    db.close();
    await expect(reverifyBundle(casePath, 1, { trustPath: MINIMAL_TRUST })).rejects.toThrow(/copy of data\/audit\/audit-log\.csv \(bundle #1\) no longer has the SHA-256 recorded at import/);
    withCase((c) => {
      expect(c.store.latestVerification(1)!.result.verdict).toBe('unverifiable');
      expect(c.custody().map((e) => e.action)).toEqual(['case.create', 'bundle.import', 'bundle.import']);
    });
  });

  it('refuses a copy edited together with the hash the case keeps beside it, and stores nothing', async () => {
    const db = new Database(casePath);
    db.exec('DROP TRIGGER IF EXISTS bundle_content_no_update; DROP TRIGGER IF EXISTS bundle_files_no_update;');
    db.prepare("UPDATE bundle_content SET data = CAST(replace(CAST(data AS TEXT), 'admin.ines', 'admin.inez') AS BLOB) WHERE bundle_id = 1 AND path = 'data/audit/audit-log.csv'").run();
    const chunks = db.prepare("SELECT data FROM bundle_content WHERE bundle_id = 1 AND path = 'data/audit/audit-log.csv' ORDER BY chunk").all() as { data: Buffer }[];
    const h = createHash('sha256');
    for (const r of chunks) h.update(r.data);
    expect(db.prepare("UPDATE bundle_files SET sha256 = ? WHERE bundle_id = 1 AND path = 'data/audit/audit-log.csv'").run(h.digest('hex')).changes).toBe(1);
    db.close();
    await expect(reverifyBundle(casePath, 1, { trustPath: MINIMAL_TRUST })).rejects.toThrow(/the case file does not hold: .*bundle #1.*no longer match/);
    withCase((c) => {
      expect(c.store.latestVerification(1)!.result.verdict).toBe('unverifiable');
      expect(c.custody().map((e) => e.action)).toEqual(['case.create', 'bundle.import', 'bundle.import']);
    });
  });
});
