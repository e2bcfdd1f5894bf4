// The whole verdict on one bundle, as a short sequence of stages, each with
// its own findings and checks:
//
//   open (dir / zip / tar.gz, safely)  → bundle/open-bundle.ts
//   1. bag: manifests, Payload-Oxum    → bag-stage.ts          (bundle/bagit.ts)
//   2. licenses under the trust store  → license-stage.ts      (grants audit keys)
//   3. audit log: chain, keys, seal    → audit-stage.ts        (streams entries into the store)
//   4. cross-checks, license.clock     → crosscheck-stage.ts   (register, certificates, dump)
//   5. seal: bundle signature, deferred manifest hashes → seal-stage.ts
//   verdict                            → verdict.ts
//
// The dump (the bulk of a bundle) is read while the audit log is verified
// (crosscheck/load-dump.ts startDumpLoad), in one pass that also hashes it:
// the bag stage leaves that file's manifest check to this pass.
//
// The CLI, the case importer, the Electron main process and the web mode all
// call this one function.
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareFindings, FINDING_CATALOG, type Finding } from '../../model/findings.js';
import { CHECK_IDS, type CheckResult, type VerificationResult } from '../../model/verification.js';
import { openBundle } from '../bundle/open-bundle.js';
import { makePrivateTemp } from '../private-temp.js';
import { DUMP_FILE } from '../dump/read-dump.js';
import { loadTrustStore, rootFingerprint, type TrustStore } from '../license/trust-store.js';
import type { AlreadyVerified } from '../audit/already-verified.js';
import { EvidenceStore } from '../store/evidence-store.js';
import { readableFiles } from '../crosscheck/run-cross-checks.js';
import { startDumpLoad, type ChunkTap, type DumpLoadInProgress } from '../crosscheck/load-dump.js';
import { WORKSTATION_VERSION } from '../version.js';
import { EngineError } from '../engine-error.js';
import { auditStage } from './audit-stage.js';
import { bagStage } from './bag-stage.js';
import { crossCheckStage } from './crosscheck-stage.js';
import { licenseStage } from './license-stage.js';
import { memberHashes } from './member-hashes.js';
import { sealStage } from './seal-stage.js';
import type { StageOutcome } from './stage.js';
import { deriveVerdict } from './verdict.js';

export type VerifyStage = 'extract' | 'bag' | 'license' | 'audit' | 'crosscheck' | 'done';

export interface VerifyProgress {
  stage: VerifyStage;
  /** Human label of the stage, for progress bars. */
  label: string;
  bytesRead?: number;
  bytesTotal?: number;
  entries?: number;
}

export interface VerifyOptions {
  /** Trust store file (spec §8); default: the workstation's own store. */
  trustPath?: string;
  /** Already loaded trust store (wins over trustPath). */
  trust?: TrustStore;
  /**
   * What the user knows the bundle and the trust store as, when their paths mean
   * nothing to them (a browser upload's private copy): said in the result and
   * recorded in the store instead of the paths (uploadLabel in api/source-label.ts).
   */
  bundleLabel?: string;
  trustLabel?: string;
  /** full: every hash and signature; fast: chain and seal only. */
  mode?: 'full' | 'fast';
  /** Case store to import into; default: a temporary store removed afterwards. */
  store?: EvidenceStore;
  /** Keep every audit entry in the store (case import), not only those the cross-checks need. */
  keepAllEntries?: boolean;
  tempRoot?: string;
  onProgress?: (p: VerifyProgress) => void;
  signal?: AbortSignal;
  /** Receives the store's bundle id once the bundle is registered (case import). */
  onBundleId?: (id: number) => void;
  /**
   * For a directory bag, a tap that sees the bytes of a payload file as the
   * verifier reads them (absolute path given): a case import copies the
   * dump into the case in the pass that hashes and parses it. Called after
   * onBundleId.
   */
  tapFile?: (absPath: string) => ChunkTap | undefined;
  /**
   * A re-audit (case import): the entries an earlier verification in the case
   * already verified, for this installation under this trust store, or none.
   * Asked once the bag's installation is known, before the audit log is read.
   */
  alreadyVerified?: (ctx: { installationId: string | undefined; trust: TrustStore }) => AlreadyVerified | undefined;
}

/** The input cannot be read as a bundle at all (CLI exit code 2). */
export class BundleUnreadableError extends EngineError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('BUNDLE_UNREADABLE', message, options);
    this.name = 'BundleUnreadableError';
  }
}

const STAGE_LABELS: Record<VerifyStage, string> = {
  extract: 'Opening the bundle',
  bag: 'Checking files against the manifests',
  license: 'Checking licenses and trust',
  audit: 'Verifying the audit log',
  crosscheck: 'Cross-checking register, certificates and database',
  done: 'Done',
};

