// A finding's title and meaning in the screens' language. English is the
// catalog's own text (shared/model/findings.ts, the authority the CLI and the
// reports use too); other languages translate it in their `findings`
// namespace, keyed by code, which test/unit/i18n-catalog.test.ts keeps
// complete. The engine's message about one occurrence stays as it wrote it.
import { FINDING_CATALOG, type FindingCode } from '../../../shared/model/findings.js';
import { currentLanguage, i18n } from './setup.js';

export function findingTitle(code: FindingCode): string {
  return currentLanguage() === 'en' ? (FINDING_CATALOG[code]?.title ?? code) : i18n.t(`findings:${code}.title`);
}

export function findingMeaning(code: FindingCode): string | undefined {
  if (!FINDING_CATALOG[code]) return undefined;
  return currentLanguage() === 'en' ? FINDING_CATALOG[code].meaning : i18n.t(`findings:${code}.meaning`);
}
