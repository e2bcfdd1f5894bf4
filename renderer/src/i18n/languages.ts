// The languages the screens speak, and which one a launch starts in: the
// user's last choice (kept in the renderer's own storage, which is sandboxed
// per origin), else the system's language when it is French, else English.
export const LANGUAGES = ['en', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Locale used for dates and numbers in each language. */
export const LOCALE_OF: Record<Language, string> = { en: 'en-GB', fr: 'fr-FR' };

/** Each language's name in itself, for the switch. */
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', fr: 'Français' };

const STORAGE_KEY = 'natalia.language';

export function isLanguage(v: unknown): v is Language {
  return typeof v === 'string' && (LANGUAGES as readonly string[]).includes(v);
}

export function storedLanguage(): Language | undefined {
  try {
    const v = window.localStorage.getItem(STORAGE_KEY);
    return isLanguage(v) ? v : undefined;
  } catch {
    // Storage refused (private mode, a locked-down profile): the choice lasts for this launch only.
    return undefined;
  }
}

export function rememberLanguage(lang: Language): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // See storedLanguage.
  }
}

export function initialLanguage(): Language {
  return storedLanguage() ?? (/^fr\b/i.test(navigator.language) ? 'fr' : 'en');
}
