// Calendar rules: Europe/Paris time (EU summer time), the GDPR one-month
// deadline, and the nightly purge's retention floor.
import { describe, expect, it } from 'vitest';
import { formatParis, gdprDeadlineMs, parisLocalToUtc, parisOffsetMs, parisParts, retentionFloorMs } from '../../shared/engine/crosscheck/calendar.js';
import { purgeDayStart } from '../../shared/engine/crosscheck/cdr-summary.js';

const ms = (s: string) => Date.parse(s);
const iso = (n: number) => new Date(n).toISOString();

describe('Europe/Paris time', () => {
  it('switches to summer time on the last Sunday of March and back on the last Sunday of October, at 01:00 UTC', () => {
    expect(parisOffsetMs(ms('2026-03-29T00:59:59.999Z'))).toBe(3_600_000);
    expect(parisOffsetMs(ms('2026-03-29T01:00:00.000Z'))).toBe(7_200_000);
    expect(parisOffsetMs(ms('2026-10-25T00:59:59.999Z'))).toBe(7_200_000);
    expect(parisOffsetMs(ms('2026-10-25T01:00:00.000Z'))).toBe(3_600_000);
  });

  it('agrees with the runtime time zone data over a year, hour by hour', () => {
    const fmt = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
    for (let t = ms('2025-01-01T00:30:00.000Z'); t < ms('2026-01-01T00:00:00.000Z'); t += 3_600_000) {
      const p = parisParts(t);
      const parts = Object.fromEntries(fmt.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
      expect([p.year, p.month, p.day, p.hour]).toEqual([+parts.year!, +parts.month!, +parts.day!, +parts.hour!]);
    }
  });

  it('converts a Paris wall-clock time to UTC and formats it', () => {
    expect(iso(parisLocalToUtc(2026, 3, 16, 0, 0))).toBe('2026-03-15T23:00:00.000Z');
    expect(iso(parisLocalToUtc(2026, 7, 1, 9, 30))).toBe('2026-07-01T07:30:00.000Z');
    expect(formatParis(ms('2026-02-25T21:50:52.077Z'))).toBe('2026-02-25 22:50 Paris (Wed)');
  });
});

describe('GDPR art. 12(3) deadline', () => {
  it('ends with the day bearing the same number one month later, in Paris time', () => {
    expect(iso(gdprDeadlineMs(ms('2026-02-16T03:00:00.000Z')))).toBe('2026-03-16T23:00:00.000Z');
    // Summer time by then: the day ends at 22:00 UTC.
    expect(iso(gdprDeadlineMs(ms('2026-04-10T12:00:00.000Z')))).toBe('2026-05-10T22:00:00.000Z');
  });

  it('takes the last day of a shorter month', () => {
    expect(iso(gdprDeadlineMs(ms('2026-01-31T10:00:00.000Z')))).toBe('2026-02-28T23:00:00.000Z');
    expect(iso(gdprDeadlineMs(ms('2024-01-31T10:00:00.000Z')))).toBe('2024-02-29T23:00:00.000Z');
  });

  it('counts from the Paris day of receipt (23:30 UTC on the 15th is the 16th in Paris)', () => {
    expect(iso(gdprDeadlineMs(ms('2026-01-15T23:30:00.000Z')))).toBe('2026-02-16T23:00:00.000Z');
  });

  it('crosses the year end', () => {
    expect(iso(gdprDeadlineMs(ms('2025-12-20T10:00:00.000Z')))).toBe('2026-01-20T23:00:00.000Z');
  });
});

describe('retention floor', () => {
  it('is one day before the export counted back in calendar months (spec §5: up to one day past the boundary)', () => {
    expect(iso(retentionFloorMs(ms('2026-03-02T09:14:07.512Z'), 13))).toBe('2025-02-01T09:14:07.512Z');
    expect(iso(retentionFloorMs(ms('2026-03-02T09:14:07.512Z'), 6))).toBe('2025-09-01T09:14:07.512Z');
    expect(iso(retentionFloorMs(ms('2026-03-02T01:00:00.000Z'), 1))).toBe('2026-02-01T01:00:00.000Z');
  });

  it('keeps every CDR the purge kept, whichever month arithmetic the appliance used', () => {
    // The full sample's purges: run 2025-08-29T02:00 with 6 months kept 2025-03-01T02:00 and later.
    for (const exportAt of ['2025-08-29T03:00:00.000Z', '2025-08-30T01:59:00.000Z']) {
      expect(retentionFloorMs(ms(exportAt), 6)).toBeLessThanOrEqual(ms('2025-03-01T02:00:00.000Z'));
    }
  });

  it('purge days start at 02:00 UTC', () => {
    expect(iso(purgeDayStart(ms('2026-03-02T01:59:59.999Z')))).toBe('2026-03-01T02:00:00.000Z');
    expect(iso(purgeDayStart(ms('2026-03-02T02:00:00.000Z')))).toBe('2026-03-02T02:00:00.000Z');
  });
});
