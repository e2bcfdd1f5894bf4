// Memory stays flat whatever the size: 200,000 entries are generated with the
// process's resident memory sampled throughout. Everything grows on disk, not
// in the heap (streams with backpressure, CDRs as functions of their id).
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { exportBundle } from '../exporter/export-bundle.js';
import { tempDir } from './helpers.js';

const out = tempDir();
afterAll(() => rmSync(out, { recursive: true, force: true }));

it('generates 200,000 entries with less than 150 MB of resident memory growth', async () => {
  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 25);
  const started = performance.now();
  try {
    const r = await exportBundle({ outDir: out, seed: 'memory', entries: 200_000, cdrs: 20_000, reveals: 5_000 });
    peak = Math.max(peak, process.memoryUsage().rss);
    expect(r.stats.entries).toBe(200_000);
    expect(r.stats.reveals).toBe(5_000);
    // The two logs together outweigh the allowed growth: they cannot have been held in memory.
    const size = (rel: string) => statSync(join(r.bagDir, rel)).size;
    expect(size('data/audit/audit-log.csv') + size('data/audit/audit-log.jsonl')).toBeGreaterThan(150e6);
  } finally {
    clearInterval(sampler);
  }
  const growthMb = (peak - before) / 1e6;
  expect(growthMb, `RSS grew by ${growthMb.toFixed(0)} MB in ${((performance.now() - started) / 1000).toFixed(1)} s`).toBeLessThan(150);
});
