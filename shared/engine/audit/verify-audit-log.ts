// Verifies the audit log of a bag (spec §2, §7): reads the primary export
// (CSV, else JSON lines) as a stream, compares it entry by entry with the
// other export when both are present, checks hashes on the main thread while
// signatures are verified in batches on worker threads, judges the chain in
// order once results are back, then checks the head, the seal and the
// summaries. Memory stays flat: only the batches in flight are held.
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { AuditEntry, EntryLocation } from '../../model/audit-entry.js';
import { compareFindings, finding, type Finding } from '../../model/findings.js';
import type { CheckId, CheckResult } from '../../model/verification.js';
import { signedMessage, verifySignature } from '../crypto/ed25519.js';
import { ChainJudge, SIG_SKIPPED, SIG_UNCHECKED, type ChainRecord, type EntryRecord } from './chain-judge.js';
import { readAuditCsvBatches } from './csv-reader.js';
import { entryHashCheck } from './entry-hash.js';
import { ExportComparer } from './export-compare.js';
import { FindingCollector } from './finding-runs.js';
import { readAuditJsonlBatches } from './jsonl-reader.js';
import { KeySchedule } from './key-schedule.js';
import type { LicenseKeyGrant } from './keys.js';
import type { ReadItem } from './read-item.js';
import { checkSeal, readSeal, type SealOutcome } from './seal.js';
import { SIG_INVALID, SIG_MALFORMED, SIG_VALID, isSignatureText, SignatureBatch } from './signature-batch.js';
import { createInlineVerifier, createSignaturePool, type SignatureVerifier } from './signature-pool.js';
import { SIG_MATCHED, type AlreadyVerified } from './already-verified.js';

export interface AuditInput {
  /** Absolute path of the bag folder. */
  bagRoot: string;
  /** Bag-relative paths of the files to read; undefined = not provided. */
  csv?: string;
  jsonl?: string;
  seal?: string;
  grants: LicenseKeyGrant[];
  installationId?: string;
  /** RFC 3339, from bag-info Natalia-Exported-At. */
  exportedAt?: string;
  mode: 'full' | 'fast';
  /** Called once per entry of the primary export, in chain order. */
  onEntry?: (entry: AuditEntry, loc: EntryLocation) => void;
  onProgress?: (p: { stage: 'audit'; bytesRead: number; bytesTotal: number; entries: number }) => void;
  /** The SHA-256 of each export read to its end, as read (for the manifest check, without another reading). */
  onFileSha256?: (file: string, sha256: string) => void;
  signal?: AbortSignal;
  /** Signature threads: 0 verifies on the main thread; default: one per core, or 0 for small logs. */
  signatureThreads?: number;
  /** Entries already verified in this case (a re-audit): matched, not verified again (already-verified.ts). */
  alreadyVerified?: AlreadyVerified;
}

export interface AuditStats {
  entries: number;
  first_seq?: number;
  last_seq?: number;
  first_ts?: string;
  last_ts?: string;
  signatures_verified: number;
  /** Entries whose signature was matched to an earlier verification in the case instead (already-verified.ts). */
  signatures_matched: number;
  verifier: string;
}

export interface AuditOutcome {
  findings: Finding[];
  checks: CheckResult[];
  stats: AuditStats;
  keySchedule: KeySchedule;
  lastEntry?: { seq: number; hash: string; ts: string };
}

/** Below this primary file size, starting workers costs more than it saves. */
const INLINE_BELOW_BYTES = 2 << 20;
const BATCH_ITEMS = 512;
const FULL_CHECKS: CheckId[] = [
  'audit.chain',
  'audit.hashes',
  'audit.signatures',
  'audit.keys',
  'audit.head',
  'audit.seal',
  'audit.timestamps',
  'audit.csv_jsonl',
  'audit.policy',
];
const FAST_CHECKS: CheckId[] = ['audit.chain', 'audit.head', 'audit.seal', 'audit.timestamps', 'audit.policy'];

