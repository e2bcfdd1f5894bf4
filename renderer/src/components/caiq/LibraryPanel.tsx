// The case's answer library as a file: exported as `answers export` writes
// it, and a library from another case imported as `answers import` reads it
// (all or none; `--author` is the "Record as declared by" field).
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaiqLibraryImport } from '../../../../shared/api/contract.js';
import { api } from '../../api/client.js';
import { useReport } from '../../api/use-report.js';
import { DeliveredFiles } from '../DeliveredFiles.js';
import { Loading } from '../states.js';
import { HiddenFileInput } from '../HiddenFileInput.js';

export function LibraryPanel({ caseId, declared, onImported }: { caseId: string; declared: number; onImported: () => void }) {
  const { t } = useTranslation('questionnaire');
  const [state, run] = useReport('caiq.exportLibrary');
  const [author, setAuthor] = useState('');
  const [reading, setReading] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<{ ok: true; name: string; r: CaiqLibraryImport } | { ok: false; text: string } | null>(null);
  const input = useRef<HTMLInputElement>(null);

  async function importFile(file: File) {
    setOutcome(null);
    setReading(file.name);
    const staged = await api().stageFile(file);
    if (!staged.ok) {
      setReading(null);
      return setOutcome({ ok: false, text: staged.error.message });
    }
    const r = await api().call('caiq.importLibrary', { caseId, file: staged.value, ...(author.trim() ? { author: author.trim() } : {}) });
    setReading(null);
    if (!r.ok) return setOutcome({ ok: false, text: r.error.message });
    setOutcome({ ok: true, name: file.name, r: r.value });
    if (r.value.recorded.length > 0) onImported();
  }

  return (
    <section className="panel q-library" aria-labelledby="library-title" data-testid="answer-library">
      <h2 id="library-title" className="panel-title">
        {t('library.title')}
      </h2>
      <p className="small muted">{t('library.hint')}</p>
      <p className="small">{t('library.count', { count: declared })}</p>
      <div className="row">
        <button type="button" className="btn" disabled={state.status === 'busy'} onClick={() => void run({ caseId })}>
          {t('library.export')}
        </button>
      </div>
      {state.status === 'busy' && <Loading label={t('library.exporting')} />}
      {state.status === 'error' && (
        <p className="field-error" role="alert">
          {state.error.message}
        </p>
      )}
      {state.status === 'done' && <DeliveredFiles delivery={state.value} label={t('library.files')} />}
      <div className="field">
        <label htmlFor="library-author">{t('library.importAs')}</label>
        <input id="library-author" value={author} maxLength={200} onChange={(e) => setAuthor(e.target.value)} aria-describedby="library-author-hint" />
        <p id="library-author-hint" className="small muted">
          {t('library.importAsHint')}
        </p>
      </div>
      <div className="row">
        <button type="button" className="btn" disabled={reading !== null} onClick={() => input.current?.click()}>
          {t('library.import')}
        </button>
        <HiddenFileInput inputRef={input} label={t('library.importLabel')} accept=".json,application/json" testId="library-file-input" onFile={(f) => void importFile(f)} />
      </div>
      {reading && <Loading label={t('library.importing', { name: reading })} />}
      <div role="status" aria-live="polite">
        {outcome?.ok && (
          <p className="small declare-saved" data-testid="library-imported">
            {t('library.imported', { name: outcome.name, count: outcome.r.recorded.length, unchanged: outcome.r.unchanged })}
          </p>
        )}
      </div>
      {outcome && !outcome.ok && (
        <p className="field-error" role="alert">
          {outcome.text}
        </p>
      )}
    </section>
  );
}
