// The case's findings report from the screens: the same signed PDF and JSON
// twin as `natalia-audit audit-report`, in French or English, recorded in
// the case's custody. Refused by the engine when the case's custody does
// not hold; the message says so.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ReportLanguageSelect } from './ReportLanguageSelect.js';
import type { ReportLang } from '../../../shared/api/contract.js';
import { useReport } from '../api/use-report.js';
import { currentLanguage } from '../i18n/setup.js';
import { DeliveredFiles } from './DeliveredFiles.js';
import { Loading } from './states.js';

export function AuditReportAction({ caseId }: { caseId: string }) {
  const { t } = useTranslation('verdict');
  const [lang, setLang] = useState<ReportLang>(currentLanguage());
  const [state, run] = useReport('audit.report');
  return (
    <section className="card report-action" aria-labelledby="audit-report-title" data-testid="audit-report">
      <h2 id="audit-report-title">{t('auditReport.title')}</h2>
      <p className="small muted">{t('auditReport.hint')}</p>
      <div className="row">
        <ReportLanguageSelect id="audit-report-lang" label={t('auditReport.language')} value={lang} onChange={setLang} />
        <button type="button" className="btn btn-primary btn-small" disabled={state.status === 'busy'} onClick={() => void run({ caseId, lang })}>
          {t('auditReport.button')}
        </button>
      </div>
      {state.status === 'busy' && <Loading label={t('auditReport.busy')} />}
      {state.status === 'error' && (
        <p className="field-error" role="alert">
          {state.error.message}
        </p>
      )}
      {state.status === 'done' && <DeliveredFiles delivery={state.value} label={t('auditReport.files')} />}
    </section>
  );
}
