// The three reference samples are valid: the cross-checks raise nothing above
// info on them, and every cross-check that has its inputs passes.
import { afterAll, describe, expect, it } from 'vitest';
import type { BagHandle } from '../../shared/engine/bundle/types.js';
import { openSample, runPipeline } from './pipeline.js';

describe('cross-checks on the reference samples', () => {
  const opened: BagHandle[] = [];
  afterAll(async () => {
    for (const b of opened) await b.close();
  });

  for (const name of ['minimal', 'inserts', 'full'] as const) {
    it(`${name}: no finding above info, every check with inputs passes`, async () => {
      const { bag, trust } = await openSample(name);
      opened.push(bag);
      const r = await runPipeline(bag.root, trust);
      expect(r.serious).toEqual([]);
      const status = Object.fromEntries(r.cc.checks.map((c) => [c.id, c.status]));
      expect(status).toEqual({
        'reveal.register': 'passed',
        'erasure.certificates': 'passed',
        'erasure.execution': 'passed',
        'dump.parse': 'passed',
        'dump.retention': 'passed',
        'dump.erasures': 'passed',
      });
      expect(r.cc.stats.reveal_rows).toBeGreaterThan(0);
      expect(r.cc.stats.certificates).toBeGreaterThan(0);
      expect(r.cc.stats.dump_rows?.cdr).toBeGreaterThan(0);
      r.store.close();
    });
  }
});
