// Two exports of one installation in a case: the later must extend the
// earlier; a rewrite of history is case.history_rewritten at the first seq
// that differs. Exports are derived from the minimal sample: the "earlier"
// one keeps the first entries of the audit log and an earlier export time.
// They are imported with the real verifier (verify-bundle.ts). Their manifests
// are recomputed, so the bag itself is consistent; the seal and the bundle
// signature cannot be redone without the appliance's keys, and the verifier
// reports that, which does not concern the history check.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importBundle } from '../../shared/engine/case/import-bundle.js';
import { CaseFile } from '../../shared/engine/case/case-file.js';
import { scratch, MINIMAL_TRUST } from '../crosscheck/pipeline.js';
import { AUDIT, AUDIT_CSV, exportOfMinimal } from './successive-exports.js';
import { listReveals } from '../../shared/engine/replay/reveal-history.js';
import { replayScope } from '../../shared/engine/replay/scope.js';

let tmp: { dir: string; cleanup(): void };
let n = 0;
beforeEach(() => {
  tmp = scratch('natalia-history-');
});
afterEach(() => tmp.cleanup());

/** A copy of the minimal sample keeping audit entries [from, to] (successive-exports.ts). */
function exportOf(from: number, to: number, exportedAt: string, edit?: (entries: Record<string, any>[]) => void, withCsv = false): string {
  return exportOfMinimal(join(tmp.dir, `export-${++n}`), from, to, exportedAt, edit, withCsv);
}

async function importAll(...bags: string[]) {
  const casePath = join(tmp.dir, 'case.sqlite');
  const results = [];
  for (const b of bags) results.push(await importBundle(casePath, b, { trustPath: MINIMAL_TRUST }));
  return { casePath, results };
}

