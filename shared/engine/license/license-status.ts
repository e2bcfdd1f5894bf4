// License status at a time T (spec §6).
import type { LicensePayload } from './license-file.js';
import { DAY_MS, toMs } from '../time/rfc3339.js';

export type LicenseStatus = 'not_yet_valid' | 'valid' | 'expiring' | 'grace' | 'expired';

export function licenseStatusAt(p: Pick<LicensePayload, 'not_before' | 'expires_at' | 'grace_days'>, at: string): LicenseStatus {
  const t = toMs(at);
  const expires = toMs(p.expires_at);
  if (t < toMs(p.not_before)) return 'not_yet_valid';
  if (t >= expires + p.grace_days * DAY_MS) return 'expired';
  if (t >= expires) return 'grace';
  if (expires - t <= 30 * DAY_MS) return 'expiring';
  return 'valid';
}
