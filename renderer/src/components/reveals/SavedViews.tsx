// Saved views of the reveals screen: named filters kept in the case (the
// same ones `natalia-audit views --screen reveals` lists and saves), each
// save and delete with its custody entry.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RevealScreenFilter, SavedViewInfo } from '../../../../shared/api/contract.js';
import { api } from '../../api/client.js';
import { useCall } from '../../api/use-call.js';
import { formatTime } from '../../lib/format.js';
import { filterOfView, isEmptyFilter } from './reveal-filter.js';

const NONE = '';

export function SavedViews({ caseId, filter, onApply }: { caseId: string; filter: RevealScreenFilter; onApply: (f: RevealScreenFilter) => void }) {
  const { t } = useTranslation('reveals');
  const views = useCall('views.list', { caseId, screen: 'reveals' });
  const [chosen, setChosen] = useState(NONE);
  const [name, setName] = useState('');
  const [note, setNote] = useState<{ kind: 'ok' | 'error'; text: string } | undefined>();
  const list: SavedViewInfo[] = views.status === 'ready' ? views.data : [];
  const current = list.find((v) => v.name === chosen);

  const apply = (v: SavedViewInfo) => {
    const { filter: f, ignored } = filterOfView(v.filter);
    onApply(f);
    setNote(ignored.length ? { kind: 'error', text: t('views.ignored', { name: v.name, keys: ignored.join(', ') }) } : { kind: 'ok', text: t('views.applied', { name: v.name }) });
  };

  async function save() {
    const n = name.trim();
    const r = await api().call('views.save', { caseId, screen: 'reveals', name: n, filter: { ...filter } });
    if (!r.ok) return setNote({ kind: 'error', text: r.error.message });
    setNote({ kind: 'ok', text: r.value.saved ? t('views.saved', { name: n }) : t('views.unchanged', { name: n }) });
    setChosen(n);
    setName('');
    views.reload();
  }

  async function remove(v: SavedViewInfo) {
    const r = await api().call('views.delete', { caseId, screen: 'reveals', name: v.name });
    if (!r.ok) return setNote({ kind: 'error', text: r.error.message });
    setNote({ kind: 'ok', text: t('views.deleted', { name: v.name }) });
    setChosen(NONE);
    views.reload();
  }

  return (
    <section className="saved-views" aria-label={t('views.label')}>
      <div className="filter">
        <label htmlFor="rv-view">{t('views.choose')}</label>
        <div className="row">
          <select
            id="rv-view"
            value={chosen}
            disabled={list.length === 0}
            onChange={(e) => {
              setChosen(e.target.value);
              const v = list.find((x) => x.name === e.target.value);
              if (v) apply(v);
            }}
          >
            <option value={NONE}>{list.length === 0 ? t('views.noneSaved') : t('views.pick', { count: list.length })}</option>
            {list.map((v) => (
              <option key={v.name} value={v.name}>
                {v.name}
              </option>
            ))}
          </select>
          {current && (
            <button type="button" className="btn btn-small" onClick={() => void remove(current)}>
              {t('views.delete')}
            </button>
          )}
        </div>
        {current && <span className="muted small">{t('views.savedBy', { by: current.savedBy, at: formatTime(current.savedAt) })}</span>}
      </div>
      <form
        className="filter"
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim()) void save();
        }}
      >
        <label htmlFor="rv-name">{t('views.saveAs')}</label>
        <div className="row">
          <input id="rv-name" value={name} maxLength={120} placeholder={t('views.nameHint')} onChange={(e) => setName(e.target.value)} />
          <button type="submit" className="btn btn-small" disabled={!name.trim()}>
            {t('views.save')}
          </button>
        </div>
        {isEmptyFilter(filter) && <span className="muted small">{t('views.emptyFilter')}</span>}
      </form>
      {views.status === 'error' && (
        <p className="field-error" role="alert">
          {views.error.message}
        </p>
      )}
      {note && (
        <p className={note.kind === 'error' ? 'field-error small' : 'muted small'} role="status">
          {note.text}
        </p>
      )}
    </section>
  );
}
