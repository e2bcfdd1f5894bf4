// The questionnaire's words shared by its table, detail pane and filters,
// from the catalog (namespace `questionnaire`).
import type { CaiqKind } from '../../../../shared/api/contract.js';
import { i18n } from '../../i18n/setup.js';

export const KIND_ORDER: readonly CaiqKind[] = ['evidence', 'declared', 'needs_input'];

export function kindWords(kind: CaiqKind): { short: string; long: string } {
  return { short: i18n.t(`questionnaire:kind.${kind}.short`), long: i18n.t(`questionnaire:kind.${kind}.long`) };
}

/** A CAIQ domain's name in the screens' language (the catalog's), else the engine's words. */
export function domainName(id: string, fallback: string): string {
  return i18n.exists(`questionnaire:domains.${id}`) ? i18n.t(`questionnaire:domains.${id}`) : fallback;
}

export function isKind(v: string | undefined): v is CaiqKind {
  return v === 'evidence' || v === 'declared' || v === 'needs_input';
}
