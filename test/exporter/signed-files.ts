// The signed artefacts of a bundle besides the audit log: license files
// (armoured envelope, spec §6) and signed JSON objects (bundle signature,
// seal, erasure certificates: sig over `<domain>:` + JCS of the object without sig).
import { canonicalize } from '../../shared/engine/crypto/jcs.js';
import type { SignedObjectDomain } from '../../shared/engine/crypto/signed-object.js';
import type { SigningKey } from './keys.js';

// The payload shape is the spec's (§6); the engine's type is the one definition of it.
export type { LicenseAuditKey, LicensePayload } from '../../shared/engine/license/license-file.js';
import type { LicensePayload } from '../../shared/engine/license/license-file.js';

export const LICENSE_BEGIN = '-----BEGIN NATALIA LICENSE FILE-----';
export const LICENSE_END = '-----END NATALIA LICENSE FILE-----';

/** Armours a license: base64 of the envelope JSON, wrapped at 64 columns. */
export function armourEnvelope(envelope: { enc: string; sig: string; alg: string; kid: string }): string {
  const body = Buffer.from(JSON.stringify(envelope), 'utf8').toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < body.length; i += 64) lines.push(body.slice(i, i + 64));
  return `${LICENSE_BEGIN}\n${lines.join('\n')}\n${LICENSE_END}\n`;
}

/** A license file signed by a vendor root. */
export function licenseFile(payload: LicensePayload, vendorRoot: SigningKey): string {
  const enc = Buffer.from(canonicalize(payload), 'utf8').toString('base64');
  return armourEnvelope({ enc, sig: vendorRoot.signText('natalia.license.v1', enc), alg: 'base64+ed25519', kid: vendorRoot.kid });
}

/** Reads the envelope and payload back (tampering and tests). */
export function readLicenseFile(text: string): { envelope: { enc: string; sig: string; alg: string; kid: string }; payload: LicensePayload } {
  const body = text
    .split('\n')
    .filter((l) => l && !l.startsWith('-----'))
    .join('');
  const envelope = JSON.parse(Buffer.from(body, 'base64').toString('utf8'));
  return { envelope, payload: JSON.parse(Buffer.from(envelope.enc, 'base64').toString('utf8')) };
}

/** Adds `kid` and `sig` to an object; members keep their order, `kid` and `sig` last. */
export function signObject<T extends Record<string, unknown>>(
  domain: SignedObjectDomain,
  obj: T,
  key: SigningKey,
): T & { kid: string; sig: string } {
  const unsigned = { ...obj, kid: key.kid };
  return { ...unsigned, sig: key.signText(domain, canonicalize(unsigned)) };
}

/** JSON files of the bag are pretty-printed with two spaces and a final newline, as the samples. */
export function prettyJson(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}
