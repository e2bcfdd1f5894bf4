// The case commands: import, custody, reveals, erasures, replay (text and
// --json), their exit codes, times read the same in every time zone, and the
// custody check catching an edited entry.
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImport } from '../../shared/cli/commands/import.js';
import { importBundle } from '../../shared/engine/case/import-bundle.js';
import { runCustody } from '../../shared/cli/commands/custody.js';
import { runReveals } from '../../shared/cli/commands/reveals.js';
import { runErasures } from '../../shared/cli/commands/erasures.js';
import { runReplay } from '../../shared/cli/commands/replay.js';
import type { Out } from '../../shared/cli/case-command.js';
import { UsageError } from '../../shared/cli/cli-error.js';
import { CaseFile, CaseIntegrityError } from '../../shared/engine/case/case-file.js';
import { caseBundles } from '../../shared/engine/reports/case-source.js';
import { MINIMAL_BAG, MINIMAL_TRUST, scratch } from '../crosscheck/pipeline.js';
import { natalia } from '../cli/cli-harness.js';
import { capture } from '../support/capture-out.js';


describe('case commands', () => {
  const tmp = scratch('natalia-cli-');
  const casePath = join(tmp.dir, 'audit.case');
  afterAll(() => tmp.cleanup());

  beforeAll(async () => {
    const o = capture();
    const code = await runImport([MINIMAL_BAG, '--case', casePath, '--trust', MINIMAL_TRUST], o.out);
    expect(code).toBe(0);
    expect(o.text()).toMatch(/Imported as {2}bundle #1 \(custody entry 2\)/);
    expect(o.text()).toMatch(/TRUSTED/);
  });

  it('import refuses the same bundle again (exit 2 through a usage error)', async () => {
    await expect(runImport([MINIMAL_BAG, '--case', casePath, '--trust', MINIMAL_TRUST], capture().out)).rejects.toThrow(UsageError);
    await expect(runImport([MINIMAL_BAG], capture().out)).rejects.toThrow(/--case FILE is required/);
  });

  it('reveals --phone takes a pseudonym as the tables print it (first digits and an ellipsis), and refuses what names none or several', async () => {
    const all = capture();
    await runReveals([casePath, '--json'], all.out);
    const phone = (JSON.parse(all.text()) as { reveals: { phonePseudonym: string }[] }).reveals[0]!.phonePseudonym;
    const count = async (arg: string) => {
      const o = capture();
      await runReveals([casePath, '--phone', arg, '--json'], o.out);
      return (JSON.parse(o.text()) as { reveals: unknown[] }).reveals.length;
    };
    const full = await count(phone);
    expect(full).toBeGreaterThan(0);
    expect(await count(`${phone.slice(0, 10)}…`)).toBe(full);
    expect(await count(phone.slice(0, 8))).toBe(full);
    await expect(runReveals([casePath, '--phone', phone.slice(0, 7)], capture().out)).rejects.toThrow(/not a pseudonym: 64 lowercase hex digits, or the first 8 or more/);
    const absent = phone.startsWith('00000000') ? 'ffffffff' : '00000000';
    await expect(runReveals([casePath, '--phone', absent], capture().out)).rejects.toThrow(`no phone pseudonym of this case starts with ${absent}`);
  });

  it('history commands name, before their results, a bundle of the case that did not verify', async () => {
    /** What each history command prints for `path`. */
    const outputs = async (path: string) => {
      const out: string[] = [];
      for (const run of [(o: Out) => runReveals([path], o), (o: Out) => runErasures([path], o), (o: Out) => runReplay([path, '--at', '2026-03-01T00:00:00.000Z'], o)]) {
        const o = capture();
        await run(o.out);
        out.push(o.text());
      }
      return out;
    };
    for (const text of await outputs(casePath)) expect(text).not.toContain('WARNING');
    // The same bundle, imported into another case with no trusted root: nothing in it is anchored.
    const other = join(tmp.dir, 'untrusted.case');
    await importBundle(other, MINIMAL_BAG, { trust: { source: 'an empty trust store', roots: [] } });
    const texts = await outputs(other);
    expect(texts).toHaveLength(3);
    for (const text of texts) {
      expect(text.split('\n')[0]).toMatch(/^WARNING: bundle #1 natalia-evidence-\S+: nothing in it could be tied to a trusted vendor key\. What follows from it is not proven/);
    }
  });

  it('import refuses --fast: what a case holds is verified in full, and the user is pointed to verify --fast', async () => {
    const other = join(tmp.dir, 'fast.case');
    await expect(runImport([MINIMAL_BAG, '--case', other, '--trust', MINIMAL_TRUST, '--fast'], capture().out)).rejects.toThrow(
      /import always verifies in full .*use verify --fast/,
    );
    expect(existsSync(other)).toBe(false);
  });

  it('custody prints the log and checks its chain', async () => {
    const o = capture();
    expect(await runCustody([casePath], o.out)).toBe(0);
    expect(o.text()).toMatch(/2 entries, chain intact/);
    expect(o.text()).toMatch(/bundle\.import .*bundle #1 natalia-evidence-NAT-EC94-0782-20260302T091407Z imported/);
    const j = capture();
    await runCustody([casePath, '--json'], j.out);
    const parsed = JSON.parse(j.text());
    expect(parsed.chain.ok).toBe(true);
    expect(parsed.entries.map((e: { action: string }) => e.action)).toEqual(['case.create', 'bundle.import']);
  });

  it('reveals lists by actor with review items, text and JSON', async () => {
    const o = capture();
    expect(await runReveals([casePath, '--actor', 'admin.ines'], o.out)).toBe(0);
    expect(o.text()).toMatch(/Reveals in .* \(actor admin\.ines\): 6/);
    expect(o.text()).toMatch(/Reveal outside working hours — NAT-[0-9A-F-]+ seq 99/);
    const j = capture();
    await runReveals([casePath, '--extension', '110', '--json'], j.out);
    expect(JSON.parse(j.text()).reveals.map((r: { seq: number }) => r.seq)).toEqual([63, 98, 123]);
    await expect(runReveals([casePath, '--at', 'yesterday'], capture().out)).rejects.toThrow(UsageError);
  });

  it('erasures follows each erasure to the dump', async () => {
    const o = capture();
    expect(await runErasures([casePath], o.out)).toBe(0);
    expect(o.text()).toMatch(/ERC-2026-000017: extension 107 \(Ext\. 4007\) of acme/);
    expect(o.text()).toMatch(/due before 2026-03-16T23:00:00\.000Z \(GDPR art\. 12\(3\)\): on time/);
    expect(o.text()).toMatch(/no trace left; erasures row present/);
    const j = capture();
    await runErasures([casePath, '--json'], j.out);
    expect(JSON.parse(j.text()).erasures[0].certificateId).toBe('ERC-2026-000017');
  });

  it('replay --at T gives the state then', async () => {
    const o = capture();
    expect(await runReplay([casePath, '--at', '2026-02-25T00:00:00.000Z'], o.out)).toBe(0);
    expect(o.text()).toMatch(/Erasure requests pending \(1\)/);
    expect(o.text()).toMatch(/Reveals so far: 4/);
    const j = capture();
    await runReplay([casePath, '--at', '2026-03-01T00:00:00.000Z', '--json'], j.out);
    expect(JSON.parse(j.text()).erased[0].id).toBe(107);
    await expect(runReplay([casePath], capture().out)).rejects.toThrow(/--at T is required/);
    await expect(runReplay([join(tmp.dir, 'missing.case'), '--at', '2026-03-01T00:00:00.000Z'], capture().out)).rejects.toThrow(/no case file/);
  });

  it('replay and reveals read --at and --from as the same instant in every time zone, and name the instant used', async () => {
    const here = capture();
    await runReplay([casePath, '--at', '2026-02-25T12:00:00.000Z', '--json'], here.out);
    for (const TZ of ['UTC', 'America/New_York']) {
      const r = natalia(['reveals', casePath, '--from', '2026-02-20T13:00:00.000+00:00', '--at', '2026-02-25T12:00:00+01:00', '--json'], { TZ });
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).reveals.map((e: { seq: number }) => e.seq), TZ).toEqual([60, 63]);
      const day = natalia(['reveals', casePath, '--from', '2026-02-25', '--at', '2026-02-26'], { TZ });
      expect(day.stdout, TZ).toMatch(/\(from 2026-02-25T00:00:00\.000Z, as of 2026-02-26T00:00:00\.000Z\): 4\n/);
      const s = natalia(['replay', casePath, '--at', '2026-02-25T07:00:00-05:00', '--json'], { TZ });
      expect(s.code, s.stderr).toBe(0);
      expect(s.stdout, TZ).toBe(here.text());
      expect(JSON.parse(s.stdout).at).toBe('2026-02-25T12:00:00.000Z');
    }
  });

  it('replay and reveals refuse an impossible date or a time without a zone, in one line (exit 2)', () => {
    for (const [cmd, flag, value, problem] of [
      ['replay', '--at', '2026-02-30T00:00:00Z', '2026-02-30 is not a date of the calendar'],
      ['reveals', '--at', '2026-02-25T12:00', 'it has no time zone (for UTC write 2026-02-25T12:00:00Z)'],
      ['reveals', '--from', '2026-02-25T24:00:00Z', '24:00:00 is not a time of day'],
    ] as const) {
      const r = natalia([cmd, casePath, flag, value], { TZ: 'Europe/Paris' });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(
        `natalia-audit ${cmd}: ${flag} "${value}" is not a usable time: ${problem}. Expected an RFC 3339 date-time with a zone, e.g. 2026-02-25T12:00:00Z or 2026-02-25T13:00:00.250+01:00, or a date 2026-02-25 (00:00 UTC that day)\n`,
      );
    }
  });

  it('refuses a case path that is a folder, a device or a named pipe, and a new case in a folder that does not exist, each in one line', async () => {
    const pipe = join(tmp.dir, 'pipe.case');
    execFileSync('mkfifo', [pipe]);
    for (const [path, kind] of [
      [tmp.dir, 'a folder'],
      ['/dev/zero', 'a device'],
      [pipe, 'a named pipe'],
    ] as const) {
      await expect(runCustody([path], capture().out)).rejects.toThrow(`${path} is ${kind}, not a case file.`);
      await expect(runImport([MINIMAL_BAG, '--case', path, '--trust', MINIMAL_TRUST], capture().out)).rejects.toThrow(`${path} is ${kind}, not a case file.`);
    }
    const orphan = join(tmp.dir, 'no', 'such', 'folder', 'new.case');
    await expect(runImport([MINIMAL_BAG, '--case', orphan, '--trust', MINIMAL_TRUST], capture().out)).rejects.toThrow(
      `cannot create the case file ${orphan}: its folder ${join(tmp.dir, 'no', 'such', 'folder')} does not exist`,
    );
    expect(existsSync(join(tmp.dir, 'no'))).toBe(false);
  });

  it('notes and tags go to the custody log; an entry edited behind the workstation breaks the chain (exit 1)', async () => {
    const c = CaseFile.open(casePath);
    c.addNote('Checked the DSAR letter with the DPO', 'certificate:ERC-2026-000017', 1);
    c.addTag('reviewed', 'seq:99', 1);
    expect(c.addTag('reviewed', 'seq:99', 1)).toBeUndefined();
    expect(c.tags({ tag: 'reviewed' })).toHaveLength(1);
    expect(c.removeTag('reviewed', 'seq:99', 1)).toBe(true);
    expect(c.custody().map((e) => e.action)).toEqual(['case.create', 'bundle.import', 'note.add', 'tag.add', 'tag.remove']);
    expect(c.checkCustody().ok).toBe(true);
    c.close();

    // Someone edits the log with a database tool (dropping the guard first).
    const db = new Database(casePath);
    db.exec('DROP TRIGGER custody_log_no_update');
    db.prepare("UPDATE custody_log SET details = replace(details, 'DPO', 'CEO') WHERE seq = 3").run();
    db.close();
    const o = capture();
    expect(await runCustody([casePath], o.out)).toBe(1);
    expect(o.text()).toMatch(/CHAIN BROKEN/);
    expect(o.text()).toMatch(/custody entry 3 was altered/);
  });

  it('a stored verification edited behind the workstation breaks custody (exit 1), and no report is made from the case', async () => {
    for (const edit of [
      // The verdict, in its column and in the stored result, as a careful editor would.
      `UPDATE verifications SET verdict = 'trusted', result = replace(result, '"verdict":"unverifiable"', '"verdict":"trusted"')`,
      // Only a finding's text in the stored result: the verdict column still agrees with custody.
      "UPDATE verifications SET result = replace(result, 'trust store', 'trust st0re')",
      // A finding row removed: the result is untouched, but the views that count findings read the rows.
      'DELETE FROM findings WHERE id = (SELECT min(id) FROM findings)',
    ]) {
      const path = join(tmp.dir, `edited-${edit.length}.case`);
      await importBundle(path, MINIMAL_BAG, { trust: { source: 'an empty trust store', roots: [] } });
      const intact = capture();
      expect(await runCustody([path], intact.out)).toBe(0);
      const db = new Database(path);
      expect(db.prepare(edit).run().changes).toBe(1);
      db.close();
      const o = capture();
      expect(await runCustody([path], o.out)).toBe(1);
      expect(o.text()).toMatch(
        /verification #1 of bundle #1 (says "trusted" where custody entry 2 recorded "unverifiable"|is not the result custody entry 2 recorded)|the findings listed for verification #1 of bundle #1 are not those of its result/,
      );
      const c = CaseFile.open(path);
      try {
        expect(() => caseBundles(c)).toThrow(CaseIntegrityError);
        expect(() => caseBundles(c)).toThrow(/the case file does not hold: .*verification #1 of bundle #1 .* No report is made from it/);
      } finally {
        c.close();
      }
    }
  });

  it("a verification moved onto another bundle (a trusted result over a tampered bundle's tables) breaks custody", async () => {
    const path = join(tmp.dir, 'swapped.case');
    const samples = join(import.meta.dirname, '../fixtures/samples');
    await importBundle(path, MINIMAL_BAG, { trustPath: MINIMAL_TRUST });
    await importBundle(path, join(samples, 'inserts/natalia-evidence-NAT-0DF2-67CD-20260302T091407Z.tar.gz'), { trustPath: join(samples, 'inserts/trust-roots.json') });
    const intact = capture();
    expect(await runCustody([path], intact.out)).toBe(0);
    const db = new Database(path);
    // Swap the two results, rows included, as one statement each: every result stays byte-identical.
    db.prepare('UPDATE verifications SET bundle_id = 3 - bundle_id').run();
    db.prepare('UPDATE findings SET bundle_id = 3 - bundle_id').run();
    db.close();
    const o = capture();
    expect(await runCustody([path], o.out)).toBe(1);
    expect(o.text()).toMatch(/verification #1 of bundle #1 is stored as bundle #2's, not the bundle custody entry 2 recorded: the case file was edited/);
  });
});
