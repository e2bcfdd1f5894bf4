// Bulk strict Ed25519 verification of audit entry signatures, shared by the
// worker threads and the inline path. An entry's signature covers
// UTF-8("natalia.audit.v1:" + hash) (spec §2). Items travel in one flat
// buffer so a batch crosses to a worker as a single transferable ArrayBuffer:
//   [u16 key index LE][64 bytes: hash, ASCII hex][88 bytes: sig, ASCII base64]
import { createPublicKey, verify as nodeVerify, type KeyObject } from 'node:crypto';
import { createRequire } from 'node:module';
import { signatureProblem } from '../crypto/ed25519.js';

export const ITEM_BYTES = 154;
const HASH_OFFSET = 2;
const SIG_OFFSET = 66;
export const AUDIT_SIGNATURE_PREFIX = 'natalia.audit.v1:';

/** Per-item results. */
export const SIG_INVALID = 0;
export const SIG_VALID = 1;
/** Not 88 characters of canonical standard base64 for 64 bytes. */
export const SIG_MALFORMED = 2;
/** S is not below the group order (a malleated signature). */
export const SIG_NONCANONICAL = 3;
/** R is a small-order or non-canonical point encoding (refused whatever the backend would say). */
export const SIG_WEAK_R = 4;

const SIG_RE = /^[A-Za-z0-9+/]{86}==$/;

/** A batch being filled on the main thread; its buffer is handed to a worker once full. */
export class SignatureBatch {
  readonly buffer: ArrayBuffer;
  private readonly bytes: Buffer;
  count = 0;

  constructor(readonly capacity: number) {
    this.buffer = new ArrayBuffer(capacity * ITEM_BYTES);
    this.bytes = Buffer.from(this.buffer);
  }

  get full(): boolean {
    return this.count >= this.capacity;
  }

  /**
   * Adds an item; returns its slot, or -1 when the hash or signature text
   * cannot be what the format writes (the caller then records the result itself).
   */
  add(keyIndex: number, hash: string, sig: string): number {
    if (hash.length !== 64 || sig.length !== 88) return -1;
    const off = this.count * ITEM_BYTES;
    // UTF-8, not latin1: a non-ASCII character then cannot pass for an ASCII one; it
    // either does not fit (fewer bytes written) or leaves bytes >= 0x80 that the
    // worker's strict alphabet checks refuse.
    if (this.bytes.write(hash, off + HASH_OFFSET, 64, 'utf8') !== 64) return -1;
    if (this.bytes.write(sig, off + SIG_OFFSET, 88, 'utf8') !== 88) return -1;
    this.bytes.writeUInt16LE(keyIndex, off);
    return this.count++;
  }
}

/** True when `text` has the form of an entry signature this module can carry. */
export function isSignatureText(sig: string): boolean {
  return SIG_RE.test(sig);
}

