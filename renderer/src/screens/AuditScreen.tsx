// The audit log explorer: every entry of the bundle, filtered, sorted and
// paged by the engine in SQLite, shown with virtual rows, with a detail pane
// for the entry chosen. The page holds only the rows on screen (and a few
// pages around them), whatever the size of the log.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditFilter, AuditQuery, AuditSortField, BundleRef } from '../../../shared/api/contract.js';
import { useCall } from '../api/use-call.js';
import type { Route } from '../app/route.js';
import { navigate } from '../app/route.js';
import { AuditGrid } from '../components/AuditGrid.js';
import { EntryDetail } from '../components/EntryDetail.js';
import { ErrorState } from '../components/states.js';
import { DeliveredFiles } from '../components/DeliveredFiles.js';
import { useReport } from '../api/use-report.js';
import { SavedViews } from '../components/review/SavedViews.js';
import { useCaseReviews } from '../components/review/use-reviews.js';
import { formatDate, localInputToUtc, utcToLocalInput } from '../lib/format.js';
import { useTypedFilter } from '../lib/use-typed-filter.js';

/** Option value for "no filter" (a tenant may legitimately be the empty string). */
const ANY = '\u0000any';
const DEFAULT_SORT: AuditQuery['sort'] = { field: 'seq', direction: 'asc' };

export function AuditScreen({ bundle, route }: { bundle: BundleRef; route: Route }) {
  const { t } = useTranslation('audit');
  const facets = useCall('audit.facets', bundle);
  const [filter, setFilter] = useState<AuditFilter>({});
  const [sort, setSort] = useState<AuditQuery['sort']>(DEFAULT_SORT);
  const [selected, setSelected] = useState<number | undefined>(route.seq);
  // An entry to bring into view (from a finding, or "Go to seq").
  const [target, setTarget] = useState<{ seq: number; nonce: number } | undefined>(route.seq !== undefined ? { seq: route.seq, nonce: 0 } : undefined);

  // Opening a finding's entry: show it among all entries, in chain order.
  useEffect(() => {
    if (route.seq === undefined) return;
    setFilter({});
    setSort(DEFAULT_SORT);
    setSelected(route.seq);
    setTarget({ seq: route.seq, nonce: Date.now() });
  }, [route.seq, bundle.bundleId]);

  // Entries annotated anywhere in the case (an entry of successive exports is one subject).
  const reviews = useCaseReviews(bundle.caseId, { kinds: ['entry'] });

  const layoutRef = useRef<HTMLDivElement>(null);
  const paneRef = useRef<HTMLElement>(null);
  const select = (seq: number) => {
    setSelected(seq);
  };
  const goTo = (seq: number) => {
    setSelected(seq);
    setTarget({ seq, nonce: Date.now() });
  };

  return (
    <div className="audit-layout" ref={layoutRef}>
      <div className="audit-main">
        <FilterBar facets={facets} filter={filter} onFilter={setFilter} onGoTo={goTo} />
        <SavedViews caseId={bundle.caseId} screen="audit" filter={filter} onApply={setFilter} />
        <AuditExport bundle={bundle} filter={filter} sort={sort} />
        <AuditGrid
          bundle={bundle}
          filter={filter}
          sort={sort}
          onSort={(field: AuditSortField) =>
            setSort((s) => (s.field === field ? { field, direction: s.direction === 'asc' ? 'desc' : 'asc' } : { field, direction: 'asc' }))
          }
          selectedSeq={selected}
          onSelect={select}
          target={target}
          totalEntries={facets.status === 'ready' ? facets.data.total : undefined}
        />
      </div>
      <aside className="audit-detail" aria-label={t('entry.pane')} ref={paneRef}>
        {selected === undefined ? (
          <div className="state state-empty">
            <h2 className="state-title">{t('entry.noneTitle')}</h2>
            <p className="muted">{t('entry.none')}</p>
          </div>
        ) : (
          <EntryDetail
            bundle={bundle}
            seq={selected}
            reviews={reviews}
            onOpenSeq={goTo}
            onClose={() => {
              // Closed from inside the pane (its button, Escape there): the focus goes back to the rows, not to the page.
              const active = document.activeElement;
              if (!active || active === document.body || paneRef.current?.contains(active)) layoutRef.current?.querySelector<HTMLElement>('[role="grid"]')?.focus();
              setSelected(undefined);
              if (route.seq !== undefined) navigate({ ...route, seq: undefined });
            }}
          />
        )}
      </aside>
    </div>
  );
}

/** The entries the filters show, in the grid's order, as a CSV file. */
function AuditExport({ bundle, filter, sort }: { bundle: BundleRef; filter: AuditFilter; sort: AuditQuery['sort'] }) {
  const { t } = useTranslation('audit');
  const [state, run] = useReport('audit.export');
  return (
    <div className="audit-export">
      <button type="button" className="btn btn-small" disabled={state.status === 'busy'} onClick={() => void run({ ...bundle, filter, sort })}>
        {state.status === 'busy' ? t('export.busy') : t('export.button')}
      </button>
      <span className="small muted">{t('export.hint')}</span>
      {state.status === 'error' && (
        <p className="field-error" role="alert">
          {state.error.message}
        </p>
      )}
      {state.status === 'done' && <DeliveredFiles delivery={state.value} label={t('export.files')} />}
    </div>
  );
}

