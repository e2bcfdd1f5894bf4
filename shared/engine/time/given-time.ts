// Times a person gives (command-line flags, API filters): one strict reading,
// whatever the machine's time zone.
//
// Accepted: an RFC 3339 date-time with an explicit zone, Z or ±hh:mm, with or
// without fractional seconds (2026-02-25T12:00:00Z, 2026-02-25T13:00:00.250+01:00),
// and, where allowed, a bare date YYYY-MM-DD meaning 00:00 UTC of that day.
// Refused: a date or time that does not exist (Feb 30, hour 24, second 60),
// a time without a zone (it would be read in the local zone of whatever
// machine runs the command), and anything else Date.parse would guess at.
// The result is the instant in the format's own form (rfc3339.ts): UTC,
// milliseconds, Z; fractional seconds beyond milliseconds are truncated.
import { isRfc3339Ms, toMs } from './rfc3339.js';

/** The accepted forms, as said in refusals, help and docs. */
export const GIVEN_TIME_FORMS = 'an RFC 3339 date-time with a zone, e.g. 2026-02-25T12:00:00Z or 2026-02-25T13:00:00.250+01:00';
export const GIVEN_DATE_FORM = 'a date 2026-02-25 (00:00 UTC that day)';

export type GivenTime = { ok: true; iso: string; ms: number } | { ok: false; problem: string };

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2})?$/;
/** Near misses, answered with the form meant: no zone, no seconds, a space for the T. */
const NEAR = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2})(:\d{2}(?:\.\d+)?)?([Zz]|[+-]\d{2}:\d{2})?$/;

function noSuchDay(date: string): string {
  return `${date} is not a date of the calendar`;
}

/** Reads `v` as an instant; `allowDate` also accepts YYYY-MM-DD (00:00 UTC). */
export function parseGivenTime(v: string, opts: { allowDate?: boolean } = {}): GivenTime {
  if (opts.allowDate && DATE.test(v)) {
    const iso = `${v}T00:00:00.000Z`;
    return isRfc3339Ms(iso) ? { ok: true, iso, ms: toMs(iso) } : { ok: false, problem: noSuchDay(v) };
  }
  const m = DATE_TIME.exec(v);
  if (!m || m[6] === undefined) {
    const near = NEAR.exec(v);
    if (!near) return { ok: false, problem: 'it is not in an accepted form' };
    const [, d, hm, sec, z] = near as unknown as [string, string, string, string | undefined, string | undefined];
    if (!isRfc3339Ms(`${d}T00:00:00.000Z`)) return { ok: false, problem: noSuchDay(d) };
    const meant = `${d}T${hm}${sec ?? ':00'}${z ?? 'Z'}`;
    const why = z === undefined ? 'it has no time zone' : sec === undefined ? 'it has no seconds' : 'the date and the time are joined by a T';
    return { ok: false, problem: `${why} (${z === undefined ? 'for UTC ' : ''}write ${meant})` };
  }
  const [, date, hh, mm, ss, frac, zone] = m as unknown as [string, string, string, string, string, string | undefined, string];
  // The wall-clock reading in the format's own form: its checks (real day, hour < 24, ...) apply as they are.
  const wall = `${date}T${hh}:${mm}:${ss}.${(frac ?? '').slice(0, 3).padEnd(3, '0')}Z`;
  if (!isRfc3339Ms(wall)) {
    if (!isRfc3339Ms(`${date}T00:00:00.000Z`)) return { ok: false, problem: noSuchDay(date) };
    return { ok: false, problem: `${hh}:${mm}:${ss} is not a time of day` };
  }
  let offsetMin = 0;
  if (zone !== 'Z' && zone !== 'z') {
    const oh = Number(zone.slice(1, 3));
    const om = Number(zone.slice(4, 6));
    if (oh > 23 || om > 59) return { ok: false, problem: `${zone} is not a time zone offset` };
    offsetMin = (zone[0] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const ms = toMs(wall) - offsetMin * 60_000;
  const iso = new Date(ms).toISOString();
  // An offset can carry year 0000 or 9999 out of the four-digit years.
  if (!isRfc3339Ms(iso)) return { ok: false, problem: 'it is outside the years 0000 to 9999 in UTC' };
  return { ok: true, iso, ms };
}
