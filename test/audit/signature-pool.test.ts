// Bulk verification: the pool, the inline verifier and the single-call
// reference agree item by item, including on malleated and malformed sigs.
import { createHash, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeBase64Strict } from '../../shared/engine/crypto/encoding.js';
import { signedMessage, verifySignature } from '../../shared/engine/crypto/ed25519.js';
import {
  decodeSig88,
  SIG_INVALID,
  SIG_MALFORMED,
  SIG_NONCANONICAL,
  SIG_VALID,
} from '../../shared/engine/audit/signature-batch.js';
import { createInlineVerifier, createSignaturePool, SignatureBatch, verifyBatchInline } from '../../shared/engine/audit/signature-pool.js';
import { newKey } from './helpers.js';

const L = 2n ** 252n + 27742317777372353535851937790883648493n;

function malleate(sigB64: string): string {
  const sig = Buffer.from(sigB64, 'base64');
  let s = 0n;
  for (let i = 31; i >= 0; i--) s = (s << 8n) | BigInt(sig[32 + i]!);
  s += L;
  for (let i = 0; i < 32; i++) {
    sig[32 + i] = Number(s & 0xffn);
    s >>= 8n;
  }
  return sig.toString('base64');
}

describe('signature verification in bulk', () => {
  const a = newKey();
  const b = newKey();
  const items: { key: typeof a; hash: string; sig: string; expect: number }[] = [];
  for (let i = 0; i < 3000; i++) {
    const k = i % 2 ? a : b;
    const hash = createHash('sha256').update(`entry ${i}`).digest('hex');
    let sig = sign(null, signedMessage('natalia.audit.v1', hash), k.priv).toString('base64');
    let expected = SIG_VALID;
    if (i % 97 === 3) {
      sig = sign(null, signedMessage('natalia.audit.v1', hash + 'x'), k.priv).toString('base64');
      expected = SIG_INVALID;
    } else if (i % 101 === 5) {
      sig = malleate(sig);
      expected = SIG_NONCANONICAL;
    } else if (i % 103 === 7) {
      sig = sig.slice(0, 85) + (sig[85] === 'A' ? 'B' : 'A') + '=='; // spare bits set or wrong value
      expected = decodeBase64Strict(sig, 64) ? SIG_INVALID : SIG_MALFORMED;
    } else if (i % 107 === 9) {
      sig = sig.slice(0, 10) + '*' + sig.slice(11);
      expected = SIG_MALFORMED;
    } else if (i % 109 === 11) {
      sig = sig.slice(0, 10) + 'Ł' + sig.slice(11); // U+0141: its low byte is "A", it must not pass for one
      expected = SIG_MALFORMED;
    }
    items.push({ key: k, hash, sig, expect: expected });
  }

  async function run(v: ReturnType<typeof createInlineVerifier>): Promise<number[]> {
    const out: number[] = [];
    const pending: Promise<Uint8Array>[] = [];
    const slots: number[] = [];
    let batch = new SignatureBatch(512);
    for (const it of items) {
      const slot = batch.add(v.keyIndex(it.key.key), it.hash, it.sig);
      slots.push(slot < 0 ? -1 : pending.length * 512 + slot);
      if (batch.full) {
        pending.push(v.verify(batch));
        batch = new SignatureBatch(512);
      }
    }
    pending.push(v.verify(batch));
    const flat: number[] = [];
    for (const p of pending) flat.push(...(await p));
    for (const s of slots) out.push(s < 0 ? -1 : flat[s]!);
    await v.close();
    return out;
  }

  it('the inline verifier gives the expected code for every item, and agrees with verifySignature', async () => {
    const got = await run(createInlineVerifier());
    expect(got).toEqual(items.map((i) => i.expect));
    items.forEach((it, i) => {
      if (got[i] === -1) return;
      const ref = verifySignature(it.key.key, signedMessage('natalia.audit.v1', it.hash), it.sig);
      expect(ref).toBe(got[i] === SIG_VALID);
    });
  });

  it('the worker pool returns the same results, in order, and the node:crypto backend too', async () => {
    const pool = await createSignaturePool({ threads: 2 });
    expect(pool.description).toMatch(/libsodium \(sodium-native\) on 2 worker threads/);
    expect(await run(pool)).toEqual(items.map((i) => i.expect));
    const nodePool = await createSignaturePool({ threads: 1, prefer: 'node' });
    expect(nodePool.description).toMatch(/node:crypto/);
    expect(await run(nodePool)).toEqual(items.map((i) => i.expect));
    expect(await run(createInlineVerifier('node'))).toEqual(items.map((i) => i.expect));
  });

  it('a closed pool refuses work instead of hanging', async () => {
    const pool = await createSignaturePool({ threads: 1 });
    await pool.close();
    const batch = new SignatureBatch(4);
    batch.add(pool.keyIndex(a.key), items[1]!.hash, items[1]!.sig);
    await expect(pool.verify(batch)).rejects.toThrow(/closed/);
    await pool.close();
  });

  it('verifyBatchInline verifies one batch with a key list', () => {
    const batch = new SignatureBatch(8);
    batch.add(0, items[1]!.hash, items[1]!.sig);
    batch.add(1, items[0]!.hash, items[0]!.sig);
    batch.add(0, items[0]!.hash, items[0]!.sig);
    expect([...verifyBatchInline(batch, [a.key, b.key])]).toEqual([SIG_VALID, SIG_VALID, SIG_INVALID]);
  });

  it('decodeSig88 accepts exactly the canonical base64 of 64 bytes', () => {
    const dst = new Uint8Array(64);
    for (const it of items) {
      const bytes = Buffer.from(it.sig, 'utf8');
      const ok = decodeSig88(bytes, 0, dst);
      const ref = decodeBase64Strict(it.sig, 64);
      expect(ok).toBe(ref !== null && bytes.length === 88);
      if (ref) expect(Buffer.from(dst)).toEqual(Buffer.from(ref));
    }
  });
});
