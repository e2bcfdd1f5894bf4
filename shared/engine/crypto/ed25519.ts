// Strict Ed25519 verification (spec "Conventions"): pure Ed25519, a signature
// whose S is not below the group order is invalid, and so is any public key of
// small order. Node's crypto (OpenSSL) does the curve arithmetic; the two
// strictness rules are checked here explicitly so they hold whatever the
// backend. Bulk verification uses libsodium in worker threads
// (signature-pool.ts); this module is the single-call path and the reference.
import { createHash, createPublicKey, verify as nodeVerify, type KeyObject } from 'node:crypto';
import * as ed from '@noble/ed25519';
import { decodeBase64Strict } from './encoding.js';

ed.hashes.sha512 = (m: Uint8Array) => new Uint8Array(createHash('sha512').update(m).digest());

/** The order L of the Ed25519 prime-order subgroup, little-endian bytes. */
const L_LE = Uint8Array.from([
  0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
]);

/** True when the scalar S (second half of the signature) is canonical: S < L. */
export function isCanonicalS(sig: Uint8Array): boolean {
  for (let i = 31; i >= 0; i--) {
    const s = sig[32 + i]!;
    const l = L_LE[i]!;
    if (s < l) return true;
    if (s > l) return false;
  }
  return false; // S == L
}

/** Why a public key is unusable, or null when it is a valid point outside the small-order subgroup. */
export function publicKeyProblem(pk: Uint8Array): string | null {
  if (pk.length !== 32) return 'public key is not 32 bytes';
  let point: ed.Point;
  try {
    point = ed.Point.fromBytes(pk, false);
  } catch {
    return 'public key is not a point of the curve';
  }
  if (point.isSmallOrder()) return 'public key has small order';
  return null;
}

/** Fingerprint: lowercase hex SHA-256 of the raw public key, what people read back to confirm a key. */
export function keyFingerprint(pk: Uint8Array): string {
  return createHash('sha256').update(pk).digest('hex');
}

/** Key id: the first 8 bytes (16 hex digits) of the key's fingerprint. */
export function kidOf(pk: Uint8Array): string {
  return keyFingerprint(pk).slice(0, 16);
}

export interface VerifyingKey {
  kid: string;
  raw: Uint8Array;
  node: KeyObject;
}

const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** Parses a base64 public key into a cached verifying key, or explains why it cannot be used. */
export function importPublicKey(b64: string): { key: VerifyingKey } | { error: string } {
  const raw = decodeBase64Strict(b64, 32);
  if (!raw) return { error: 'public key is not 32 bytes of standard base64' };
  const problem = publicKeyProblem(raw);
  if (problem) return { error: problem };
  const node = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
  return { key: { kid: kidOf(raw), raw, node } };
}

/** The bytes a domain-separated Natalia signature covers: UTF-8(`<domain>:` + text). */
export function signedMessage(domain: string, text: string): Buffer {
  return Buffer.from(`${domain}:${text}`, 'utf8');
}

/** Strictly verifies a base64 signature over `message`. Never throws. */
export function verifySignature(key: VerifyingKey, message: Uint8Array, sigB64: string): boolean {
  const sig = decodeBase64Strict(sigB64, 64);
  if (!sig || !isCanonicalS(sig)) return false;
  try {
    return nodeVerify(null, message, key.node, sig);
  } catch {
    return false;
  }
}

/** The same check with @noble/ed25519 (RFC 8032 mode), for cross-checking the native path. */
export function verifySignatureNoble(pk: Uint8Array, message: Uint8Array, sigB64: string): boolean {
  const sig = decodeBase64Strict(sigB64, 64);
  if (!sig || !isCanonicalS(sig) || publicKeyProblem(pk)) return false;
  try {
    return ed.verify(sig, message, pk, { zip215: false });
  } catch {
    return false;
  }
}
