// Each entry's content, key and signature, decided in chain order and handed
// to the ChainJudge: the hash is recomputed here, the key looked up in the
// schedule, and the signature either verified at once (key rotations and
// audit purges, whose meaning the next entries depend on; small logs) or
// queued in a batch for the worker threads. Batches come back in order and
// their records go to the judge then. Memory stays flat: only the batches in
// flight are held.
import type { AuditEntry } from '../../model/audit-entry.js';
import { signedMessage, verifySignature, type VerifyingKey } from '../crypto/ed25519.js';
import { SIG_SKIPPED, SIG_UNCHECKED, type ChainJudge, type ChainRecord, type EntryRecord } from './chain-judge.js';
import { entryHashCheck } from './entry-hash.js';
import type { KeySchedule } from './key-schedule.js';
import { SIG_INVALID, SIG_MALFORMED, SIG_VALID, isSignatureText, SignatureBatch } from './signature-batch.js';
import type { SignatureVerifier } from './signature-pool.js';
import { SIG_MATCHED, type AlreadyVerified } from './already-verified.js';

export const BATCH_ITEMS = 512;

export function isAuditPurge(e: AuditEntry): boolean {
  return e.action === 'retention.purge' && e.details.kind === 'audit';
}

export function abortError(signal: AbortSignal): unknown {
  const r: unknown = signal.reason;
  return r instanceof Error && r.name === 'AbortError' ? r : new DOMException('The audit log verification was aborted.', 'AbortError');
}

export interface AuthenticatorOptions {
  full: boolean;
  schedule: KeySchedule;
  /** null in fast mode (no entry signature is checked but those of rotations and audit purges). */
  verifier: SignatureVerifier | null;
  judge: ChainJudge;
  signal?: AbortSignal;
  /** Entries already verified in this case (a re-audit): matched, not verified again (already-verified.ts). */
  alreadyVerified?: AlreadyVerified;
}

export class EntryAuthenticator {
  /** CSV details cells that are not the JCS text spec §2 asks for (their hash held on the canonical form): one notice. */
  readonly detailsNotJcs: { count: number; first?: { line: number; seq: number } } = { count: 0 };
  private records: ChainRecord[] = [];
  private batch = new SignatureBatch(BATCH_ITEMS);
  private readonly inflight: { records: ChainRecord[]; result: Promise<Uint8Array> }[] = [];
  // Enough batches queued to keep every worker busy, few enough that entries waiting for their
  // results stay few: entries that outlive a young-generation GC are what makes the heap grow.
  // Without worker threads results are immediate, so nothing needs to wait at all.
  private readonly maxInflight: number;

  constructor(private readonly o: AuthenticatorOptions) {
    this.maxInflight = o.verifier?.threaded ? 2 * o.verifier.threads : 0;
  }

  /** An entry of the primary export at `ordinal` (its slot among the file's records). */
  entry(it: { entry: AuditEntry; line: number; detailsText?: string }, ordinal: number): void {
    this.records.push(this.decide(it, ordinal));
  }

  /** A record that cannot be read: a hole the judge must see in its place. */
  hole(line: number, ordinal: number, seq: number | undefined): void {
    this.records.push({ kind: 'hole', ordinal, line, ...(seq !== undefined ? { seq } : {}) });
  }

  /** A batch is ready to go (checked after each record, without a promise per entry). */
  get due(): boolean {
    // Unreadable records count too: a log of millions of them must not pile up until its end.
    return this.batch.full || this.records.length >= BATCH_ITEMS;
  }

  /** Sends the batch and waits while too many are in flight. */
  async step(): Promise<void> {
    this.dispatch();
    while (this.inflight.length > this.maxInflight) await this.drainOne();
  }

  /** Sends what is left and hands every record to the judge. */
  async finish(): Promise<void> {
    this.dispatch();
    while (this.inflight.length) await this.drainOne();
  }

  private dispatch(): void {
    if (this.records.length === 0) return;
    const v = this.o.verifier;
    const result = v ? v.verify(this.batch) : Promise.resolve(new Uint8Array(0));
    result.catch(() => {}); // observed when drained; this only silences an abandoned batch on abort
    this.inflight.push({ records: this.records, result });
    this.records = [];
    this.batch = new SignatureBatch(BATCH_ITEMS);
  }

  private async drainOne(): Promise<void> {
    const seg = this.inflight.shift()!;
    const res = await seg.result;
    if (this.o.signal?.aborted) throw abortError(this.o.signal);
    for (const r of seg.records) {
      if (r.kind === 'entry' && r.slot >= 0) r.sig = res[r.slot]!;
      this.o.judge.push(r);
    }
  }

  private decide(it: { entry: AuditEntry; line: number; detailsText?: string }, ordinal: number): EntryRecord {
    const { full, schedule } = this.o;
    const e = it.entry;
    const rec: EntryRecord = { kind: 'entry', entry: e, line: it.line, ordinal, hashOk: true, keyReason: null, sig: SIG_UNCHECKED, slot: -1 };
    const special = e.action === 'key.rotate' || isAuditPurge(e);
    if (!full && !special) return rec;
    // Fast mode still authenticates the few entries the chain's meaning depends on: key rotations and audit purges.
    const hashed = entryHashCheck(e, it.detailsText);
    rec.hashOk = hashed !== 'mismatch';
    if (hashed === 'canonical') {
      this.detailsNotJcs.first ??= { line: it.line, seq: e.seq };
      this.detailsNotJcs.count++;
    }
    const kc = schedule.check(e.kid, e.ts);
    if ('reason' in kc) {
      rec.keyReason = kc.reason;
      rec.sig = SIG_SKIPPED;
    } else if (!rec.hashOk) {
      rec.sig = SIG_SKIPPED;
    } else {
      this.signature(rec, kc.key, special);
    }
    if (e.action === 'key.rotate') {
      if (rec.hashOk && rec.keyReason === null && rec.sig === SIG_VALID) schedule.applyRotate(e, e.kid);
      else {
        const why = !rec.hashOk ? 'it does not match its hash' : rec.keyReason !== null ? 'its signing key is not allowed' : 'its signature does not verify';
        schedule.refuseRotate(e, why);
      }
    }
    return rec;
  }

  /**
   * The one place an entry whose hash holds and whose key is allowed gets its
   * signature judged: `rec.sig` set now, or a slot in the batch for the
   * workers. (A re-audit's entries matched to an earlier verification are
   * decided here too.)
   */
  private signature(rec: EntryRecord, key: VerifyingKey, special: boolean): void {
    const e = rec.entry;
    const v = this.o.verifier;
    if (!special && this.o.alreadyVerified?.matches(e, key)) {
      rec.sig = SIG_MATCHED;
      return;
    }
    if (special || !v) {
      // Needed now (a rotate changes which keys may sign the next entry) or small: verify here.
      rec.sig = !isSignatureText(e.sig) ? SIG_MALFORMED : verifySignature(key, signedMessage('natalia.audit.v1', e.hash), e.sig) ? SIG_VALID : SIG_INVALID;
      return;
    }
    rec.slot = this.batch.add(v.keyIndex(key), e.hash, e.sig);
    if (rec.slot < 0) rec.sig = SIG_MALFORMED;
  }
}
