// The questionnaire's files: our own workbook, or the user's official CSA
// workbook filled, plus the CSV, each signed (`natalia-audit caiq`). The
// command's options are here too: write over the user's own answers
// (--overwrite), name who declared each answer (--name-declarant), a library
// of answers for this export only (--answers); the release is the screen's
// (--caiq-version), or the workbook's own when one is filled. The notes and
// the fill report come in the screens' language (--lang).
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaiqExportDelivery, CaiqQuestionnaire, FileSource } from '../../../../shared/api/contract.js';
import { api } from '../../api/client.js';
import { useReport } from '../../api/use-report.js';
import { currentLanguage } from '../../i18n/setup.js';
import { DeliveredFiles } from '../DeliveredFiles.js';
import { Loading } from '../states.js';
import { HiddenFileInput } from '../HiddenFileInput.js';

const XLSX = '.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function ExportPanel({ caseId, data }: { caseId: string; data: CaiqQuestionnaire }) {
  const { t } = useTranslation('questionnaire');
  const [state, run] = useReport('caiq.export');
  const [stageError, setStageError] = useState<string | null>(null);
  const [staging, setStaging] = useState<string | null>(null);
  const [overwrite, setOverwrite] = useState(false);
  const [nameDeclarant, setNameDeclarant] = useState(false);
  const [answers, setAnswers] = useState<{ name: string; source: FileSource } | null>(null);
  const workbookInput = useRef<HTMLInputElement>(null);
  const answersInput = useRef<HTMLInputElement>(null);

  async function stage(file: File): Promise<FileSource | null> {
    setStageError(null);
    setStaging(file.name);
    const staged = await api().stageFile(file);
    setStaging(null);
    if (!staged.ok) {
      setStageError(staged.error.message);
      return null;
    }
    return staged.value;
  }

  const options = () => ({
    caseId,
    lang: currentLanguage(),
    ...(nameDeclarant ? { nameDeclarant: true } : {}),
    ...(answers ? { answers: answers.source } : {}),
  });

  async function fill(file: File) {
    const workbook = await stage(file);
    if (workbook) await run({ ...options(), workbook, ...(overwrite ? { overwrite: true } : {}) });
  }

  const busy = state.status === 'busy' || staging !== null;
  return (
    <section className="panel q-export" aria-labelledby="export-title" data-testid="caiq-export">
      <h2 id="export-title" className="panel-title">
        {t('export.title')}
      </h2>
      <p className="small muted">{t('export.hint', { count: data.questions.length, version: data.version })}</p>
      <fieldset className="q-export-options">
        <legend className="label">{t('export.options')}</legend>
        <label className="checkbox-label">
          <input type="checkbox" checked={overwrite} onChange={(e) => setOverwrite(e.target.checked)} aria-describedby="export-overwrite-hint" />
          {t('export.overwrite')}
        </label>
        <p id="export-overwrite-hint" className="small muted">
          {t('export.overwriteHint')}
        </p>
        <label className="checkbox-label">
          <input type="checkbox" checked={nameDeclarant} onChange={(e) => setNameDeclarant(e.target.checked)} aria-describedby="export-declarant-hint" />
          {t('export.nameDeclarant')}
        </label>
        <p id="export-declarant-hint" className="small muted">
          {t('export.nameDeclarantHint')}
        </p>
        {answers ? (
          <div className="row small" data-testid="export-answers-file">
            <span>{t('export.answersChosen', { name: answers.name })}</span>
            <button type="button" className="btn btn-small btn-quiet" onClick={() => setAnswers(null)}>
              {t('export.answersClear')}
            </button>
          </div>
        ) : (
          <button type="button" className="btn btn-small" disabled={busy} onClick={() => answersInput.current?.click()}>
            {t('export.answersFile')}
          </button>
        )}
        <HiddenFileInput inputRef={answersInput} label={t('export.answersLabel')} accept=".json,application/json" testId="export-answers-input" onFile={(f) => void stage(f).then((source) => source && setAnswers({ name: f.name, source }))} />
      </fieldset>
      <div className="row">
        <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void run({ ...options(), version: data.version })}>
          {t('export.ours')}
        </button>
        <button type="button" className="btn" disabled={busy} onClick={() => workbookInput.current?.click()}>
          {t('export.fill')}
        </button>
        <HiddenFileInput inputRef={workbookInput} label={t('export.fillLabel')} accept={XLSX} testId="workbook-file-input" onFile={(f) => void fill(f)} />
      </div>
      {staging && <Loading label={t('export.reading', { name: staging })} />}
      {state.status === 'busy' && <Loading label={t('export.busy')} />}
      {(state.status === 'error' || stageError) && (
        <p className="field-error" role="alert">
          {stageError ?? (state.status === 'error' ? state.error.message : '')}
        </p>
      )}
      {state.status === 'done' && (
        <>
          {state.value.fill && <FillReport fill={state.value.fill} />}
          <DeliveredFiles delivery={state.value} label={t('export.files')} />
        </>
      )}
    </section>
  );
}

/** The rows written, kept and missing, as lists the user can check against their workbook. */
function FillReport({ fill }: { fill: NonNullable<CaiqExportDelivery['fill']> }) {
  const { t } = useTranslation('questionnaire');
  const lists = [
    { key: 'written', ids: fill.written },
    { key: 'kept', ids: fill.kept },
    { key: 'missing', ids: fill.missing },
    { key: 'repeated', ids: fill.duplicates },
  ] as const;
  return (
    <section className="q-fill-report" aria-labelledby="fill-report-title" data-testid="fill-report">
      <h3 id="fill-report-title" className="q-subtitle">
        {t('export.fillReport')} <span className="muted small">({fill.sheet})</span>
      </h3>
      <dl className="kv">
        {lists.map((l) =>
          l.ids.length > 0 || l.key !== 'repeated' ? (
            <div key={l.key} data-testid={`fill-${l.key}`}>
              <dt>{t(`export.${l.key}`, { count: l.ids.length })}</dt>
              <dd className="mono small">{l.ids.length > 0 ? l.ids.join(', ') : '—'}</dd>
            </div>
          ) : null,
        )}
      </dl>
    </section>
  );
}
