// Phone number reveals: how many per day and per person (from the signed audit
// log, counted by the engine), what the replay thinks deserves a second look,
// and the register Auditors read, all under one filter: the CLI `reveals`
// options. A chart's bar sets the filter to its day or person; a filter can
// be saved as a view of the case.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BundleRef, RevealScreenFilter } from '../../../shared/api/contract.js';
import { useCall } from '../api/use-call.js';
import { ErrorState, Loading } from '../components/states.js';
import { RevealCharts } from '../components/reveals/RevealCharts.js';
import { RevealFilters } from '../components/reveals/RevealFilters.js';
import { RevealRegister } from '../components/reveals/RevealRegister.js';
import { RevealReview } from '../components/reveals/RevealReview.js';
import { SavedViews } from '../components/review/SavedViews.js';
import { cleanFilter, dayPeriod, filterOfView, isEmptyFilter } from '../components/reveals/reveal-filter.js';

export function RevealsScreen({ bundle }: { bundle: BundleRef }) {
  const { t } = useTranslation('reveals');
  const [filter, setFilter] = useState<RevealScreenFilter>({});
  const request = isEmptyFilter(filter) ? { ...bundle } : { ...bundle, filter };
  const tl = useCall('reveals.timeline', request);
  // The choices of the last answer that had them: a filter the engine refuses still leaves the form usable.
  const [choices, setChoices] = useState<{ key: string; value: NonNullable<typeof tl.data>['choices'] } | undefined>();
  if (tl.status === 'ready' && choices?.value !== tl.data.choices) setChoices({ key: bundle.bundleId, value: tl.data.choices });
  const apply = (f: RevealScreenFilter) => setFilter(cleanFilter(f));

  return (
    <div className="stack">
      <section className="panel" aria-labelledby="timeline-title">
        <h2 id="timeline-title" className="panel-title">
          {t('timeline.title')}
        </h2>
        {tl.status === 'ready' && tl.data.installationId && (
          <p className="muted small" data-testid="reveals-installation">
            {t('installation', { id: tl.data.installationId })}
          </p>
        )}
        <RevealFilters filter={filter} onFilter={apply} choices={choices?.key === bundle.bundleId ? choices.value : undefined} phone={tl.data?.phone} />
        {/* A view saved from the command line may hold anything: only the members this screen filters on are applied. */}
        <SavedViews<Record<string, unknown>> caseId={bundle.caseId} screen="reveals" filter={{ ...filter }} onApply={(v) => apply(filterOfView(v).filter)} />
        {tl.status === 'loading' && <Loading label={t('timeline.loading')} />}
        {tl.status === 'error' && <ErrorState error={tl.error} onRetry={tl.reload} title={t('filter.refused')} />}
        {tl.status === 'ready' && tl.data.total === 0 && <p>{isEmptyFilter(filter) ? t('timeline.none') : t('timeline.noneFiltered')}</p>}
        {tl.status === 'ready' && tl.data.total > 0 && (
          <RevealCharts tl={tl.data} onDay={(day) => apply({ ...filter, ...dayPeriod(day) })} onActor={(actor) => apply({ ...filter, actor })} />
        )}
      </section>
      <RevealReview request={request} filtered={!isEmptyFilter(filter)} />
      <RevealRegister request={request} onPhone={(phone) => apply({ ...filter, phone })} />
    </div>
  );
}
