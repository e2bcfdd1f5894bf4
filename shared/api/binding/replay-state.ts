// The Replay screen's data: the engine's state at T (engine/replay/state-at.ts,
// what `natalia-audit replay --at T` prints), renamed for the contract only.
import { stateAt } from '../../engine/replay/state-at.js';
import type { ExtensionState } from '../../engine/replay/types.js';
import type { EvidenceStore } from '../../engine/store/evidence-store.js';
import type { ReplayExtension, ReplayState } from '../contract.js';
import { pendingErasureView } from '../../engine/replay/erasure-view.js';

/** Members the engine leaves null are left out, as the contract's optional members. */
function defined<T extends Record<string, unknown>>(o: T): { [K in keyof T]: Exclude<T[K], null> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined)) as { [K in keyof T]: Exclude<T[K], null> };
}

function extension(x: ExtensionState): ReplayExtension {
  return defined({
    installationId: x.installationId,
    id: x.id,
    tenant: x.tenant,
    label: x.label,
    last4: x.last4,
    createdAt: x.createdAt,
    pseudonym: x.pseudonym,
    erasedAt: x.erasedAt,
    certificateId: x.certificateId,
  }) as ReplayExtension;
}

export function replayState(store: EvidenceStore, at: string): ReplayState {
  const s = stateAt(store, at);
  return {
    at: s.at,
    bundleIds: s.bundleIds.map(String),
    notes: s.notes,
    extensions: s.extensions.map(extension),
    erased: s.erased.map(extension),
    pendingErasures: s.pendingErasures.map(pendingErasureView),
    users: s.users.map((u) => defined({ installationId: u.installationId, username: u.username, tenant: u.tenant, role: u.role, disabled: u.disabled, source: u.source }) as ReplayState['users'][number]),
    reveals: {
      count: s.reveals.count,
      byActor: s.reveals.byActor.map((a) => defined({ installationId: a.installationId, actor: a.actor, count: a.count }) as ReplayState['reveals']['byActor'][number]),
      latest: s.reveals.latest.map(
        (r) =>
          defined({ installationId: r.installationId, seq: r.seq, ts: r.ts, actor: r.actor, tenant: r.tenant, cdrId: r.cdrId, extensionId: r.extensionId, field: r.field, last4: r.last4 }) as ReplayState['reveals']['latest'][number],
      ),
    },
  };
}
