// Which audit keys may sign at a given point of the chain (spec §2.3).
import type { VerifyingKey } from '../crypto/ed25519.js';

/** A key granted by a trusted license: allowed for entries whose ts >= notBefore. */
export interface LicenseKeyGrant {
  key: VerifyingKey;
  notBefore: string;
  licenseId: string;
}
