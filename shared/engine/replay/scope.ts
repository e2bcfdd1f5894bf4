// Which stored entries a replay reads: the bundles that count (not excluded
// by the auditor, case/bundle-standing.ts). A case may hold several exports of one
// installation: the newest is read whole, and each older one only for the
// seqs before everything newer starts (entries audit retention has since
// purged). The history check (case/history-check.ts) vouches that the
// overlapping parts are the same entries.
import type { EvidenceStore } from '../store/evidence-store.js';
import { excludedBundles } from '../case/bundle-standing.js';

export interface ScopePart {
  bundleId: number;
  installationId: string | null;
  /** Read only entries with seq < beforeSeq (null: all). */
  beforeSeq: number | null;
}

interface Row {
  id: number;
  installation_id: string | null;
  exported_ms: number | null;
  first_seq: number | null;
  last_seq: number | null;
}

export function replayScope(store: EvidenceStore, opts: { bundleId?: number; installationId?: string } = {}): ScopePart[] {
  const rows = store.db
    .prepare(
      `SELECT b.id, b.installation_id, b.exported_ms, a.first_seq, a.last_seq FROM bundles b
       JOIN audit_ranges a ON a.bundle_id = b.id ORDER BY b.id`,
    )
    .all() as Row[];
  if (opts.bundleId !== undefined) {
    const r = rows.find((x) => x.id === opts.bundleId);
    return r ? [{ bundleId: r.id, installationId: r.installation_id, beforeSeq: null }] : [];
  }
  // A bundle the auditor excluded from the case feeds no replay (case/bundle-standing.ts);
  // asked for by id, it is still read (its own screens show it, marked excluded).
  const excluded = excludedBundles(store.db);
  const groups = new Map<string, Row[]>();
  for (const r of rows) {
    if (excluded.has(r.id)) continue;
    if (opts.installationId !== undefined && r.installation_id !== opts.installationId) continue;
    const key = r.installation_id ?? `#${r.id}`;
    const g = groups.get(key) ?? [];
    g.push(r);
    groups.set(key, g);
  }
  const parts: ScopePart[] = [];
  for (const g of groups.values()) {
    // Newest first: by export time, then by how far the log goes.
    g.sort((a, b) => (b.exported_ms ?? 0) - (a.exported_ms ?? 0) || (b.last_seq ?? 0) - (a.last_seq ?? 0) || b.id - a.id);
    let floor: number | null = null;
    for (const r of g) {
      if (r.first_seq === null) continue;
      if (floor === null) parts.push({ bundleId: r.id, installationId: r.installation_id, beforeSeq: null });
      else if (r.first_seq < floor) parts.push({ bundleId: r.id, installationId: r.installation_id, beforeSeq: floor });
      floor = floor === null ? r.first_seq : Math.min(floor, r.first_seq);
    }
  }
  return parts;
}

/** The newest bundle of each installation in scope (the one whose dump describes the present). */
export function newestBundles(parts: ScopePart[]): number[] {
  return newestParts(parts).map((p) => p.bundleId);
}

export function newestParts(parts: ScopePart[]): ScopePart[] {
  return parts.filter((p) => p.beforeSeq === null);
}

/**
 * What a replay keys an installation's facts by. Seqs, extension and
 * certificate ids, users and pseudonyms are each appliance's own: two
 * installations in one case may both have extension 107 or user admin.ines,
 * and must never be merged. A bundle without an installation id is its own.
 */
export function installationKey(p: { installationId: string | null; bundleId: number }): string {
  return p.installationId ?? `#${p.bundleId}`;
}
