// Strict Ed25519 verification (spec "Conventions" and its clarification of
// 2026-12-07): pure Ed25519, cofactorless, and a signature is invalid when its
// S is not below the group order or its R is a small-order or non-canonical
// point encoding; a public key must be a canonical point outside the
// small-order subgroup. Backends differ on R: OpenSSL (node:crypto) accepts a
// small-order R that libsodium refuses, so one signature's verdict would
// depend on the code path. These rules are therefore checked here, before any
// backend runs (`signatureProblem`), on every path: this module's single-call
// verifier, the bulk one (signature-batch.ts, libsodium or node:crypto) and
// the @noble/ed25519 reference.
import { createHash, createPublicKey, verify as nodeVerify, type KeyObject } from 'node:crypto';
import * as ed from '@noble/ed25519';
import { decodeBase64Strict } from './encoding.js';

ed.hashes.sha512 = (m: Uint8Array) => new Uint8Array(createHash('sha512').update(m).digest());

/** The order L of the Ed25519 prime-order subgroup, little-endian bytes. */
const L_LE = Uint8Array.from([
  0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
]);

/** p = 2^255 - 19, the field prime. */
const P = 2n ** 255n - 19n;
/** The y coordinates of the four points of order 8 are Y8 and p - Y8 (each with both signs of x). */
const Y8 = 2707385501144840649318225287225658788936804267575313519463743609750303402022n;

function le32(n: bigint): Uint8Array {
  const b = new Uint8Array(32);
  for (let i = 0; i < 32; i++) {
    b[i] = Number(n & 0xffn);
    n >>= 8n;
  }
  return b;
}

/**
 * Every 255-bit y encoding (sign bit cleared) of a point of small order, canonical
 * or not: y = 0, 1, p - 1 and the two order-8 values, plus 0 + p and 1 + p (the
 * only reductions still below 2^255). The same list libsodium refuses.
 */
export const SMALL_ORDER_Y: readonly Uint8Array[] = [0n, 1n, Y8, P - Y8, P - 1n, P, P + 1n].map(le32);

/** True when the 32 bytes at `off` encode a point of small order (whatever the sign bit). */
export function isSmallOrderEncoding(b: Uint8Array, off = 0): boolean {
  outer: for (const y of SMALL_ORDER_Y) {
    for (let i = 0; i < 31; i++) if (b[off + i] !== y[i]) continue outer;
    if ((b[off + 31]! & 0x7f) === y[31]) return true;
  }
  return false;
}

/** True when the y of the 32 bytes at `off` (sign bit cleared) is below p: one spelling per point. */
export function isCanonicalYEncoding(b: Uint8Array, off = 0): boolean {
  if ((b[off + 31]! & 0x7f) !== 0x7f) return true;
  for (let i = 30; i >= 1; i--) if (b[off + i] !== 0xff) return true;
  return b[off]! < 0xed;
}

/**
 * Why a 64-byte signature is refused before any curve arithmetic, or null. Cheap
 * (byte comparisons only), so the bulk path runs it on every signature.
 */
export function signatureProblem(sig: Uint8Array): 'noncanonical_s' | 'weak_r' | null {
  if (!isCanonicalS(sig)) return 'noncanonical_s';
  if (!isCanonicalYEncoding(sig, 0) || isSmallOrderEncoding(sig, 0)) return 'weak_r';
  return null;
}

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
  if (!sig || signatureProblem(sig) !== null) return false;
  try {
    return nodeVerify(null, message, key.node, sig);
  } catch {
    return false;
  }
}

const L = 2n ** 252n + 27742317777372353535851937790883648493n;

function scalarLE(b: Uint8Array): bigint {
  let n = 0n;
  for (let i = b.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(b[i]!);
  return n;
}

/**
 * The same rule computed independently with @noble/ed25519's point arithmetic, for
 * cross-checking the native paths. `ed.verify` checks the cofactored equation
 * ([8][S]B = [8]R + [8][k]A) even with `zip215: false`, which accepts an R offset by
 * a small-order point that libsodium and OpenSSL refuse; the equation here is the
 * cofactorless one, [S]B = R + [k]A, with the points decoded strictly.
 */
export function verifySignatureNoble(pk: Uint8Array, message: Uint8Array, sigB64: string): boolean {
  const sig = decodeBase64Strict(sigB64, 64);
  if (!sig || signatureProblem(sig) !== null || publicKeyProblem(pk)) return false;
  try {
    const A = ed.Point.fromBytes(pk, false);
    const R = ed.Point.fromBytes(sig.subarray(0, 32), false);
    const s = scalarLE(sig.subarray(32));
    const k = scalarLE(createHash('sha512').update(sig.subarray(0, 32)).update(pk).update(message).digest()) % L;
    const sB = s === 0n ? ed.Point.ZERO : ed.Point.BASE.multiply(s);
    const kA = k === 0n ? ed.Point.ZERO : A.multiply(k);
    return sB.equals(R.add(kA));
  } catch {
    return false;
  }
}
