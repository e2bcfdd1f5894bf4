// What a history command (reveals, replay, erasures) shows rests on the
// bundles of the case. One that did not verify is named before the results,
// so a reader never takes a replay of altered or unanchored evidence at face
// value. The JSON forms keep their shape; their consumers read verdicts from
// the case itself.
import type { CaseBundle, CaseFile } from '../engine/case/case-file.js';
import type { VerificationResult } from '../model/verification.js';
import { terminalSafe } from './terminal-text.js';

type Doubtful = Exclude<VerificationResult['verdict'], 'trusted'>;

const WHY: Record<Doubtful, string> = {
  problems: 'its verification found problems (altered, missing or inconsistent evidence)',
  unverifiable: 'nothing in it could be tied to a trusted vendor key',
  partial: 'it was only partly checked',
};

/** One warning line per bundle of the case whose latest verdict is not "trusted". */
export function caseCaveat(c: CaseFile): string[] {
  return c
    .bundles()
    .filter((b): b is CaseBundle & { verdict: Doubtful | null } => b.verdict !== 'trusted')
    .map(
      (b) =>
        `WARNING: bundle #${b.id} ${terminalSafe(b.name)}: ${b.verdict === null ? 'it has no verification' : WHY[b.verdict]}. ` +
        'What follows from it is not proven; see its findings (natalia-audit verify, or the Verdict screen of the app).',
    );
}
