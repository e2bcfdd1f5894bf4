// Judges the chain in order, once each entry's hash, key and signature are
// known (spec §2.3–2.6): sequence and links, content authenticity, time and
// policy. It sees one entry ahead, because two rules need it: a ts that goes
// back must be followed by a clock.anomaly, and an edited seq cell shows as
// the next entry continuing from where the edited one should have been.
//
// One root cause, one finding:
// - each entry gets at most one integrity finding: position (seq_gap,
//   chain_break) first, then content (hash_mismatch, unknown_key,
//   signature_invalid); the others are named in details.also;
// - a link that fails because the previous entry was rewritten (its stored
//   hash changed) or because this entry's own cells were edited is not a
//   second finding;
// - after a gap the chain re-anchors on the entry read, and entries that
//   reappear out of order (their predecessor seen recently, their own seq not
//   yet) are the same disorder, not new gaps;
// - time and policy rules apply to authentic entries only: a forged entry's
//   claims are not the appliance's behaviour.
import { KNOWN_ACTIONS, type AuditEntry } from '../../model/audit-entry.js';
import { finding, type Finding, type FindingCode } from '../../model/findings.js';
import { isSha256Hex, ZERO_HASH } from '../crypto/encoding.js';
import type { FindingCollector } from './finding-runs.js';
import { SIG_MALFORMED, SIG_NONCANONICAL, SIG_VALID, SIG_WEAK_R } from './signature-batch.js';
import { SIG_MATCHED } from './already-verified.js';
import { isRfc3339Ms } from '../time/rfc3339.js';

/** Signature not checked: fast mode. */
export const SIG_UNCHECKED = 10;
/** Signature not checked because the key is not allowed or the hash text is not a hash. */
export const SIG_SKIPPED = 11;

export interface EntryRecord {
  kind: 'entry';
  entry: AuditEntry;
  line: number;
  /** Index among the entry slots of the primary file (malformed records included). */
  ordinal: number;
  hashOk: boolean;
  /** Why the key may not sign here; null when it may. */
  keyReason: string | null;
  sig: number;
  /** Slot in the signature batch, -1 when not sent. */
  slot: number;
}

/** A record that could not be read: a hole in the chain, reported by the reader. */
export interface HoleRecord {
  kind: 'hole';
  ordinal: number;
  line: number;
  seq?: number;
}

export type ChainRecord = EntryRecord | HoleRecord;

export interface JudgeCounters {
  entries: number;
  seqGaps: number;
  chainBreaks: number;
  hashMismatches: number;
  unknownKeys: number;
  badSignatures: number;
  signaturesVerified: number;
  /** Signatures matched to an earlier verification in the case, not verified again (already-verified.ts). */
  signaturesMatched: number;
  timeProblems: number;
  policyProblems: number;
  /** Entries found authentic: the only ones time and policy rules are applied to. */
  authentic: number;
  holes: number;
  /** Authentic entries whose ts is not RFC 3339 UTC with milliseconds: no time rule could be applied to them. */
  unreadableTimes: number;
  /** Positions where seq did not follow, reported or explained (reordering, a forgery replaced). */
  disorders: number;
}

interface Anchor {
  seq: number;
  /** Another seq the chain may continue from (the seq as written, when an edited seq cell was discounted). */
  altSeq?: number;
  hash: string;
  authentic: boolean;
  ts: string | null;
}

interface GapNote {
  finding: Finding;
  from: number;
  to: number;
  reappeared: { seq: number; line: number }[];
}

const RECENT = 4096;

/** `details` with `also` extended by `codes` (none: unchanged). */
function withAlso(details: Record<string, unknown>, codes: FindingCode[]): Record<string, unknown> {
  if (codes.length === 0) return details;
  const prior = Array.isArray(details.also) ? (details.also as FindingCode[]) : [];
  return { ...details, also: [...prior, ...codes] };
}
const DISORDER_WINDOW = 2048;

function isSigBad(sig: number): boolean {
  return sig !== SIG_VALID && sig !== SIG_MATCHED && sig !== SIG_UNCHECKED && sig !== SIG_SKIPPED;
}

