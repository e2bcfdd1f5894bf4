// When audit retention purged the log's head, the user.create entries of the
// early accounts are gone, yet those accounts act in the log and the dump's
// users table holds them. The replay takes existence and role from the dump
// and changes from the log. Exported by the project's exporter, imported with
// the real verifier.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseFile } from '../../shared/engine/case/case-file.js';
import { importBundle } from '../../shared/engine/case/import-bundle.js';
import { stateAt } from '../../shared/engine/replay/state-at.js';
import { runReplay } from '../../shared/cli/commands/replay.js';
import { exportBundle } from '../exporter/export-bundle.js';
import { scratch } from '../crosscheck/pipeline.js';

const EXPORTED = '2026-03-02T09:14:07.512Z';
let tmp: { dir: string; cleanup(): void };
let casePath: string;

beforeAll(async () => {
  tmp = scratch('natalia-purged-head-');
  const x = await exportBundle({ outDir: join(tmp.dir, 'b'), seed: 'purged-head', entries: 1500, form: 'directory', dump: 'copy', cdrs: 300, reveals: 40, erasures: 1, retentionPurge: true, exportedAt: EXPORTED });
  expect(x.stats.firstSeq).toBeGreaterThan(1);
  casePath = join(tmp.dir, 'purged.natalia-case');
  const r = await importBundle(casePath, x.path, { trustPath: x.trustRootsPath });
  expect(r.result.verdict).toBe('trusted');
}, 240_000);
afterAll(() => tmp?.cleanup());

describe('replay over a log whose head was purged', () => {
  it('lists the users of the dump with their role, though their user.create was purged', () => {
    const c = CaseFile.open(casePath, { readonly: true });
    try {
      const createdInLog = (c.db.prepare("SELECT count(*) AS n FROM audit_entries WHERE action = 'user.create'").get() as { n: number }).n;
      const inDump = c.db.prepare("SELECT tenant_id, username, role FROM dump_users WHERE disabled_at IS NULL ORDER BY tenant_id, username").all() as { tenant_id: string; username: string; role: string }[];
      expect(createdInLog).toBe(0); // the point of the test: the log no longer creates anyone
      const s = stateAt(c.store, EXPORTED);
      expect(s.users.length).toBeGreaterThanOrEqual(inDump.length);
      for (const u of inDump) {
        const got = s.users.find((x) => x.tenant === u.tenant_id && x.username === u.username);
        expect(got, `${u.tenant_id}/${u.username}`).toMatchObject({ role: u.role, disabled: false });
      }
      // They act in the log: every actor of a reveal is a known user.
      const actors = (c.db.prepare("SELECT DISTINCT tenant, actor FROM reveal_events WHERE outcome = 'success'").all() as { tenant: string; actor: string }[]);
      expect(actors.length).toBeGreaterThan(0);
      for (const a of actors) expect(s.users.some((u) => u.username === a.actor), a.actor).toBe(true);
      expect(s.users.every((u) => u.source === 'dump' || u.source === 'audit')).toBe(true);
      expect(s.users.some((u) => u.source === 'dump')).toBe(true);
    } finally {
      c.close();
    }
  });

  it('takes a role change from the log: the role before it is its old_role', () => {
    const c = CaseFile.open(casePath, { readonly: true });
    try {
      const change = c.db.prepare("SELECT ts, tenant, details FROM audit_entries WHERE action = 'user.role_change' ORDER BY seq LIMIT 1").get() as { ts: string; tenant: string; details: string } | undefined;
      expect(change, 'the export promotes someone').toBeDefined();
      const d = JSON.parse(change!.details) as { username: string; old_role: string; new_role: string };
      const before = stateAt(c.store, new Date(Date.parse(change!.ts) - 1000).toISOString()).users.find((u) => u.username === d.username && u.tenant === change!.tenant);
      const after = stateAt(c.store, EXPORTED).users.find((u) => u.username === d.username && u.tenant === change!.tenant);
      expect(before?.role).toBe(d.old_role);
      expect(after?.role).toBe(d.new_role);
    } finally {
      c.close();
    }
  });

  it('does not print "Users (0)"', async () => {
    let text = '';
    expect(await runReplay([casePath, '--at', EXPORTED], { write: (s: string) => (text += s) })).toBe(0);
    expect(text).not.toMatch(/Users \(0\)/);
    expect(text).toMatch(/database users table/);
  });
});
