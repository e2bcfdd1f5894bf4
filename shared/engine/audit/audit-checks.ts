// The audit checks' summaries, from what the pipeline counted and the
// findings it listed. Which check a finding shows under is the catalog's
// (FINDING_CATALOG[code].check) and nothing else's, so a check's count of
// findings and its status agree with what a report groups under it.
import { FINDING_CATALOG, finding, type Finding } from '../../model/findings.js';
import { CHECK_IDS, type CheckId, type CheckResult } from '../../model/verification.js';
import type { ChainJudge } from './chain-judge.js';
import type { KeySchedule } from './key-schedule.js';

/** The checks of the audit log, in the catalog's order. */
export const AUDIT_CHECK_IDS: readonly CheckId[] = CHECK_IDS.filter((id) => id.startsWith('audit.'));
/** What the fast path leaves out: it recomputes no hash, verifies no entry signature and reads one export. */
const NOT_IN_FAST = new Set<CheckId>(['audit.hashes', 'audit.signatures', 'audit.keys', 'audit.csv_jsonl']);

export function auditCheckIds(mode: 'full' | 'fast'): CheckId[] {
  return AUDIT_CHECK_IDS.filter((id) => mode === 'full' || !NOT_IN_FAST.has(id));
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

export function noLog(seal: string | undefined, ids: CheckId[]): { findings: Finding[]; checks: CheckResult[]; stats: AuditStats } {
  const findings: Finding[] = [];
  if (seal !== undefined) {
    findings.push(
      finding({
        code: 'audit.tail_mismatch',
        file: seal,
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
  };
}

export interface CheckInputs {
  ids: CheckId[];
  findings: Finding[];
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
  /** Records of the second export that cannot be read (slots that could not be compared). */
  secondUnreadable: number;
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

export function buildChecks(x: CheckInputs): CheckResult[] {
  const c = x.counters;
  const n = x.stats.entries;
  const range = n ? `seq ${x.stats.first_seq} to ${x.stats.last_seq}` : 'no entries';
  const byCheck = new Map<CheckId, Finding[]>();
  for (const f of x.findings) {
    const id = FINDING_CATALOG[f.code].check;
    if (id === null) continue;
    const list = byCheck.get(id) ?? [];
    list.push(f);
    byCheck.set(id, list);
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
            c.seqGaps + c.chainBreaks + c.holes + c.unreadableTimes + x.secondUnreadable > 0 || x.unreadable,
            `${plural(n, 'entry', 'entries')} (${range}) read; each seq follows the previous one and each prev_hash links to the hash before it.`,
            `The chain of ${plural(n, 'entry', 'entries')} (${range}) has ${plural(c.seqGaps, 'sequence gap', 'sequence gaps')}, ${plural(c.chainBreaks, 'broken link', 'broken links')} and ${plural(c.holes, 'unreadable record', 'unreadable records')}.` +
              (c.unreadableTimes ? ` ${plural(c.unreadableTimes, 'entry has a ts', 'entries have a ts')} that cannot be read (not RFC 3339 UTC with milliseconds).` : '') +
              (x.secondUnreadable ? ` ${plural(x.secondUnreadable, 'record', 'records')} of ${x.files.secondary} cannot be read.` : ''),
            [p, ...(x.secondUnreadable ? [x.files.secondary] : [])],
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
            c.unreadableTimes === 0
              ? `Every ts is RFC 3339 UTC with milliseconds, never goes back without a clock.anomaly right after${x.exportedAt ? `, and none is after the export (${x.exportedAt})` : ''}.`
              : `Every ts that can be read never goes back without a clock.anomaly right after${x.exportedAt ? `, and none is after the export (${x.exportedAt})` : ''}; ${plural(c.unreadableTimes, 'entry has a ts', 'entries have a ts')} that is not RFC 3339 UTC with milliseconds (audit.malformed_entry, under audit.chain), so no time rule was applied to ${c.unreadableTimes === 1 ? 'it' : 'them'}.`,
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
            x.secondUnreadable > 0,
            `The CSV and JSON lines exports hold the same ${plural(x.compared, 'entry', 'entries')}.`,
            csvJsonlProblem(blocking(id), x.secondUnreadable, x.compared, x.files.secondary ?? 'the second export'),
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

/**
 * Why the two exports are not known to agree. Records that cannot be read were
 * not compared, which is not the same as copies found to differ: say each for
 * what it is, and never "0 findings" as if a difference had been counted.
 */
function csvJsonlProblem(differences: number, unreadable: number, compared: number, secondary: string): string {
  const notCompared = unreadable
    ? `${plural(unreadable, 'record', 'records')} of ${secondary} cannot be read (audit.malformed_entry, under audit.chain), so ${unreadable === 1 ? 'it was' : 'they were'} not compared.`
    : '';
  if (differences === 0) {
    return `The CSV and JSON lines exports are not known to agree: ${notCompared} The ${plural(compared, 'entry', 'entries')} compared are the same.`;
  }
  return `The CSV and JSON lines exports disagree: ${plural(differences, 'finding', 'findings')}` + (notCompared ? `, and ${notCompared}` : '.');
}
