// Small labels: severities, verdicts, check marks. Colour is never the only
// signal: each badge also says its word.
import type { Mark, Verdict } from '../../../shared/api/contract.js';
import type { Severity } from '../../../shared/model/findings.js';
import { SEVERITY_LABEL } from '../lib/format.js';

export function SeverityBadge({ severity }: { severity: Severity }) {
  return <span className={`badge sev-${severity}`}>{SEVERITY_LABEL[severity]}</span>;
}

export const VERDICT_WORDS: Record<Verdict, { short: string; long: string }> = {
  trusted: { short: 'Trusted', long: 'Trusted: every check passed on the evidence provided.' },
  problems: { short: 'Problems found', long: 'Problems found: part of this evidence cannot be relied on as it stands.' },
  unverifiable: { short: 'Could not verify', long: 'Could not verify: nothing here could be checked against a trusted key.' },
  partial: { short: 'Partly checked', long: 'Partly checked: the quick check found no problem, but hashes and signatures were not checked.' },
};

export function VerdictBadge({ verdict }: { verdict: Verdict }) {
  return <span className={`badge verdict-${verdict}`}>{VERDICT_WORDS[verdict].short}</span>;
}

const MARK_WORDS: Record<Mark, string> = { ok: 'OK', failed: 'Failed', not_checked: 'Not checked' };

export function MarkBadge({ mark, okWord, failedWord }: { mark: Mark; okWord?: string; failedWord?: string }) {
  const word = mark === 'ok' ? (okWord ?? MARK_WORDS.ok) : mark === 'failed' ? (failedWord ?? MARK_WORDS.failed) : MARK_WORDS.not_checked;
  return (
    <span className={`mark mark-${mark}`}>
      <span aria-hidden="true">{mark === 'ok' ? '✓' : mark === 'failed' ? '✕' : '–'}</span> {word}
    </span>
  );
}
