// The exporter's public options and result, and the appliance faults a
// generation can be asked to commit (used by tamper.ts for the findings a
// misbehaving appliance, rather than an attacker, produces).
import type { FindingCode } from '../../shared/model/findings.js';

export type ExportForm = 'directory' | 'zip' | 'tar.gz';
export type ExportDumpForm = 'copy' | 'inserts' | 'column-inserts' | 'none';

export interface TenantOption {
  id: string;
  name: string;
  retentionMonths: number;
}

/**
 * Misbehaviours of the appliance itself: the bundle is then written fully
 * consistent (signed, manifested) but carries the defect a verifier must find.
 * The names are the tamper kinds that use them.
 */
export const APPLIANCE_FAULTS = [
  'audit.unknown_key:retired',
  'audit.clock_rollback',
  'audit.future_timestamp',
  'policy.reveal_by_non_admin',
  'policy.missing_motive',
  'policy.missing_motive:erasure',
  'policy.activity_after_lockout',
  'reveal.missing_row',
  'reveal.after_erasure',
  'erasure.audit_mismatch',
  'erasure.request_missing',
  'erasure.incomplete',
  'erasure.late',
  'erasure.overdue',
  'dump.retention_exceeded',
  'dump.erasure_mismatch',
  'license.untrusted_root',
  'license.installation_mismatch',
  'license.expired',
  'license.clock_tampering:install_before_issue',
  'license.clock_tampering:high_water',
] as const;

export type ApplianceFault = (typeof APPLIANCE_FAULTS)[number];

export interface ExportOptions {
  /** Parent folder; the bag is written at outDir/<bag name>[.zip|.tar.gz]. */
  outDir: string;
  /** Same seed + options => byte-identical output. */
  seed: string;
  /** Audit entries in the exported log (exact). */
  entries: number;
  form?: ExportForm;
  dump?: ExportDumpForm;
  /** CDR rows wanted in the dump (approximate: retention and erasures decide the exact count, see stats). */
  cdrs?: number;
  tenants?: TenantOption[];
  /** Default '2026-03-02T09:14:07.512Z'. */
  exportedAt?: string;
  /** Days of activity before the export (default grows with `entries`, from 14 to 400). */
  historyDays?: number;
  keyRotation?: boolean;
  /** Audit retention purge: the log starts after seq 1, vouched by a retention.purge entry. */
  retentionPurge?: boolean;
  clockAnomaly?: boolean;
  /** Writes the licenses installed before the current one to license/history/. */
  licenseHistory?: boolean;
  /** An earlier license expires, the appliance locks, a new license is installed later (implies licenseHistory). */
  licenseLockout?: boolean;
  /** Executed erasures (default 1). */
  erasures?: number;
  /**
   * Erasure requests still not executed at export, one per number: how many
   * days before the export the data subject's request was received (more than
   * a month: overdue at export). Recorded in the log the next day.
   */
  pendingErasures?: number[];
  /** phone.reveal entries in the exported log (default about a tenth of the entries). */
  reveals?: number;
  /** Make the appliance misbehave in one way (see APPLIANCE_FAULTS). */
  fault?: ApplianceFault;
}

/** Where a correct verifier must report a defect the exporter or a tamper put in a bag. */
export interface ExpectedFinding {
  code: FindingCode;
  /** Bag-relative path. */
  file: string;
  line?: number;
  seq?: number;
  certificate_id?: string;
  reveal_id?: string;
  /** Codes a correct verifier must also report as a consequence (e.g. the manifest of an edited file). */
  alsoExpected?: FindingCode[];
  /** Codes a verifier may also report without being wrong (consequences the spec leaves open). */
  tolerated?: FindingCode[];
  /** The same defect located in the other copy of the audit log. */
  alsoAt?: { file: string; line: number }[];
  /** What was done, for test names and reports. */
  description: string;
}

export interface ExportStats {
  entries: number;
  firstSeq: number;
  lastSeq: number;
  /** Entries chained but purged before the export (audit retention). */
  purgedEntries: number;
  reveals: number;
  revealRows: number;
  cdrRows: number;
  dumpRevealRows: number;
  erasures: number;
  users: number;
  extensions: number;
  licenses: number;
  keyRotations: number;
  payloadBytes: number;
  payloadFiles: number;
}

export interface ExportResult {
  /** The bag folder, or the archive file. */
  path: string;
  /** The bag folder for the directory form; null for archives (staged in a temporary folder, then removed). */
  bagDir: string | null;
  bagName: string;
  installationId: string;
  exportedAt: string;
  /** trust-roots.json written next to the bag (never inside it). */
  trustRootsPath: string;
  vendorRoot: { kid: string; publicKey: string };
  /** Audit keys in the order they came into force. */
  auditKeys: { kid: string; publicKey: string }[];
  stats: ExportStats;
  /** Where the requested appliance fault must be reported. */
  fault?: ExpectedFinding;
}
