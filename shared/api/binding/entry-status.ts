// What the engine's stored verdict says about one audit entry. Nothing is
// recomputed: the findings the verifier raised (one per run of entries with
// the same cause, located at the run's first seq, with details.last_seq for
// its end) are matched to the entry, and the check results tell "passed"
// from "not checked".
import { severityRank, type Finding, type FindingCode, type Severity } from '../../model/findings.js';
import type { CheckId, VerificationResult } from '../../model/verification.js';
import type { AuditEntryDetail, Mark } from '../contract.js';

/** Does this finding stand for this entry (itself, or a run of entries it heads)? */
export function coversSeq(f: Finding, seq: number): boolean {
  if (f.seq === undefined) return false;
  if (f.seq === seq) return true;
  const last = f.details?.last_seq;
  return typeof last === 'number' && f.seq < seq && seq <= last;
}

export function findingsOnEntry(findings: readonly Finding[], seq: number): Finding[] {
  return findings.filter((f) => coversSeq(f, seq));
}

export function worstSeverity(findings: readonly Finding[]): Severity | undefined {
  let worst: Severity | undefined;
  for (const f of findings) if (!worst || severityRank(f.severity) < severityRank(worst)) worst = f.severity;
  return worst;
}

const MARKS: Record<keyof AuditEntryDetail['status'], { check: CheckId; codes: FindingCode[] }> = {
  hash: { check: 'audit.hashes', codes: ['audit.hash_mismatch'] },
  link: { check: 'audit.chain', codes: ['audit.chain_break', 'audit.seq_gap'] },
  signature: { check: 'audit.signatures', codes: ['audit.signature_invalid'] },
  key: { check: 'audit.keys', codes: ['audit.unknown_key'] },
};

export function entryStatus(result: VerificationResult, onEntry: readonly Finding[]): AuditEntryDetail['status'] {
  const mark = (k: keyof typeof MARKS): Mark => {
    const { check, codes } = MARKS[k];
    if (onEntry.some((f) => (codes as string[]).includes(f.code))) return 'failed';
    const c = result.checks.find((x) => x.id === check);
    if (!c || c.status === 'not_provided') return 'not_checked';
    if (c.status === 'passed') return 'ok';
    // The check failed elsewhere. If occurrences went uncounted one by one, this entry may be among them.
    const summarised = result.findings.some((f) => f.code === 'audit.not_covered' && codes.includes(f.details?.code as FindingCode));
    return summarised ? 'not_checked' : 'ok';
  };
  return { hash: mark('hash'), link: mark('link'), signature: mark('signature'), key: mark('key') };
}
