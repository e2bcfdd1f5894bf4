// The language a report is written in, beside its button: it starts in the
// screens' language, and a user writing to someone else may pick the other.
import type { ReportLang } from '../../../shared/api/contract.js';
import { LANGUAGE_NAMES, LANGUAGES } from '../i18n/languages.js';

export function ReportLanguageSelect({ id, label, value, onChange }: { id: string; label: string; value: ReportLang; onChange: (lang: ReportLang) => void }) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as ReportLang)}>
        {LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LANGUAGE_NAMES[l]}
          </option>
        ))}
      </select>
    </>
  );
}
