// The state of an installation at a time T: which extensions existed, which
// had been erased, which erasure requests were pending, who the users were,
// and which reveals had happened. Extensions come from the newest dump (a
// snapshot at export time: extensions created after T are left out) plus the
// extensions erased since, which only certificates and the erasures table
// still describe.
import type { EvidenceStore } from '../store/evidence-store.js';
import { listErasures, pendingErasures } from './erasure-history.js';
import { revealSummary, timeBound } from './reveal-history.js';
import { installationKey, newestParts, replayScope, type ScopePart } from './scope.js';
import type { ExtensionState, StateAt } from './types.js';
import { UserTimeline } from './user-timeline.js';
import type { ExtensionRow } from '../dump/schema.js';

export function stateAt(store: EvidenceStore, at: string, opts: { scope?: ScopePart[]; latestReveals?: number } = {}): StateAt {
  const t = timeBound('at', at)!;
  const scope = opts.scope ?? replayScope(store);
  const newest = newestParts(scope);
  const db = store.db;
  const notes: string[] = [];

  for (const { bundleId: id } of newest) {
    const b = store.bundle(id);
    const range = store.auditRange(id);
    if (b?.exported_ms !== null && b?.exported_ms !== undefined && t > b.exported_ms) {
      notes.push(`${b.name} was exported at ${b.exported_at}: nothing after that is known; this is the state at export.`);
    }
    const firstMs = range?.first_ts ? Date.parse(range.first_ts) : NaN;
    if (Number.isFinite(firstMs) && t < firstMs) {
      notes.push(`The audit log of ${b?.name ?? `bundle ${id}`} starts at ${range!.first_ts}: events before it are not in the evidence.`);
    }
  }

  // Erasures, as of T. Extension ids are an installation's own: keyed by installation.
  const erasures = listErasures(store, scope);
  const erasedIds = new Set<string>();
  const erased: ExtensionState[] = [];
  const later: ExtensionState[] = [];
  for (const e of erasures) {
    const when = e.execution?.ts;
    const ext: ExtensionState = {
      installationId: e.installationId,
      id: e.subject.extensionId ?? null,
      tenant: e.tenant ?? null,
      pseudonym: e.subject.pseudonym ?? null,
      label: e.subject.label ?? null,
      last4: e.subject.last4 ?? null,
      createdAt: null,
      certificateId: e.certificateId,
    };
    if (e.subject.extensionId !== undefined) erasedIds.add(`${installationKey(e)}\u0000${e.subject.extensionId}`);
    if (when !== undefined && Date.parse(when) <= t) erased.push({ ...ext, erasedAt: when });
    else later.push(ext); // erased after T: it still existed at T
  }

  // Extensions of the newest dumps created by T, plus those erased after T.
  const extensions: ExtensionState[] = [];
  const q = db.prepare(
    `SELECT id, tenant_id, ext_pseudonym, label, last4, created_at, created_ms FROM dump_extensions
     WHERE bundle_id = ? AND (created_ms IS NULL OR created_ms <= ?) ORDER BY id`,
  );
  for (const p of newest) {
    const inst = installationKey(p);
    for (const r of q.iterate(p.bundleId, t) as IterableIterator<ExtensionRow>) {
      if (erasedIds.has(`${inst}\u0000${r.id}`)) continue; // an extension row that should be gone: reported by erasure.incomplete
      extensions.push({ installationId: p.installationId, id: r.id, tenant: r.tenant_id, pseudonym: r.ext_pseudonym, label: r.label, last4: r.last4, createdAt: r.created_at });
    }
  }
  extensions.push(...later);
  extensions.sort((a, b) => (a.installationId ?? '').localeCompare(b.installationId ?? '') || (a.id ?? 0) - (b.id ?? 0));

  // Requests received by T and not executed by T.
  const pending = pendingErasures(store, scope, t, erasures);

  // Users: each installation's state just after its last entry at or before T.
  const lastSeq = db.prepare('SELECT max(seq) AS seq FROM audit_entries WHERE bundle_id = ? AND ts_ms <= ?');
  const seqAtT = new Map<string, number>();
  for (const p of scope) {
    const k = installationKey(p);
    seqAtT.set(k, Math.max(seqAtT.get(k) ?? 0, (lastSeq.get(p.bundleId, t) as { seq: number | null }).seq ?? 0));
  }
  const installationOf = new Map(scope.map((p) => [installationKey(p), p.installationId]));
  const users = UserTimeline.load(db, scope)
    .all((inst) => (seqAtT.get(inst) ?? 0) + 1, t)
    .map((u) => ({
      installationId: installationOf.get(u.installation) ?? null,
      username: u.username,
      tenant: u.tenant,
      role: u.state.role,
      disabled: u.state.disabled,
      source: u.state.source === 'dump' ? ('dump' as const) : ('audit' as const),
    }));

  // Reveals up to T: counted in SQL, only the latest listed.
  const reveals = revealSummary(store, { at }, opts.latestReveals ?? 20, scope);
  return {
    at,
    bundleIds: scope.map((p) => p.bundleId),
    notes,
    extensions,
    erased,
    pendingErasures: pending,
    users,
    reveals,
  };
}
