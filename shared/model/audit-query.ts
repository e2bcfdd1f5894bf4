// What the audit explorer asks of a bundle's stored entries: the filter and
// sort of a page, and the columns of its rows. Pure types: the API contract
// (and so the renderer) and the engine's store queries share them.
import type { AuditEntry } from './audit-entry.js';
import type { Severity } from './findings.js';

export const AUDIT_SORT_FIELDS = ['seq', 'ts', 'actor', 'action', 'tenant', 'outcome'] as const;
export type AuditSortField = (typeof AUDIT_SORT_FIELDS)[number];
export type SortDirection = 'asc' | 'desc';

/** Exact-match filters (values come from the facets), a time range and a contains-search, all ANDed. */
export interface AuditFilter {
  /**
   * Entries whose actor, target, source IP, request id or details contain this
   * text (ASCII letters compared without case). No index can serve a substring,
   * so a search reads the bundle's entries once and counts at most
   * AUDIT_SEARCH_CAP matches: bounded work, whatever the size of the log.
   */
  text?: string;
  actor?: string;
  action?: string;
  tenant?: string;
  outcome?: string;
  /** Inclusive lower bound, RFC 3339 UTC. */
  from?: string;
  /** Exclusive upper bound, RFC 3339 UTC. */
  to?: string;
}

/** A page's order; ties always fall back to seq, then chain order, so pages never overlap. */
export interface AuditSort {
  field: AuditSortField;
  direction: SortDirection;
}

/** One page of a bundle's entries: the filter, the order, and where the page starts. */
export interface AuditPageQuery {
  filter: AuditFilter;
  sort: AuditSort;
  offset: number;
  limit: number;
}

/** Most matches a contains-search counts and pages through; past it the user narrows the search. */
export const AUDIT_SEARCH_CAP = 10_000;

/** Largest page answered in one call: keeps every answer small, whatever the log's size. */
export const AUDIT_PAGE_MAX = 1000;

/** The members of an entry a page lists, one row per entry (the rest is read when one is opened). */
export type AuditRowFields = Pick<AuditEntry, 'seq' | 'ts' | 'tenant' | 'actor' | 'role' | 'action' | 'target' | 'outcome'>;

export interface AuditRow extends AuditRowFields {
  /** Most severe finding raised on this entry, if any. */
  worstSeverity?: Severity;
}

export interface AuditPage {
  /** Entries matching the filter, whatever the page (at most AUDIT_SEARCH_CAP for a search). */
  total: number;
  /** A search matched more than AUDIT_SEARCH_CAP entries: total is the cap, and only that many are paged. */
  capped?: boolean;
  offset: number;
  rows: AuditRow[];
  /** Time the engine took to answer, for the status bar and the benchmark. */
  elapsedMs: number;
}

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