export async function verifyBundle(bundlePath: string, opts: VerifyOptions = {}): Promise<VerificationResult> {
  const started = performance.now();
  const mode = opts.mode ?? 'full';
  const signal = opts.signal;
  const progress = (p: Omit<VerifyProgress, 'label'>) => opts.onProgress?.({ ...p, label: STAGE_LABELS[p.stage] });
  const loaded = opts.trust ?? (await loadTrustStore(opts.trustPath));
  const trust = opts.trustLabel !== undefined ? { ...loaded, source: opts.trustLabel } : loaded;

  progress({ stage: 'extract' });
  const opened = await openBundle(bundlePath, {
    tempRoot: opts.tempRoot,
    signal,
    onProgress: (p) => progress({ stage: 'extract', bytesRead: p.bytes }),
  });
  if (!opened.ok) {
    // An unsafe archive is evidence of something (a finding); anything else is not a bundle.
    if (opened.findings.length === 0) throw new BundleUnreadableError(opened.message);
    return assemble({
      bundlePath,
      form: bundlePath.endsWith('.zip') ? 'zip' : 'tar.gz',
      name: bundlePath,
      trust,
      mode,
      started,
      stages: [{ findings: opened.findings, checks: [{ id: 'bundle.structure', status: 'failed', summary: opened.message, findings: opened.findings.filter((f) => FINDING_CATALOG[f.code].check === 'bundle.structure').length }] }],
    });
  }

  const bag = opened.bag;
  let tempStoreDir: string | undefined;
  let store = opts.store;
  let dumpLoad: DumpLoadInProgress | undefined;
  try {
    progress({ stage: 'bag' });
    const bagS = await bagStage(bag, mode, signal);
    const { bagCheck, installationId, exportedAt } = bagS;

    progress({ stage: 'license' });
    const licS = await licenseStage({ bagRoot: bag.root, presentPayload: bagCheck.presentPayload, trust, installationId, exportedAt });

    if (!store) {
      tempStoreDir = await makePrivateTemp(opts.tempRoot ?? tmpdir(), 'natalia-store-');
      store = EvidenceStore.openTemporary(tempStoreDir);
    }
    const bundleId = store.beginBundle({
      name: bag.name,
      source_path: opts.bundleLabel ?? bag.source,
      source_sha256: bag.sourceSha256 ?? null,
      form: bag.form,
      installation_id: installationId ?? null,
      exported_at: exportedAt ?? null,
    });
    opts.onBundleId?.(bundleId);

    // The dump does not depend on the audit log until the cross-checks: it is
    // read (on a worker thread when big) while the audit log is verified.
    let inCrosscheck = false;
    let dumpProgress: { bytesRead: number; bytesTotal: number } | undefined;
    const dumpFile = mode === 'full' ? readableFiles(bagCheck).dump : undefined;
    if (dumpFile) {
      const abs = join(bag.root, ...dumpFile.split('/'));
      dumpLoad = startDumpLoad(store.db, bundleId, abs, dumpFile, {
        signal,
        tap: bag.form === 'directory' ? opts.tapFile?.(abs) : undefined,
        onProgress: (p) => {
          dumpProgress = p;
          if (inCrosscheck) progress({ stage: 'crosscheck', ...p });
        },
      });
    }

    progress({ stage: 'audit' });
    /** SHA-256 of deferred files as the passes that parsed them read them. The first complete reading
     * counts (the JSON lines are read twice when the CSV cannot be read). */
    const passHashes = new Map<string, string>();
    const alreadyVerified = mode === 'full' && !licS.provisional ? opts.alreadyVerified?.({ installationId, trust }) : undefined;
    const auditS = await auditStage({
      bagRoot: bag.root,
      present: bagS.present,
      store,
      bundleId,
      keepAllEntries: opts.keepAllEntries ?? false,
      grants: licS.grants,
      installationId,
      exportedAt,
      mode,
      ...(bagCheck.deferredHashes?.length ? { onFileSha256: (file: string, sha256: string) => void (passHashes.has(file) || passHashes.set(file, sha256)) } : {}),
      onProgress: (p) => progress({ stage: 'audit', ...p }),
      ...(signal ? { signal } : {}),
      ...(alreadyVerified ? { alreadyVerified } : {}),
    });
    const audit = auditS.audit;

    if (mode === 'full') {
      inCrosscheck = true;
      progress({ stage: 'crosscheck', ...dumpProgress });
    }
    const ccS = await crossCheckStage({
      mode,
      store,
      bundleId,
      bag,
      bagCheck,
      keySchedule: audit.keySchedule,
      exportedAt,
      installationId,
      dump: dumpLoad,
      installs: auditS.installs,
      trustedLicenses: licS.licenses.trusted,
      onProgress: (p) => progress({ stage: 'crosscheck', ...p }),
      ...(signal ? { signal } : {}),
    });
    const cc = ccS.crossChecks;
    if (cc?.dumpSha256 !== undefined) passHashes.set(DUMP_FILE, cc.dumpSha256);

    const sealS = await sealStage({ bag, bagCheck, keySchedule: audit.keySchedule, installationId, passHashes, ...(signal ? { signal } : {}) });
    // An archive's members are read from its extracted copy only: their hashes are kept for citations.
    if (bag.form !== 'directory') {
      const read = [bagS, licS, auditS, ccS, sealS].flatMap((st) => st.checks);
      store.saveMemberHashes(bundleId, await memberHashes(bag.root, bagCheck.hashed, read, signal));
    }

    const result = assemble({
      bundlePath: opts.bundleLabel ?? bundlePath,
      form: bag.form,
      name: bag.name,
      sha256: bag.sourceSha256,
      tagManifestSha256: bagCheck.tagManifestSha256,
      trust,
      mode,
      started,
      stages: [{ findings: opened.findings, checks: [] }, bagS, licS, auditS, ccS, sealS],
      info: bagS.info,
      installationId,
      exportedAt,
      licenses: licS.licenses.summaries,
      auditKeys: audit.keySchedule.summary(),
      stats: {
        audit_entries: audit.stats.entries,
        first_seq: audit.stats.first_seq,
        last_seq: audit.stats.last_seq,
        first_ts: audit.stats.first_ts,
        last_ts: audit.stats.last_ts,
        signatures_verified: audit.stats.signatures_verified,
        ...(audit.stats.signatures_matched > 0 ? { signatures_matched: audit.stats.signatures_matched } : {}),
        ...cc?.stats,
      },
      noTrustedKeys: licS.licenses.grants.length === 0,
      provisional: licS.provisional,
    });
    store.saveVerification(bundleId, result);
    progress({ stage: 'done' });
    return result;
  } finally {
    await dumpLoad?.cancel();
    await bag.close();
    if (tempStoreDir) {
      store?.close();
      await rm(tempStoreDir, { recursive: true, force: true });
    }
  }
}

