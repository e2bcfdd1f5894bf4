// Whether a bundle counts in its case, and the auditor's two remedies for one
// that could not be verified: exclude it (with a reason) so it weighs on no
// replay or report, or verify it again under the workstation's trust store.
// Each is recorded in the chain of custody by the engine; this only asks.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BundleSummary } from '../../../shared/api/contract.js';
import { api } from '../api/client.js';

type Busy = null | 'exclude' | 'include' | 'reverify';

export function BundleStanding({ caseId, bundle, onChanged }: { caseId: string; bundle: BundleSummary; onChanged: () => void }) {
  const { t } = useTranslation('cases');
  const [busy, setBusy] = useState<Busy>(null);
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const ref = { caseId, bundleId: bundle.id };

  async function act(kind: Exclude<Busy, null>) {
    setBusy(kind);
    setError(null);
    setNote(null);
    let failed: string | null = null;
    if (kind === 'reverify') {
      const r = await api().call('bundles.reverify', ref);
      if (r.ok) setNote(
          t('standing.reverified', {
            before: r.value.previousVerdict ? t(`common:verdict.${r.value.previousVerdict}.short`) : '?',
            now: t(`common:verdict.${r.value.verdict}.short`),
          }),
        );
      else failed = r.error.message;
    } else {
      const r = kind === 'exclude' ? await api().call('bundles.exclude', { ...ref, reason: reason.trim() }) : await api().call('bundles.include', ref);
      if (!r.ok) failed = r.error.message;
    }
    setBusy(null);
    if (failed !== null) {
      setError(failed);
      return;
    }
    setAsking(false);
    setReason('');
    onChanged();
  }

  return (
    <div className="bundle-standing" data-testid={`standing-${bundle.id}`}>
      {bundle.excluded ? (
        <div className="small">
          <span className="badge standing-excluded">{t('standing.excluded')}</span> <span className="muted">{bundle.excluded.reason}</span>
        </div>
      ) : (
        <div className="small">
          <span className="badge standing-counts">{t('standing.counts')}</span>
        </div>
      )}
      <div className="row standing-actions">
        {bundle.excluded ? (
          <button type="button" className="btn btn-small" disabled={busy !== null} onClick={() => void act('include')}>
            {t('standing.include')}
          </button>
        ) : (
          !asking && (
            <button type="button" className="btn btn-small" disabled={busy !== null} onClick={() => setAsking(true)}>
              {t('standing.excludeAsk')}
            </button>
          )
        )}
        <button type="button" className="btn btn-small" disabled={busy !== null} onClick={() => void act('reverify')} title={t('standing.reverifyHint')}>
          {busy === 'reverify' ? t('standing.reverifying') : t('standing.reverify')}
        </button>
      </div>
      {asking && !bundle.excluded && (
        <form
          className="row standing-reason"
          onSubmit={(e) => {
            e.preventDefault();
            if (reason.trim()) void act('exclude');
          }}
        >
          <label className="sr-only" htmlFor={`reason-${bundle.id}`}>
            {t('standing.reasonLabel')}
          </label>
          <input id={`reason-${bundle.id}`} className="input" value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('standing.reasonPlaceholder')} maxLength={2000} />
          <button type="submit" className="btn btn-small" disabled={busy !== null || reason.trim() === ''}>
            {t('standing.exclude')}
          </button>
          <button type="button" className="btn btn-small btn-quiet" onClick={() => setAsking(false)}>
            {t('common:cancel')}
          </button>
        </form>
      )}
      {note && <p className="small">{note}</p>}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
