// The message catalog: one JSON file per language and namespace
// (locales/<language>/<namespace>.json). Files are found by Vite at build
// time, so adding a namespace is adding its two files; nothing to register.
import { FINDING_CATALOG_FR } from '../../../shared/model/findings-fr.js';
import type { Language } from './languages.js';

type Messages = { [key: string]: string | Messages };

const files = import.meta.glob<Messages>('./locales/*/*.json', { eager: true, import: 'default' });

/** i18next resources: language → namespace → messages. */
export const RESOURCES: Record<string, Record<string, Messages>> = {};
for (const [path, messages] of Object.entries(files)) {
  const m = /\.\/locales\/([^/]+)\/([^/]+)\.json$/.exec(path);
  if (!m) continue;
  (RESOURCES[m[1]!] ??= {})[m[2]!] = messages;
}

// French finding words are shared with the French findings report (shared/model/findings-fr.ts).
(RESOURCES.fr ??= {}).findings = FINDING_CATALOG_FR as unknown as Messages;

/** Every namespace of any language (`findings` exists only in translations: English is the finding catalog itself). */
export const NAMESPACES: readonly string[] = [...new Set(Object.values(RESOURCES).flatMap((r) => Object.keys(r)))];

export function hasLanguage(lang: Language): boolean {
  return RESOURCES[lang] !== undefined;
}