function sigWhy(sig: number): string {
  if (sig === SIG_MALFORMED) return 'its sig is not 88 characters of canonical base64';
  if (sig === SIG_NONCANONICAL) return 'its sig has a non-canonical S (a malleated signature)';
  if (sig === SIG_WEAK_R) return 'its sig has an R of small order or not canonically encoded (refused by strict Ed25519)';
  return 'its sig does not verify';
}

export interface JudgeOptions {
  file: string;
  exportedAt?: string;
  collector: FindingCollector;
}

export class ChainJudge {
  readonly counters: JudgeCounters = {
    entries: 0,
    seqGaps: 0,
    chainBreaks: 0,
    hashMismatches: 0,
    unknownKeys: 0,
    badSignatures: 0,
    signaturesVerified: 0,
    signaturesMatched: 0,
    timeProblems: 0,
    policyProblems: 0,
    authentic: 0,
    holes: 0,
    unreadableTimes: 0,
    disorders: 0,
  };
  first?: EntryRecord;
  last?: EntryRecord;
  /** A malformed record came before the first readable entry. */
  holeAtHead = false;
  /** `${purged_through_seq}:${purged_through_hash}` of authentic retention.purge entries of kind audit, with their seq. */
  readonly vouchers = new Map<string, number>();
  readonly unknownActions = new Map<string, { count: number; seq: number; line: number }>();

  private pending: ChainRecord | null = null;
  private anchor: Anchor | null = null;
  private holeBefore = false;
  // The last RECENT entries by seq, in a ring indexed by seq: what reordering and duplicates are judged against.
  private readonly recentSeq = new Float64Array(RECENT).fill(-1);
  private readonly recentHash: string[] = new Array<string>(RECENT).fill('');
  private readonly recentAuth = new Uint8Array(RECENT);
  private lastDisorder = -Infinity;
  private lastGap: GapNote | null = null;
  private lockout: { seq: number; period: number } | null = null;
  private lockoutPeriods = 0;

  constructor(private readonly opts: JudgeOptions) {}

  push(r: ChainRecord): void {
    const prev = this.pending;
    this.pending = r;
    if (prev) this.judge(prev, r);
  }

  end(): void {
    const prev = this.pending;
    this.pending = null;
    if (prev) this.judge(prev, null);
  }

  private emit(code: FindingCode, r: EntryRecord, message: string, cause = '', extra: Partial<Finding> = {}, sticky = false): void {
    const e = r.entry;
    this.opts.collector.occur({
      code,
      ordinal: r.ordinal,
      cause,
      sticky,
      seq: e.seq,
      make: () => finding({ code, file: this.opts.file, line: r.line, seq: e.seq, message, ...extra }),
    });
  }

  private nextEntry(next: ChainRecord | null): EntryRecord | null {
    return next && next.kind === 'entry' ? next : null;
  }

