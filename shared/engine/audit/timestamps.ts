// The one time form the format allows (spec "Conventions"): RFC 3339 in UTC
// with milliseconds and Z. Fixed width, so two valid values compare as strings.
const TS_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.\d{3}Z$/;

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function isStrictTimestamp(text: unknown): boolean {
  if (typeof text !== 'string') return false;
  const m = TS_RE.exec(text);
  if (!m) return false;
  const year = +m[1]!;
  const month = +m[2]!;
  const day = +m[3]!;
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const maxDay = month === 2 && leap ? 29 : DAYS[month - 1]!;
  return day <= maxDay && +m[4]! < 24 && +m[5]! < 60 && +m[6]! < 60;
}
