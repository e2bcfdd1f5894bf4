// The shape of a verification verdict, shared by the engine, CLI, UI and reports.
import type { Finding } from './findings.js';

export type CheckStatus = 'passed' | 'failed' | 'not_provided';

/** Stable ids of the checks a verification runs; reports cite them. */
export const CHECK_IDS = [
  'bundle.structure',
  'bundle.manifests',
  'bundle.signature',
  'license.signature',
  'license.trust',
  'license.installation',
  'license.validity',
  'license.clock',
  'audit.chain',
  'audit.hashes',
  'audit.signatures',
  'audit.keys',
  'audit.head',
  'audit.seal',
  'audit.timestamps',
  'audit.csv_jsonl',
  'audit.policy',
  'reveal.register',
  'erasure.certificates',
  'erasure.execution',
  'dump.parse',
  'dump.retention',
  'dump.erasures',
] as const;

export type CheckId = (typeof CHECK_IDS)[number];

export interface CheckResult {
  id: CheckId;
  status: CheckStatus;
  /** One sentence: what was checked and on what. */
  summary: string;
  /** Bag-relative files the check read. */
  files?: string[];
  /** Count of findings (any severity) raised by this check. */
  findings?: number;
  /**
   * Low-severity findings of a passed check: deviations that lose nothing (a bare LF line
   * end, a byte order mark). The check reads "passed, with notices", never failed for them.
   */
  notices?: number;
}

export interface LicenseSummary {
  file: string;
  license_id?: string;
  customer?: string;
  installation_id?: string;
  contract_mode?: string;
  issued_at?: string;
  not_before?: string;
  expires_at?: string;
  grace_days?: number;
  /** Status at export time (spec §6). */
  status_at_export?: 'not_yet_valid' | 'valid' | 'expiring' | 'grace' | 'expired';
  signed_by_kid?: string;
  trusted: boolean;
  audit_kids: string[];
}

/**
 * Where the vendor roots of a verification came from: the workstation's own
 * trust store, or a file named for this verification (--trust, the import's
 * trust file). What a report's verdict rests on, so reports name it.
 */
export type TrustSourceKind = 'workstation_store' | 'file';

export interface VerificationTrust {
  /** The store or file, as the user knows it (a path, or an upload's name). */
  source: string;
  /** Absent in results stored before the workstation recorded it. */
  kind?: TrustSourceKind;
  /** `fingerprint`: SHA-256 of the public key (hex), absent in results stored before it was recorded. */
  roots: { kid: string; label?: string; fingerprint?: string }[];
}

export interface AuditKeySummary {
  kid: string;
  /** The raw public key, base64 (absent in results stored before it was recorded): what a re-audit compares. */
  public_key?: string;
  /** Where the key comes from: a license id or the seq of a key.rotate entry. */
  source: string;
  not_before?: string;
  /** Seq of the key.rotate entry that retired it, if any. */
  retired_at_seq?: number;
}

export interface VerificationStats {
  audit_entries: number;
  first_seq?: number;
  last_seq?: number;
  first_ts?: string;
  last_ts?: string;
  signatures_verified?: number;
  /** Entries matched to an earlier verification in the case instead of being verified again (re-audit; see `reaudit`). */
  signatures_matched?: number;
  reveal_rows?: number;
  certificates?: number;
  dump_rows?: Record<string, number>;
  duration_ms: number;
  mode: 'full' | 'fast';
}

/**
 * A re-audit (case import of a later export of an installation the case
 * holds): which entries were matched to an earlier import's verification
 * instead of having their signatures verified again, and which earlier
 * imports could not be relied on, and why.
 */
export interface ReauditSummary {
  /** Entries whose signatures were verified in this verification. */
  verified_now: number;
  /** The earlier verification the matched entries rest on (at most one). */
  matched: {
    bundle_id: number;
    verification_id: number;
    /** The custody entry of that bundle's import. */
    custody_seq: number;
    name: string;
    exported_at?: string;
    entries: number;
    /** The matched seqs as [first, last] runs (at most 100 runs listed; `entries` counts them all). */
    seqs: [number, number][];
  }[];
  /** Earlier exports of the installation in the case that were not relied on, with why. */
  not_used: { bundle_id: number; name: string; reason: string }[];
}

export interface VerificationResult {
  /** Schema of this object, for consumers of --json. */
  format: 'natalia-audit.verification.v1';
  installation_id?: string;
  exported_at?: string;
  exported_by?: string;
  appliance_version?: string;
  contract_mode?: string;
  /**
   * `sha256`: the archive file as given. `tagmanifest_sha256`: the bag's tag manifest, which binds
   * bag-info and both manifests: the same for one export whatever its container (folder, zip, tar.gz).
   */
  bundle: { path: string; form: 'directory' | 'zip' | 'tar.gz'; name: string; sha256?: string; tagmanifest_sha256?: string };
  trust: VerificationTrust;
  /**
   * trusted: no finding medium or above; problems: at least one; unverifiable:
   * nothing could be trusted; partial: the fast check (chain and seal only)
   * found no such finding, but contents, hashes and signatures were not checked.
   */
  verdict: 'trusted' | 'problems' | 'unverifiable' | 'partial';
  checks: CheckResult[];
  findings: Finding[];
  licenses: LicenseSummary[];
  audit_keys: AuditKeySummary[];
  stats: VerificationStats;
  /** Set by a case import that found earlier exports of the same installation (see ReauditSummary). */
  reaudit?: ReauditSummary;
  workstation_version: string;
}

export type VerdictWord = VerificationResult['verdict'];

/**
 * Verdicts from worst to best: found problems outweigh evidence that could not
 * be checked, which outweighs a quick check, which outweighs trust.
 */
export const VERDICTS_WORST_FIRST: readonly VerdictWord[] = ['problems', 'unverifiable', 'partial', 'trusted'];

/** The worst of several verdicts (a case's badge: one bad bundle is not hidden by a later good one). */
export function worstVerdict(verdicts: readonly VerdictWord[]): VerdictWord | undefined {
  return verdicts.reduce<VerdictWord | undefined>((w, v) => (w === undefined || VERDICTS_WORST_FIRST.indexOf(v) < VERDICTS_WORST_FIRST.indexOf(w) ? v : w), undefined);
}