  private judge(r: ChainRecord, next: ChainRecord | null): void {
    if (r.kind === 'hole') {
      this.counters.holes++;
      this.holeBefore = true;
      if (!this.first) this.holeAtHead = true;
      return;
    }
    const e = r.entry;
    const c = this.counters;
    c.entries++;
    this.first ??= r;
    this.last = r;

    // Content: is this entry what the appliance wrote and signed?
    const keyOk = r.keyReason === null;
    const sigBad = keyOk && r.hashOk && isSigBad(r.sig);
    const authentic = r.hashOk && keyOk && !sigBad;
    if (r.sig === SIG_VALID) c.signaturesVerified++;
    else if (r.sig === SIG_MATCHED) c.signaturesMatched++;
    let content: { code: FindingCode; message: string; cause: string } | null = null;
    if (!r.hashOk) {
      c.hashMismatches++;
      content = {
        code: 'audit.hash_mismatch',
        message: `Entry seq ${e.seq} does not match its hash: its content was changed after the appliance wrote it.`,
        cause: '',
      };
    } else if (!keyOk) {
      c.unknownKeys++;
      content = {
        code: 'audit.unknown_key',
        message: `Entry seq ${e.seq} is signed by a key not allowed at this point: ${r.keyReason}.`,
        cause: e.kid,
      };
    } else if (sigBad) {
      c.badSignatures++;
      content = {
        code: 'audit.signature_invalid',
        message: `Entry seq ${e.seq} is not validly signed: ${sigWhy(r.sig)} under key ${e.kid}.`,
        cause: '',
      };
    }

    // Position: does it follow the previous entry?
    const a = this.anchor;
    const nx = this.nextEntry(next);
    let position: { code: FindingCode; message: string; details?: Record<string, unknown> } | null = null;
    let anchorSeq = e.seq;
    let altSeq: number | undefined;
    let consecutive = false;
    const seen = this.recall(e.seq);
    if (a === null) {
      if (!this.holeBefore && e.seq === 1 && e.prev_hash !== ZERO_HASH && r.hashOk) {
        position = {
          code: 'audit.chain_break',
          message: `Entry seq 1 (the genesis entry) must have a prev_hash of 64 zeros; it has ${JSON.stringify(e.prev_hash.slice(0, 80))}.`,
        };
      }
    } else if (this.holeBefore) {
      // The record before could not be read: whatever does not follow is explained by it.
    } else if (e.seq === a.seq + 1 || (a.altSeq !== undefined && e.seq === a.altSeq + 1)) {
      consecutive = true;
      if (e.prev_hash !== a.hash && r.hashOk && a.authentic) {
        position = {
          code: 'audit.chain_break',
          message: `Entry seq ${e.seq} does not link to the entry before it: its prev_hash is not the hash of seq ${a.seq}.`,
          details: { prev_hash: e.prev_hash.slice(0, 100), expected: a.hash },
        };
      }
    } else if (!r.hashOk && nx && nx.entry.seq === a.seq + 2) {
      // The seq cell itself was edited: the next entry continues where this one should have been.
      anchorSeq = a.seq + 1;
      altSeq = e.seq;
    } else {
      c.disorders++;
      const before = this.recall(e.seq - 1);
      const links = before !== undefined && before.hash === e.prev_hash;
      const reappears = links && !seen && r.ordinal - this.lastDisorder <= DISORDER_WINDOW;
      const replacesForgery = links && seen !== undefined && !seen.authentic;
      if (reappears || replacesForgery) {
        const g = this.lastGap;
        if (reappears && g && e.seq >= g.from && e.seq <= g.to) this.noteReappeared(g, e.seq, r.line);
      } else {
        position = this.gapAt(r, a);
        this.lastDisorder = r.ordinal;
      }
    }

    if (position) {
      if (position.code === 'audit.seq_gap') c.seqGaps++;
      else c.chainBreaks++;
      const f = finding({
        code: position.code,
        file: this.opts.file,
        line: r.line,
        seq: e.seq,
        message: position.message + (content ? ` It is not authentic either: ${content.message}` : ''),
        details: withAlso(position.details ?? {}, content ? [content.code] : []),
      });
      const listed = this.opts.collector.occur({
        code: position.code,
        ordinal: r.ordinal,
        cause: '',
        seq: e.seq,
        make: () => f,
      });
      this.lastGap =
        listed && position.code === 'audit.seq_gap' && a !== null && e.seq > a.seq + 1
          ? { finding: f, from: a.seq + 1, to: e.seq - 1, reappeared: [] }
          : null;
    } else if (content) {
      const broken = this.nextLinkBroken(r, nx);
      if (broken) c.chainBreaks++;
      this.emit(content.code, r, content.message + (broken?.message ?? ''), content.cause, broken ? { details: broken.details } : {});
    }

    const tsOk = isRfc3339Ms(e.ts);
    if (authentic) c.authentic++;
    if (authentic) this.authenticChecks(r, nx, tsOk, consecutive && !position && a !== null && a.authentic ? a.ts : null);

    this.holeBefore = false;
    this.anchor = { seq: anchorSeq, hash: e.hash, authentic, ts: authentic && tsOk ? e.ts : null };
    if (altSeq !== undefined) this.anchor.altSeq = altSeq;
    const slot = anchorSeq % RECENT;
    this.recentSeq[slot] = anchorSeq;
    this.recentHash[slot] = e.hash;
    this.recentAuth[slot] = authentic ? 1 : 0;
  }