function abortError(signal: AbortSignal): unknown {
  const r: unknown = signal.reason;
  return r instanceof Error && r.name === 'AbortError' ? r : new DOMException('The audit log verification was aborted.', 'AbortError');
}

function isAuditPurge(e: AuditEntry): boolean {
  return e.action === 'retention.purge' && e.details.kind === 'audit';
}

async function startVerifier(input: AuditInput, bytes: number): Promise<SignatureVerifier> {
  const threads = input.signatureThreads ?? (bytes < INLINE_BELOW_BYTES ? 0 : availableParallelism());
  if (threads <= 0) return createInlineVerifier();
  try {
    return await createSignaturePool({ threads });
  } catch (e) {
    const inline = createInlineVerifier();
    return { ...inline, description: `${inline.description}; worker threads failed to start (${(e as Error).message})` };
  }
}

export async function verifyAuditLog(input: AuditInput): Promise<AuditOutcome> {
  const out = await verifyPrimary(input);
  if (!out.csvUnreadable || input.jsonl === undefined) return out.outcome;
  // The CSV cannot be read at all (no header): verify the chain from the JSON lines copy instead.
  const alt = await verifyPrimary({ ...input, csv: undefined });
  const csvFinding = out.outcome.findings.filter((f) => f.file === input.csv && f.code === 'audit.malformed_entry');
  const checks = alt.outcome.checks.map((c) =>
    c.id === 'audit.csv_jsonl'
      ? {
          id: c.id,
          status: 'failed' as const,
          summary: 'The CSV export cannot be read, so it could not be compared; the chain was verified from the JSON lines export.',
          files: [input.csv!, input.jsonl!],
          findings: csvFinding.length,
        }
      : c,
  );
  if (!checks.some((c) => c.id === 'audit.csv_jsonl') && input.mode === 'full') {
    checks.splice(checks.findIndex((c) => c.id === 'audit.policy'), 0, {
      id: 'audit.csv_jsonl',
      status: 'failed',
      summary: 'The CSV export cannot be read, so it could not be compared; the chain was verified from the JSON lines export.',
      files: [input.csv!, input.jsonl!],
      findings: csvFinding.length,
    });
  }
  return { ...alt.outcome, findings: [...csvFinding, ...alt.outcome.findings].sort(compareFindings), checks };
}

