// What a CAIQ export says it did, in the user's language: the fill report
// (rows written, kept as the user answered them, missing), the summary and
// the trust lines. One wording for both faces: `natalia-audit caiq --lang`
// prints it, the questionnaire screen shows it in the screens' language.
// The rows are question ids (CSA's, never translated).
import type { ReportLang } from '../erasure/labels.js';
import type { CaiqSummary } from './build-answers.js';
import type { CaiqVersion } from './answer-types.js';
import type { FillResult } from './fill-workbook.js';
import { trustLine, type TrustBasis } from './trust-basis.js';

export const EXPORT_LANGS: readonly ReportLang[] = ['en', 'fr'];

/**
 * How the user asks to write over their own answers, said in the fill report
 * when rows were kept: the command's flag, or the screen's checkbox (whose
 * label, in the renderer's catalog `questionnaire:export.overwrite`, must read the same).
 */
export type OverwriteControl = 'flag' | 'screen';

const OVERWRITE_HINT: Record<OverwriteControl, Record<ReportLang, string>> = {
  flag: { en: '--overwrite writes over them', fr: '--overwrite les remplace' },
  screen: { en: 'tick "Write over my answers" to replace them', fr: 'cochez «\u00a0Remplacer mes réponses\u00a0» pour les remplacer' },
};

const n = (count: number, lang: ReportLang, one: string, many: string) => `${count.toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB')} ${count === 1 ? one : many}`;

export interface FillReportWords {
  /** One sentence: the sheet filled and how many rows were written, kept, missing. */
  headline: string;
  /** Each non-empty list, labelled: `written: A, B`. */
  lists: string[];
}

/** The fill report of one export; `workbook` names the user's workbook as they know it. */
export function fillReportWords(
  filled: Omit<FillResult, 'bytes'>,
  opts: { lang: ReportLang; workbook: string; overwrite: boolean; control: OverwriteControl },
): FillReportWords {
  const { lang } = opts;
  const hint = filled.kept.length > 0 && !opts.overwrite ? ` (${OVERWRITE_HINT[opts.control][lang]})` : '';
  const fr = lang === 'fr';
  const headline = fr
    ? `Feuille «\u00a0${filled.sheet}\u00a0» de ${opts.workbook} remplie (CAIQ v${filled.version})\u00a0: ${n(filled.filled.length, lang, 'ligne écrite', 'lignes écrites')}, ` +
      `${n(filled.kept.length, lang, 'conservée telle que vous l’aviez remplie', 'conservées telles que vous les aviez remplies')}${hint}, ` +
      `${n(filled.missingRows.length, lang, 'manquante', 'manquantes')}\u00a0; les questions encore ouvertes restent telles quelles.`
    : `Filled sheet "${filled.sheet}" of ${opts.workbook} (CAIQ v${filled.version}): ${n(filled.filled.length, lang, 'row written', 'rows written')}, ` +
      `${n(filled.kept.length, lang, 'kept as you answered it', 'kept as you answered them')}${hint}, ${n(filled.missingRows.length, lang, 'missing', 'missing')}; rows still open are left as they were.`;
  const label = {
    written: fr ? 'écrites' : 'written',
    kept: fr ? 'conservées' : 'kept',
    missing: fr ? 'manquantes (aucune ligne dans le classeur)' : 'missing (no row in the workbook)',
    repeated: fr ? 'lignes en double (la première a été remplie)' : 'repeated rows (the first was filled)',
  };
  const sep = fr ? '\u00a0: ' : ': ';
  const lists = (
    [
      [label.written, filled.filled],
      [label.kept, filled.kept],
      [label.missing, filled.missingRows],
      [label.repeated, filled.duplicateRows],
    ] as const
  ).flatMap(([l, ids]) => (ids.length > 0 ? [`${l}${sep}${ids.join(', ')}`] : []));
  return { headline, lists };
}

/** One sentence: the release and how many questions are declared, answered No from evidence, open. */
export function exportSummaryLine(s: CaiqSummary, version: CaiqVersion, lang: ReportLang): string {
  const c = (x: number) => x.toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB');
  const carried = s.carried
    ? lang === 'fr'
      ? `, ${c(s.carried)} avec une réponse de l’autre version à revoir`
      : `, ${c(s.carried)} with an answer of the other release to review`
    : '';
  return lang === 'fr'
    ? `CAIQ v${version}, ${c(s.total)} questions\u00a0: ${c(s.declared)} déclarées, ${c(s.evidence)} répondues Non d’après les preuves, ${c(s.needs_input)} encore ouvertes\u00a0; ${c(s.supported)} étayées par des preuves vérifiées${carried}.`
    : `CAIQ v${version}, ${c(s.total)} questions: ${c(s.declared)} declared, ${c(s.evidence)} answered No from the evidence, ${c(s.needs_input)} still open; ${c(s.supported)} supported by verified evidence${carried}.`;
}

/** `Evidence trusted on bundle X: trust S; vendor root K (fingerprint F).` */
export function trustSentence(t: TrustBasis, lang: ReportLang): string {
  if (lang === 'en') return `Evidence trusted on ${trustLine(t)}.`;
  const roots = t.roots.length
    ? t.roots.map((r) => `racine éditeur ${r.kid} (empreinte ${r.fingerprint ?? 'non enregistrée par cette vérification'})`).join(', ')
    : 'aucune racine éditeur n’ancre une licence de confiance';
  return `Preuves vérifiées sur le lot ${t.bundle}\u00a0: confiance ${t.source}\u00a0; ${roots}.`;
}
