// What a history command (reveals, replay, erasures) shows rests on the
// bundles of the case. One that did not verify is named before the results,
// so a reader never takes a replay of altered or unanchored evidence at face
// value. A case whose chain of custody does not hold is named first, and the
// command exits 1. The JSON forms keep their shape (the warnings go to
// stderr); their consumers read verdicts from the case itself.
import type { CaseBundle, CaseFile } from '../engine/case/case-file.js';
import type { VerificationResult } from '../model/verification.js';
import { terminalSafe } from './terminal-text.js';

type Doubtful = Exclude<VerificationResult['verdict'], 'trusted'>;

const WHY: Record<Doubtful, string> = {
  problems: 'its verification found problems (altered, missing or inconsistent evidence)',
  unverifiable: 'nothing in it could be tied to a trusted vendor key',
  partial: 'it was only partly checked',
};

export interface CaseCaveat {
  /** Warning lines to print before the results (none when everything holds). */
  lines: string[];
  /** The chain of custody (or a verification it vouches for) does not hold: the command exits 1. */
  custodyBroken: boolean;
}

/**
 * The case's own standing first: when its chain of custody does not hold,
 * nothing in it is known to be what was imported, so the warning names that
 * before any bundle; then one line per bundle whose latest verdict is not "trusted".
 */
export function caseCaveat(c: CaseFile): CaseCaveat {
  const custody = c.checkCustody();
  const lines: string[] = [];
  if (!custody.ok) {
    const first = custody.problems[0]!;
    const more = custody.problems.length > 1 ? ` (and ${custody.problems.length - 1} more)` : '';
    lines.push(
      `WARNING: the case's chain of custody does not hold: ${terminalSafe(first.message)}${more}. ` +
        'What follows is not proven to be the evidence that was imported; see natalia-audit custody, or the Custody screen of the app.',
    );
  }
  return { lines: [...lines, ...bundleCaveats(c)], custodyBroken: !custody.ok };
}

/** One warning line per bundle of the case whose latest verdict is not "trusted". */
function bundleCaveats(c: CaseFile): string[] {
  return c
    .bundles()
    .filter((b): b is CaseBundle & { verdict: Doubtful | null } => b.verdict !== 'trusted')
    .map(
      (b) =>
        `WARNING: bundle #${b.id} ${terminalSafe(b.name)}: ${b.verdict === null ? 'it has no verification' : WHY[b.verdict]}. ` +
        'What follows from it is not proven; see its findings (natalia-audit verify, or the Verdict screen of the app).',
    );
}

/** The JSON forms keep stdout to the JSON: their warnings go to stderr. */
export function warnOnStderr(caveat: CaseCaveat): void {
  for (const l of caveat.lines) process.stderr.write(l + '\n');
}