async function verifyPrimary(input: AuditInput): Promise<{ outcome: AuditOutcome; csvUnreadable: boolean }> {
  const signal = input.signal;
  if (signal?.aborted) throw abortError(signal);
  const schedule = new KeySchedule(input.grants);
  const full = input.mode === 'full';
  const checkIds = full ? FULL_CHECKS : FAST_CHECKS;
  const primaryFile = input.csv ?? input.jsonl;
  if (primaryFile === undefined) return { outcome: noLog(input, schedule, checkIds), csvUnreadable: false };

  const primaryIsCsv = input.csv !== undefined;
  const secondaryFile = full && input.csv !== undefined && input.jsonl !== undefined ? input.jsonl : undefined;
  const abs = (p: string) => join(input.bagRoot, p);
  const bytesTotal = (await stat(abs(primaryFile))).size;

  const collector = new FindingCollector(50);
  const judge = new ChainJudge({ file: primaryFile, exportedAt: input.exportedAt, collector });
  const comparer = secondaryFile !== undefined ? new ExportComparer(primaryFile, secondaryFile, collector) : null;
  let bytesRead = 0;
  const sha256Of = (file: string) => (input.onFileSha256 ? { onSha256: (h: string) => input.onFileSha256!(file, h) } : {});
  const primaryOpts = { ...(signal ? { signal } : {}), onBytes: (b: number) => void (bytesRead = b), ...sha256Of(primaryFile) };
  const primary = primaryIsCsv
    ? readAuditCsvBatches(abs(primaryFile), primaryFile, primaryOpts)
    : readAuditJsonlBatches(abs(primaryFile), primaryFile, primaryOpts);
  const secondary =
    secondaryFile !== undefined
      ? readAuditJsonlBatches(abs(secondaryFile), secondaryFile, { ...(signal ? { signal } : {}), ...sha256Of(secondaryFile) })
      : null;

  const verifier = full ? await startVerifier(input, bytesTotal) : null;
  const inflight: { records: ChainRecord[]; result: Promise<Uint8Array> }[] = [];
  // Enough batches queued to keep every worker busy, few enough that entries waiting for their
  // results stay few: entries that outlive a young-generation GC are what makes the heap grow.
  // Without worker threads results are immediate, so nothing needs to wait at all.
  const maxInflight = verifier?.threaded ? 2 * verifier.threads : 0;
  let records: ChainRecord[] = [];
  let batch = new SignatureBatch(BATCH_ITEMS);
  let ordinal = 0;
  let entries = 0;
  let firstEntry: AuditEntry | undefined;
  let lastEntry: AuditEntry | undefined;
  let unreadable = false;
  // CSV details cells that are not the JCS text spec §2 asks for (their hash held on the canonical form): one notice.
  const detailsNotJcs: { count: number; first?: { line: number; seq: number } } = { count: 0 };

  const dispatch = () => {
    if (records.length === 0) return;
    const result = verifier ? verifier.verify(batch) : Promise.resolve(new Uint8Array(0));
    result.catch(() => {}); // observed when drained; this only silences an abandoned batch on abort
    inflight.push({ records, result });
    records = [];
    batch = new SignatureBatch(BATCH_ITEMS);
  };
  const drainOne = async () => {
    const seg = inflight.shift()!;
    const res = await seg.result;
    if (signal?.aborted) throw abortError(signal);
    for (const r of seg.records) {
      if (r.kind === 'entry' && r.slot >= 0) r.sig = res[r.slot]!;
      judge.push(r);
    }
  };

  // The other export, consumed one slot per primary slot.
  let secBuf: ReadItem[] = [];
  let secPos = 0;
  let secDone = secondary === null;
  let secOrdinal = 0;
  const fillSecondary = async (n: number) => {
    while (!secDone && secBuf.length - secPos < n) {
      const r = await secondary!.next();
      if (r.done) {
        secDone = true;
        break;
      }
      secBuf = secPos < secBuf.length ? secBuf.slice(secPos).concat(r.value) : r.value;
      secPos = 0;
    }
  };
  const nextSecondarySlot = (): ReadItem | undefined => {
    while (secPos < secBuf.length) {
      const it = secBuf[secPos++]!;
      if ('error' in it) {
        collector.occur({
          code: it.error.code,
          check: 'audit.csv_jsonl',
          ordinal: it.notice ? -1 : secOrdinal,
          cause: it.notice ? `notice:${it.line}` : `file:${secondaryFile}`,
          make: () => it.error,
        });
        if (it.notice) continue;
      }
      secOrdinal++;
      return it;
    }
    return undefined;
  };

  const makeRecord = (it: { entry: AuditEntry; line: number; detailsText?: string }): EntryRecord => {
    const e = it.entry;
    const rec: EntryRecord = { kind: 'entry', entry: e, line: it.line, ordinal, hashOk: true, keyReason: null, sig: SIG_UNCHECKED, slot: -1 };
    const special = e.action === 'key.rotate' || isAuditPurge(e);
    if (!full && !special) return rec;
    // Fast mode still authenticates the few entries the chain's meaning depends on: key rotations and audit purges.
    const hashed = entryHashCheck(e, it.detailsText);
    rec.hashOk = hashed !== 'mismatch';
    if (hashed === 'canonical') {
      detailsNotJcs.first ??= { line: it.line, seq: e.seq };
      detailsNotJcs.count++;
    }
    const kc = schedule.check(e.kid, e.ts);
    if ('reason' in kc) {
      rec.keyReason = kc.reason;
      rec.sig = SIG_SKIPPED;
    } else if (!rec.hashOk) {
      rec.sig = SIG_SKIPPED;
    } else if (!special && input.alreadyVerified?.matches(e, kc.key)) {
      rec.sig = SIG_MATCHED;
    } else if (special || !verifier) {
      // Needed now (a rotate changes which keys may sign the next entry) or small: verify here.
      rec.sig = !isSignatureText(e.sig)
        ? SIG_MALFORMED
        : verifySignature(kc.key, signedMessage('natalia.audit.v1', e.hash), e.sig)
          ? SIG_VALID
          : SIG_INVALID;
    } else {
      rec.slot = batch.add(verifier.keyIndex(kc.key), e.hash, e.sig);
      if (rec.slot < 0) rec.sig = SIG_MALFORMED;
    }
    if (e.action === 'key.rotate') {
      if (rec.hashOk && rec.keyReason === null && rec.sig === SIG_VALID) schedule.applyRotate(e, e.kid);
      else {
        const why = !rec.hashOk ? 'it does not match its hash' : rec.keyReason !== null ? 'its signing key is not allowed' : 'its signature does not verify';
        schedule.refuseRotate(e, why);
      }
    }
    return rec;
  };

  try {
    for await (const items of primary) {
      if (signal?.aborted) throw abortError(signal);
      if (comparer) await fillSecondary(items.length);
      for (const it of items) {
        if ('error' in it) {
          collector.occur({
            code: it.error.code,
            check: 'audit.chain',
            ordinal: it.notice ? -1 : ordinal,
            cause: it.notice ? `notice:${it.line}` : 'record',
            make: () => it.error,
          });
          if (it.notice) continue;
          if (it.fatal) {
            unreadable = true;
            continue;
          }
          records.push({ kind: 'hole', ordinal, line: it.line, ...(it.error.seq !== undefined ? { seq: it.error.seq } : {}) });
        } else {
          const e = it.entry;
          entries++;
          firstEntry ??= e;
          lastEntry = e;
          input.onEntry?.(e, { file: primaryFile, line: it.line });
          records.push(makeRecord(it));
        }
        comparer?.pair(it, nextSecondarySlot());
        ordinal++;
        // Unreadable records count too: a log of millions of them must not pile up until its end.
        if (batch.full || records.length >= BATCH_ITEMS) {
          dispatch();
          while (inflight.length > maxInflight) await drainOne();
        }
      }
      input.onProgress?.({ stage: 'audit', bytesRead, bytesTotal, entries });
    }
    dispatch();
    while (inflight.length) await drainOne();
    judge.end();
    if (comparer) {
      for (;;) {
        await fillSecondary(1);
        const j = nextSecondarySlot();
        if (j === undefined) break;
        comparer.pair(undefined, j);
      }
      comparer.end();
    }
  } catch (e) {
    if (signal?.aborted) throw abortError(signal);
    throw e;
  } finally {
    await primary.return(undefined);
    await secondary?.return(undefined);
    await verifier?.close();
  }
  input.onProgress?.({ stage: 'audit', bytesRead: bytesTotal, bytesTotal, entries });
  if (detailsNotJcs.first) {
    const n = detailsNotJcs.count;
    collector.add(
      finding({
        code: 'audit.malformed_entry',
        severity: 'low',
        file: primaryFile,
        line: detailsNotJcs.first.line,
        seq: detailsNotJcs.first.seq,
        message: `${n} entr${n === 1 ? 'y has its' : 'ies have their'} details cell not written as JCS text (spec §2), the first here; ${n === 1 ? 'its hash was' : 'their hashes were'} checked on the canonical form and hold.`,
        details: { count: n },
      }),
      'audit.chain',
    );
  }

  // Head (spec §2.4).
  const first = judge.first;
  let headMissing = false;
  let headVoucher: number | undefined;
  if (first && first.entry.seq > 1 && !judge.holeAtHead) {
    headVoucher = judge.vouchers.get(`${first.entry.seq - 1}:${first.entry.prev_hash}`);
    headMissing = headVoucher === undefined;
  }

  // Seal (spec §2.5).
  const c = judge.counters;
  let sealOutcome: SealOutcome | null = null;
  const lastRec = judge.last;
  if (input.seal !== undefined) {
    sealOutcome = checkSeal(await readSeal(abs(input.seal)), {
      sealFile: input.seal,
      logFile: primaryFile,
      schedule,
      ...(input.installationId !== undefined ? { installationId: input.installationId } : {}),
      ...(input.exportedAt !== undefined ? { exportedAt: input.exportedAt } : {}),
      count: ordinal,
      ...(first ? { first: { seq: first.entry.seq } } : {}),
      ...(lastRec ? { last: { seq: lastRec.entry.seq, hash: lastRec.entry.hash, line: lastRec.line } } : {}),
      headMissing,
      chainDisorder: c.seqGaps > 0 || c.holes > 0 || c.disorders > 0,
      logUnreadable: unreadable,
    });
    for (const f of sealOutcome.findings) collector.add(f, 'audit.seal');
  }
  // Without seal.json the seal check is "not provided" (spec §1: every payload file is optional).
  // A seal the manifest lists but the bag lacks is the bag check's finding, not this one's.
  if (headMissing && first) {
    const shortfall = sealOutcome?.headShortfall;
    collector.add(
      finding({
        code: 'audit.head_missing',
        file: primaryFile,
        line: first.line,
        seq: first.entry.seq,
        message:
          `The log starts at seq ${first.entry.seq} and no retention.purge entry of kind audit in the export vouches for that start (purged_through_seq ${first.entry.seq - 1} with purged_through_hash equal to its prev_hash).` +
          (shortfall ? ` The seal says the export started at seq ${first.entry.seq - shortfall}: ${shortfall} entr${shortfall === 1 ? 'y was' : 'ies were'} removed from the head.` : ''),
        ...(shortfall ? { details: { removed_from_head: shortfall } } : {}),
      }),
      'audit.head',
    );
  }
  for (const [action, u] of judge.unknownActions) {
    collector.add(
      finding({
        code: 'audit.unknown_action',
        file: primaryFile,
        line: u.line,
        seq: u.seq,
        count: u.count,
        message: `Action ${JSON.stringify(action)} is not known to this workstation (${u.count} entr${u.count === 1 ? 'y' : 'ies'}, the first at seq ${u.seq}); a newer appliance may write it.`,
      }),
      'audit.policy',
    );
  }

  const listed = collector.finish();
  const findings = listed.map((l) => l.finding).sort(compareFindings);
  const verifierName = verifier?.description ?? 'none: fast mode checks only the signatures of key.rotate and audit purge entries';
  const stats: AuditStats = {
    entries,
    signatures_verified: c.signaturesVerified,
    signatures_matched: c.signaturesMatched,
    verifier: verifierName,
    ...(firstEntry ? { first_seq: firstEntry.seq, first_ts: firstEntry.ts } : {}),
    ...(lastEntry ? { last_seq: lastEntry.seq, last_ts: lastEntry.ts } : {}),
  };
  const checks = buildChecks({
    ids: checkIds,
    listed,
    counters: c,
    files: { primary: primaryFile, secondary: secondaryFile, seal: input.seal },
    bothExports: input.csv !== undefined && input.jsonl !== undefined,
    stats,
    headVoucher,
    headMissing,
    holeAtHead: judge.holeAtHead,
    unreadable,
    sealKid: sealOutcome?.kid,
    exportedAt: input.exportedAt,
    compared: comparer?.compared ?? 0,
    schedule,
    ...(input.alreadyVerified ? { matchedTo: input.alreadyVerified.label } : {}),
  });
  return {
    outcome: {
      findings,
      checks,
      stats,
      keySchedule: schedule,
      ...(lastEntry ? { lastEntry: { seq: lastEntry.seq, hash: lastEntry.hash, ts: lastEntry.ts } } : {}),
    },
    csvUnreadable: unreadable && primaryIsCsv,
  };
}

