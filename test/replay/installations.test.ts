// A case holding the exports of two appliances, made by the project's
// exporter with colliding ids: both number extensions from 100, both have
// integrator.nat and auditor.acme, both may have ERC-2026-000017. Every
// replay view keys by installation: nothing one appliance did hides or merges
// with the other's. Imported with the real verifier.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseFile } from '../../shared/engine/case/case-file.js';
import { importBundle } from '../../shared/engine/case/import-bundle.js';
import { listErasures, pendingErasures } from '../../shared/engine/replay/erasure-history.js';
import { listReveals } from '../../shared/engine/replay/reveal-history.js';
import { computeReviewItems } from '../../shared/engine/replay/review-items.js';
import { stateAt } from '../../shared/engine/replay/state-at.js';
import { runReplay } from '../../shared/cli/commands/replay.js';
import { runErasures } from '../../shared/cli/commands/erasures.js';
import { runReveals } from '../../shared/cli/commands/reveals.js';
import { exportBundle } from '../exporter/export-bundle.js';
import type { ExportResult } from '../exporter/options.js';
import { scratch } from '../crosscheck/pipeline.js';
import { capture } from '../support/capture-out.js';

const EXPORTED = '2026-03-02T09:14:07.512Z';
let tmp: { dir: string; cleanup(): void };
let casePath: string;
let a: ExportResult;
let b: ExportResult;


beforeAll(async () => {
  tmp = scratch('natalia-installations-');
  const out = join(tmp.dir, 'bundles');
  const common = { outDir: out, entries: 900, form: 'directory' as const, dump: 'copy' as const, cdrs: 400, reveals: 60, erasures: 3, exportedAt: EXPORTED };
  // Pending requests: A's received 45 days before export (overdue), B's 10 days before (20-odd days left).
  a = await exportBundle({ ...common, seed: 'installations-a', pendingErasures: [45] });
  b = await exportBundle({ ...common, seed: 'installations-b', pendingErasures: [10] });
  casePath = join(tmp.dir, 'two.natalia-case');
  for (const x of [a, b]) {
    const r = await importBundle(casePath, x.path, { trustPath: x.trustRootsPath });
    // A's request, received 45 days before its export, is past its month then: erasure.overdue, and nothing else.
    expect(r.result.findings.filter((f) => f.severity !== 'info').map((f) => f.code)).toEqual(x === a ? ['erasure.overdue'] : []);
  }
}, 240_000);
afterAll(() => tmp?.cleanup());

function withCase<T>(fn: (c: CaseFile) => T): T {
  const c = CaseFile.open(casePath, { readonly: true });
  try {
    return fn(c);
  } finally {
    c.close();
  }
}

describe('a case over two installations with colliding ids', () => {
  it('keeps every extension of one installation that the other erased under the same id', () => {
    withCase((c) => {
      const s = stateAt(c.store, EXPORTED);
      for (const x of [a, b]) {
        const bundleId = (c.db.prepare('SELECT id FROM bundles WHERE installation_id = ?').get(x.installationId) as { id: number }).id;
        const inDump = (c.db.prepare('SELECT id FROM dump_extensions WHERE bundle_id = ? ORDER BY id').all(bundleId) as { id: number }[]).map((r) => r.id);
        const listed = s.extensions.filter((e) => e.installationId === x.installationId).map((e) => e.id);
        expect(listed).toEqual(inDump);
        expect(s.erased.filter((e) => e.installationId === x.installationId)).toHaveLength(3);
      }
      // The test means something only if an id erased on one appliance lives on the other.
      const erasedA = new Set(s.erased.filter((e) => e.installationId === a.installationId).map((e) => e.id));
      expect(s.extensions.some((e) => e.installationId === b.installationId && erasedA.has(e.id))).toBe(true);
    });
  });

  it('lists the users of each appliance apart, even where tenant and username are the same', () => {
    withCase((c) => {
      const s = stateAt(c.store, EXPORTED);
      for (const x of [a, b]) {
        const mine = s.users.filter((u) => u.installationId === x.installationId);
        expect(mine.map((u) => u.username)).toContain('integrator.nat');
        expect(mine.map((u) => u.username)).toContain('auditor.acme');
      }
      const names = s.users.map((u) => `${u.installationId}/${u.tenant}/${u.username}`);
      expect(new Set(names).size).toBe(names.length);
      expect(s.users.filter((u) => u.username === 'integrator.nat')).toHaveLength(2);
    });
  });

  it('gives each reveal, review item and erasure its installation', () => {
    withCase((c) => {
      const reveals = listReveals(c.store);
      expect(new Set(reveals.map((r) => r.installationId))).toEqual(new Set([a.installationId, b.installationId]));
      expect(reveals.filter((r) => r.installationId === a.installationId)).toHaveLength(a.stats.reveals);
      for (const i of computeReviewItems(c.store)) expect([a.installationId, b.installationId]).toContain(i.installationId);
      const erasures = listErasures(c.store);
      expect(erasures).toHaveLength(6);
      // Both appliances number their certificates from ERC-…-000017: six, not three.
      expect(new Set(erasures.map((e) => `${e.installationId}/${e.certificateId}`)).size).toBe(6);
      expect(new Set(erasures.map((e) => e.certificateId)).size).toBe(3);
    });
  });

  it('lists pending requests per installation with days left, the one past its month overdue', () => {
    withCase((c) => {
      const p = pendingErasures(c.store);
      expect(p.map((x) => [x.installationId, x.overdue])).toEqual(
        [
          [a.installationId, true],
          [b.installationId, false],
        ].sort((x, y) => (x[1] === y[1] ? 0 : x[1] ? -1 : 1)),
      );
      const pa = p.find((x) => x.installationId === a.installationId)!;
      const pb = p.find((x) => x.installationId === b.installationId)!;
      expect(pa.asOf).toBe(EXPORTED);
      expect(pa.daysLeft).toBeLessThan(0);
      expect(pb.daysLeft).toBeGreaterThanOrEqual(18);
      expect(pb.daysLeft).toBeLessThanOrEqual(21);
      expect(Date.parse(pb.dueBefore!)).toBeGreaterThan(Date.parse(EXPORTED));
    });
  });

  it('shows the installation in the text of replay, reveals and erasures', async () => {
    const r = capture();
    expect(await runReplay([casePath, '--at', EXPORTED], r.out)).toBe(0);
    expect(r.text()).toContain(a.installationId);
    expect(r.text()).toContain(b.installationId);
    expect(r.text()).toMatch(/Erasure requests pending \(2\)/);
    expect(r.text()).toMatch(/OVERDUE by \d+ d/);
    expect(r.text()).toMatch(/\d+ d left/);
    const v = capture();
    await runReveals([casePath], v.out);
    expect(v.text()).toContain(b.installationId);
    const e = capture();
    // An overdue request is a problem the command's exit status says.
    expect(await runErasures([casePath], e.out)).toBe(1);
    expect(e.text()).toMatch(new RegExp(`ERC-\\d{4}-000017: .*installation ${a.installationId}`));
    expect(e.text()).toMatch(new RegExp(`ERC-\\d{4}-000017: .*installation ${b.installationId}`));
    expect(e.text()).toMatch(/Requests not executed at export \(2, 1 OVERDUE\)/);
  });
});
