// Stage 2, the licenses (spec §6, §8): which audit keys the trust store lets
// sign. With nothing anchored in the trust store, the rest is checked with
// the keys the licenses claim, so other problems still show; the verdict then
// stays "could not verify".
import { FINDING_CATALOG } from '../../model/findings.js';
import type { LicenseKeyGrant } from '../audit/keys.js';
import type { TrustStore } from '../license/trust-store.js';
import { CURRENT_LICENSE, verifyLicenses, type LicenseOutcome } from '../license/verify-licenses.js';
import type { StageOutcome } from './stage.js';

export interface LicenseStage extends StageOutcome {
  licenses: LicenseOutcome;
  /** The keys the audit log is checked with. */
  grants: LicenseKeyGrant[];
  /** The grants come from licenses no trusted root vouches for. */
  provisional: boolean;
}

const HISTORY_LICENSE = /^data\/license\/history\/[^/]+\.lic$/;

export async function licenseStage(x: {
  bagRoot: string;
  presentPayload: ReadonlySet<string>;
  trust: TrustStore;
  installationId: string | undefined;
  exportedAt: string | undefined;
}): Promise<LicenseStage> {
  const files = [...x.presentPayload].filter((p) => p === CURRENT_LICENSE || HISTORY_LICENSE.test(p));
  const lic = await verifyLicenses({ bagRoot: x.bagRoot, files, trust: x.trust, installationId: x.installationId, exportedAt: x.exportedAt });
  const provisional = lic.grants.length === 0 && lic.provisionalGrants.length > 0;
  // Each check with the number of its findings, as the catalog files them.
  const checks = lic.checks.map((c) => ({ ...c, findings: lic.findings.filter((f) => FINDING_CATALOG[f.code].check === c.id).length }));
  return { findings: lic.findings, checks, licenses: lic, grants: provisional ? lic.provisionalGrants : lic.grants, provisional };
}
