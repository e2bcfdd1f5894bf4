// The questionnaire's words, shared by its table, detail pane and filters.
import type { CaiqKind } from '../../../../shared/api/contract.js';

export const KIND_WORDS: Record<CaiqKind, { short: string; long: string }> = {
  evidence: { short: 'From evidence', long: 'Answered No: a check found the control absent' },
  declared: { short: 'Declared', long: 'Declared in the case’s answer library' },
  needs_input: { short: 'Open', long: 'Still open: needs an answer' },
};

export const KIND_ORDER: readonly CaiqKind[] = ['evidence', 'declared', 'needs_input'];

export function isKind(v: string | undefined): v is CaiqKind {
  return v === 'evidence' || v === 'declared' || v === 'needs_input';
}
