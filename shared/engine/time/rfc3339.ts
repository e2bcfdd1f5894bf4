// The format's one time form (spec "Conventions"): RFC 3339, UTC, milliseconds, Z.
const RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.(\d{3})Z$/;

/** True for e.g. `2026-03-02T09:14:07.512Z` that also names a real instant (no Feb 30). */
export function isRfc3339Ms(v: unknown): v is string {
  if (typeof v !== 'string') return false;
  const m = RE.exec(v);
  if (!m) return false;
  const t = Date.parse(v);
  return Number.isFinite(t) && new Date(t).toISOString() === v;
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
