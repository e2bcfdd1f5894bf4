// Which audit keys may sign at a given point of the chain (spec §2.3): the
// keys of trusted licenses naming this installation, each from its
// not_before on, plus every key introduced by an accepted key.rotate; a key
// that a key.rotate retires signs nothing after that rotate entry.
//
// The schedule is built while the chain is read in order: the verifier asks
// check() for each entry, then calls applyRotate() once a key.rotate entry has
// verified, so later entries see the new key and the retired one.
import type { AuditEntry } from '../../model/audit-entry.js';
import type { AuditKeySummary } from '../../model/verification.js';
import { importPublicKey, type VerifyingKey } from '../crypto/ed25519.js';
import { isKid } from '../crypto/encoding.js';
import type { LicenseKeyGrant } from './keys.js';

export type KeyCheck = { key: VerifyingKey } | { reason: string };

interface KeyState {
  key: VerifyingKey;
  grants: { notBefore: string; licenseId: string }[];
  /** Set when an accepted key.rotate introduced the key. */
  introduced?: { seq: number; ts: string };
  retired?: { seq: number; ts: string };
}

export class KeySchedule {
  private readonly keys = new Map<string, KeyState>();
  /** Keys announced by a key.rotate that was not accepted, with why: better messages for entries they sign. */
  private readonly refused = new Map<string, { seq: number; reason: string }>();

  constructor(grants: readonly LicenseKeyGrant[]) {
    for (const g of grants) {
      const state = this.keys.get(g.key.kid);
      if (state) state.grants.push({ notBefore: g.notBefore, licenseId: g.licenseId });
      else this.keys.set(g.key.kid, { key: g.key, grants: [{ notBefore: g.notBefore, licenseId: g.licenseId }] });
    }
  }

  /** May `kid` sign an entry dated `ts` at the current point of the chain? */
  check(kid: string, ts: string): KeyCheck {
    const s = this.keys.get(kid);
    if (!s) {
      const r = this.refused.get(kid);
      if (r) return { reason: `key ${kid} was announced by the key.rotate at seq ${r.seq}, which was not accepted (${r.reason})` };
      const shown = kid.length > 40 ? `${JSON.stringify(kid.slice(0, 40))}...` : JSON.stringify(kid);
      return {
        reason: `key ${shown} is granted by no trusted license of this installation and introduced by no accepted key.rotate`,
      };
    }
    if (s.retired) return { reason: `key ${kid} was retired by the key.rotate at seq ${s.retired.seq}` };
    if (s.introduced) return { key: s.key };
    for (const g of s.grants) if (g.notBefore <= ts) return { key: s.key };
    const g = s.grants[0]!;
    return { reason: `key ${kid} is granted by license ${g.licenseId} only from ${g.notBefore}, after this entry's time ${ts}` };
  }

  /**
   * Applies a key.rotate entry that verified under `signingKid` (an allowed
   * key): retires it and introduces the new key. Returns why the rotate cannot
   * be accepted otherwise; then nothing changes.
   */
  applyRotate(entry: AuditEntry, signingKid: string): { kid: string } | { reason: string } {
    const d = entry.details;
    const refuse = (reason: string) => {
      this.refuseRotate(entry, reason);
      return { reason };
    };
    if (typeof d.new_kid !== 'string' || !isKid(d.new_kid)) return refuse('details.new_kid is not a key id');
    if (typeof d.new_public_key !== 'string') return refuse('details.new_public_key is missing');
    if (typeof d.reason !== 'string') return refuse('details.reason is missing');
    const imported = importPublicKey(d.new_public_key);
    if ('error' in imported) return refuse(`details.new_public_key is unusable: ${imported.error}`);
    const key = imported.key;
    if (key.kid !== d.new_kid) return refuse(`details.new_kid ${d.new_kid} is not the id of the public key (${key.kid})`);
    if (entry.target !== `key:${key.kid}`) return refuse(`target is ${JSON.stringify(entry.target)}, expected "key:${key.kid}"`);
    if (key.kid === signingKid) return refuse('it rotates to the key that signs it');
    const existing = this.keys.get(key.kid);
    if (existing?.retired) return refuse(`key ${key.kid} was already retired at seq ${existing.retired.seq}`);
    if (existing && Buffer.compare(Buffer.from(existing.key.raw), Buffer.from(key.raw)) !== 0) {
      return refuse(`key id ${key.kid} belongs to a different licensed public key`);
    }
    const outgoing = this.keys.get(signingKid);
    if (outgoing) outgoing.retired = { seq: entry.seq, ts: entry.ts };
    if (existing) existing.introduced = { seq: entry.seq, ts: entry.ts };
    else this.keys.set(key.kid, { key, grants: [], introduced: { seq: entry.seq, ts: entry.ts } });
    this.refused.delete(key.kid);
    return { kid: key.kid };
  }

  /** Records that a key.rotate could not be accepted (it does not verify), so entries its new key signs say why. */
  refuseRotate(entry: AuditEntry, reason: string): void {
    const kid = entry.details.new_kid;
    if (typeof kid === 'string' && isKid(kid) && !this.keys.has(kid)) this.refused.set(kid, { seq: entry.seq, reason });
  }

  /**
   * May `kid` have signed an object dated `ts` (a certificate's issued_at),
   * judged after the whole chain was read? Unlike check(), which answers for
   * the current point of the chain, a key retired later was still allowed
   * before its retiring key.rotate.
   */
  keyAt(kid: string, ts: string): KeyCheck {
    const s = this.keys.get(kid);
    if (!s) return this.check(kid, ts);
    if (s.retired && s.retired.ts < ts) {
      return { reason: `key ${kid} was retired by the key.rotate at seq ${s.retired.seq} (${s.retired.ts}), before ${ts}` };
    }
    if ((s.introduced && s.introduced.ts <= ts) || s.grants.some((g) => g.notBefore <= ts)) return { key: s.key };
    const from = s.introduced?.ts ?? s.grants.map((g) => g.notBefore).sort()[0];
    return { reason: `key ${kid} is allowed only from ${from}, after ${ts}` };
  }

  /** Keys allowed to sign at time `ts` and not retired: the keys "in force" then. */
  inForceAt(ts: string): VerifyingKey[] {
    const out: VerifyingKey[] = [];
    for (const s of this.keys.values()) {
      if (s.retired) continue;
      if ((s.introduced && s.introduced.ts <= ts) || s.grants.some((g) => g.notBefore <= ts)) out.push(s.key);
    }
    return out;
  }

  /** Keys not retired at the end of the chain read so far. */
  current(): VerifyingKey[] {
    return [...this.keys.values()].filter((s) => !s.retired).map((s) => s.key);
  }

  /** One row per source of each key (license grants, then the rotate that introduced it). */
  summary(): AuditKeySummary[] {
    const rows: AuditKeySummary[] = [];
    for (const s of this.keys.values()) {
      const retired = s.retired ? { retired_at_seq: s.retired.seq } : {};
      const public_key = Buffer.from(s.key.raw).toString('base64');
      for (const g of s.grants) rows.push({ kid: s.key.kid, public_key, source: g.licenseId, not_before: g.notBefore, ...retired });
      if (s.introduced) {
        rows.push({ kid: s.key.kid, public_key, source: `key.rotate seq ${s.introduced.seq}`, not_before: s.introduced.ts, ...retired });
      }
    }
    return rows;
  }
}
