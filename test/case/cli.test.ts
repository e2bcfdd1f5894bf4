// The case commands: import, custody, reveals, erasures, replay (text and
// --json), their exit codes, and the custody check catching an edited entry.
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImport } from '../../shared/cli/commands/import.js';
import { runCustody } from '../../shared/cli/commands/custody.js';
import { runReveals } from '../../shared/cli/commands/reveals.js';
import { runErasures } from '../../shared/cli/commands/erasures.js';
import { runReplay } from '../../shared/cli/commands/replay.js';
import { UsageError } from '../../shared/cli/cli-error.js';
import { CaseFile } from '../../shared/engine/case/case-file.js';
import { MINIMAL_BAG, MINIMAL_TRUST, scratch } from '../crosscheck/pipeline.js';

function capture() {
  let text = '';
  return { out: { write: (s: string) => (text += s) }, text: () => text };
}

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
    expect(o.text()).toMatch(/Reveal outside working hours — seq 99/);
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
    expect(JSON.parse(j.text())[0].certificateId).toBe('ERC-2026-000017');
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
});
