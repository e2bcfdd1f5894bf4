// Which licenses can be trusted, and so which audit keys may sign (spec §2.3,
// §6, §8). Only a license that verifies under a trusted vendor root and names
// this installation grants keys; everything else is reported and ignored.
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { finding, type Finding } from '../../model/findings.js';
import type { CheckResult, LicenseSummary } from '../../model/verification.js';
import { importPublicKey, signedMessage, verifySignature } from '../crypto/ed25519.js';
import type { LicenseKeyGrant } from '../audit/keys.js';
import { parseLicenseFile, type LicensePayload } from './license-file.js';
import { licenseStatusAt } from './license-status.js';
import type { TrustStore } from './trust-store.js';

export const CURRENT_LICENSE = 'data/license/natalia.lic';
/** A license is a few KB of armoured JSON; anything far larger is refused before it is read into memory. */
export const MAX_LICENSE_BYTES = 1 << 20;

export interface LicenseInput {
  bagRoot: string;
  /** Bag-relative license files present in the bag: the current one and data/license/history/*.lic. */
  files: string[];
  trust: TrustStore;
  installationId?: string;
  exportedAt?: string;
}

export interface TrustedLicense {
  file: string;
  payload: LicensePayload;
}

export interface LicenseOutcome {
  findings: Finding[];
  checks: CheckResult[];
  summaries: LicenseSummary[];
  grants: LicenseKeyGrant[];
  /**
   * Keys listed by licenses that name this installation but are not anchored
   * in the trust store (no or another vendor root). They are never trusted;
   * the pipeline uses them only when nothing is trusted, so that the rest of
   * the bundle can still be checked for internal consistency and the one root
   * cause (no trust) is not buried under thousands of "unknown key" findings.
   */
  provisionalGrants: LicenseKeyGrant[];
  trusted: TrustedLicense[];
}