  /**
   * A rewritten entry whose hash was recomputed (or that was re-signed) breaks the
   * link from the entry after it, which still commits to the original hash. That
   * is the same root cause as the content finding, so it is named there rather
   * than blamed on the next entry, which is genuine.
   */
  private nextLinkBroken(r: EntryRecord, nx: EntryRecord | null): { message: string; details: Record<string, unknown> } | null {
    const e = r.entry;
    if (!nx || nx.entry.seq !== e.seq + 1 || nx.entry.prev_hash === e.hash || !nx.hashOk) return null;
    const message = r.hashOk
      ? ` Its hash was recomputed over the changed content: the next entry (seq ${nx.entry.seq}, line ${nx.line}) still commits to the original hash, so the link to it is broken too.`
      : ` The next entry (seq ${nx.entry.seq}, line ${nx.line}) does not link to its stored hash either.`;
    return { message, details: { also: ['audit.chain_break'], next_seq: nx.entry.seq, next_prev_hash: nx.entry.prev_hash.slice(0, 100) } };
  }

  private recall(seq: number): { hash: string; authentic: boolean } | undefined {
    const slot = seq % RECENT;
    if (this.recentSeq[slot] !== seq) return undefined;
    return { hash: this.recentHash[slot]!, authentic: this.recentAuth[slot] === 1 };
  }

  private gapAt(r: EntryRecord, a: Anchor): { code: FindingCode; message: string; details: Record<string, unknown> } {
    const e = r.entry;
    const expected = a.seq + 1;
    let message: string;
    if (e.seq > expected) {
      const n = e.seq - expected;
      message = `Entry seq ${e.seq} follows seq ${a.seq}: ${n} entr${n === 1 ? 'y is' : 'ies are'} missing here (seq ${expected}${n > 1 ? ` to ${e.seq - 1}` : ''}).`;
      // Whether the link across the gap holds tells a removal (it cannot) from a numbering jump (it does).
      if (r.hashOk && a.authentic) {
        const holds = e.prev_hash === a.hash;
        message += holds
          ? ` Its prev_hash is the hash of seq ${a.seq}, so the chain links across the gap: no entry was removed from between these two, the sequence numbers skip.`
          : ` Its prev_hash is not the hash of seq ${a.seq}, so the link across the gap is broken too: the entries it committed to were removed.`;
        return { code: 'audit.seq_gap', message, details: withAlso({ expected_seq: expected, found_seq: e.seq, link_across_gap: holds ? 'holds' : 'broken' }, holds ? [] : ['audit.chain_break']) };
      }
    } else if (this.recall(e.seq)) {
      message = `Entry seq ${e.seq} follows seq ${a.seq}: seq ${e.seq} appears a second time (a duplicated or replayed entry).`;
    } else {
      message = `Entry seq ${e.seq} follows seq ${a.seq}: the sequence goes backwards (entries reordered or inserted).`;
    }
    return { code: 'audit.seq_gap', message, details: { expected_seq: expected, found_seq: e.seq } };
  }

  /** Entries reported missing turned up further on: the finding becomes a reordering. */
  private noteReappeared(g: GapNote, seq: number, line: number): void {
    g.reappeared.push({ seq, line });
    const f = g.finding;
    f.details = { ...f.details, reappeared: g.reappeared.map((x) => ({ ...x })) };
    if (g.reappeared.length === g.to - g.from + 1) {
      const where = g.reappeared.map((x) => `seq ${x.seq} at line ${x.line}`).slice(0, 5).join(', ');
      f.message = `Entry seq ${f.seq} comes before seq ${g.from}${g.to > g.from ? ` to ${g.to}` : ''}, which appear${g.to > g.from ? '' : 's'} later (${where}${g.reappeared.length > 5 ? ', ...' : ''}): the entries are out of order.`;
      this.lastGap = null;
    }
  }