interface AssembleInput {
  bundlePath: string;
  form: VerificationResult['bundle']['form'];
  name: string;
  sha256?: string;
  tagManifestSha256?: string | null;
  trust: TrustStore;
  mode: 'full' | 'fast';
  started: number;
  stages: StageOutcome[];
  info?: Record<string, string>;
  installationId?: string;
  exportedAt?: string;
  licenses?: VerificationResult['licenses'];
  auditKeys?: VerificationResult['audit_keys'];
  stats?: Partial<VerificationResult['stats']>;
  noTrustedKeys?: boolean;
  /** Signatures were checked with keys from licenses that are not trusted. */
  provisional?: boolean;
}

const KEY_ANCHORED_CHECKS = new Set(['bundle.signature', 'audit.signatures', 'audit.keys', 'audit.seal', 'erasure.certificates']);

function assemble(a: AssembleInput): VerificationResult {
  const findings: Finding[] = a.stages.flatMap((s) => s.findings).sort(compareFindings);
  let ran: CheckResult[] = a.stages.flatMap((s) => s.checks);
  if (a.provisional) {
    // Signatures that verified under keys no trusted root vouches for prove nothing about origin.
    ran = ran.map((c) =>
      KEY_ANCHORED_CHECKS.has(c.id) && c.status === 'passed'
        ? { ...c, status: 'failed', summary: `Not anchored: the keys used come from a license no trusted vendor root vouches for. ${c.summary}` }
        : c,
    );
  }
  // Checks in the catalog's order; each stage counted the findings of its own checks.
  const checks = CHECK_IDS.flatMap((id) => ran.filter((c) => c.id === id));
  const unverifiable =
    findings.some((f) => f.code === 'trust.no_trusted_roots' || f.code === 'bundle.unsafe_entry') ||
    a.provisional === true ||
    (a.noTrustedKeys === true && (a.stats?.audit_entries ?? 0) > 0);
  return {
    format: 'natalia-audit.verification.v1',
    installation_id: a.installationId,
    exported_at: a.exportedAt,
    exported_by: a.info?.['Natalia-Exported-By'],
    appliance_version: a.info?.['Natalia-Appliance-Version'],
    contract_mode: a.info?.['Natalia-Contract-Mode'],
    bundle: { path: a.bundlePath, form: a.form, name: a.name, sha256: a.sha256, ...(a.tagManifestSha256 ? { tagmanifest_sha256: a.tagManifestSha256 } : {}) },
    // Recorded whole (kind, fingerprints): reports say what their verdict rests on.
    trust: {
      source: a.trust.source,
      ...(a.trust.kind !== undefined ? { kind: a.trust.kind } : {}),
      roots: a.trust.roots.map((r) => ({ kid: r.kid, label: r.label, fingerprint: rootFingerprint(r) })),
    },
    verdict: deriveVerdict({ findings, mode: a.mode, unverifiable }),
    checks,
    findings,
    licenses: a.licenses ?? [],
    audit_keys: a.auditKeys ?? [],
    stats: { audit_entries: 0, ...a.stats, duration_ms: Math.round(performance.now() - a.started), mode: a.mode },
    workstation_version: WORKSTATION_VERSION,
  };
}
