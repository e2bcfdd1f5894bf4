// license.clock_tampering, audit side (spec §6): a license.install entry dated
// before the license's issued_at means the appliance clock was set back.
// Whatever the entry's outcome: the spec excludes none, and a failed or denied
// attempt needs the license file as much as a successful one, so it cannot
// predate its issue either. The dump side (clock_high_water after export) is
// a cross-check.
import { finding, type Finding } from '../../model/findings.js';
import type { AuditEntry, EntryLocation } from '../../model/audit-entry.js';
import { toMs } from '../time/rfc3339.js';
import type { TrustedLicense } from './verify-licenses.js';

export interface LicenseInstall {
  seq: number;
  ts: string;
  license_id: string;
  /** The entry's outcome: `success`, `failure` or `denied` (spec §2). */
  outcome: string;
  loc: EntryLocation;
}

/** Picks license.install entries, whatever their outcome, out of the audit stream (use as an onEntry sink). */
export function collectLicenseInstalls(into: LicenseInstall[]) {
  return (e: AuditEntry, loc: EntryLocation): void => {
    if (e.action !== 'license.install') return;
    const id = typeof e.details.license_id === 'string' ? e.details.license_id : e.target.replace(/^license:/, '');
    into.push({ seq: e.seq, ts: e.ts, license_id: id, outcome: e.outcome, loc });
  };
}

/** "License L was installed at T", or for an attempt that did not succeed "A failed install of license L is dated T". */
function describeInstall(inst: LicenseInstall): string {
  if (inst.outcome === 'success') return `License ${inst.license_id} was installed at ${inst.ts}`;
  const attempt = inst.outcome === 'failure' ? 'A failed install' : inst.outcome === 'denied' ? 'A denied install' : `An install (outcome "${inst.outcome}")`;
  return `${attempt} of license ${inst.license_id} is dated ${inst.ts}`;
}

export function checkInstallClock(installs: LicenseInstall[], licenses: TrustedLicense[]): Finding[] {
  const out: Finding[] = [];
  for (const inst of installs) {
    const lic = licenses.find((l) => l.payload.license_id === inst.license_id);
    if (!lic) continue;
    if (toMs(inst.ts) < toMs(lic.payload.issued_at)) {
      out.push(
        finding({
          code: 'license.clock_tampering',
          file: inst.loc.file,
          line: inst.loc.line,
          seq: inst.seq,
          message: `${describeInstall(inst)} by the appliance clock, before the vendor issued it (${lic.payload.issued_at}): the appliance clock was wrong at that time.`,
          details: { installed_at: inst.ts, issued_at: lic.payload.issued_at, outcome: inst.outcome },
        }),
      );
    }
  }
  return out;
}