function noLog(input: AuditInput, schedule: KeySchedule, ids: CheckId[]): AuditOutcome {
  const findings: Finding[] = [];
  if (input.seal !== undefined) {
    findings.push(
      finding({
        code: 'audit.tail_mismatch',
        file: input.seal,
        message: 'seal.json is present but the bundle holds no audit log (neither CSV nor JSON lines): the sealed entries are missing.',
      }),
    );
  }
  return {
    findings,
    checks: ids.map((id) => ({
      id,
      status: 'not_provided' as const,
      summary: 'The bundle holds no audit log (neither audit-log.csv nor audit-log.jsonl).',
    })),
    stats: { entries: 0, signatures_verified: 0, signatures_matched: 0, verifier: 'none' },
    keySchedule: schedule,
  };
}

interface CheckInputs {
  ids: CheckId[];
  listed: { finding: Finding; check: CheckId }[];
  counters: ChainJudge['counters'];
  files: { primary: string; secondary?: string; seal?: string };
  bothExports: boolean;
  stats: AuditStats;
  headVoucher?: number;
  headMissing: boolean;
  holeAtHead: boolean;
  unreadable: boolean;
  sealKid?: string;
  exportedAt?: string;
  compared: number;
  schedule: KeySchedule;
  /** What matched entries rest on (AlreadyVerified.label). */
  matchedTo?: string;
}

