// "Export this case for a colleague": the case, or only the part tagged for
// a colleague, as one signed file (`natalia-audit case-export [--tag]`). The
// desktop app asks where to save it; the browser downloads it with its
// signature. What a tagged part holds is the engine's (engine/portable/case-part.ts).
import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCall } from '../api/use-call.js';
import { useReport } from '../api/use-report.js';
import { DeliveredFiles } from './DeliveredFiles.js';
import { Loading } from './states.js';

export function PortableExport({ caseId }: { caseId: string }) {
  const { t } = useTranslation('portable');
  const id = useId();
  const reviews = useCall('review.list', { caseId });
  const tags = useMemo(
    () => (reviews.status === 'ready' ? [...new Set(reviews.data.subjects.flatMap((s) => s.review?.tags ?? []))].sort((a, b) => a.localeCompare(b)) : []),
    [reviews],
  );
  const [scope, setScope] = useState<'whole' | 'tagged'>('whole');
  const [chosen, setChosen] = useState('');
  const tag = chosen || tags[0] || '';
  const [state, run] = useReport('cases.exportPortable');
  const taggedCount = reviews.status === 'ready' && tag ? reviews.data.subjects.filter((s) => s.review?.tags.includes(tag)).length : 0;

  return (
    <section className="panel portable-export" aria-labelledby={`${id}-title`} data-testid="portable-export">
      <h2 id={`${id}-title`} className="panel-title">
        {t('export.title')}
      </h2>
      <p className="small muted">{t('export.hint')}</p>
      <fieldset className="portable-scope">
        <legend className="sr-only">{t('export.scope')}</legend>
        <label className="radio">
          <input type="radio" name={`${id}-scope`} checked={scope === 'whole'} onChange={() => setScope('whole')} /> {t('export.whole')}
        </label>
        <label className="radio">
          <input type="radio" name={`${id}-scope`} checked={scope === 'tagged'} disabled={tags.length === 0} onChange={() => setScope('tagged')} /> {t('export.tagged')}
        </label>
        {tags.length > 0 ? (
          <select aria-label={t('export.tag')} value={tag} disabled={scope !== 'tagged'} onChange={(e) => setChosen(e.target.value)}>
            {tags.map((x) => (
              <option key={x} value={x}>
                {x}
              </option>
            ))}
          </select>
        ) : (
          reviews.status === 'ready' && <span className="small muted">{t('export.noTag')}</span>
        )}
      </fieldset>
      <p className="small">{scope === 'tagged' && tag ? t('export.partHolds', { count: taggedCount, tag }) : t('export.wholeHolds')}</p>
      <button
        type="button"
        className="btn btn-primary btn-small"
        disabled={state.status === 'busy' || (scope === 'tagged' && !tag)}
        onClick={() => void run({ caseId, ...(scope === 'tagged' && tag ? { tag } : {}) })}
      >
        {t('export.button')}
      </button>
      {state.status === 'busy' && <Loading label={t('export.busy')} />}
      {state.status === 'error' && (
        <p className="field-error" role="alert">
          {state.error.message}
        </p>
      )}
      {state.status === 'done' && <DeliveredFiles delivery={state.value} label={t('export.files')} />}
    </section>
  );
}
