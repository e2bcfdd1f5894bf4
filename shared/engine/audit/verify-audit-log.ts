// Verifies the audit log of a bag (spec §2, §7): the stream pipeline
// (audit-pipeline.ts) reads the primary export (CSV, else JSON lines),
// compares it with the other export and judges the chain; then the head, the
// seal and the unknown actions are judged here, and the checks summarised
// (audit-checks.ts). When the CSV cannot be read at all, the chain is
// verified from the JSON lines copy instead.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuditEntry, EntryLocation } from '../../model/audit-entry.js';
import { compareFindings, finding, type Finding } from '../../model/findings.js';
import type { CheckResult } from '../../model/verification.js';
import { auditCheckIds, buildChecks, noLog, type AuditStats } from './audit-checks.js';
import { runAuditPipeline } from './audit-pipeline.js';
import { abortError } from './entry-authenticator.js';
import { FindingCollector } from './finding-runs.js';
import { KeySchedule } from './key-schedule.js';
import type { LicenseKeyGrant } from './keys.js';
import { checkSeal, readSeal, type SealOutcome } from './seal.js';
import type { AlreadyVerified } from './already-verified.js';

export type { AuditStats } from './audit-checks.js';

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

export interface AuditOutcome {
  findings: Finding[];
  checks: CheckResult[];
  stats: AuditStats;
  keySchedule: KeySchedule;
  lastEntry?: { seq: number; hash: string; ts: string };
}

export async function verifyAuditLog(input: AuditInput): Promise<AuditOutcome> {
  const out = await verifyPrimary(input);
  if (!out.csvUnreadable || input.jsonl === undefined) return out.outcome;
  // The CSV cannot be read at all (no header): verify the chain from the JSON lines copy instead.
  const alt = await verifyPrimary({ ...input, csv: undefined });
  const csvFinding = out.outcome.findings.filter((f) => f.file === input.csv && f.code === 'audit.malformed_entry');
  const notCompared: CheckResult = {
    id: 'audit.csv_jsonl',
    status: 'not_provided',
    summary: 'The CSV export cannot be read, so it could not be compared; the chain was verified from the JSON lines export.',
    files: [input.csv!, input.jsonl!],
    findings: 0,
  };
  // The CSV's finding is the catalog's audit.malformed_entry, an audit.chain finding: the chain check says why it failed.
  const checks = alt.outcome.checks.map((c) =>
    c.id === 'audit.csv_jsonl'
      ? notCompared
      : c.id === 'audit.chain'
        ? {
            ...c,
            status: 'failed' as const,
            summary: `${input.csv} cannot be read: its first line is not the audit header. The chain was verified from ${input.jsonl}: ${c.summary}`,
            files: [input.csv!, ...(c.files ?? [])],
            findings: (c.findings ?? 0) + csvFinding.length,
          }
        : c,
  );
  if (!checks.some((c) => c.id === 'audit.csv_jsonl') && input.mode === 'full') {
    checks.splice(checks.findIndex((c) => c.id === 'audit.policy'), 0, notCompared);
  }
  return { ...alt.outcome, findings: [...csvFinding, ...alt.outcome.findings].sort(compareFindings), checks };
}

async function verifyPrimary(input: AuditInput): Promise<{ outcome: AuditOutcome; csvUnreadable: boolean }> {
  const signal = input.signal;
  if (signal?.aborted) throw abortError(signal);
  const schedule = new KeySchedule(input.grants);
  const full = input.mode === 'full';
  const checkIds = auditCheckIds(input.mode);
  const primaryFile = input.csv ?? input.jsonl;
  if (primaryFile === undefined) return { outcome: { ...noLog(input.seal, checkIds), keySchedule: schedule }, csvUnreadable: false };

  const primaryIsCsv = input.csv !== undefined;
  const secondaryFile = full && input.csv !== undefined && input.jsonl !== undefined ? input.jsonl : undefined;
  const abs = (p: string) => join(input.bagRoot, p);
  const bytesTotal = (await stat(abs(primaryFile))).size;

  const collector = new FindingCollector(50);
  const run = await runAuditPipeline({
    bagRoot: input.bagRoot,
    primaryFile,
    primaryIsCsv,
    ...(secondaryFile !== undefined ? { secondaryFile } : {}),
    bytesTotal,
    full,
    ...(input.exportedAt !== undefined ? { exportedAt: input.exportedAt } : {}),
    schedule,
    collector,
    ...(input.onEntry ? { onEntry: input.onEntry } : {}),
    ...(input.onProgress ? { onProgress: input.onProgress } : {}),
    ...(input.onFileSha256 ? { onFileSha256: input.onFileSha256 } : {}),
    ...(signal ? { signal } : {}),
    ...(input.signatureThreads !== undefined ? { signatureThreads: input.signatureThreads } : {}),
    ...(input.alreadyVerified ? { alreadyVerified: input.alreadyVerified } : {}),
  });
  const { judge, entries, firstEntry, lastEntry, unreadable } = run;
  input.onProgress?.({ stage: 'audit', bytesRead: bytesTotal, bytesTotal, entries });
  if (run.detailsNotJcs.first) {
    const n = run.detailsNotJcs.count;
    collector.add(
      finding({
        code: 'audit.malformed_entry',
        severity: 'low',
        file: primaryFile,
        line: run.detailsNotJcs.first.line,
        seq: run.detailsNotJcs.first.seq,
        message: `${n} entr${n === 1 ? 'y has its' : 'ies have their'} details cell not written as JCS text (spec §2), the first here; ${n === 1 ? 'its hash was' : 'their hashes were'} checked on the canonical form and hold.`,
        details: { count: n },
      }),
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
      count: run.slots,
      ...(first ? { first: { seq: first.entry.seq } } : {}),
      ...(lastRec ? { last: { seq: lastRec.entry.seq, hash: lastRec.entry.hash, line: lastRec.line } } : {}),
      headMissing,
      chainDisorder: c.seqGaps > 0 || c.holes > 0 || c.disorders > 0,
      logUnreadable: run.unreadable,
    });
    for (const f of sealOutcome.findings) collector.add(f);
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
    );
  }

  const findings = collector.finish().sort(compareFindings);
  const verifierName = run.verifier ?? 'none: fast mode checks only the signatures of key.rotate and audit purge entries';
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
    findings,
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
    compared: run.compared,
    secondUnreadable: run.secondUnreadable,
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
