// The verdict on a bundle, derived in one place: verifyBundle's result and a
// case import that adds its own findings (case/import-bundle.ts) both call
// deriveVerdict, so the two can never judge the same findings differently.
import { isBlocking, type Finding } from '../../model/findings.js';
import type { VerdictWord } from '../../model/verification.js';

export interface VerdictInput {
  findings: readonly Finding[];
  mode: 'full' | 'fast';
  /** Nothing ties the bundle to a trusted vendor key (no roots, an unsafe archive, provisional keys). */
  unverifiable: boolean;
}

export function deriveVerdict(v: VerdictInput): VerdictWord {
  if (v.unverifiable) return 'unverifiable';
  if (v.findings.some((f) => isBlocking(f.severity))) return 'problems';
  // The fast path leaves file contents, entry hashes and signatures unchecked: what it finds can fail a bundle, never trust it.
  return v.mode === 'fast' ? 'partial' : 'trusted';
}
