// Time arithmetic for the simulated appliance: UTC instants in milliseconds,
// calendar months (retention), and PostgreSQL's rendering of timestamptz in
// the appliance's Europe/Paris time zone (spec §5).

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export function parseIso(text: string): number {
  const ms = Date.parse(text);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(text) || Number.isNaN(ms)) {
    throw new Error(`not an RFC 3339 UTC time with milliseconds: ${text}`);
  }
  return ms;
}

/** RFC 3339, UTC, milliseconds, `Z` (spec "Conventions"). */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function utcDayStart(ms: number): number {
  return Math.floor(ms / DAY) * DAY;
}

/** `YYYYMMDDTHHMMSSZ`, as in bag names. */
export function compactStamp(ms: number): string {
  return iso(ms).slice(0, 19).replace(/[-:]/g, '') + 'Z';
}

/** Calendar months added in UTC, the day clamped to the target month's length (Mar 31 - 1 month = Feb 28/29). */
export function addMonths(ms: number, months: number): number {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const targetYear = y + Math.floor(m / 12);
  const targetMonth = ((m % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
  const day = Math.min(d.getUTCDate(), lastDay);
  return Date.UTC(
    targetYear,
    targetMonth,
    day,
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
    d.getUTCMilliseconds(),
  );
}

/** 01:00 UTC on the last Sunday of a month: when EU summer time starts (March) or ends (October). */
function lastSundayAt1Utc(year: number, month: number): number {
  const last = new Date(Date.UTC(year, month + 1, 0, 1));
  return last.getTime() - last.getUTCDay() * DAY;
}

/** Europe/Paris offset from UTC in hours at an instant: +2 in summer time, +1 otherwise. */
export function parisOffsetHours(ms: number): number {
  const year = new Date(ms).getUTCFullYear();
  return ms >= lastSundayAt1Utc(year, 2) && ms < lastSundayAt1Utc(year, 9) ? 2 : 1;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/**
 * A timestamptz as PostgreSQL prints it with TimeZone = Europe/Paris:
 * `2026-03-02 10:14:07.512+01`, trailing zeros of the fraction dropped, no fraction when zero.
 */
export function pgTimestamptz(ms: number): string {
  const off = parisOffsetHours(ms);
  const d = new Date(ms + off * HOUR);
  const frac = d.getUTCMilliseconds();
  const fracText = frac === 0 ? '' : '.' + pad(frac, 3).replace(/0+$/, '');
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}${fracText}+${pad(off)}`
  );
}
