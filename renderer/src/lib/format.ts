// How values read on screen, in the chosen language's locale: the one place
// dates, times and numbers are formatted. Times stay in UTC (the evidence's
// own time base, and what an auditor cites) and say so.
import { currentLanguage } from '../i18n/setup.js';
import { LOCALE_OF } from '../i18n/languages.js';

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

function dateFormat(kind: 'date' | 'time' | 'time-ms'): Intl.DateTimeFormat {
  const locale = LOCALE_OF[currentLanguage()];
  const key = `${locale} ${kind}`;
  let f = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) {
    f = new Intl.DateTimeFormat(locale, {
      timeZone: 'UTC',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      ...(kind === 'date' ? {} : { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' as const }),
      ...(kind === 'time-ms' ? { fractionalSecondDigits: 3 as const } : {}),
    });
    cache.set(key, f);
  }
  return f;
}

function numberFormat(): Intl.NumberFormat {
  const locale = LOCALE_OF[currentLanguage()];
  let f = cache.get(locale) as Intl.NumberFormat | undefined;
  if (!f) {
    f = new Intl.NumberFormat(locale);
    cache.set(locale, f);
  }
  return f;
}

function parse(iso: string): Date | undefined {
  const t = Date.parse(iso);
  return Number.isFinite(t) && /^\d{4}-\d{2}-\d{2}/.test(iso) ? new Date(t) : undefined;
}

/** A moment, in UTC: "2 Mar 2026, 09:14:07 UTC" / "2 mars 2026, 09:14:07 UTC". Unparsable text is shown as it is. */
export function formatTime(iso: string | undefined, opts: { ms?: boolean } = {}): string {
  if (!iso) return '—';
  const d = parse(iso);
  if (!d || !/T/.test(iso)) return iso;
  return `${dateFormat(opts.ms ? 'time-ms' : 'time').format(d)} UTC`;
}

/** A day: "2 Mar 2026" / "2 mars 2026". Accepts a full time or a YYYY-MM-DD day. */
export function formatDate(iso: string | undefined): string {
  if (!iso) return '—';
  const d = parse(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  return d ? dateFormat('date').format(d) : iso;
}

/** A count with the locale's grouping: "8,333" / "8 333". */
export function formatCount(n: number | undefined): string {
  return n === undefined ? '—' : numberFormat().format(n);
}

/** A number with a fixed count of decimals: "2.5" / "2,5". */
export function formatDecimal(n: number, digits: number): string {
  return new Intl.NumberFormat(LOCALE_OF[currentLanguage()], { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n);
}

export function formatBytes(n: number): string {
  const fr = currentLanguage() === 'fr';
  const units = fr ? ['o', 'Ko', 'Mo', 'Go', 'To'] : ['B', 'KB', 'MB', 'GB', 'TB'];
  if (n < 1024) return `${formatCount(n)}\u00a0${units[0]}`;
  let v = n / 1024;
  let i = 1;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${formatDecimal(v, v < 10 ? 1 : 0)}\u00a0${units[i]}`;
}

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
