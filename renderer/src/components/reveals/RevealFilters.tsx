// The reveals screen's filter, the options of the CLI's `reveals` command:
// actor, tenant, phone pseudonym, extension, and the period (from, as of).
// Lists and times apply at once; typed fields a moment after the last key.
import { useTranslation } from 'react-i18next';
import type { RevealScreenFilter, RevealTimeline } from '../../../../shared/api/contract.js';
import { formatDate, formatTime, localInputToUtc, utcToLocalInput } from '../../lib/format.js';
import { useTypedFilter } from '../../lib/use-typed-filter.js';
import { cleanFilter, isEmptyFilter, periodDay } from './reveal-filter.js';

const ANY = '\u0000any';

export function RevealFilters({
  filter,
  onFilter,
  choices,
  phone,
}: {
  filter: RevealScreenFilter;
  onFilter: (f: RevealScreenFilter) => void;
  choices: RevealTimeline['choices'] | undefined;
  /** The full pseudonym the phone prefix named. */
  phone: string | undefined;
}) {
  const { t } = useTranslation('reveals');
  const set = (patch: Partial<RevealScreenFilter>) => onFilter(cleanFilter({ ...filter, ...patch }));
  const [phoneText, typePhone] = useTypedFilter(filter.phone, (v) => set({ phone: v || undefined }));
  const [extText, typeExt] = useTypedFilter(filter.extension !== undefined ? String(filter.extension) : undefined, (v) => set({ extension: /^\d+$/.test(v) ? Number(v) : undefined }));
  const badExt = extText.trim() !== '' && !/^\d+$/.test(extText.trim());

  return (
    <form className="filters" role="search" aria-label={t('filter.label')} onSubmit={(e) => e.preventDefault()}>
      <Choice id="rf-actor" label={t('filter.actor')} values={choices?.actors} value={filter.actor} onChange={(v) => set({ actor: v })} />
      <Choice id="rf-tenant" label={t('filter.tenant')} values={choices?.tenants} value={filter.tenant} onChange={(v) => set({ tenant: v })} />
      <div className="filter">
        <label htmlFor="rf-phone">{t('filter.phone')}</label>
        <input id="rf-phone" className="mono" value={phoneText} placeholder={t('filter.phoneHint')} spellCheck={false} onChange={(e) => typePhone(e.target.value)} />
      </div>
      <div className="filter filter-narrow">
        <label htmlFor="rf-ext">{t('filter.extension')}</label>
        <input id="rf-ext" inputMode="numeric" size={6} value={extText} aria-invalid={badExt || undefined} aria-describedby={badExt ? 'rf-ext-error' : undefined} onChange={(e) => typeExt(e.target.value)} />
        {badExt && (
          <span id="rf-ext-error" className="field-error small">
            {t('filter.extensionNumber')}
          </span>
        )}
      </div>
      <div className="filter">
        <label htmlFor="rf-from">{t('filter.from')}</label>
        <input id="rf-from" type="datetime-local" value={utcToLocalInput(filter.from)} onChange={(e) => set({ from: localInputToUtc(e.target.value) || undefined })} />
      </div>
      <div className="filter">
        <label htmlFor="rf-at">{t('filter.at')}</label>
        <input id="rf-at" type="datetime-local" value={utcToLocalInput(filter.at)} onChange={(e) => set({ at: localInputToUtc(e.target.value) || undefined })} />
      </div>
      <div className="filter filter-actions">
        <button type="button" className="btn btn-small" disabled={isEmptyFilter(filter)} onClick={() => onFilter({})}>
          {t('filter.clear')}
        </button>
      </div>
      <p className="filters-note muted small" data-testid="reveals-filter-summary" aria-live="polite">
        {describeFilter(filter, phone, t)}
      </p>
    </form>
  );
}

/** The filter in one sentence, as the CLI's heading says it ("Reveals (actor X, as of T)"). */
export function describeFilter(f: RevealScreenFilter, phone: string | undefined, t: (k: string, o?: Record<string, unknown>) => string): string {
  if (isEmptyFilter(f)) return t('filter.none');
  const day = periodDay(f);
  const parts = [
    f.actor !== undefined && t('filter.part.actor', { actor: f.actor }),
    f.tenant !== undefined && t('filter.part.tenant', { tenant: f.tenant }),
    f.phone !== undefined && t('filter.part.phone', { phone: (phone ?? f.phone).slice(0, 12) + '…' }),
    f.extension !== undefined && t('filter.part.extension', { extension: f.extension }),
    day !== undefined && t('filter.part.day', { day: formatDate(day) }),
    day === undefined && f.from !== undefined && t('filter.part.from', { from: formatTime(f.from) }),
    day === undefined && f.at !== undefined && t('filter.part.at', { at: formatTime(f.at) }),
  ].filter((x): x is string => typeof x === 'string');
  return t('filter.showing', { parts: parts.join(' · ') });
}

function Choice({ id, label, values, value, onChange }: { id: string; label: string; values: string[] | undefined; value: string | undefined; onChange: (v: string | undefined) => void }) {
  const { t } = useTranslation('reveals');
  // A value the list lacks (from a saved view, or a drill-down) stays chosen and visible.
  const options = values && value !== undefined && !values.includes(value) ? [...values, value] : (values ?? []);
  return (
    <div className="filter">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value ?? ANY} onChange={(e) => onChange(e.target.value === ANY ? undefined : e.target.value)}>
        <option value={ANY}>{t('filter.any')}</option>
        {options.map((v) => (
          <option key={v} value={v}>
            {v === '' ? t('filter.installationWide') : v}
          </option>
        ))}
      </select>
    </div>
  );
}
