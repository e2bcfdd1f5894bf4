// Stage 3, the audit log (spec §2): verifyAuditLog streams the entries into
// the evidence store (all of them for a case import, else those the
// cross-checks read) and picks the license.install entries license.clock
// compares. The JSON lines and CSV hashes it computes while reading settle
// the manifest lines the bag stage deferred.
import type { AuditEntry, EntryLocation } from '../../model/audit-entry.js';
import { AUDIT_CSV_FILE } from '../audit/csv-reader.js';
import { AUDIT_JSONL_FILE } from '../audit/jsonl-reader.js';
import type { LicenseKeyGrant } from '../audit/keys.js';
import type { AlreadyVerified } from '../audit/already-verified.js';
import { verifyAuditLog, type AuditOutcome } from '../audit/verify-audit-log.js';
import { collectLicenseInstalls, type LicenseInstall } from '../license/install-clock.js';
import type { EvidenceStore } from '../store/evidence-store.js';
import type { StageOutcome } from './stage.js';

export interface AuditStage extends StageOutcome {
  audit: AuditOutcome;
  installs: LicenseInstall[];
}

export async function auditStage(x: {
  bagRoot: string;
  present(path: string): string | undefined;
  store: EvidenceStore;
  bundleId: number;
  keepAllEntries: boolean;
  grants: LicenseKeyGrant[];
  installationId: string | undefined;
  exportedAt: string | undefined;
  mode: 'full' | 'fast';
  /** Hashes of the exports as read, for the deferred manifest lines (none asked in fast mode). */
  onFileSha256?: (file: string, sha256: string) => void;
  onProgress?: (p: { bytesRead: number; bytesTotal: number; entries: number }) => void;
  signal?: AbortSignal;
  /** A re-audit: entries already verified in this case (audit/already-verified.ts). */
  alreadyVerified?: AlreadyVerified;
}): Promise<AuditStage> {
  const installs: LicenseInstall[] = [];
  const pickInstalls = collectLicenseInstalls(installs);
  // A fast verification runs no cross-checks: unless a case keeps the entries, none need storing.
  const storeEntries = x.mode === 'full' || x.keepAllEntries;
  const sink = x.store.auditSink(x.bundleId, { all: x.keepAllEntries });
  const audit = await verifyAuditLog({
    bagRoot: x.bagRoot,
    csv: x.present(AUDIT_CSV_FILE),
    jsonl: x.present(AUDIT_JSONL_FILE),
    seal: x.present('data/audit/seal.json'),
    grants: x.grants,
    installationId: x.installationId,
    exportedAt: x.exportedAt,
    mode: x.mode,
    onEntry: (e: AuditEntry, loc: EntryLocation) => {
      if (storeEntries) sink.add(e, loc);
      pickInstalls(e, loc);
    },
    ...(x.onProgress ? { onProgress: x.onProgress } : {}),
    ...(x.onFileSha256 ? { onFileSha256: x.onFileSha256 } : {}),
    ...(x.signal ? { signal: x.signal } : {}),
    ...(x.alreadyVerified ? { alreadyVerified: x.alreadyVerified } : {}),
  });
  sink.flush();
  return { findings: audit.findings, checks: audit.checks, audit, installs };
}
