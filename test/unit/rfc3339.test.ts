// isRfc3339Ms checks the format's time form character by character and
// remembers the last valid date: it must accept and refuse exactly what the
// plain definition does (the pattern plus a Date round trip), whatever was
// checked before.
import { describe, expect, it } from 'vitest';
import { isIsoDate, isRfc3339Ms } from '../../shared/engine/time/rfc3339.js';

const PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.(\d{3})Z$/;
function reference(v: string): boolean {
  if (!PATTERN.test(v)) return false;
  const t = Date.parse(v);
  return Number.isFinite(t) && new Date(t).toISOString() === v;
}

const EDGES = [
  '2026-03-02T09:14:07.512Z',
  '2026-03-02T23:59:59.999Z',
  '2026-03-02T24:00:00.000Z',
  '2026-03-02T09:60:07.512Z',
  '2026-03-02T09:14:60.512Z',
  '2026-03-02T09:14:07.51Z',
  '2026-03-02T09:14:07.5120Z',
  '2026-03-02T09:14:07.512z',
  '2026-03-02 09:14:07.512Z',
  '2026-03-02T09:14:07.512+00:00',
  '2026-03-02T09:14:07,512Z',
  '2026-03-02T9:14:07.512Z ',
  '2024-02-29T00:00:00.000Z',
  '2026-02-29T00:00:00.000Z',
  '1900-02-29T00:00:00.000Z',
  '2000-02-29T00:00:00.000Z',
  '2026-04-31T00:00:00.000Z',
  '2026-00-10T00:00:00.000Z',
  '2026-13-10T00:00:00.000Z',
  '2026-12-00T00:00:00.000Z',
  '0000-01-01T00:00:00.000Z',
  '9999-12-31T23:59:59.999Z',
  '2026-03-0xT09:14:07.512Z',
  '2026-03-02T09:14:07.5x2Z',
  '２026-03-02T09:14:07.512Z',
  '',
];

describe('isRfc3339Ms', () => {
  it('agrees with the plain definition on edge cases, in any order', () => {
    for (const order of [EDGES, [...EDGES].reverse()]) {
      for (const v of order) expect(isRfc3339Ms(v), v).toBe(reference(v));
    }
  });

  it('refuses what is not a string', () => {
    for (const v of [undefined, null, 1, {}, ['2026-03-02T09:14:07.512Z']]) expect(isRfc3339Ms(v)).toBe(false);
  });

  it('agrees with the plain definition on random near-valid times after a valid one of the same date', () => {
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const chars = '0123456789-:.TZ x';
    for (let i = 0; i < 20_000; i++) {
      const base = new Date(Date.UTC(1990 + rnd(60), rnd(12), 1 + rnd(31), rnd(24), rnd(60), rnd(60), rnd(1000))).toISOString();
      expect(isRfc3339Ms(base), base).toBe(true);
      const at = rnd(24);
      const mutated = base.slice(0, at) + chars[rnd(chars.length)] + base.slice(at + 1);
      expect(isRfc3339Ms(mutated), mutated).toBe(reference(mutated));
    }
  });
});

describe('isIsoDate', () => {
  // The plain definition of a calendar date: the pattern, and a UTC round trip that gives the same day back (no roll-over).
  function referenceDate(v: string): boolean {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
    const t = Date.parse(`${v}T00:00:00.000Z`);
    return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === v;
  }

  it('accepts real dates and refuses those Date.parse rolls over', () => {
    for (const v of ['2026-03-02', '2024-02-29', '2000-02-29', '2026-12-31']) expect(isIsoDate(v), v).toBe(true);
    for (const v of ['2026-02-30', '2026-02-29', '1900-02-29', '2026-04-31', '2026-13-01', '2026-00-01', '2026-01-00', '2026-1-01', '2026-03-02 ', '２026-03-02', '', undefined, 20260302]) {
      expect(isIsoDate(v), String(v)).toBe(false);
    }
  });

  it('agrees with the plain definition on random near-valid dates', () => {
    let seed = 11;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const chars = '0123456789-x';
    for (let i = 0; i < 20_000; i++) {
      const base = new Date(Date.UTC(1990 + rnd(60), rnd(12), 1 + rnd(31))).toISOString().slice(0, 10);
      expect(isIsoDate(base), base).toBe(true);
      const at = rnd(10);
      const mutated = base.slice(0, at) + chars[rnd(chars.length)] + base.slice(at + 1);
      expect(isIsoDate(mutated), mutated).toBe(referenceDate(mutated));
    }
  });
});
