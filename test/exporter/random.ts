// Deterministic randomness for the exporter: the same seed must give the same
// bundle byte for byte, so nothing here reads the clock or Math.random.
import { createHash } from 'node:crypto';

/** 32-bit words of SHA-256(text): seeds derived from the user's seed string. */
export function seedWords(text: string): [number, number, number, number] {
  const d = createHash('sha256').update(text, 'utf8').digest();
  return [d.readUInt32LE(0), d.readUInt32LE(4), d.readUInt32LE(8), d.readUInt32LE(12)];
}

/** A stateless 32-bit mix of integers (murmur3 finaliser): CDR fields as pure functions of their id. */
export function hash32(a: number, b: number, c = 0): number {
  let h = (a ^ Math.imul(b, 0x9e3779b1) ^ Math.imul(c, 0x85ebca77)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h ^ b, 0x27d4eb2f);
  h ^= h >>> 15;
  return h >>> 0;
}

/** hash32 scaled to [0, 1). */
export function hashUnit(a: number, b: number, c = 0): number {
  return hash32(a, b, c) / 4294967296;
}

/** sfc32: small, fast, good enough for simulated activity. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seedText: string) {
    [this.a, this.b, this.c, this.d] = seedWords(seedText);
    for (let i = 0; i < 15; i++) this.u32();
  }

  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Uniform integer in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.int(items.length)]!;
  }

  /** `n` lowercase hex characters. */
  hex(n: number): string {
    let out = '';
    while (out.length < n) out += this.u32().toString(16).padStart(8, '0');
    return out.slice(0, n);
  }

  /** Fisher-Yates on a copy. */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }
}

/**
 * A bijection on 40-bit integers (odd multiplier, then xor with a mask): unique
 * reveal ids from a counter, with no collision however many reveals there are.
 */
export function scramble40(n: number, mask: bigint): number {
  const M = (1n << 40n) - 1n;
  const x = ((BigInt(n) * 0x9e3779b97n) & M) ^ (mask & M);
  return Number(x);
}
