// Calendar rules the cross-checks and the replay apply: Europe/Paris local
// time (the appliance's time zone, spec §5), the GDPR one-month deadline and
// the nightly CDR purge boundary.
//
// Europe/Paris follows the EU summer-time rule (since 1996): UTC+2 from the
// last Sunday of March 01:00 UTC to the last Sunday of October 01:00 UTC,
// UTC+1 otherwise. Computing it here keeps results identical on every
// machine, whatever time zone data the runtime ships.
import { addCalendarMonths, DAY_MS } from '../time/rfc3339.js';

const HOUR_MS = 3_600_000;

function lastSundayUtc(year: number, month0: number): number {
  const lastDay = new Date(Date.UTC(year, month0 + 1, 0));
  const back = lastDay.getUTCDay(); // 0 = Sunday
  return Date.UTC(year, month0, lastDay.getUTCDate() - back, 1, 0, 0);
}

/** Offset of Europe/Paris from UTC at an instant, in ms (1 h in winter, 2 h in summer). */
export function parisOffsetMs(utcMs: number): number {
  const year = new Date(utcMs).getUTCFullYear();
  const start = lastSundayUtc(year, 2);
  const end = lastSundayUtc(year, 9);
  return utcMs >= start && utcMs < end ? 2 * HOUR_MS : HOUR_MS;
}

export interface LocalParts {
  year: number;
  /** 1..12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** 0 = Sunday .. 6 = Saturday */
  weekday: number;
}

export function parisParts(utcMs: number): LocalParts {
  const d = new Date(utcMs + parisOffsetMs(utcMs));
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    weekday: d.getUTCDay(),
  };
}

/** The instant of a Paris wall-clock time (for a time skipped or repeated by a clock change, one of its readings). */
export function parisLocalToUtc(year: number, month: number, day: number, hour = 0, minute = 0): number {
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  let utc = asUtc - parisOffsetMs(asUtc - HOUR_MS);
  utc = asUtc - parisOffsetMs(utc);
  return utc;
}

/** "2026-02-16 10:14 (Mon)": how a Paris local time is shown in messages. */
export function formatParis(utcMs: number): string {
  const p = parisParts(utcMs);
  const pad = (n: number) => String(n).padStart(2, '0');
  const wd = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][p.weekday];
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)} Paris (${wd})`;
}

/**
 * The GDPR art. 12(3) deadline for a request received at `receivedMs`: the
 * end of the day, one calendar month later, that bears the same number as the
 * day of receipt (or the month's last day when it has no such day), reckoned
 * in the appliance's time zone — the rule EU Regulation 1182/71 art. 3(2)(c)
 * sets for periods in months. Returns the first instant past the deadline.
 */
export function gdprDeadlineMs(receivedMs: number): number {
  const p = parisParts(receivedMs);
  let y = p.year;
  let m = p.month + 1;
  if (m > 12) {
    m = 1;
    y++;
  }
  const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const d = Math.min(p.day, lastDay);
  return parisLocalToUtc(y, m, d + 1); // midnight after the last day (Date.UTC carries day overflow)
}

/** Nightly CDR purge time (spec §5: 02:00 UTC). */
const PURGE_HOUR_UTC = 2;

/**
 * The oldest `started_at` a valid export may still hold for a tenant keeping
 * `months` of CDRs (spec §5): "at export time the oldest CDR may be up to one
 * day past the boundary", the boundary being the export time counted back
 * `months` calendar months. So a CDR is past retention only when it is more
 * than one day past that boundary; one the spec allows is never a finding,
 * even if the last nightly run should have deleted it (a run that is late or
 * still running at export).
 *
 * Near month ends, calendar months counted back from the export and from the
 * last 02:00 UTC run can land days apart (2026-03-01T01:00 minus one month is
 * February 1st, while the run of February 28th kept calls from January 28th).
 * The floor is the earlier of the two, so it is never stricter than the
 * purge the appliance ran either. Month ends are clamped (2026-03-31 minus one
 * month is 2026-02-28), the earliest of the month arithmetics.
 */
export function retentionFloorMs(exportedMs: number, months: number): number {
  const d = new Date(exportedMs);
  let lastRun = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), PURGE_HOUR_UTC);
  if (lastRun >= exportedMs) lastRun -= DAY_MS;
  return Math.min(addCalendarMonths(exportedMs, -months) - DAY_MS, addCalendarMonths(lastRun, -months));
}
