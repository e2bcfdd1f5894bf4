// Starts i18next on the catalog, in the launch's language, and keeps
// <html lang> and the stored choice in step with the language in use.
// A key missing from the catalog is logged as an error: the browser tests
// fail on any console error, so a screen they visit cannot show a raw key.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { NAMESPACES, RESOURCES } from './catalog.js';
import { initialLanguage, isLanguage, rememberLanguage, type Language } from './languages.js';

export const i18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  resources: RESOURCES,
  lng: initialLanguage(),
  fallbackLng: false,
  supportedLngs: ['en', 'fr'],
  ns: NAMESPACES as string[],
  defaultNS: 'common',
  initAsync: false,
  interpolation: { escapeValue: false }, // React escapes what it renders.
  returnNull: false,
  saveMissing: true,
  missingKeyHandler: (lngs, ns, key) => console.error(`i18n: no "${ns}:${key}" in ${lngs.join(', ')}`),
  react: { useSuspense: false },
});

function follow(lang: string): void {
  document.documentElement.lang = lang;
}
follow(i18n.language);
i18n.on('languageChanged', follow);

export function currentLanguage(): Language {
  return isLanguage(i18n.language) ? i18n.language : 'en';
}

export function setLanguage(lang: Language): void {
  rememberLanguage(lang);
  void i18n.changeLanguage(lang);
}