describe('history between exports', () => {
  it('a later export that extends the earlier one gives no finding, in either import order', async () => {
    const early = exportOf(1, 100, '2026-02-26T10:00:00.000Z');
    const late = exportOf(1, 130, '2026-03-02T09:14:07.512Z');
    const a = await importAll(early, late);
    expect(a.results.flatMap((r) => r.historyFindings)).toEqual([]);
    tmp.cleanup();
    tmp = scratch('natalia-history-');
    const b = await importAll(exportOf(1, 130, '2026-03-02T09:14:07.512Z'), exportOf(1, 100, '2026-02-26T10:00:00.000Z'));
    expect(b.results.flatMap((r) => r.historyFindings)).toEqual([]);
  });

  it('an entry rewritten between the exports is case.history_rewritten at that seq, in the later export', async () => {
    const early = exportOf(1, 100, '2026-02-26T10:00:00.000Z');
    const late = exportOf(1, 130, '2026-03-02T09:14:07.512Z', (es) => {
      es[49]!.motive = 'rewritten';
      es[49]!.hash = 'f'.repeat(64);
    });
    const { casePath, results } = await importAll(early, late);
    const f = results[1]!.historyFindings;
    expect(f.map((x) => ({ code: x.code, severity: x.severity, seq: x.seq, file: x.file, line: x.line }))).toEqual([
      { code: 'case.history_rewritten', severity: 'critical', seq: 50, file: AUDIT, line: 50 },
    ]);
    expect(f[0]!.message).toMatch(/^The entry at seq 50 differs between the two exports in motive, hash: history was rewritten from here\. .*earlier export .*2026-02-26T10:00:00\.000Z.*later export/);
    expect(f[0]!.details).toMatchObject({ fields: ['motive', 'hash'] });
    // The stored verdict and findings include it.
    expect(results[1]!.result.verdict).toBe('problems');
    const c = CaseFile.open(casePath);
    const stored = c.store.latestVerification(results[1]!.bundleId)!;
    expect(stored.result.findings.some((x) => x.code === 'case.history_rewritten')).toBe(true);
    expect(c.db.prepare("SELECT seq FROM findings WHERE code = 'case.history_rewritten'").all()).toEqual([{ seq: 50 }]);
    c.close();
  });

  it('two copies of the same export that differ are named as such, with the fields that differ, not as two points in history', async () => {
    const original = exportOf(1, 130, '2026-03-02T09:14:07.512Z');
    // Edited after export, stored hash left in place (as a careless editor would).
    const edited = exportOf(1, 130, '2026-03-02T09:14:07.512Z', (es) => {
      es[45]!.motive = 'edited';
    });
    const { results } = await importAll(original, edited);
    const f = results[1]!.historyFindings;
    expect(f.map((x) => [x.code, x.seq])).toEqual([['case.history_rewritten', 46]]);
    expect(f[0]!.message).toMatch(/^The entry at seq 46 differs between the two copies in motive\. .*two copies of the same export .*\(bundles #1 and #2\); one of them was changed after export\.$/);
    expect(f[0]!.message).not.toMatch(/earlier export|history was rewritten/);
  });

  it('with both logs in the export, the rewrite is located in the CSV, the log the verifier reads', async () => {
    const rewrite = (es: Record<string, any>[]) => {
      es[49]!.motive = 'rewritten';
      es[49]!.hash = 'f'.repeat(64);
    };
    const early = exportOf(1, 100, '2026-02-26T10:00:00.000Z', undefined, true);
    const late = exportOf(1, 130, '2026-03-02T09:14:07.512Z', rewrite, true);
    const { results } = await importAll(early, late);
    // Line 1 of the CSV is its header: seq 50 is on line 51.
    expect(results[1]!.historyFindings.map((x) => ({ code: x.code, severity: x.severity, seq: x.seq, file: x.file, line: x.line }))).toEqual([
      { code: 'case.history_rewritten', severity: 'critical', seq: 50, file: AUDIT_CSV, line: 51 },
    ]);
  });

  it("entries of the earlier export's sealed tail missing from the later export are a rewrite", async () => {
    const early = exportOf(1, 120, '2026-02-28T10:00:00.000Z');
    const late = exportOf(1, 110, '2026-03-02T09:14:07.512Z');
    const { results } = await importAll(early, late);
    expect(results[1]!.historyFindings.map((x) => [x.code, x.seq])).toEqual([['case.history_rewritten', 111]]);
  });

  it('a later export that starts after a retention purge must link to the earlier one', async () => {
    const early = exportOf(1, 100, '2026-02-26T10:00:00.000Z');
    const ok = await importAll(early, exportOf(101, 130, '2026-03-02T09:14:07.512Z'));
    expect(ok.results[1]!.historyFindings).toEqual([]);
    tmp.cleanup();
    tmp = scratch('natalia-history-');
    const broken = await importAll(
      exportOf(1, 100, '2026-02-26T10:00:00.000Z'),
      exportOf(101, 130, '2026-03-02T09:14:07.512Z', (es) => (es[0]!.prev_hash = 'a'.repeat(64))),
    );
    expect(broken.results[1]!.historyFindings.map((x) => [x.code, x.seq, x.line])).toEqual([['case.history_rewritten', 101, 1]]);
  });

  it('replay reads the newest export whole and an older one only for what retention purged since', async () => {
    const { casePath } = await importAll(exportOf(1, 100, '2026-02-26T10:00:00.000Z'), exportOf(90, 130, '2026-03-02T09:14:07.512Z'));
    const c = CaseFile.open(casePath);
    try {
      expect(replayScope(c.store)).toEqual([
        { bundleId: 2, installationId: 'NAT-EC94-0782', beforeSeq: null },
        { bundleId: 1, installationId: 'NAT-EC94-0782', beforeSeq: 90 },
      ]);
      const reveals = listReveals(c.store);
      expect(reveals.map((r) => [r.seq, r.bundleId])).toEqual([
        [46, 1], [56, 1], [60, 1], [63, 1],
        [91, 2], [93, 2], [98, 2], [99, 2], [112, 2], [123, 2], [125, 2], [126, 2], [128, 2],
      ]);
    } finally {
      c.close();
    }
  });
});
