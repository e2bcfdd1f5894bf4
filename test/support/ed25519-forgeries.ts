// Crafted Ed25519 signatures that strict verification must refuse although some
// backend accepts them. They need the signer's secret scalar, which a test key
// (node:crypto, JWK export) gives: the seed's SHA-512, clamped (RFC 8032 §5.1.5).
import { createHash, type KeyObject } from 'node:crypto';
import * as ed from '@noble/ed25519';

export const L = 2n ** 252n + 27742317777372353535851937790883648493n;
const P = 2n ** 255n - 19n;

function fromLE(b: Uint8Array): bigint {
  let n = 0n;
  for (let i = b.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(b[i]!);
  return n;
}

export function toLE32(n: bigint): Uint8Array {
  const b = new Uint8Array(32);
  for (let i = 0; i < 32; i++) {
    b[i] = Number(n & 0xffn);
    n >>= 8n;
  }
  return b;
}

function secretScalar(priv: KeyObject): bigint {
  const d = Buffer.from(priv.export({ format: 'jwk' }).d!, 'base64url');
  const h = createHash('sha512').update(d).digest();
  const a = Uint8Array.from(h.subarray(0, 32));
  a[0]! &= 248;
  a[31]! &= 127;
  a[31]! |= 64;
  return fromLE(a);
}

function challenge(r: Uint8Array, pk: Uint8Array, msg: Uint8Array): bigint {
  return fromLE(createHash('sha512').update(r).update(pk).update(msg).digest()) % L;
}

/** The encoding of the neutral point (0, 1): order 1. */
export const IDENTITY = toLE32(1n);

/** A point of order 8 (y = the order-8 value libsodium lists). */
export function order8Point(): ed.Point {
  return ed.Point.fromBytes(toLE32(2707385501144840649318225287225658788936804267575313519463743609750303402022n), false);
}

/**
 * A signature with R = the identity and S = k·a: the cofactorless equation
 * [S]B = R + [k]A holds, so OpenSSL accepts it; libsodium refuses its small-order R,
 * and so must every path of the workstation (one signature, one verdict).
 */
export function identityRSignature(priv: KeyObject, pk: Uint8Array, msg: Uint8Array): Uint8Array {
  const a = secretScalar(priv) % L;
  const k = challenge(IDENTITY, pk, msg);
  const sig = new Uint8Array(64);
  sig.set(IDENTITY, 0);
  sig.set(toLE32((k * a) % L), 32);
  return sig;
}

/**
 * A signature whose R is offset by a point of order 8: R' = [r]B + T. The cofactored
 * equation ([8]-multiplied) holds and the cofactorless one does not, so a cofactored
 * verifier (@noble/ed25519's `verify`, even with zip215: false) accepts what
 * libsodium and OpenSSL refuse.
 */
export function torsionRSignature(priv: KeyObject, pk: Uint8Array, msg: Uint8Array): Uint8Array {
  const a = secretScalar(priv) % L;
  const r = fromLE(createHash('sha512').update('torsion nonce').update(msg).digest()) % L;
  const R = ed.Point.BASE.multiply(r).add(order8Point()).toBytes();
  const k = challenge(R, pk, msg);
  const sig = new Uint8Array(64);
  sig.set(R, 0);
  sig.set(toLE32((r + k * a) % L), 32);
  return sig;
}

/** A 32-byte y encoding at or above p (non-canonical), sign bit clear. */
export function nonCanonicalY(offset: bigint): Uint8Array {
  return toLE32(P + offset);
}
