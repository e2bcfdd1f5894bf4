// The Erasures, License and Custody screens' data, read from the
// case: the evidence the import stored, the verdict the engine saved, and the
// replay's erasure view (engine/replay/erasure-view.ts, which the CLI prints
// too). Counting, joining and renaming only; every judgement (late,
// incomplete, mismatch...) comes from the engine, never re-derived here.
import type Database from 'better-sqlite3';
import type { VerificationResult } from '../../model/verification.js';
import type { CustodyRecord } from '../../engine/case/custody-log.js';
import { erasureViews } from '../../engine/replay/erasure-view.js';
import { replayScope } from '../../engine/replay/scope.js';
import type { EvidenceStore } from '../../engine/store/evidence-store.js';
import { licenseEntries } from '../../engine/store/license-entries.js';
import { wordsOf } from '../words.js';
import type {
  CallLanguage,
  CustodyEntry,
  ErasurePath,
  LicenseEvent,
  LicenseView,
  PendingErasureView,
} from '../contract.js';

/** Each erasure's path as the replay follows it (request, execution, certificate, dump, deadline), with its review key. */
export function erasurePaths(store: EvidenceStore, bundleId: number, installation?: string): ErasurePath[] {
  return erasureViews(store, replayScope(store, { bundleId }), installation).erasures;
}

/** The bundle's erasure requests not executed at its export, with their deadline. */
export function pendingErasureViews(store: EvidenceStore, bundleId: number): PendingErasureView[] {
  return erasureViews(store, replayScope(store, { bundleId })).pending;
}

export function licenseView(db: Database.Database, bundleId: number, result: VerificationResult): LicenseView {
  const rows = licenseEntries(db, bundleId, 1000);
  const events: LicenseEvent[] = rows.map((r) => {
    let id: string | undefined = r.target.startsWith('license:') ? r.target.slice(8) : undefined;
    try {
      const d = JSON.parse(r.details) as { license_id?: unknown };
      if (typeof d.license_id === 'string') id = d.license_id;
    } catch {
      /* the target says enough */
    }
    return { seq: r.seq, ts: r.ts, action: r.action, licenseId: id };
  });
  return { exportedAt: result.exported_at, licenses: result.licenses, events };
}

/** The custody log with each entry's actor and sentence in `lang` (shared/api/words.ts); the record itself is as stored. */
export function custodyEntries(records: CustodyRecord[], lang?: CallLanguage): CustodyEntry[] {
  const w = wordsOf(lang).custody;
  return records.map((r) => ({
    ts: r.ts,
    actor: w.actor({ user: r.os_user, host: r.host, version: r.workstation_version }),
    action: r.action,
    summary: (w.action[r.action] ?? (() => r.action))(r.details),
    details: r.details,
    hash: r.hash,
  }));
}