/** The sentence a passed check's summary ends with when it has low notices. */
export function noticeNote(n: number): string {
  return `With ${n} notice${n === 1 ? '' : 's'} (low: a deviation from the format that loses nothing; see the findings).`;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function buildChecks(x: CheckInputs): CheckResult[] {
  const c = x.counters;
  const n = x.stats.entries;
  const range = n ? `seq ${x.stats.first_seq} to ${x.stats.last_seq}` : 'no entries';
  const byCheck = new Map<CheckId, Finding[]>();
  for (const l of x.listed) {
    const list = byCheck.get(l.check) ?? [];
    list.push(l.finding);
    byCheck.set(l.check, list);
  }
  const result = (id: CheckId, failedByCount: boolean, passed: string, failed: string, files: (string | undefined)[]): CheckResult => {
    const fs = byCheck.get(id) ?? [];
    // Low findings are notices (nothing lost): the check still passed, with notices.
    const failedNow = failedByCount || fs.some((f) => f.severity !== 'info' && f.severity !== 'low');
    const notices = failedNow ? 0 : fs.filter((f) => f.severity === 'low').length;
    return {
      id,
      status: failedNow ? 'failed' : 'passed',
      summary: failedNow ? failed : notices ? `${passed} ${noticeNote(notices)}` : passed,
      files: files.filter((f): f is string => f !== undefined),
      findings: fs.length,
      ...(notices ? { notices } : {}),
    };
  };
  const blocking = (id: CheckId) => (byCheck.get(id) ?? []).filter((f) => f.severity !== 'info').length;
  const p = x.files.primary;
  const out: CheckResult[] = [];
  if (x.unreadable) {
    // Nothing was read: only the chain check (which carries the finding) and the seal's own signature say anything.
    for (const id of x.ids) {
      if (id === 'audit.chain') {
        out.push({ id, status: 'failed', summary: `${p} cannot be read: its first line is not the audit header.`, files: [p], findings: byCheck.get(id)?.length ?? 0 });
      } else if (id === 'audit.seal' && (byCheck.get(id) ?? []).length > 0) {
        out.push(result(id, false, '', 'seal.json itself does not verify.', [x.files.seal]));
      } else {
        out.push({ id, status: 'not_provided', summary: `Not checked: ${p} cannot be read.` });
      }
    }
    return out;
  }
  // A check that compared nothing is not provided, never passed: no entry read, no signature
  // verified, no authentic entry to apply the time and policy rules to.
  const nothing = (id: CheckId, summary: string): CheckResult => ({ id, status: 'not_provided', summary, files: [p], findings: 0 });
  const noEntry = `${p} holds no audit entry: there is nothing to check.`;
  for (const id of x.ids) {
    if (n === 0 && id !== 'audit.seal' && id !== 'audit.csv_jsonl' && (byCheck.get(id) ?? []).length === 0 && !(id === 'audit.chain' && c.holes > 0)) {
      out.push(nothing(id, noEntry));
      continue;
    }
    if (id === 'audit.signatures' && c.signaturesVerified + c.signaturesMatched + c.badSignatures === 0 && blocking(id) === 0) {
      out.push(nothing(id, `No entry signature was verified: every entry's hash or signing key already failed (see audit.hashes, audit.keys).`));
      continue;
    }
    if ((id === 'audit.timestamps' || id === 'audit.policy') && c.authentic === 0 && blocking(id) === 0) {
      out.push(nothing(id, 'No entry is authentic (see the hash, key and signature checks), so the time and policy rules had nothing to apply to.'));
      continue;
    }
    if (id === 'audit.csv_jsonl' && x.bothExports && x.compared === 0 && blocking(id) === 0) {
      out.push(nothing(id, 'Both exports are present but no entry of one could be compared with the other.'));
      continue;
    }
    switch (id) {
      case 'audit.chain':
        out.push(
          result(
            id,
            c.seqGaps + c.chainBreaks + c.holes > 0 || x.unreadable,
            `${plural(n, 'entry', 'entries')} (${range}) read; each seq follows the previous one and each prev_hash links to the hash before it.`,
            `The chain of ${plural(n, 'entry', 'entries')} (${range}) has ${plural(c.seqGaps, 'sequence gap', 'sequence gaps')}, ${plural(c.chainBreaks, 'broken link', 'broken links')} and ${plural(c.holes, 'unreadable record', 'unreadable records')}.`,
            [p],
          ),
        );
        break;
      case 'audit.hashes':
        out.push(
          result(
            id,
            c.hashMismatches > 0,
            `All ${plural(n, 'entry hash', 'entry hashes')} recompute over the canonical (JCS) entry.`,
            `${c.hashMismatches} of ${n} entries do not match their hash: they were changed after the appliance wrote them.`,
            [p],
          ),
        );
        break;
      case 'audit.signatures': {
        // An entry whose hash or key already failed is not signature-checked: say how many, never let "all" hide them.
        const unchecked = n - c.signaturesVerified - c.signaturesMatched - c.badSignatures;
        const skipped = unchecked > 0 ? ` ${plural(unchecked, 'entry was', 'entries were')} not signature-checked: ${unchecked === 1 ? 'its' : 'their'} hash or signing key already failed (see audit.hashes, audit.keys).` : '';
        // A re-audit: say what the matched entries rest on, and that they were not verified now.
        const matched =
          c.signaturesMatched > 0
            ? ` ${plural(c.signaturesMatched, 'entry was', 'entries were')} matched to ${x.matchedTo ?? 'an earlier verification'} (the same hash, signature and key) and not verified again.`
            : '';
        out.push(
          result(
            id,
            c.badSignatures > 0,
            c.signaturesVerified === 0 && c.signaturesMatched > 0
              ? `No entry signature needed verifying now:${matched}${skipped}`
              : unchecked > 0
                ? `The ${plural(c.signaturesVerified, 'entry signature', 'entry signatures')} checked verify (${x.stats.verifier}).${matched}${skipped}`
                : `All ${plural(c.signaturesVerified, 'entry signature', 'entry signatures')} verify (${x.stats.verifier}).${matched}`,
            `${c.badSignatures} entry signature${c.badSignatures === 1 ? '' : 's'} do${c.badSignatures === 1 ? 'es' : ''} not verify; ${c.signaturesVerified} do (${x.stats.verifier}).${matched}${skipped}`,
            [p],
          ),
        );
        break;
      }
      case 'audit.keys': {
        const kids = [...new Set(x.schedule.summary().map((k) => k.kid))].join(', ') || 'none';
        out.push(
          result(
            id,
            c.unknownKeys > 0,
            `Every entry is signed by a key allowed at its point of the chain (keys: ${kids}).`,
            `${plural(c.unknownKeys, 'entry is', 'entries are')} signed by a key not allowed at that point of the chain.`,
            [p],
          ),
        );
        break;
      }
      case 'audit.head': {
        const firstSeq = x.stats.first_seq;
        const passed =
          firstSeq === undefined
            ? 'The log holds no entry.'
            : firstSeq === 1
              ? 'The log starts at seq 1, the genesis entry.'
              : `The log starts at seq ${firstSeq}, vouched for by the retention.purge entry at seq ${x.headVoucher}.`;
        out.push(
          result(
            id,
            x.headMissing || x.holeAtHead,
            passed,
            x.holeAtHead
              ? 'The first record of the log cannot be read, so its start cannot be checked.'
              : `The log starts at seq ${firstSeq} and nothing in the export vouches for the missing start.`,
            [p],
          ),
        );
        break;
      }
      case 'audit.seal':
        if (x.files.seal === undefined) {
          out.push({
            id,
            status: 'not_provided',
            summary: 'The bundle holds no seal.json, so the end of the log is not bound: entries removed or added at its end would not show.',
          });
          break;
        }
        out.push(
          result(
            id,
            false,
            `seal.json verifies with the audit key in force at export (${x.sealKid}) and matches the log's first and last entries and its entry count.`,
            `The seal does not bind this log: ${blocking(id)} problem${blocking(id) === 1 ? '' : 's'} with seal.json or the end of the log.`,
            [x.files.seal, p],
          ),
        );
        break;
      case 'audit.timestamps':
        out.push(
          result(
            id,
            c.timeProblems > 0,
            `Every ts is RFC 3339 UTC with milliseconds, never goes back without a clock.anomaly right after${x.exportedAt ? `, and none is after the export (${x.exportedAt})` : ''}.`,
            `${plural(c.timeProblems, 'timestamp problem', 'timestamp problems')} (format, time going back without a clock.anomaly, or dates after the export).`,
            [p],
          ),
        );
        break;
      case 'audit.csv_jsonl':
        if (!x.bothExports) {
          out.push({
            id,
            status: 'not_provided',
            summary: 'Only one of the two audit exports (CSV, JSON lines) is in the bundle, so they cannot be compared.',
          });
          break;
        }
        out.push(
          result(
            id,
            false,
            `The CSV and JSON lines exports hold the same ${plural(x.compared, 'entry', 'entries')}.`,
            `The CSV and JSON lines exports disagree: ${blocking(id)} finding${blocking(id) === 1 ? '' : 's'}.`,
            [p, x.files.secondary],
          ),
        );
        break;
      case 'audit.policy':
        out.push(
          result(
            id,
            c.policyProblems > 0,
            'No phone reveal by a non-Admin, no reveal or erasure without a motive, and no user activity after a license lockout.',
            `${plural(c.policyProblems, 'entry breaks', 'entries break')} the appliance's rules (reveals by non-Admins, missing motives, activity after a lockout).`,
            [p],
          ),
        );
        break;
      default:
        break;
    }
  }
  return out;
}
