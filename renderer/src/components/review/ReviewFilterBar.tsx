// Filter a screen's items by their review: decision (e.g. not yet decided),
// starred, tag. Shows how many of the screen's items the filter keeps.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { DECISIONS } from '../../../../shared/api/contract.js';
import { isFilterActive, type ReviewScreenFilter } from './review-filter.js';

const ANY = '';

export function ReviewFilterBar({
  value,
  onChange,
  tags,
  decidable,
  shown,
  total,
}: {
  value: ReviewScreenFilter;
  onChange: (f: ReviewScreenFilter) => void;
  /** Tags in use, for the tag list. */
  tags: readonly string[];
  /** Whether the screen's items take decisions (else the decision filter is left out). */
  decidable: boolean;
  shown?: number;
  total?: number;
}) {
  const { t } = useTranslation('review');
  const id = useId();
  return (
    <div className="review-filter" role="group" aria-label={t('filter.label')} data-testid="review-filter">
      {decidable && (
        <div className="filter">
          <label htmlFor={`${id}-decision`}>{t('filter.decision')}</label>
          <select
            id={`${id}-decision`}
            value={value.decision ?? ANY}
            onChange={(e) => onChange({ ...value, decision: e.target.value === ANY ? undefined : (e.target.value as ReviewScreenFilter['decision']) })}
          >
            <option value={ANY}>{t('filter.any')}</option>
            <option value="undecided">{t('filter.undecided')}</option>
            <option value="decided">{t('filter.decided')}</option>
            {DECISIONS.map((d) => (
              <option key={d} value={d}>
                {t(`decision.value.${d}`)}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="filter">
        <label htmlFor={`${id}-tag`}>{t('filter.tag')}</label>
        <select id={`${id}-tag`} value={value.tag ?? ANY} onChange={(e) => onChange({ ...value, tag: e.target.value === ANY ? undefined : e.target.value })}>
          <option value={ANY}>{t('filter.anyTag')}</option>
          {tags.map((tg) => (
            <option key={tg} value={tg}>
              {tg}
            </option>
          ))}
        </select>
      </div>
      <label className="checkbox-label review-filter-star">
        <input type="checkbox" checked={value.starred === true} onChange={(e) => onChange({ ...value, starred: e.target.checked ? true : undefined })} /> {t('filter.starred')}
      </label>
      <button type="button" className="btn btn-small" disabled={!isFilterActive(value)} onClick={() => onChange({})}>
        {t('filter.clear')}
      </button>
      {shown !== undefined && total !== undefined && isFilterActive(value) && (
        <span className="muted small" role="status">
          {t('filter.shown', { count: shown, total })}
        </span>
      )}
    </div>
  );
}
