// The reveals screen's filter (the contract's RevealScreenFilter, the CLI
// `reveals` options) as the screen builds it: from a chart's day or person,
// and from a saved view, which the CLI may have written with anything in it.
import type { RevealScreenFilter } from '../../../../shared/api/contract.js';

export const FILTER_KEYS = ['actor', 'tenant', 'phone', 'extension', 'from', 'at'] as const satisfies readonly (keyof RevealScreenFilter)[];

/** The filter without its empty members, so equal selections are equal objects (and one saved view). */
export function cleanFilter(f: RevealScreenFilter): RevealScreenFilter {
  const out: RevealScreenFilter = {};
  for (const k of FILTER_KEYS) {
    const v = f[k];
    if (v !== undefined && v !== '') (out as Record<string, unknown>)[k] = v;
  }
  return out;
}

export function isEmptyFilter(f: RevealScreenFilter): boolean {
  return Object.keys(cleanFilter(f)).length === 0;
}

/** One UTC day (as the per-day chart counts them), first to last millisecond. */
export function dayPeriod(day: string): Pick<RevealScreenFilter, 'from' | 'at'> {
  return { from: `${day}T00:00:00.000Z`, at: `${day}T23:59:59.999Z` };
}

/** The day a filter's period is, when it is exactly one day (the chart's drill-down). */
export function periodDay(f: RevealScreenFilter): string | undefined {
  const day = f.from?.slice(0, 10);
  return day && f.from === dayPeriod(day).from && f.at === dayPeriod(day).at ? day : undefined;
}

/** A saved view's filter as this screen reads it; members it does not know, or of the wrong type, are named, not applied. */
export function filterOfView(v: Record<string, unknown>): { filter: RevealScreenFilter; ignored: string[] } {
  const filter: RevealScreenFilter = {};
  const ignored: string[] = [];
  for (const [k, value] of Object.entries(v)) {
    if (k === 'extension' && typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) filter.extension = value;
    else if (k === 'extension' && typeof value === 'string' && /^\d+$/.test(value)) filter.extension = Number(value);
    else if ((FILTER_KEYS as readonly string[]).includes(k) && k !== 'extension' && typeof value === 'string' && value !== '') (filter as Record<string, string>)[k] = value;
    else ignored.push(k);
  }
  return { filter, ignored };
}
