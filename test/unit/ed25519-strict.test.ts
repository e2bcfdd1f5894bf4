// One strict Ed25519 rule on every code path (spec clarification 2026-12-07):
// small-order or non-canonical R refused, cofactorless equation. Each crafted
// vector is first shown to pass some backend, so the test cannot pass vacuously.
import { createRequire } from 'node:module';
import { sign, verify as nodeVerify } from 'node:crypto';
import * as ed from '@noble/ed25519';
import { describe, expect, it } from 'vitest';
import {
  isCanonicalYEncoding,
  isSmallOrderEncoding,
  signatureProblem,
  signedMessage,
  SMALL_ORDER_Y,
  verifySignature,
  verifySignatureNoble,
} from '../../shared/engine/crypto/ed25519.js';
import { createVerifyBackend, ITEM_BYTES, SIG_VALID, SIG_WEAK_R, SignatureBatch, verifyItems } from '../../shared/engine/audit/signature-batch.js';
import { signedObjectMessage, verifySignedObject } from '../../shared/engine/crypto/signed-object.js';
import { identityRSignature, IDENTITY, nonCanonicalY, order8Point, torsionRSignature } from '../support/ed25519-forgeries.js';
import { newKey } from '../audit/helpers.js';

const sodium = createRequire(import.meta.url)('sodium-native') as {
  crypto_sign_verify_detached(sig: Uint8Array, msg: Uint8Array, pk: Uint8Array): boolean;
};

const k = newKey();
const pk = k.key.raw;
const hash = 'ab'.repeat(32);
const msg = signedMessage('natalia.audit.v1', hash);
const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

/** The bulk path (signature-batch.ts) on one item, with the given backend. */
function bulk(sigB64: string, prefer: 'sodium' | 'node'): number {
  const { backend } = createVerifyBackend(prefer);
  backend.setKey(0, pk);
  const batch = new SignatureBatch(1);
  expect(batch.add(0, hash, sigB64)).toBe(0);
  const out = new Uint8Array(1);
  verifyItems(new Uint8Array(batch.buffer, 0, ITEM_BYTES), 1, backend, out);
  return out[0]!;
}

describe('strict Ed25519 on every path', () => {
  it('a genuine signature verifies on every path (the control)', () => {
    const sig = b64(sign(null, msg, k.priv));
    expect(verifySignature(k.key, msg, sig)).toBe(true);
    expect(verifySignatureNoble(pk, msg, sig)).toBe(true);
    expect(bulk(sig, 'sodium')).toBe(SIG_VALID);
    expect(bulk(sig, 'node')).toBe(SIG_VALID);
  });

  it('R = the identity point with S = k·a: OpenSSL accepts it, every path of the workstation refuses it', () => {
    const sig = identityRSignature(k.priv, pk, msg);
    // The vector is real: node:crypto alone accepts it and libsodium does not.
    expect(nodeVerify(null, msg, k.key.node, sig)).toBe(true);
    expect(sodium.crypto_sign_verify_detached(sig, msg, pk)).toBe(false);
    expect(signatureProblem(sig)).toBe('weak_r');
    expect(verifySignature(k.key, msg, b64(sig))).toBe(false);
    expect(verifySignatureNoble(pk, msg, b64(sig))).toBe(false);
    expect(bulk(b64(sig), 'sodium')).toBe(SIG_WEAK_R);
    expect(bulk(b64(sig), 'node')).toBe(SIG_WEAK_R);
  });

  it('a signed object (seal, bundle signature, certificate) with such a signature does not verify', () => {
    const unsigned: Record<string, unknown> = { format: 'natalia.seal.v1', kid: k.key.kid, last_seq: 3 };
    const m = signedObjectMessage('natalia.seal.v1', unsigned);
    const forged = identityRSignature(k.priv, pk, m);
    expect(nodeVerify(null, m, k.key.node, forged)).toBe(true);
    expect(verifySignedObject('natalia.seal.v1', { ...unsigned, sig: b64(forged) }, k.key)).toBe(false);
    const genuine = { ...unsigned, sig: b64(sign(null, m, k.priv)) };
    expect(verifySignedObject('natalia.seal.v1', genuine, k.key)).toBe(true);
  });

  it('R offset by a point of order 8: a cofactored check accepts it, the reference cross-check (cofactorless) refuses it', () => {
    const sig = torsionRSignature(k.priv, pk, msg);
    expect(ed.verify(sig, msg, pk, { zip215: false })).toBe(true); // noble's own verify is cofactored
    expect(signatureProblem(sig)).toBeNull(); // R is of mixed order, not small: only the equation tells
    expect(nodeVerify(null, msg, k.key.node, sig)).toBe(false);
    expect(sodium.crypto_sign_verify_detached(sig, msg, pk)).toBe(false);
    expect(verifySignatureNoble(pk, msg, b64(sig))).toBe(false);
    expect(verifySignature(k.key, msg, b64(sig))).toBe(false);
    expect(bulk(b64(sig), 'sodium')).not.toBe(SIG_VALID);
    expect(bulk(b64(sig), 'node')).not.toBe(SIG_VALID);
  });

  it('the small-order list holds exactly the encodings of the eight small-order points, and each entry is one', () => {
    const t = order8Point();
    expect(t.isSmallOrder()).toBe(true);
    for (let i = 0; i < 8; i++) {
      const p = i === 0 ? ed.Point.ZERO : t.multiply(BigInt(i));
      const enc = p.toBytes();
      expect(isSmallOrderEncoding(enc)).toBe(true);
      const flipped = Uint8Array.from(enc);
      flipped[31]! ^= 0x80;
      expect(isSmallOrderEncoding(flipped)).toBe(true);
    }
    for (const y of SMALL_ORDER_Y) expect(ed.Point.fromBytes(y, true).isSmallOrder()).toBe(true);
    expect(isSmallOrderEncoding(IDENTITY)).toBe(true);
    expect(isSmallOrderEncoding(ed.Point.BASE.toBytes())).toBe(false);
  });

  it('a non-canonical R encoding (y at or above p) is refused before any backend runs', () => {
    const genuine = sign(null, msg, k.priv);
    for (const off of [2n, 5n, 18n]) {
      const r = nonCanonicalY(off);
      expect(isCanonicalYEncoding(r)).toBe(false);
      const sig = Uint8Array.from(genuine);
      sig.set(r, 0);
      expect(signatureProblem(sig)).toBe('weak_r');
      expect(bulk(b64(sig), 'node')).toBe(SIG_WEAK_R);
      expect(verifySignature(k.key, msg, b64(sig))).toBe(false);
    }
    expect(isCanonicalYEncoding(ed.Point.BASE.toBytes())).toBe(true);
  });
});
