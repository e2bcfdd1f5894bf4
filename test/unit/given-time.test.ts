// The one reading of times a person gives (engine/time/given-time.ts) and the
// command line's use of it (cli/time-arg.ts): accepted forms, impossible dates,
// missing zones, offsets normalized to Z, the same instant in every time zone,
// and stated times refused in the future.
import { afterEach, describe, expect, it } from 'vitest';
import { parseGivenTime } from '../../shared/engine/time/given-time.js';
import { CLOCK_TOLERANCE_MS, timeArg } from '../../shared/cli/time-arg.js';
import { UsageError } from '../../shared/cli/cli-error.js';

const iso = (v: string, allowDate = true) => {
  const r = parseGivenTime(v, { allowDate });
  return r.ok ? r.iso : `refused: ${r.problem}`;
};

describe('parseGivenTime', () => {
  it.each([
    ['2026-02-25T12:00:00Z', '2026-02-25T12:00:00.000Z'],
    ['2026-02-25T12:00:00.000Z', '2026-02-25T12:00:00.000Z'],
    ['2026-02-25T12:00:00.5Z', '2026-02-25T12:00:00.500Z'],
    ['2026-02-25T12:00:00.123456789Z', '2026-02-25T12:00:00.123Z'],
    ['2026-02-25t12:00:00z', '2026-02-25T12:00:00.000Z'],
    ['2026-02-25T13:00:00+01:00', '2026-02-25T12:00:00.000Z'],
    ['2026-02-25T07:00:00.250-05:00', '2026-02-25T12:00:00.250Z'],
    ['2026-02-25T00:30:00+05:30', '2026-02-24T19:00:00.000Z'],
    ['2026-12-31T23:00:00-01:00', '2027-01-01T00:00:00.000Z'],
    ['2026-02-25T12:00:00-00:00', '2026-02-25T12:00:00.000Z'],
    ['2024-02-29T23:59:59.999Z', '2024-02-29T23:59:59.999Z'],
    ['2026-02-25', '2026-02-25T00:00:00.000Z'],
    ['2024-02-29', '2024-02-29T00:00:00.000Z'],
  ])('accepts %s as %s', (given, expected) => {
    expect(iso(given)).toBe(expected);
  });

  it.each([
    ['2026-02-30T00:00:00Z', '2026-02-30 is not a date of the calendar'],
    ['2026-02-29', '2026-02-29 is not a date of the calendar'],
    ['1900-02-29T00:00:00Z', '1900-02-29 is not a date of the calendar'],
    ['2026-04-31T10:00:00+02:00', '2026-04-31 is not a date of the calendar'],
    ['2026-13-01T00:00:00Z', '2026-13-01 is not a date of the calendar'],
    ['2026-02-25T24:00:00Z', '24:00:00 is not a time of day'],
    ['2026-02-25T12:60:00Z', '12:60:00 is not a time of day'],
    ['2026-02-25T23:59:60Z', '23:59:60 is not a time of day'],
    ['2026-02-25T12:00:00+24:00', '+24:00 is not a time zone offset'],
    ['2026-02-25T12:00:00+01:60', '+01:60 is not a time zone offset'],
    ['2026-02-25T12:00:00', 'it has no time zone (for UTC write 2026-02-25T12:00:00Z)'],
    ['2026-02-25T12:00', 'it has no time zone (for UTC write 2026-02-25T12:00:00Z)'],
    ['2026-02-25 12:00', 'it has no time zone (for UTC write 2026-02-25T12:00:00Z)'],
    ['2026-02-30T12:00', '2026-02-30 is not a date of the calendar'],
    ['2026-02-25T12:00Z', 'it has no seconds (write 2026-02-25T12:00:00Z)'],
    ['2026-02-25 12:00:00Z', 'the date and the time are joined by a T (write 2026-02-25T12:00:00Z)'],
    ['0000-01-01T00:30:00+01:00', 'it is outside the years 0000 to 9999 in UTC'],
    ['yesterday', 'it is not in an accepted form'],
    ['1772020800000', 'it is not in an accepted form'],
    ['Wed, 25 Feb 2026 12:00:00 GMT', 'it is not in an accepted form'],
    ['2026-02-25T12:00:00+0100', 'it is not in an accepted form'],
    ['2026-2-5', 'it is not in an accepted form'],
    ['', 'it is not in an accepted form'],
  ])('refuses %s: %s', (given, problem) => {
    expect(iso(given)).toBe(`refused: ${problem}`);
  });

  it('takes a bare date only where allowed (the API asks for an instant)', () => {
    expect(iso('2026-02-25', false)).toBe('refused: it is not in an accepted form');
    expect(iso('2026-02-25T00:00:00Z', false)).toBe('2026-02-25T00:00:00.000Z');
  });

  it('agrees with Date.UTC on random instants written with random offsets', () => {
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const p2 = (n: number) => String(n).padStart(2, '0');
    for (let i = 0; i < 5_000; i++) {
      const ms = Date.UTC(1990 + rnd(60), rnd(12), 1 + rnd(31), rnd(24), rnd(60), rnd(60), rnd(1000));
      const offset = (rnd(2) ? 1 : -1) * (rnd(15) * 60 + [0, 30, 45][rnd(3)]!);
      const wall = new Date(ms + offset * 60_000).toISOString().slice(0, 23);
      const zone = `${offset < 0 ? '-' : '+'}${p2(Math.floor(Math.abs(offset) / 60))}:${p2(Math.abs(offset) % 60)}`;
      const r = parseGivenTime(wall + zone);
      expect(r.ok && r.ms, wall + zone).toBe(ms);
      expect(r.ok && r.iso).toBe(new Date(ms).toISOString());
    }
  });
});

