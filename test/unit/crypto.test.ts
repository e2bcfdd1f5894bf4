// Canonicalization, hashing and signing checked against the reference
// exporter's samples: an independent implementation, so a bug our own
// exporter shares with our verifier cannot hide here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalize } from '../../shared/engine/crypto/jcs.js';
import { sha256Hex } from '../../shared/engine/crypto/hash.js';
import {
  importPublicKey,
  isCanonicalS,
  kidOf,
  publicKeyProblem,
  signedMessage,
  verifySignature,
  verifySignatureNoble,
} from '../../shared/engine/crypto/ed25519.js';
import { verifySignedObject } from '../../shared/engine/crypto/signed-object.js';
import { decodeBase64Strict } from '../../shared/engine/crypto/encoding.js';

const BAG = join(import.meta.dirname, '../fixtures/samples/minimal/natalia-evidence-NAT-EC94-0782-20260302T091407Z');
const read = (p: string) => readFileSync(join(BAG, p), 'utf8');

function licensePayload(): any {
  const armour = read('data/license/natalia.lic');
  const body = armour.split('\n').filter((l) => l && !l.startsWith('-----')).join('');
  const envelope = JSON.parse(Buffer.from(body, 'base64').toString('utf8'));
  return { envelope, payload: JSON.parse(Buffer.from(envelope.enc, 'base64').toString('utf8')) };
}

describe('JCS and entry hashes against the reference exporter', () => {
  it('recomputes the hash of every JSON lines entry of the minimal sample', () => {
    const lines = read('data/audit/audit-log.jsonl').trim().split('\n');
    expect(lines.length).toBe(130);
    for (const line of lines) {
      const { hash, kid: _k, sig: _s, ...core } = JSON.parse(line);
      expect(sha256Hex(canonicalize(core))).toBe(hash);
    }
  });

  it('sorts keys by UTF-16 code units (U+20AC before a surrogate pair) and escapes like JSON.stringify', () => {
    expect(canonicalize({ b: 1, a: [true, null, 'é\u2028"'], '\u20ac': 0, '\ud83d\ude00': 0 })).toBe(
      '{"a":[true,null,"é\u2028\\""],"b":1,"\u20ac":0,"\ud83d\ude00":0}',
    );
    expect(() => canonicalize({ x: 1.5 })).toThrow();
    expect(() => canonicalize({ x: 2 ** 53 })).toThrow();
  });
});

describe('Ed25519 strict verification', () => {
  const { envelope, payload } = licensePayload();
  const trust = JSON.parse(readFileSync(join(BAG, '../trust-roots.json'), 'utf8'));

  it('verifies the sample license under the sample vendor root, with both backends', () => {
    const root = importPublicKey(trust.roots[0].public_key);
    if (!('key' in root)) throw new Error(root.error);
    expect(root.key.kid).toBe(trust.roots[0].kid);
    const msg = signedMessage('natalia.license.v1', envelope.enc);
    expect(verifySignature(root.key, msg, envelope.sig)).toBe(true);
    expect(verifySignatureNoble(root.key.raw, msg, envelope.sig)).toBe(true);
    const tampered = signedMessage('natalia.license.v1', envelope.enc + 'A');
    expect(verifySignature(root.key, tampered, envelope.sig)).toBe(false);
    expect(verifySignatureNoble(root.key.raw, tampered, envelope.sig)).toBe(false);
  });

  it('verifies the seal, the bundle signature, the certificate and entry signatures with the licensed audit key', () => {
    const k = importPublicKey(payload.audit_keys[0].public_key);
    if (!('key' in k)) throw new Error(k.error);
    expect(k.key.kid).toBe(payload.audit_keys[0].kid);
    expect(verifySignedObject('natalia.seal.v1', JSON.parse(read('data/audit/seal.json')), k.key)).toBe(true);
    expect(verifySignedObject('natalia.bundle.v1', JSON.parse(read('bundle-signature.json')), k.key)).toBe(true);
    const cert = JSON.parse(read('data/erasure/ERC-2026-000017.json'));
    expect(verifySignedObject('natalia.erasure.v1', cert, k.key)).toBe(true);
    expect(verifySignedObject('natalia.erasure.v1', { ...cert, method: 'soft-delete' }, k.key)).toBe(false);
    expect(verifySignedObject('natalia.seal.v1', cert, k.key)).toBe(false); // wrong domain
    const entry = JSON.parse(read('data/audit/audit-log.jsonl').split('\n')[0]!);
    expect(verifySignature(k.key, signedMessage('natalia.audit.v1', entry.hash), entry.sig)).toBe(true);
  });

  it('rejects a signature whose S is not below the group order (malleated S + L)', () => {
    const k = importPublicKey(payload.audit_keys[0].public_key);
    if (!('key' in k)) throw new Error(k.error);
    const entry = JSON.parse(read('data/audit/audit-log.jsonl').split('\n')[0]!);
    const sig = decodeBase64Strict(entry.sig, 64)!;
    // S' = S + L is the classic malleation: same point equation, non-canonical scalar.
    const L = 2n ** 252n + 27742317777372353535851937790883648493n;
    let s = 0n;
    for (let i = 31; i >= 0; i--) s = (s << 8n) | BigInt(sig[32 + i]!);
    let s2 = s + L;
    const forged = Uint8Array.from(sig);
    for (let i = 0; i < 32; i++) {
      forged[32 + i] = Number(s2 & 0xffn);
      s2 >>= 8n;
    }
    expect(isCanonicalS(forged)).toBe(false);
    const forgedB64 = Buffer.from(forged).toString('base64');
    const msg = signedMessage('natalia.audit.v1', entry.hash);
    expect(verifySignature(k.key, msg, forgedB64)).toBe(false);
    expect(verifySignatureNoble(k.key.raw, msg, forgedB64)).toBe(false);
  });

  it('refuses small-order public keys and non-canonical base64', () => {
    const identity = new Uint8Array(32);
    identity[0] = 1; // encoding of the neutral point, order 1
    expect(publicKeyProblem(identity)).toMatch(/small order/);
    const order2 = new Uint8Array(32).fill(0xff);
    order2[0] = 0xec;
    order2[31] = 0x7f; // (0, -1), order 2
    expect(publicKeyProblem(order2)).toMatch(/small order/);
    expect('error' in importPublicKey(Buffer.from(identity).toString('base64'))).toBe(true);
    expect(decodeBase64Strict('YQ==')).not.toBeNull();
    expect(decodeBase64Strict('YR==')).toBeNull(); // non-zero padding bits
    expect(decodeBase64Strict('YQ')).toBeNull();
    expect(kidOf(decodeBase64Strict(trust.roots[0].public_key)!)).toBe(trust.roots[0].kid);
  });
});
