// The format's one time form (spec "Conventions"): RFC 3339, UTC, milliseconds,
// Z, fixed width (so two valid values compare as strings).
//
// Checked character by character, with the last valid date remembered: this
// runs for every entry of logs with millions of them, and consecutive entries
// nearly always share their date. A regular expression and a Date round trip
// cost several times more.

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The value of `n` decimal digits at `from`, or -1 if one is not a digit. */
function digits(s: string, from: number, n: number): number {
  let v = 0;
  for (let i = from; i < from + n; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** `YYYY-MM-DD` at the start of `s` is a real calendar date (no Feb 30). */
function isRealDate(s: string): boolean {
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  if (year < 0 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!);
}

/** True for a calendar date `YYYY-MM-DD` that exists (no Feb 30, no month 13): bag-info.txt's Bagging-Date. */
export function isIsoDate(v: unknown): v is string {
  return typeof v === 'string' && v.length === 10 && isRealDate(v);
}

/** The date part (`YYYY-MM-DD`) of the last value found valid. */
let lastDate = '\u0000';

/** True for e.g. `2026-03-02T09:14:07.512Z` that also names a real instant (no Feb 30, no 24:00). */
export function isRfc3339Ms(v: unknown): v is string {
  if (typeof v !== 'string' || v.length !== 24) return false;
  if (!v.startsWith(lastDate)) {
    if (!isRealDate(v)) return false;
    lastDate = v.slice(0, 10);
  }
  const h = digits(v, 11, 2);
  const m = digits(v, 14, 2);
  const sec = digits(v, 17, 2);
  return (
    v.charCodeAt(10) === 84 && // T
    v.charCodeAt(13) === 58 && // :
    v.charCodeAt(16) === 58 &&
    v.charCodeAt(19) === 46 && // .
    v.charCodeAt(23) === 90 && // Z
    h >= 0 && h < 24 &&
    m >= 0 && m < 60 &&
    sec >= 0 && sec < 60 &&
    digits(v, 20, 3) >= 0
  );
}

export function toMs(ts: string): number {
  return Date.parse(ts);
}

/** `t` plus `months` calendar months (negative to go back), clamped to the month's last day, in UTC. */
export function addCalendarMonths(t: number, months: number): number {
  const d = new Date(t);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, lastDay));
  return d.getTime();
}

export const DAY_MS = 86_400_000;