describe('timeArg (every time flag of the command line)', () => {
  const savedTz = process.env.TZ;
  afterEach(() => {
    if (savedTz === undefined) delete process.env.TZ;
    else process.env.TZ = savedTz;
  });

  it('gives the same instant in every time zone of the machine', () => {
    const seen = new Set<string>();
    for (const tz of ['UTC', 'America/New_York', 'Europe/Paris', 'Asia/Kolkata']) {
      process.env.TZ = tz;
      seen.add([timeArg('at', '2026-02-25'), timeArg('at', '2026-02-25T12:00:00+01:00'), timeArg('at', '2026-02-25T11:00:00.000Z')].join());
    }
    expect([...seen]).toEqual(['2026-02-25T00:00:00.000Z,2026-02-25T11:00:00.000Z,2026-02-25T11:00:00.000Z']);
  });

  it('refuses in one line naming the flag, the value and the accepted forms', () => {
    expect(timeArg('at', undefined)).toBeUndefined();
    for (const v of ['2026-02-30T00:00:00Z', '2026-02-25T12:00', 'soon']) {
      expect(() => timeArg('at', v)).toThrow(UsageError);
      try {
        timeArg('at', v);
      } catch (e) {
        const m = (e as Error).message;
        expect(m).toContain(`--at "${v}" is not a usable time: `);
        expect(m).toContain('an RFC 3339 date-time with a zone, e.g. 2026-02-25T12:00:00Z');
        expect(m).toContain('a date 2026-02-25 (00:00 UTC that day)');
        expect(m).not.toContain('\n');
      }
    }
  });

  it('refuses a stated time in the future beyond the clock tolerance, and only a stated one', () => {
    const now = new Date('2026-03-03T10:00:00.000Z');
    const done = { done: 'the review was made', now };
    expect(timeArg('reviewed-at', '2026-03-03T10:04:59.999Z', done)).toBe('2026-03-03T10:04:59.999Z');
    expect(timeArg('reviewed-at', new Date(now.getTime() + CLOCK_TOLERANCE_MS).toISOString(), done)).toBe('2026-03-03T10:05:00.000Z');
    expect(timeArg('reviewed-at', '2026-03-03T11:04:00+01:00', done)).toBe('2026-03-03T10:04:00.000Z');
    expect(() => timeArg('reviewed-at', '2026-03-03T10:05:00.001Z', done)).toThrow(
      '--reviewed-at 2026-03-03T10:05:00.001Z is in the future (this computer\'s clock says 2026-03-03T10:00:00.000Z): give the time the review was made, not a planned one',
    );
    expect(() => timeArg('reviewed-at', '2026-03-04', done)).toThrow(/is in the future/);
    expect(timeArg('extension-to', '2030-01-01T00:00:00Z', { now })).toBe('2030-01-01T00:00:00.000Z');
  });
});