function FilterBar({
  facets,
  filter,
  onFilter,
  onGoTo,
}: {
  facets: ReturnType<typeof useCall<'audit.facets'>>;
  filter: AuditFilter;
  onFilter: (f: AuditFilter) => void;
  onGoTo: (seq: number) => void;
}) {
  const { t } = useTranslation('audit');
  const [text, typeText] = useTypedFilter(filter.text, (v) => onFilter({ ...filter, text: v || undefined }));
  const [actor, typeActor] = useTypedFilter(filter.actor, (v) => onFilter({ ...filter, actor: v || undefined }));
  const [goTo, setGoTo] = useState('');

  if (facets.status === 'error') return <ErrorState error={facets.error} onRetry={facets.reload} title={t('filters.failed')} />;
  const f = facets.status === 'ready' ? facets.data : undefined;
  const set = (k: keyof AuditFilter, v: string | undefined) => onFilter({ ...filter, [k]: v });
  const setText = (k: keyof AuditFilter, v: string) => set(k, v || undefined);
  const active = Object.values(filter).some((v) => v !== undefined && v !== '');

  return (
    <form className="filters" role="search" aria-label={t('filters.label')} onSubmit={(e) => e.preventDefault()}>
      <div className="filter filter-search">
        <label htmlFor="f-text">{t('filters.search')}</label>
        <input
          id="f-text"
          type="search"
          value={text}
          placeholder={t('filters.searchHint')}
          onChange={(e) => typeText(e.target.value)}
        />
      </div>
      <div className="filter">
        <label htmlFor="f-actor">{t('col.actor')}</label>
        <input
          id="f-actor"
          list="f-actor-list"
          value={actor}
          placeholder={t('filters.anyone')}
          onChange={(e) => typeActor(e.target.value)}
        />
        <datalist id="f-actor-list">{f?.actors.map((a) => <option key={a} value={a} />)}</datalist>
      </div>
      <FacetSelect id="f-action" label={t('col.action')} values={f?.actions} value={filter.action} onChange={(v) => set('action', v)} />
      <FacetSelect id="f-tenant" label={t('col.tenant')} values={f?.tenants} value={filter.tenant} onChange={(v) => set('tenant', v)} display={(v) => v || t('entry.installationWide')} />
      <FacetSelect id="f-outcome" label={t('col.outcome')} values={f?.outcomes} value={filter.outcome} onChange={(v) => set('outcome', v)} />
      <div className="filter">
        <label htmlFor="f-from">{t('filters.from')}</label>
        <input id="f-from" type="datetime-local" value={utcToLocalInput(filter.from)} onChange={(e) => setText('from', localInputToUtc(e.target.value))} />
      </div>
      <div className="filter">
        <label htmlFor="f-to">{t('filters.to')}</label>
        <input id="f-to" type="datetime-local" value={utcToLocalInput(filter.to)} onChange={(e) => setText('to', localInputToUtc(e.target.value))} />
      </div>
      <div className="filter filter-actions">
        <button type="button" className="btn btn-small" disabled={!active} onClick={() => onFilter({})}>
          {t('filters.clear')}
        </button>
      </div>
      <div className="filter filter-goto">
        <label htmlFor="f-goto">{t('filters.goto')}</label>
        <div className="row">
          <input
            id="f-goto"
            inputMode="numeric"
            value={goTo}
            size={9}
            onChange={(e) => setGoTo(e.target.value.replace(/[^\d]/g, ''))}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && goTo) {
                e.preventDefault();
                onGoTo(Number(goTo));
              }
            }}
          />
          <button type="button" className="btn btn-small" disabled={!goTo} onClick={() => onGoTo(Number(goTo))}>
            {t('filters.go')}
          </button>
        </div>
      </div>
      {f && (
        <p className="filters-note muted small">
          {f.firstTs ? t('filters.noteSpan', { count: f.total, from: formatDate(f.firstTs), to: formatDate(f.lastTs) }) : t('filters.note', { count: f.total })}
        </p>
      )}
    </form>
  );
}

function FacetSelect({
  id,
  label,
  values,
  value,
  onChange,
  display = (v) => v,
}: {
  id: string;
  label: string;
  values: string[] | undefined;
  value: string | undefined;
  /** undefined: any value. */
  onChange: (v: string | undefined) => void;
  display?: (v: string) => string;
}) {
  const { t } = useTranslation('audit');
  const options = useMemo(() => values ?? [], [values]);
  return (
    <div className="filter">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value ?? ANY} onChange={(e) => onChange(e.target.value === ANY ? undefined : e.target.value)}>
        <option value={ANY}>{t('filters.any')}</option>
        {options.map((v) => (
          <option key={v} value={v}>
            {display(v)}
          </option>
        ))}
      </select>
    </div>
  );
}
