// Saved views: the screen's current filter kept in the case under a name
// (views.*, one custody entry per save), listed to apply again or delete.
// The audit log explorer and the reveals screen use it with their own filter.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ViewScreen } from '../../../../shared/api/contract.js';
import { api } from '../../api/client.js';
import { useCall } from '../../api/use-call.js';
import { formatTime } from '../../lib/format.js';

export function SavedViews<F extends object>({
  caseId,
  screen,
  filter,
  onApply,
}: {
  caseId: string;
  screen: ViewScreen;
  /** The screen's filter as it stands: what Save keeps. */
  filter: F;
  onApply: (filter: F) => void;
}) {
  const { t } = useTranslation('review');
  const id = useId();
  const views = useCall('views.list', { caseId, screen });
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState('');
  const [message, setMessage] = useState<{ error: boolean; text: string } | undefined>();
  const list = views.status === 'ready' ? views.data : [];
  const current = list.find((v) => v.name === chosen);

  async function save() {
    const r = await api().call('views.save', { caseId, screen, name: name.trim(), filter: filter as Record<string, unknown> });
    if (!r.ok) return setMessage({ error: true, text: r.error.message });
    setMessage({ error: false, text: r.value.saved ? t('views.saved', { name: name.trim() }) : t('views.unchanged', { name: name.trim() }) });
    setChosen(name.trim());
    setName('');
    views.reload();
  }

  async function remove() {
    if (!current) return;
    const r = await api().call('views.delete', { caseId, screen, name: current.name });
    if (!r.ok) return setMessage({ error: true, text: r.error.message });
    setMessage({ error: false, text: t('views.deleted', { name: current.name }) });
    setChosen('');
    views.reload();
  }

  return (
    <div className="saved-views" role="group" aria-label={t('views.label')} data-testid="saved-views">
      <div className="filter">
        <label htmlFor={`${id}-list`}>{t('views.label')}</label>
        <select
          id={`${id}-list`}
          value={chosen}
          onChange={(e) => {
            setChosen(e.target.value);
            const v = list.find((x) => x.name === e.target.value);
            if (v) {
              onApply(v.filter as F);
              setMessage({ error: false, text: t('views.applied', { name: v.name }) });
            }
          }}
        >
          <option value="">{list.length === 0 ? t('views.none') : t('views.choose')}</option>
          {list.map((v) => (
            <option key={v.name} value={v.name}>
              {v.name}
            </option>
          ))}
        </select>
      </div>
      <button type="button" className="btn btn-small" disabled={!current} onClick={() => void remove()}>
        {t('views.delete')}
      </button>
      <form
        className="review-inline"
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim()) void save();
        }}
      >
        <label htmlFor={`${id}-name`} className="sr-only">
          {t('views.name')}
        </label>
        <input id={`${id}-name`} value={name} maxLength={120} placeholder={t('views.name')} onChange={(e) => setName(e.target.value)} />
        <button type="submit" className="btn btn-small" disabled={name.trim() === ''}>
          {t('views.save')}
        </button>
      </form>
      {current && <span className="muted small">{t('views.savedBy', { by: current.savedBy, time: formatTime(current.savedAt) })}</span>}
      {message && (
        <span className={message.error ? 'field-error' : 'small'} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </span>
      )}
    </div>
  );
}
