// The language switch: each language named in itself, so a user who cannot
// read the current one still finds theirs. The choice is remembered.
import { useTranslation } from 'react-i18next';
import { LANGUAGE_NAMES, LANGUAGES, isLanguage } from '../i18n/languages.js';
import { currentLanguage, setLanguage } from '../i18n/setup.js';

export function LanguageSwitch() {
  const { t } = useTranslation('app');
  return (
    <label className="lang-switch">
      <span className="label-inv">{t('language')}</span>
      <select
        className="select-inv"
        value={currentLanguage()}
        onChange={(e) => {
          if (isLanguage(e.target.value)) setLanguage(e.target.value);
        }}
      >
        {LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LANGUAGE_NAMES[l]}
          </option>
        ))}
      </select>
    </label>
  );
}
