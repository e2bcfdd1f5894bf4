// Converters from the text PostgreSQL writes in a dump (COPY text format, or
// the literal of an INSERT, which reads the same) to the typed values of the
// spec §5 columns. Each throws ValueConversionError with a message an auditor
// can act on; callers turn it into a dump.parse_error at the row's line.

export class ValueConversionError extends Error {}

// PostgreSQL's ISO output of timestamptz (DateStyle ISO): `YYYY-MM-DD
// HH:MM:SS`, 0 to 6 fraction digits, and the session's UTC offset as +HH,
// +HH:MM or, for historical local mean time, +HH:MM:SS. Parsed by position
// with integer arithmetic: this runs once per CDR, millions of times.

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(year: number, month: number): number {
  if (month === 2 && ((year % 4 === 0 && year % 100 !== 0) || year % 400 === 0)) return 29;
  return DAYS_IN_MONTH[month - 1]!;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The inverse: [year, month, day] of a day count from 1970-01-01. */
function civilFromDays(z: number): [number, number, number] {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

/** Two decimal digits at i, or -1. */
function d2(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

const pad2 = (n: number): string => (n < 10 ? '0' + n : '' + n);
const pad3 = (n: number): string => (n < 10 ? '00' + n : n < 100 ? '0' + n : '' + n);

/** Why scanTimestamptz refused its input (set when it returns NaN). */
export type TimestamptzProblem = 'format' | 'date' | 'time' | 'offset' | 'range';

let lastProblem: TimestamptzProblem = 'format';

/** The reason of the last NaN scanTimestamptz returned. */
export function timestamptzProblem(): TimestamptzProblem {
  return lastProblem;
}

const refuse = (why: TimestamptzProblem): number => {
  lastProblem = why;
  return NaN;
};

/** The last valid date scanTimestamptz read (`YYYY-MM-DD`), and its day number. */
let lastDate = '';
let lastDays = 0;

/** Epoch ms of 0000-01-01T00:00:00Z and of 10000-01-01T00:00:00Z: the years RFC 3339 can write. */
const MIN_RFC3339_MS = daysFromCivil(0, 1, 1) * 86_400_000;
const END_RFC3339_MS = daysFromCivil(10000, 1, 1) * 86_400_000;

/**
 * The instant (epoch ms, sub-millisecond digits truncated) of the timestamptz
 * written in text[start, end), or NaN (reason: timestamptzProblem()) when it
 * is not one timestamptzToUtc accepts. `infinity` is NaN here: callers that
 * accept it test for it first. Reads by position without slicing, so the
 * CDR fast path can scan a field inside its line.
 */
export function scanTimestamptz(text: string, start: number, end: number): number {
  const n = end - start;
  if (n < 22 || text.charCodeAt(start + 4) !== 0x2d || text.charCodeAt(start + 7) !== 0x2d || text.charCodeAt(start + 10) !== 0x20) {
    return refuse('format');
  }
  // Consecutive rows mostly share their date: a date read before (and valid) is not read again.
  const sameDate = lastDate.length === 10 && text.startsWith(lastDate, start);
  const yh = sameDate ? 0 : d2(text, start);
  const yl = sameDate ? 0 : d2(text, start + 2);
  const month = sameDate ? 1 : d2(text, start + 5);
  const day = sameDate ? 1 : d2(text, start + 8);
  const hour = d2(text, start + 11);
  const minute = d2(text, start + 14);
  const second = d2(text, start + 17);
  if (
    yh < 0 || yl < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0 ||
    text.charCodeAt(start + 13) !== 0x3a || text.charCodeAt(start + 16) !== 0x3a
  ) {
    return refuse('format');
  }
  let i = start + 19;
  let millis = 0;
  if (text.charCodeAt(i) === 0x2e) {
    let digits = 0;
    i++;
    for (; i < end; i++) {
      const c = text.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      if (digits < 3) millis = millis * 10 + c;
      digits++;
    }
    if (digits === 0 || digits > 6) return refuse('format');
    for (let k = digits; k < 3; k++) millis *= 10;
  }
  const signChar = i < end ? text.charCodeAt(i) : -1;
  if (signChar !== 0x2b && signChar !== 0x2d) return refuse('format');
  const offH = i + 2 < end ? d2(text, i + 1) : -1;
  let offM = 0;
  let offS = 0;
  i += 3;
  if (i < end && text.charCodeAt(i) === 0x3a) {
    offM = i + 2 < end ? d2(text, i + 1) : -1;
    i += 3;
    if (i < end && text.charCodeAt(i) === 0x3a) {
      offS = i + 2 < end ? d2(text, i + 1) : -1;
      i += 3;
    }
  }
  if (offH < 0 || offM < 0 || offS < 0 || i !== end) return refuse('format');
  let days: number;
  if (sameDate) days = lastDays;
  else {
    const year = yh * 100 + yl;
    if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return refuse('date');
    days = daysFromCivil(year, month, day);
    lastDate = text.slice(start, start + 10);
    lastDays = days;
  }
  if (hour > 23 || minute > 59 || second > 59) return refuse('time');
  if (offH > 15 || offM > 59 || offS > 59) return refuse('offset');
  const offset = (signChar === 0x2d ? -1 : 1) * (offH * 3600 + offM * 60 + offS);
  const ms = (days * 86400 + hour * 3600 + minute * 60 + second - offset) * 1000 + millis;
  if (ms < MIN_RFC3339_MS || ms >= END_RFC3339_MS) return refuse('range');
  return ms;
}

const PROBLEM_TEXT: Record<TimestamptzProblem, string> = {
  format: 'is not a timestamp with time zone as PostgreSQL writes it',
  date: 'is not a valid date',
  time: 'is not a valid time of day',
  offset: 'has an impossible UTC offset',
  range: 'is outside the years RFC 3339 can write',
};

/** RFC 3339 UTC with exactly milliseconds of an epoch ms within years 0000–9999. */
export function msToRfc3339(ms: number): string {
  const days = Math.floor(ms / 86_400_000);
  const msOfDay = ms - days * 86_400_000;
  const [y, m, d] = civilFromDays(days);
  const sod = Math.floor(msOfDay / 1000);
  const millis = msOfDay - sod * 1000;
  const hh = Math.floor(sod / 3600);
  const mm = Math.floor((sod % 3600) / 60);
  const ss = sod % 60;
  const yyyy = y < 10 ? '000' + y : y < 100 ? '00' + y : y < 1000 ? '0' + y : '' + y;
  return `${yyyy}-${pad2(m)}-${pad2(d)}T${pad2(hh)}:${pad2(mm)}:${pad2(ss)}.${pad3(millis)}Z`;
}

/**
 * A timestamptz as written by PostgreSQL (`2026-03-02 10:14:07.512+01`) to
 * RFC 3339 UTC with exactly milliseconds (`2026-03-02T09:14:07.512Z`), the
 * form every other part of the bundle uses.
 *
 * Sub-millisecond digits are TRUNCATED, not rejected: PostgreSQL stores
 * microseconds and a dump may legitimately carry them, while the format's
 * times are milliseconds. Truncation keeps the instant at or before the
 * stored one, and `.512999` and `.512` then compare equal, as they do at the
 * format's precision.
 *
 * `infinity` and `-infinity` are returned as those words: they sort after
 * and before every RFC 3339 time in plain string comparison, as they do in
 * PostgreSQL. Years outside 0000–9999 after conversion and BC dates cannot
 * be written in RFC 3339 and are refused.
 */
export function timestamptzToUtc(text: string): string {
  const ms = scanTimestamptz(text, 0, text.length);
  if (Number.isNaN(ms)) {
    if (text === 'infinity' || text === '-infinity') return text;
    throw new ValueConversionError(`"${text}" ${PROBLEM_TEXT[lastProblem]}`);
  }
  return msToRfc3339(ms);
}

const INT = /^-?\d+$/;
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** An `integer` column: 32-bit signed. */
export function int4(text: string): number {
  if (!INT.test(text)) throw new ValueConversionError(`"${text}" is not an integer`);
  const n = Number(text);
  if (n < INT32_MIN || n > INT32_MAX) throw new ValueConversionError(`${text} is out of range for an integer column`);
  return n;
}

/**
 * A `bigint` column: a number when it is a safe integer (|n| < 2^53, which
 * every id and audit seq of a real appliance is), else the decimal text, so
 * no digit is silently lost.
 */
export function int8(text: string): number | string {
  if (!INT.test(text)) throw new ValueConversionError(`"${text}" is not an integer`);
  const n = Number(text);
  if (Number.isSafeInteger(n)) return n;
  const b = BigInt(text);
  if (b < INT64_MIN || b > INT64_MAX) throw new ValueConversionError(`${text} is out of range for a bigint column`);
  return b.toString();
}