const B64 = new Int16Array(256).fill(-1);
for (let i = 0; i < 64; i++) B64['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.charCodeAt(i)] = i;

/** Strictly decodes the 88 base64 characters at `off` into 64 bytes; false unless canonical. */
export function decodeSig88(src: Uint8Array, off: number, dst: Uint8Array): boolean {
  let o = 0;
  for (let i = 0; i < 84; i += 4) {
    const a = B64[src[off + i]!]!;
    const b = B64[src[off + i + 1]!]!;
    const c = B64[src[off + i + 2]!]!;
    const d = B64[src[off + i + 3]!]!;
    if ((a | b | c | d) < 0) return false;
    const n = (a << 18) | (b << 12) | (c << 6) | d;
    dst[o++] = n >>> 16;
    dst[o++] = (n >>> 8) & 0xff;
    dst[o++] = n & 0xff;
  }
  const a = B64[src[off + 84]!]!;
  const b = B64[src[off + 85]!]!;
  // 86 characters carry 516 bits for 512: the 4 spare bits must be zero (canonical form).
  if ((a | b) < 0 || (b & 0x0f) !== 0 || src[off + 86] !== 61 || src[off + 87] !== 61) return false;
  dst[o] = (a << 2) | (b >>> 4);
  return true;
}

/** True when the 64 bytes at `off` are lowercase hex digits. */
function isHex64(b: Uint8Array, off: number): boolean {
  for (let i = off; i < off + 64; i++) {
    const c = b[i]!;
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

/** The curve arithmetic, by libsodium or by node:crypto. */
export interface VerifyBackend {
  readonly name: string;
  setKey(index: number, raw: Uint8Array): void;
  verify(sig: Uint8Array, msg: Uint8Array, keyIndex: number): boolean;
}

interface SodiumLike {
  crypto_sign_verify_detached(sig: Uint8Array, msg: Uint8Array, pk: Uint8Array): boolean;
}

function loadSodium(): SodiumLike | Error {
  try {
    const require = createRequire(import.meta.url);
    const s = require('sodium-native') as SodiumLike;
    if (typeof s.crypto_sign_verify_detached !== 'function') return new Error('crypto_sign_verify_detached missing');
    return s;
  } catch (e) {
    return e as Error;
  }
}

const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** libsodium when it loads (it also refuses non-canonical S, small-order R and small-order keys), node:crypto otherwise. */
export function createVerifyBackend(prefer: 'sodium' | 'node' = 'sodium'): { backend: VerifyBackend; note?: string } {
  const sodium = prefer === 'sodium' ? loadSodium() : new Error('node:crypto requested');
  if (!(sodium instanceof Error)) {
    const keys: Buffer[] = [];
    return {
      backend: {
        name: 'libsodium (sodium-native)',
        setKey: (i, raw) => void (keys[i] = Buffer.from(raw)),
        verify: (sig, msg, i) => {
          const k = keys[i];
          return k !== undefined && sodium.crypto_sign_verify_detached(sig, msg, k);
        },
      },
    };
  }
  const keys: KeyObject[] = [];
  return {
    backend: {
      name: 'node:crypto (OpenSSL)',
      setKey: (i, raw) =>
        void (keys[i] = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' })),
      verify: (sig, msg, i) => {
        const k = keys[i];
        try {
          return k !== undefined && nodeVerify(null, msg, k, sig);
        } catch {
          return false;
        }
      },
    },
    note: prefer === 'sodium' ? `sodium-native could not be loaded (${sodium.message})` : undefined,
  };
}

/** Verifies `count` items of `bytes`, writing one result code per item into `out`. */
export function verifyItems(bytes: Uint8Array, count: number, backend: VerifyBackend, out: Uint8Array): void {
  const msg = Buffer.alloc(AUDIT_SIGNATURE_PREFIX.length + 64);
  msg.write(AUDIT_SIGNATURE_PREFIX, 0, 'latin1');
  const sig = new Uint8Array(64);
  for (let i = 0; i < count; i++) {
    const off = i * ITEM_BYTES;
    if (!isHex64(bytes, off + HASH_OFFSET) || !decodeSig88(bytes, off + SIG_OFFSET, sig)) {
      out[i] = SIG_MALFORMED;
      continue;
    }
    // The strict rules first, so libsodium and node:crypto give one verdict (crypto/ed25519.ts).
    const problem = signatureProblem(sig);
    if (problem !== null) {
      out[i] = problem === 'noncanonical_s' ? SIG_NONCANONICAL : SIG_WEAK_R;
      continue;
    }
    msg.set(bytes.subarray(off + HASH_OFFSET, off + HASH_OFFSET + 64), AUDIT_SIGNATURE_PREFIX.length);
    const keyIndex = bytes[off]! | (bytes[off + 1]! << 8);
    out[i] = backend.verify(sig, msg, keyIndex) ? SIG_VALID : SIG_INVALID;
  }
}
