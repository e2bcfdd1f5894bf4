// The signed erasure report from the Erasures screen, for one certificate
// (its card) or one data subject (the subject finder): the language, the
// button, then the engine's answer (busy, refused, or the files and each
// certificate's conclusion). Both places ask the same engine call, so they
// share this one piece.
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErasurePath, ErasureReportRequest, ReportLang } from '../../../../shared/api/contract.js';
import { useReport } from '../../api/use-report.js';
import { currentLanguage } from '../../i18n/setup.js';
import { DeliveredFiles } from '../DeliveredFiles.js';
import { ReportLanguageSelect } from '../ReportLanguageSelect.js';
import { Loading } from '../states.js';

type Translate = ReturnType<typeof useTranslation<'erasures'>>['t'];

/** Who an erasure is about, in the screen's words: the extension's label, else its number. */
export function subjectName(t: Translate, subject: ErasurePath['subject']): string {
  return subject.label ?? (subject.extensionId !== undefined ? t('card.extension', { id: subject.extensionId }) : t('card.unknownSubject'));
}

export function ErasureReportRun({
  id,
  request,
  button,
  buttonLabel,
  hint,
  filesLabel,
  conclusions = false,
  children,
}: {
  /** The language select's id. */
  id: string;
  /** What to ask for, in the language chosen. */
  request: (lang: ReportLang) => ErasureReportRequest;
  button: string;
  /** The button's accessible name, when its text alone does not say which report. */
  buttonLabel?: string;
  hint?: string;
  filesLabel: string;
  /** Say each certificate's conclusion once the report is made. */
  conclusions?: boolean;
  /** Shown between the button and the answer (the review and extension fields). */
  children?: ReactNode;
}) {
  const { t } = useTranslation('erasures');
  // The report starts in the screens' language; a DPO writing to someone else may pick the other.
  const [lang, setLang] = useState<ReportLang>(currentLanguage());
  const [state, run] = useReport('erasures.report');
  return (
    <>
      <div className="row">
        <ReportLanguageSelect id={id} label={t('report.language')} value={lang} onChange={setLang} />
        <button type="button" className="btn btn-primary btn-small" disabled={state.status === 'busy'} aria-label={buttonLabel} onClick={() => void run(request(lang))}>
          {button}
        </button>
        {hint !== undefined && <span className="small muted">{hint}</span>}
      </div>
      {children}
      {state.status === 'busy' && <Loading label={t('report.busy')} />}
      {state.status === 'error' && (
        <p className="field-error" role="alert">
          {state.error.message}
        </p>
      )}
      {state.status === 'done' && (
        <>
          {conclusions &&
            state.value.conclusions.map((c) => (
              <p key={c.certificateId} className={`small report-conclusion report-${c.conclusion}`}>
                <strong>{t(`report.conclusion.${c.conclusion}`)}</strong>
                {c.notPassed.length > 0 ? t('report.notPassed', { list: c.notPassed.join(', ') }) : ''}
              </p>
            ))}
          <DeliveredFiles delivery={state.value} label={filesLabel} />
        </>
      )}
    </>
  );
}
