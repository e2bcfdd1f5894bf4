// Every version of a question's declared answer, oldest first, as
// `answers list --history` lists them: what was stated, by whom and when,
// how it entered the case (declared here, or imported from a file), and
// what it leans on. Read only when the user asks for it.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaiqVersionId } from '../../../../shared/api/contract.js';
import { useCall } from '../../api/use-call.js';
import { checkLabel } from '../../i18n/check-words.js';
import { formatDate } from '../../lib/format.js';
import { ErrorState, Loading } from '../states.js';

export function AnswerHistory({ caseId, version, questionId, latest }: { caseId: string; version: CaiqVersionId; questionId: string; latest: number }) {
  const { t } = useTranslation('questionnaire');
  const [open, setOpen] = useState(false);
  return (
    <section className="q-history" aria-label={t('history.title')}>
      <button type="button" className="btn btn-small" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        {open ? t('history.hide') : t('history.show')}
      </button>
      {/* `latest` in the key: a new version saved while it is open is read again. */}
      {open && <Versions key={latest} caseId={caseId} version={version} questionId={questionId} />}
    </section>
  );
}

function Versions({ caseId, version, questionId }: { caseId: string; version: CaiqVersionId; questionId: string }) {
  const { t } = useTranslation('questionnaire');
  const r = useCall('caiq.history', { caseId, version, questionId });
  if (r.status === 'loading') return <Loading label={t('history.loading')} />;
  if (r.status === 'error') return <ErrorState error={r.error} onRetry={r.reload} />;
  return (
    <ol className="plain q-versions" data-testid="answer-history">
      {[...r.data].reverse().map((v) => {
        const leans = [...v.leansOn.map(checkLabel), ...v.documents.map((d) => `“${d.title}”`)];
        return (
          <li key={v.version} className="q-version">
            <div className="q-version-head">
              <strong>{t('history.version', { version: v.version })}</strong>{' '}
              <span className={`badge ${v.superseded ? 'q-replaced' : 'q-current'}`}>{v.superseded ? t('history.replaced') : t('history.current')}</span>
            </div>
            <div className="small">
              {t('history.stated', { answer: v.answer, ownership: v.ownership ? ` (${v.ownership})` : '', author: v.author, date: formatDate(v.declaredAt) })}
            </div>
            <div className="small q-text">{v.description}</div>
            <div className="small muted">
              {v.source.kind === 'import'
                ? t('history.recordedImport', { file: v.source.file, user: v.recordedBy, date: formatDate(v.recordedAt) })
                : t('history.recordedDeclare', { user: v.recordedBy, date: formatDate(v.recordedAt) })}
            </div>
            {leans.length > 0 && <div className="small muted">{t('history.leansOn', { list: leans.join(', ') })}</div>}
          </li>
        );
      })}
    </ol>
  );
}
