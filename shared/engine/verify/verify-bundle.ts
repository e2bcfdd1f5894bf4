// The whole verdict on one bundle: how a bundle flows to findings.
//
//   open (dir / zip / tar.gz, safely)  → bundle/open-bundle.ts
//   BagIt manifests, Payload-Oxum      → bundle/bagit.ts
//   licenses under the trust store     → license/verify-licenses.ts   (grants audit keys)
//   audit log: chain, keys, seal, ...  → audit/verify-audit-log.ts    (streams entries into the store)
//   bundle signature                   → bundle/bundle-signature.ts   (key in force at export)
//   license install vs issue time      → license/install-clock.ts
//   register, certificates, dump       → crosscheck/run-cross-checks.ts (SQL over the evidence store)
//
// The dump (the bulk of a bundle) is read while the audit log is verified
// (crosscheck/load-dump.ts startDumpLoad), in one pass that also hashes it:
// checkBag leaves that file's manifest check to this pass.
//
// The CLI, the case importer, the Electron main process and the web mode all
// call this one function.
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareFindings, FINDING_CATALOG, isBlocking, type Finding } from '../../model/findings.js';
import { CHECK_IDS, type CheckResult, type VerificationResult } from '../../model/verification.js';
import { openBundle } from '../bundle/open-bundle.js';
import { makePrivateTemp } from '../private-temp.js';
import { checkBag } from '../bundle/bagit.js';
import { hashBagFile } from '../bundle/bag-files.js';
import { DUMP_FILE } from '../dump/read-dump.js';
import { AUDIT_CSV_FILE } from '../audit/csv-reader.js';
import { AUDIT_JSONL_FILE } from '../audit/jsonl-reader.js';
import { verifyBundleSignature } from '../bundle/bundle-signature.js';
import { verifyAuditLog } from '../audit/verify-audit-log.js';
import { loadTrustStore, rootFingerprint, type TrustStore } from '../license/trust-store.js';
import { CURRENT_LICENSE, verifyLicenses } from '../license/verify-licenses.js';
import { checkInstallClock, collectLicenseInstalls, type LicenseInstall } from '../license/install-clock.js';
import { isRfc3339Ms } from '../time/rfc3339.js';
import { EvidenceStore } from '../store/evidence-store.js';
import { readableFiles, runCrossChecks } from '../crosscheck/run-cross-checks.js';
import { startDumpLoad, type ChunkTap, type DumpLoadInProgress } from '../crosscheck/load-dump.js';
import { WORKSTATION_VERSION } from '../version.js';
import { EngineError } from '../engine-error.js';

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
   * recorded in the store instead of the paths (uploadLabel in api/handlers.ts).
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
  const progress = (p: Omit<VerifyProgress, 'label'>) => opts.onProgress?.({ ...p, label: STAGE_LABELS[p.stage] });
  const loaded = opts.trust ?? (await loadTrustStore(opts.trustPath));
  const trust = opts.trustLabel !== undefined ? { ...loaded, source: opts.trustLabel } : loaded;

  progress({ stage: 'extract' });
  const opened = await openBundle(bundlePath, {
    tempRoot: opts.tempRoot,
    signal: opts.signal,
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
      findings: opened.findings,
      checks: [{ id: 'bundle.structure', status: 'failed', summary: opened.message }],
    });
  }

  const bag = opened.bag;
  let tempStoreDir: string | undefined;
  let store = opts.store;
  let dumpLoad: DumpLoadInProgress | undefined;
  /** SHA-256 of files as the passes that parsed them read them, for the deferred manifest checks. */
  const passHashes = new Map<string, string>();
  try {
    progress({ stage: 'bag' });
    // The dump and the audit exports are hashed by the passes that parse them (below), not read twice.
    const bagCheck = await checkBag(bag, {
      signal: opts.signal,
      hashPayload: mode === 'full',
      deferHash: mode === 'full' ? new Set([DUMP_FILE, AUDIT_CSV_FILE, AUDIT_JSONL_FILE]) : undefined,
    });
    const findings: Finding[] = [...opened.findings, ...bagCheck.findings];
    const checks: CheckResult[] = [...bagCheck.checks];
    const info = bagCheck.bagInfo;
    const installationId = info['Natalia-Installation-Id'] || undefined;
    // checkBag already reported a malformed Natalia-Exported-At; checks that need the export time then skip.
    const exportedAt = isRfc3339Ms(info['Natalia-Exported-At']) ? info['Natalia-Exported-At'] : undefined;
    const present = (p: string) => (bagCheck.presentPayload.has(p) ? p : undefined);

    progress({ stage: 'license' });
    const licenseFiles = [...bagCheck.presentPayload].filter((p) => p === CURRENT_LICENSE || /^data\/license\/history\/[^/]+\.lic$/.test(p));
    const lic = await verifyLicenses({ bagRoot: bag.root, files: licenseFiles, trust, installationId, exportedAt });
    findings.push(...lic.findings);
    checks.push(...lic.checks);

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
        signal: opts.signal,
        tap: bag.form === 'directory' ? opts.tapFile?.(abs) : undefined,
        onProgress: (p) => {
          dumpProgress = p;
          if (inCrosscheck) progress({ stage: 'crosscheck', ...p });
        },
      });
    }

    // Nothing anchored in the trust store: check the rest with the keys the
    // licenses claim, so other problems still show; the verdict stays "could not verify".
    const provisional = lic.grants.length === 0 && lic.provisionalGrants.length > 0;
    const grants = provisional ? lic.provisionalGrants : lic.grants;

    progress({ stage: 'audit' });
    const installs: LicenseInstall[] = [];
    const pickInstalls = collectLicenseInstalls(installs);
    // A fast verification runs no cross-checks: unless a case keeps the entries, none need storing.
    const storeEntries = mode === 'full' || opts.keepAllEntries === true;
    const sink = store.auditSink(bundleId, { all: opts.keepAllEntries ?? false });
    const audit = await verifyAuditLog({
      bagRoot: bag.root,
      csv: present(AUDIT_CSV_FILE),
      jsonl: present(AUDIT_JSONL_FILE),
      seal: present('data/audit/seal.json'),
      grants,
      installationId,
      exportedAt,
      mode,
      onEntry: (e, loc) => {
        if (storeEntries) sink.add(e, loc);
        pickInstalls(e, loc);
      },
      onProgress: (p) => progress({ stage: 'audit', bytesRead: p.bytesRead, bytesTotal: p.bytesTotal, entries: p.entries }),
      // Only for the hashes the bag step left to this pass (none in fast mode). The first complete
      // reading counts (the JSON lines are read twice when the CSV cannot be read).
      onFileSha256: bagCheck.deferredHashes?.length
        ? (file, sha256) => void (passHashes.has(file) || passHashes.set(file, sha256))
        : undefined,
      signal: opts.signal,
    });
    sink.flush();
    findings.push(...audit.findings);
    checks.push(...audit.checks);

    const bsig = await verifyBundleSignature(
      bag,
      bagCheck.tagManifestSha256,
      (kid, signedAt) => audit.keySchedule.check(kid, signedAt),
      installationId,
    );
    findings.push(...bsig.findings);
    checks.push(bsig.check);

    // The fast path is chain and seal only: the cross-checks need every file read in full.
    if (mode === 'full') {
      inCrosscheck = true;
      progress({ stage: 'crosscheck', ...dumpProgress });
    }
    const cc =
      mode === 'full'
        ? await runCrossChecks({
            store,
            bundleId,
            bag,
            bagCheck,
            keySchedule: audit.keySchedule,
            exportedAt,
            installationId,
            signal: opts.signal,
            onProgress: (p: { bytesRead?: number; bytesTotal?: number }) => progress({ stage: 'crosscheck', ...p }),
            dump: dumpLoad,
          })
        : undefined;
    if (cc) {
      findings.push(...cc.findings);
      checks.push(...cc.checks);
    }
    // Deferred manifest hashes: from the pass that read the file to its end; a file no pass read
    // whole (an audit export the reader gave up on, say) is read now.
    if (cc?.dumpSha256 !== undefined) passHashes.set(DUMP_FILE, cc.dumpSha256);
    for (const path of bagCheck.deferredHashes ?? []) {
      const actual = passHashes.get(path) ?? (await hashBagFile(bag.root, path, undefined, opts.signal).catch(unreadableFile));
      const f = bagCheck.settleDeferred!(path, actual);
      if (f) findings.push(f);
    }
    // An archive's members are read from its extracted copy only: their hashes are kept for citations.
    if (bag.form !== 'directory') store.saveMemberHashes(bundleId, await memberHashes(bag.root, bagCheck.hashed, checks, opts.signal));
    const manifestsCheck = bagCheck.checks.find((c) => c.id === 'bundle.manifests');
    const at = checks.findIndex((c) => c.id === 'bundle.manifests');
    if (manifestsCheck && at >= 0) checks[at] = manifestsCheck;

    // license.clock gathers the audit side (install before issue) and the dump side (high-water mark).
    const installClock = checkInstallClock(installs, lic.trusted);
    findings.push(...installClock);
    const clockFindings = findings.filter((f) => f.code === 'license.clock_tampering').length;
    // A dump without a license_state row gives no high-water mark: nothing compared on that side.
    const clockInputs = installs.length > 0 || (cc?.clockRows ?? 0) > 0;
    checks.push({
      id: 'license.clock',
      status: clockFindings > 0 ? 'failed' : clockInputs ? 'passed' : 'not_provided',
      summary: 'License install times compared with issue times, and the appliance clock high-water mark with the export time.',
    });

    const result = assemble({
      bundlePath: opts.bundleLabel ?? bundlePath,
      form: bag.form,
      name: bag.name,
      sha256: bag.sourceSha256,
      tagManifestSha256: bagCheck.tagManifestSha256,
      trust,
      mode,
      started,
      findings,
      checks,
      info,
      installationId,
      exportedAt,
      licenses: lic.summaries,
      auditKeys: audit.keySchedule.summary(),
      stats: {
        audit_entries: audit.stats.entries,
        first_seq: audit.stats.first_seq,
        last_seq: audit.stats.last_seq,
        first_ts: audit.stats.first_ts,
        last_ts: audit.stats.last_ts,
        signatures_verified: audit.stats.signatures_verified,
        ...cc?.stats,
      },
      noTrustedKeys: lic.grants.length === 0,
      provisional,
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

/**
 * An archive's members as the manifest checks hashed them, with the files a
 * check read that no manifest lists (the bundle signature), hashed now from
 * the extracted copy: every file a report may cite. A file that cannot be
 * read has no hash to give and is left out.
 */
async function memberHashes(root: string, hashed: ReadonlyMap<string, string>, checks: CheckResult[], signal?: AbortSignal): Promise<Map<string, string>> {
  const out = new Map(hashed);
  for (const file of new Set(checks.flatMap((c) => c.files ?? []))) {
    if (out.has(file)) continue;
    const sha256 = await hashBagFile(root, file, undefined, signal).catch(unreadableFile);
    if (typeof sha256 === 'string') out.set(file, sha256);
  }
  return out;
}

/** As checkBag counts a file it cannot read: differing. Cancellation is not swallowed. */
function unreadableFile(err: unknown): { unreadable: string } {
  if (err instanceof Error && err.name === 'AbortError') throw err;
  return { unreadable: (err as NodeJS.ErrnoException).code ?? String(err) };
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
  findings: Finding[];
  checks: CheckResult[];
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
  const findings = [...a.findings].sort(compareFindings);
  if (a.provisional) {
    // Signatures that verified under keys no trusted root vouches for prove nothing about origin.
    a.checks = a.checks.map((c) =>
      KEY_ANCHORED_CHECKS.has(c.id) && c.status === 'passed'
        ? { ...c, status: 'failed', summary: `Not anchored: the keys used come from a license no trusted vendor root vouches for. ${c.summary}` }
        : c,
    );
  }
  // Checks in the catalog's order, each with the number of findings it raised.
  const checks = CHECK_IDS.flatMap((id) => a.checks.filter((c) => c.id === id)).map((c) => ({
    ...c,
    findings: findings.filter((f) => FINDING_CATALOG[f.code].check === c.id).length,
  }));
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
    // The fast path leaves file contents, entry hashes and signatures unchecked: what it finds can fail a bundle, never trust it.
    verdict: unverifiable ? 'unverifiable' : findings.some((f) => isBlocking(f.severity)) ? 'problems' : a.mode === 'fast' ? 'partial' : 'trusted',
    checks,
    findings,
    licenses: a.licenses ?? [],
    audit_keys: a.auditKeys ?? [],
    stats: { audit_entries: 0, ...a.stats, duration_ms: Math.round(performance.now() - a.started), mode: a.mode },
    workstation_version: WORKSTATION_VERSION,
  };
}
