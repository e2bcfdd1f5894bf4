// What the audit explorer asks of a bundle's stored entries: the filter and
// sort of a page, and the columns of its rows. Pure types: the API contract
// (and so the renderer) and the engine's store queries share them.
import type { AuditEntry } from './audit-entry.js';

export const AUDIT_SORT_FIELDS = ['seq', 'ts', 'actor', 'action', 'tenant', 'outcome'] as const;
export type AuditSortField = (typeof AUDIT_SORT_FIELDS)[number];
export type SortDirection = 'asc' | 'desc';

/** Exact-match filters (values come from the facets) plus a time range, all ANDed. */
export interface AuditFilter {
  actor?: string;
  action?: string;
  tenant?: string;
  outcome?: string;
  /** Inclusive lower bound, RFC 3339 UTC. */
  from?: string;
  /** Exclusive upper bound, RFC 3339 UTC. */
  to?: string;
}

/** Largest page answered in one call: keeps every answer small, whatever the log's size. */
export const AUDIT_PAGE_MAX = 1000;

/** The members of an entry a page lists, one row per entry (the rest is read when one is opened). */
export type AuditRowFields = Pick<AuditEntry, 'seq' | 'ts' | 'tenant' | 'actor' | 'role' | 'action' | 'target' | 'outcome'>;

/** The values a bundle's entries hold, to filter on, and the time range they span. */
export interface AuditFacets {
  total: number;
  actors: string[];
  actions: string[];
  tenants: string[];
  outcomes: string[];
  firstTs?: string;
  lastTs?: string;
}
