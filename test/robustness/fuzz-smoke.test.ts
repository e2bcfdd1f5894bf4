// A short run of the fuzz harness (the long one is `npm run fuzz`): the
// harness itself works, and a few seconds of mutations hold every invariant.
import { describe, expect, it } from 'vitest';
import { runFuzz } from '../fuzz/fuzz.js';

describe('the fuzz harness', () => {
  it('runs mutated bundles for a bounded time and finds no violation', async () => {
    const counts = await runFuzz({ seconds: 4, seed: 'smoke' });
    expect(counts.runs).toBeGreaterThan(0);
    expect(counts.violations).toEqual([]);
    expect(Object.values(counts.verdicts).reduce((a, b) => a + b, 0)).toBe(counts.runs);
  }, 20_000);
});