  private authenticChecks(r: EntryRecord, nx: EntryRecord | null, tsOk: boolean, prevTs: string | null): void {
    const e = r.entry;
    const c = this.counters;
    // Time (spec §2.6).
    if (!tsOk) {
      // A ts that cannot be read is a malformed entry (the catalog files it under audit.chain), not a time that went wrong.
      c.unreadableTimes++;
      this.emit(
        'audit.malformed_entry',
        r,
        `Entry seq ${e.seq} has ts ${JSON.stringify(e.ts.slice(0, 60))}, which is not RFC 3339 UTC with milliseconds and Z.`,
        'ts',
      );
    } else {
      if (this.opts.exportedAt !== undefined && e.ts > this.opts.exportedAt) {
        c.timeProblems++;
        this.emit(
          'audit.future_timestamp',
          r,
          `Entry seq ${e.seq} is dated ${e.ts}, after the export (${this.opts.exportedAt}).`,
        );
      }
      if (prevTs !== null && e.ts < prevTs && nx?.entry.action !== 'clock.anomaly') {
        c.timeProblems++;
        this.emit(
          'audit.clock_rollback',
          r,
          `Entry seq ${e.seq} is dated ${e.ts}, before the entry preceding it (${prevTs}), and no clock.anomaly entry follows it.`,
        );
      }
    }
    // Policy (spec §2.6, clarified 2026-12-07): the rules are about successful reveals and erasures.
    // A refused reveal (denied, failure) revealed nothing and breaks no rule; it is context for a reviewer.
    const succeeded = e.outcome === 'success';
    if (e.action === 'phone.reveal' && !succeeded) {
      this.emit(
        'audit.refused_reveal',
        r,
        `Entry seq ${e.seq}: ${e.actor} (role ${JSON.stringify(e.role)}) tried to reveal a phone number (${e.target}) and was refused (outcome ${JSON.stringify(e.outcome)}): nothing was revealed, and no register row is due.`,
        `${e.tenant}\u0000${e.actor}`, // consecutive attempts by one actor are one finding with a count
        { details: { actor: e.actor, tenant: e.tenant, role: e.role, outcome: e.outcome } },
      );
    }
    if (e.action === 'phone.reveal' && succeeded && e.role !== 'Admin') {
      c.policyProblems++;
      this.emit(
        'policy.reveal_by_non_admin',
        r,
        `Entry seq ${e.seq}: ${e.actor} revealed a phone number (${e.target}) with the role ${JSON.stringify(e.role)}; only Admins may.`,
      );
    }
    if ((e.action === 'phone.reveal' || e.action === 'erasure.execute') && succeeded && e.motive.trim() === '') {
      c.policyProblems++;
      this.emit(
        'policy.missing_motive',
        r,
        `Entry seq ${e.seq}: ${e.action} by ${e.actor} on ${e.target} has no motive.`,
      );
    }
    if (this.lockout && !(e.action.startsWith('auth.') || e.action.startsWith('license.') || e.actor === 'system')) {
      c.policyProblems++;
      this.emit(
        'policy.activity_after_lockout',
        r,
        `Entry seq ${e.seq}: ${e.action} by ${e.actor} after the license lockout at seq ${this.lockout.seq}, before any new license was installed.`,
        `lockout-${this.lockout.period}`,
        {},
        true,
      );
    }
    if (e.action === 'license.lockout') this.lockout = { seq: e.seq, period: ++this.lockoutPeriods };
    else if (e.action === 'license.install' && e.outcome === 'success' && this.lockout) {
      this.opts.collector.closeRun('policy.activity_after_lockout', `lockout-${this.lockout.period}`);
      this.lockout = null;
    }
    if (!KNOWN_ACTIONS.has(e.action)) {
      const u = this.unknownActions.get(e.action);
      if (u) u.count++;
      else this.unknownActions.set(e.action, { count: 1, seq: e.seq, line: r.line });
    }
    // Head (spec §2.4): which starts of the log this export vouches for.
    const d = e.details;
    if (
      e.action === 'retention.purge' &&
      d.kind === 'audit' &&
      typeof d.purged_through_seq === 'number' &&
      Number.isSafeInteger(d.purged_through_seq) &&
      isSha256Hex(d.purged_through_hash)
    ) {
      this.vouchers.set(`${d.purged_through_seq}:${d.purged_through_hash}`, e.seq);
    }
  }
}
