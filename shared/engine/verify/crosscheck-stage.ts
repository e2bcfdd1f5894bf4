// Stage 4, the cross-checks (spec §3–§6): register, certificates and dump
// against the audit log, over the evidence store (full mode only: they need
// every file read whole), and license.clock, which gathers both sides of the
// appliance clock: license installs before issue (from the audit log) and the
// dump's clock high-water mark after the export.
import { FINDING_CATALOG, type Finding } from '../../model/findings.js';
import type { CheckResult } from '../../model/verification.js';
import type { KeySchedule } from '../audit/key-schedule.js';
import type { BagCheck, BagHandle } from '../bundle/types.js';
import { runCrossChecks, type CrossCheckOutput } from '../crosscheck/run-cross-checks.js';
import type { DumpLoadInProgress } from '../crosscheck/load-dump.js';
import { checkInstallClock, type LicenseInstall } from '../license/install-clock.js';
import type { TrustedLicense } from '../license/verify-licenses.js';
import type { EvidenceStore } from '../store/evidence-store.js';
import type { StageOutcome } from './stage.js';

export interface CrossCheckStage extends StageOutcome {
  crossChecks?: CrossCheckOutput;
}

export async function crossCheckStage(x: {
  mode: 'full' | 'fast';
  store: EvidenceStore;
  bundleId: number;
  bag: BagHandle;
  bagCheck: BagCheck;
  keySchedule: KeySchedule;
  exportedAt: string | undefined;
  installationId: string | undefined;
  dump: DumpLoadInProgress | undefined;
  installs: LicenseInstall[];
  trustedLicenses: TrustedLicense[];
  onProgress?: (p: { bytesRead?: number; bytesTotal?: number }) => void;
  signal?: AbortSignal;
}): Promise<CrossCheckStage> {
  const cc =
    x.mode === 'full'
      ? await runCrossChecks({
          store: x.store,
          bundleId: x.bundleId,
          bag: x.bag,
          bagCheck: x.bagCheck,
          keySchedule: x.keySchedule,
          exportedAt: x.exportedAt,
          installationId: x.installationId,
          ...(x.signal ? { signal: x.signal } : {}),
          ...(x.onProgress ? { onProgress: x.onProgress } : {}),
          ...(x.dump ? { dump: x.dump } : {}),
        })
      : undefined;
  const findings: Finding[] = [...(cc?.findings ?? []), ...checkInstallClock(x.installs, x.trustedLicenses)];
  const checks: CheckResult[] = [...(cc?.checks ?? []), licenseClockCheck(findings, x.installs.length > 0 || (cc?.clockRows ?? 0) > 0)];
  return { findings, checks, ...(cc ? { crossChecks: cc } : {}) };
}

/** `compared`: a license.install entry, or a license_state row of the dump (without one, no high-water mark). */
function licenseClockCheck(findings: readonly Finding[], compared: boolean): CheckResult {
  const mine = findings.filter((f) => FINDING_CATALOG[f.code].check === 'license.clock').length;
  return {
    id: 'license.clock',
    status: mine > 0 ? 'failed' : compared ? 'passed' : 'not_provided',
    summary: 'License install times compared with issue times, and the appliance clock high-water mark with the export time.',
    findings: mine,
  };
}
