// Call detail records as pure functions of their index: the dump may hold
// millions of them, so none is ever stored. Reveals, erasures and retention
// purges ask the same functions, which keeps the audit log, the certificates
// and the dump consistent without keeping state.
import { createHash } from 'node:crypto';
import { hash32, hashUnit, seedWords } from './random.js';
import { DAY, HOUR, addMonths } from './time.js';

export const FIRST_CDR_ID = 1_000_000;

export interface ExtensionPlan {
  id: number;
  tenantIndex: number;
  pseudonym: string;
  label: string;
  last4: string;
  /** When an erasure deleted it (ms), or Infinity. */
  erasedAt: number;
}

export interface CdrRow {
  id: number;
  tenantIndex: number;
  extensionId: number;
  startedAt: number;
  durationS: number;
  direction: string;
  callerPseudonym: string;
  callerLast4: string;
  calleePseudonym: string;
  calleeLast4: string;
  disposition: string;
  queue: string | null;
}

export type CdrFate =
  | { kind: 'present' }
  | { kind: 'purged'; night: number }
  | { kind: 'erased'; extensionId: number };

const DIRECTIONS = ['in', 'out', 'internal'];
const DISPOSITIONS = ['answered', 'answered', 'answered', 'answered', 'missed', 'busy', 'voicemail'];
const QUEUES = ['support', 'billing', 'sales', 'recouvrement'];

export interface CdrModelInput {
  seed: string;
  total: number;
  /** UTC midnight of the first day with calls. */
  firstDay: number;
  /** Days with calls (the export day has none). */
  days: number;
  tenantCount: number;
  retentionMonths: number[];
  /** Extensions per tenant; every tenant keeps at least one never-erased extension. */
  extensions: ExtensionPlan[][];
  /** Nightly purge instants (02:00 UTC) before the export. */
  purgeNights: number[];
}

export class CdrModel {
  readonly total: number;
  private readonly s: number;
  private readonly phones: Buffer;
  private readonly phoneCount: number;
  /** Per tenant: older_than of each nightly purge, ascending. */
  readonly olderThan: number[][];

  constructor(private readonly input: CdrModelInput) {
    this.total = input.total;
    this.s = seedWords(`${input.seed}/cdr`)[0];
    this.phoneCount = Math.max(64, Math.min(100_000, Math.ceil(input.total / 4)));
    // Phone pseudonyms are SHA-256 values (an HMAC of the number on a real
    // appliance); a fixed pool keeps hashing off the per-row path.
    this.phones = Buffer.alloc(this.phoneCount * 32);
    for (let p = 0; p < this.phoneCount; p++) {
      createHash('sha256').update(`${input.seed}/phone/${p}`).digest().copy(this.phones, p * 32);
    }
    this.olderThan = input.retentionMonths.map((m) => input.purgeNights.map((n) => addMonths(n, -m)));
  }

  private phone(p: number): { pseudonym: string; last4: string } {
    return {
      pseudonym: this.phones.toString('hex', p * 32, p * 32 + 32),
      last4: String(hash32(p, this.s, 99) % 10000).padStart(4, '0'),
    };
  }

  /** Day index (0-based) of CDR i; ids grow with days. */
  dayOf(i: number): number {
    return Math.floor((i * this.input.days) / this.total);
  }

  /** First index whose day is >= d. */
  firstOfDay(d: number): number {
    return Math.ceil((d * this.total) / this.input.days);
  }

  timeOf(i: number): number {
    // Calls between 06:00 and 19:00 UTC, ms resolution, not sorted within a day.
    return this.input.firstDay + this.dayOf(i) * DAY + 6 * HOUR + Math.floor(hashUnit(i, this.s, 1) * 13 * HOUR);
  }

  tenantOf(i: number): number {
    return hash32(i, this.s, 2) % this.input.tenantCount;
  }

  /** The extension of CDR i: never one already erased when the call happened. */
  extensionOf(i: number): ExtensionPlan {
    const exts = this.input.extensions[this.tenantOf(i)]!;
    const t = this.timeOf(i);
    const k = hash32(i, this.s, 3) % exts.length;
    for (let n = 0; n < exts.length; n++) {
      const e = exts[(k + n) % exts.length]!;
      if (e.erasedAt > t) return e;
    }
    throw new Error('a tenant has no extension left');
  }

  row(i: number): CdrRow {
    const caller = this.phone(hash32(i, this.s, 4) % this.phoneCount);
    const callee = this.phone(hash32(i, this.s, 5) % this.phoneCount);
    const q = hash32(i, this.s, 8);
    return {
      id: FIRST_CDR_ID + i,
      tenantIndex: this.tenantOf(i),
      extensionId: this.extensionOf(i).id,
      startedAt: this.timeOf(i),
      durationS: 5 + (hash32(i, this.s, 6) % 1800),
      direction: DIRECTIONS[hash32(i, this.s, 7) % 3]!,
      callerPseudonym: caller.pseudonym,
      callerLast4: caller.last4,
      calleePseudonym: callee.pseudonym,
      calleeLast4: callee.last4,
      disposition: DISPOSITIONS[q % DISPOSITIONS.length]!,
      queue: (q >>> 8) % 2 === 0 ? null : QUEUES[(q >>> 9) % QUEUES.length]!,
    };
  }

  /** Index of the first nightly purge that removes a call of `tenant` started at t, or -1. */
  purgeNightOf(tenant: number, t: number): number {
    const ot = this.olderThan[tenant]!;
    let lo = 0;
    let hi = ot.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ot[mid]! > t) hi = mid;
      else lo = mid + 1;
    }
    return lo < ot.length ? lo : -1;
  }

  /** What became of CDR i by the export: still there, purged by retention, or deleted by an erasure. */
  fate(i: number): CdrFate {
    const t = this.timeOf(i);
    const tenant = this.tenantOf(i);
    const ext = this.extensionOf(i);
    const night = this.purgeNightOf(tenant, t);
    const purgeAt = night === -1 ? Infinity : this.input.purgeNights[night]!;
    if (ext.erasedAt !== Infinity && ext.erasedAt < purgeAt) return { kind: 'erased', extensionId: ext.id };
    if (night !== -1) return { kind: 'purged', night };
    return { kind: 'present' };
  }
}
