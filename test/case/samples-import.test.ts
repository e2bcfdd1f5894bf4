// End to end: the three reference samples imported into one case with the
// real verifier (verify-bundle.ts): no finding above info, every audit entry
// kept, the history of each installation consistent, the custody chain intact.
import { join } from 'node:path';
import { readdirSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { importBundle } from '../../shared/engine/case/import-bundle.js';
import { CaseFile } from '../../shared/engine/case/case-file.js';
import { listErasures } from '../../shared/engine/replay/erasure-history.js';
import { listReveals } from '../../shared/engine/replay/reveal-history.js';
import { SAMPLES, scratch } from '../crosscheck/pipeline.js';

describe('importing the reference samples into a case', () => {
  const tmp = scratch('natalia-samples-case-');
  const casePath = join(tmp.dir, 'samples.case');
  afterAll(() => tmp.cleanup());

  for (const name of ['minimal', 'inserts', 'full']) {
    it(`${name}: imported with no finding above info`, async () => {
      const dir = join(SAMPLES, name);
      const bundle = join(dir, readdirSync(dir).find((n) => n.startsWith('natalia-evidence-'))!);
      const r = await importBundle(casePath, bundle, { trustPath: join(dir, 'trust-roots.json') });
      expect(r.result.findings.filter((f) => f.severity !== 'info')).toEqual([]);
      expect(r.result.verdict).toBe('trusted');
      expect(r.historyFindings).toEqual([]);
      const c = CaseFile.open(casePath);
      try {
        const range = c.store.auditRange(r.bundleId)!;
        expect(range.stored_count).toBe(range.entry_count);
        expect(range.all_entries).toBe(1);
      } finally {
        c.close();
      }
    });
  }

  it('the case holds the three installations, their reveals and erasures, and an intact custody chain', () => {
    const c = CaseFile.open(casePath);
    try {
      expect(c.bundles().map((b) => [b.installation_id, b.verdict])).toEqual([
        ['NAT-EC94-0782', 'trusted'],
        ['NAT-0DF2-67CD', 'trusted'],
        ['NAT-CE90-8A2C', 'trusted'],
      ]);
      expect(listReveals(c.store)).toHaveLength(13 + 7 + 964);
      const erasures = listErasures(c.store);
      expect(erasures).toHaveLength(1 + 1 + 4);
      expect(erasures.every((e) => e.certificate?.signature === 'valid' && e.dump.status === 'erased' && e.timings.late === false)).toBe(true);
      expect(c.checkCustody()).toMatchObject({ ok: true, entries: 4 });
    } finally {
      c.close();
    }
  });
});
