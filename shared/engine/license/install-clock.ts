// license.clock_tampering, audit side (spec §6): a license.install entry dated
// before the license's issued_at means the appliance clock was set back.
// The dump side (clock_high_water after export) is a cross-check.
import { finding, type Finding } from '../../model/findings.js';
import type { AuditEntry, EntryLocation } from '../../model/audit-entry.js';
import { toMs } from '../time/rfc3339.js';
import type { TrustedLicense } from './verify-licenses.js';

export interface LicenseInstall {
  seq: number;
  ts: string;
  license_id: string;
  loc: EntryLocation;
}

/** Picks license.install entries out of the audit stream (use as an onEntry sink). */
export function collectLicenseInstalls(into: LicenseInstall[]) {
  return (e: AuditEntry, loc: EntryLocation): void => {
    if (e.action !== 'license.install' || e.outcome !== 'success') return;
    const id = typeof e.details.license_id === 'string' ? e.details.license_id : e.target.replace(/^license:/, '');
    into.push({ seq: e.seq, ts: e.ts, license_id: id, loc });
  };
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
          message: `License ${inst.license_id} was installed at ${inst.ts} by the appliance clock, before the vendor issued it (${lic.payload.issued_at}): the appliance clock was wrong at that time.`,
          details: { installed_at: inst.ts, issued_at: lic.payload.issued_at },
        }),
      );
    }
  }
  return out;
}
