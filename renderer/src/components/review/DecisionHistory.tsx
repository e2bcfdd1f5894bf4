// Every change recorded on one subject, oldest first: tags, stars, comments
// and each decision with its reason, who gave it, when they say they did,
// and when the workstation recorded it under which system user.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useCall } from '../../api/use-call.js';
import { formatTime } from '../../lib/format.js';
import { ErrorState, Loading } from '../states.js';

export function DecisionHistory({ caseId, subject, refresh = 0 }: { caseId: string; subject: string; refresh?: number }) {
  const { t } = useTranslation('review');
  const r = useCall('review.history', { caseId, subject });
  const { reload } = r;
  // A change recorded by the controls: read the history again.
  useEffect(() => {
    if (refresh > 0) reload();
  }, [refresh, reload]);
  if (r.status === 'loading') return <Loading label={t('history.loading')} />;
  if (r.status === 'error') return <ErrorState error={r.error} onRetry={r.reload} title={t('history.failed')} />;
  if (r.data.length === 0) return <p className="muted small">{t('history.none')}</p>;
  return (
    <ol className="review-history" data-testid="review-history">
      {r.data.map((e, i) => (
        <li key={i}>
          <span>
            {t(`history.kind.${e.kind}`, { value: e.kind === 'decision' ? t(`decision.value.${e.value ?? ''}`) : (e.value ?? '') })}
            {e.reason ? ` (${t('history.reason', { reason: e.reason })})` : ''}
          </span>
          <span className="muted small">
            {' '}
            · {e.reviewer}, {formatTime(e.at)} · {t('history.recordedBy', { time: formatTime(e.recordedAt), user: e.osUser })}
          </span>
        </li>
      ))}
    </ol>
  );
}
