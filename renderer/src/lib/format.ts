// How values read on screen. Times stay in UTC (the evidence's own time
// base, and what an auditor cites), shown without the T and milliseconds
// unless asked; counts get thousands separators.
import type { Severity } from '../../../shared/model/findings.js';

export function formatTime(iso: string | undefined, opts: { ms?: boolean } = {}): string {
  if (!iso) return '—';
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(\.\d+)?Z$/.exec(iso);
  if (!m) return iso;
  return `${m[1]} ${m[2]}${opts.ms && m[3] ? m[3] : ''} UTC`;
}

export function formatDate(iso: string | undefined): string {
  if (!iso) return '—';
  return iso.slice(0, 10);
}

export function formatCount(n: number | undefined): string {
  return n === undefined ? '—' : n.toLocaleString('en-GB');
}

export function plural(n: number, one: string, many = one + 's'): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

export const SEVERITY_LABEL: Record<Severity, string> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  info: 'Information',
};

/** Days between two times, rounded down. */
export function daysBetween(a: string, b: string): number {
  return Math.floor((Date.parse(b) - Date.parse(a)) / 86_400_000);
}

/** Converts a datetime-local value (read as UTC) to RFC 3339; '' when empty or invalid. */
export function localInputToUtc(value: string): string {
  if (!value) return '';
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?$/.exec(value);
  return m ? `${m[1]}T${m[2]}${m[3] ?? ':00'}.000Z` : '';
}

export function utcToLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  return iso.slice(0, 16);
}
