// The one time form of the format (spec "Conventions"): RFC 3339 in UTC with
// exactly three fraction digits and `Z`. Strict: a real calendar date, one
// spelling per instant, so equal instants compare equal as text.

const UTC_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function isUtcMillisTime(value: unknown): value is string {
  if (typeof value !== 'string' || !UTC_MS.test(value)) return false;
  const t = Date.parse(value);
  // Round-tripping rejects 2026-02-30 and 24:00, which Date.parse would roll over.
  return Number.isFinite(t) && new Date(t).toISOString() === value;
}
