// Signed JSON objects (bundle signature, seal, erasure certificate, spec
// "Conventions"): `sig` is Ed25519 over UTF-8(`<domain>:` + JCS(object without sig)).
import { canonicalize } from './jcs.js';
import { signedMessage, verifySignature, type VerifyingKey } from './ed25519.js';

export type SignedObjectDomain = 'natalia.bundle.v1' | 'natalia.seal.v1' | 'natalia.erasure.v1';

export function signedObjectMessage(domain: SignedObjectDomain, obj: Record<string, unknown>): Buffer {
  const { sig: _sig, ...rest } = obj;
  return signedMessage(domain, canonicalize(rest));
}

/** Verifies `obj.sig` with `key`. Never throws; a missing or non-string sig is invalid. */
export function verifySignedObject(domain: SignedObjectDomain, obj: Record<string, unknown>, key: VerifyingKey): boolean {
  if (typeof obj.sig !== 'string') return false;
  try {
    return verifySignature(key, signedObjectMessage(domain, obj), obj.sig);
  } catch {
    return false; // canonicalization refused a value (e.g. a float): not a valid signed object
  }
}