export async function verifyLicenses(input: LicenseInput): Promise<LicenseOutcome> {
  const findings: Finding[] = [];
  const summaries: LicenseSummary[] = [];
  const grants: LicenseKeyGrant[] = [];
  const provisionalGrants: LicenseKeyGrant[] = [];
  const trusted: TrustedLicense[] = [];
  const files = [...input.files].sort((a, b) => (a === CURRENT_LICENSE ? -1 : b === CURRENT_LICENSE ? 1 : a.localeCompare(b)));
  const noRoots = input.trust.roots.length === 0;
  let sigFailed = false;
  let trustFailed = noRoots && files.length > 0;
  let installationFailed = false;
  let validityFailed = false;

  if (noRoots && files.length > 0) {
    findings.push(
      finding({
        code: 'trust.no_trusted_roots',
        message: `No vendor root key is trusted (${input.trust.source}), so the license${files.length > 1 ? 's' : ''} and every audit signature that depends on ${files.length > 1 ? 'them' : 'it'} cannot be trusted. Pass the vendor's trust-roots.json with --trust FILE.`,
      }),
    );
  }

  for (const file of files) {
    let text: string;
    try {
      const path = join(input.bagRoot, file);
      const size = (await stat(path)).size;
      if (size > MAX_LICENSE_BYTES) {
        findings.push(finding({ code: 'license.malformed', file, message: `${file} is ${size} bytes, far more than a license holds; it was not read.` }));
        summaries.push({ file, trusted: false, audit_kids: [] });
        continue;
      }
      text = await readFile(path, 'utf8');
    } catch (e) {
      findings.push(finding({ code: 'license.malformed', file, message: `${file} cannot be read: ${(e as Error).message}` }));
      continue;
    }
    const parsed = parseLicenseFile(text, file);
    if (!parsed.ok) {
      findings.push(parsed.finding);
      summaries.push({ file, trusted: false, audit_kids: [] });
      continue;
    }
    const { envelope, payload } = parsed;
    const summary: LicenseSummary = {
      file,
      license_id: payload.license_id,
      customer: payload.customer,
      installation_id: payload.installation_id,
      contract_mode: payload.contract_mode,
      issued_at: payload.issued_at,
      not_before: payload.not_before,
      expires_at: payload.expires_at,
      grace_days: payload.grace_days,
      signed_by_kid: envelope.kid,
      trusted: false,
      audit_kids: payload.audit_keys.map((k) => k.kid),
    };
    if (input.exportedAt) summary.status_at_export = licenseStatusAt(payload, input.exportedAt);
    summaries.push(summary);

    const root = input.trust.roots.find((r) => r.kid === envelope.kid);
    let verified = false;
    if (!root) {
      if (!noRoots) {
        trustFailed = true;
        findings.push(
          finding({
            code: 'license.untrusted_root',
            file,
            message: `License ${payload.license_id} is signed by vendor key ${envelope.kid}, which is not in the trust store (${input.trust.source}); the audit keys it lists are not trusted.`,
          }),
        );
      }
    } else if (!verifySignature(root.key, signedMessage('natalia.license.v1', envelope.enc), envelope.sig)) {
      sigFailed = true;
      findings.push(
        finding({
          code: 'license.signature_invalid',
          file,
          message: `License ${payload.license_id}: the vendor signature does not verify under trusted root ${root.kid}${root.label ? ` (${root.label})` : ''}; the file was altered or forged.`,
        }),
      );
    } else {
      verified = true;
    }

    const forThisInstallation = !input.installationId || payload.installation_id === input.installationId;
    if (!forThisInstallation) {
      installationFailed = true;
      findings.push(
        finding({
          code: 'license.installation_mismatch',
          file,
          message: `License ${payload.license_id} names installation ${payload.installation_id}, but the bundle comes from ${input.installationId}; it grants no key to this appliance.`,
          details: { license_installation: payload.installation_id, bundle_installation: input.installationId },
        }),
      );
    }

    if (file === CURRENT_LICENSE && input.exportedAt && summary.status_at_export === 'expired') {
      validityFailed = true;
      findings.push(
        finding({
          code: 'license.expired',
          file,
          message: `License ${payload.license_id} expired on ${payload.expires_at} and its ${payload.grace_days}-day grace period had ended before the export at ${input.exportedAt}.`,
        }),
      );
    }

    const anchored = verified && forThisInstallation;
    const unanchored = !root && forThisInstallation;
    if (anchored) {
      summary.trusted = true;
      trusted.push({ file, payload });
    }
    if (anchored || unanchored) {
      for (const k of payload.audit_keys) {
        const imported = importPublicKey(k.public_key);
        if ('error' in imported || imported.key.kid !== k.kid) {
          findings.push(
            finding({
              code: 'license.malformed',
              file,
              message: `License ${payload.license_id}: audit key ${k.kid} is unusable (${'error' in imported ? imported.error : `its public key has kid ${imported.key.kid}`}).`,
            }),
          );
          continue;
        }
        (anchored ? grants : provisionalGrants).push({ key: imported.key, notBefore: k.not_before, licenseId: payload.license_id });
      }
    }
  }

  const provided = files.length > 0;
  const st = (failed: boolean): CheckResult['status'] => (!provided ? 'not_provided' : failed ? 'failed' : 'passed');
  const n = `${files.length} license file${files.length === 1 ? '' : 's'}`;
  const checks: CheckResult[] = [
    { id: 'license.signature', status: noRoots ? st(true) : st(sigFailed), summary: noRoots ? `Vendor signatures of ${n} could not be checked: no trusted root.` : `Vendor signatures of ${n} checked against the trust store.`, files },
    { id: 'license.trust', status: st(trustFailed), summary: `Signing vendor keys of ${n} looked up in ${input.trust.source}.`, files },
    { id: 'license.installation', status: st(installationFailed), summary: `Installation named by ${n} compared with the bundle's (${input.installationId ?? 'unknown'}).`, files },
    {
      id: 'license.validity',
      status: files.includes(CURRENT_LICENSE) && input.exportedAt ? (validityFailed ? 'failed' : 'passed') : 'not_provided',
      summary: `Status of the current license at export time${input.exportedAt ? ` (${input.exportedAt})` : ''}, grace period included.`,
      files: files.includes(CURRENT_LICENSE) ? [CURRENT_LICENSE] : [],
    },
  ];
  return { findings, checks, summaries, grants, provisionalGrants, trusted };
}
