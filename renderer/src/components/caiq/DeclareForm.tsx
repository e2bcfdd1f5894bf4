// Declaring (or changing) the answer to a question the evidence does not
// cover: `answers declare` in a form. Saved in the case's answer library as a
// new version, with its author, its date, the checks and documents it leans
// on; the engine then answers the question from it (or sends it back to open
// if a check it leans on failed). A question with an answer of the other
// release to review starts from that answer.
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaiqAnswerValue, CaiqQuestion, CaiqQuestionnaire, FileSource } from '../../../../shared/api/contract.js';
import type { CheckId } from '../../../../shared/model/verification.js';
import { api } from '../../api/client.js';
import { checkLabel } from '../../i18n/check-words.js';
import { formatDate } from '../../lib/format.js';
import { HiddenFileInput } from '../HiddenFileInput.js';

const ANSWERS: { value: CaiqAnswerValue; key: 'yes' | 'no' | 'na' }[] = [
  { value: 'Yes', key: 'yes' },
  { value: 'No', key: 'no' },
  { value: 'NA', key: 'na' },
];

/** How the engine names a document to leave out (caiq.declare `drop`). */
const documentKey = (doc: { title: string; sha256?: string }) => doc.sha256 ?? doc.title;

export function DeclareForm({ question: q, data, caseId, onSaved }: { question: CaiqQuestion; data: CaiqQuestionnaire; caseId: string; onSaved: () => void }) {
  const { t } = useTranslation('questionnaire');
  const d = q.declared;
  const start = d ?? (q.carried ? { answer: q.carried.answer, ownership: q.carried.ownership, description: q.carried.description } : undefined);
  const [answer, setAnswer] = useState<CaiqAnswerValue | ''>(start?.answer ?? '');
  const [ownership, setOwnership] = useState(start?.ownership && data.ownerships.includes(start.ownership) ? start.ownership : '');
  const [description, setDescription] = useState(start?.description ?? '');
  const [customer, setCustomer] = useState(d?.customerResponsibilities ?? '');
  const [leansOn, setLeansOn] = useState<Set<CheckId>>(new Set(d?.leansOn ?? []));
  const [author, setAuthor] = useState(d?.author ?? data.defaultAuthor);
  const [declaredAt, setDeclaredAt] = useState('');
  const [dropped, setDropped] = useState<Set<string>>(new Set());
  const [attached, setAttached] = useState<{ name: string; source: FileSource }[]>([]);
  const [staging, setStaging] = useState<string | null>(null);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const id = (s: string) => `declare-${s}`;

  async function attach(file: File) {
    setOutcome(null);
    setStaging(file.name);
    const staged = await api().stageFile(file);
    setStaging(null);
    if (!staged.ok) return setOutcome({ ok: false, text: staged.error.message });
    setAttached((a) => [...a.filter((x) => x.name !== file.name), { name: file.name, source: staged.value }]);
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const p: Record<string, string> = {};
    if (!answer) p.answer = t('declare.needAnswer');
    if (answer && answer !== 'NA' && !ownership) p.ownership = t('declare.needOwnership');
    if (!description.trim()) p.description = answer === 'NA' ? t('declare.needReason') : t('declare.needDescription');
    if (!author.trim()) p.author = t('declare.needAuthor');
    setProblems(p);
    setOutcome(null);
    if (Object.keys(p).length > 0 || !answer) {
      document.getElementById(id(Object.keys(p)[0]!))?.focus();
      return;
    }
    setBusy(true);
    const r = await api().call('caiq.declare', {
      caseId,
      version: data.version,
      questionId: q.questionId,
      answer,
      ...(answer !== 'NA' ? { ownership } : {}),
      description,
      ...(customer.trim() ? { customerResponsibilities: customer } : {}),
      leansOn: [...leansOn],
      author,
      ...(declaredAt ? { declaredAt } : {}),
      ...(attached.length > 0 ? { attach: attached.map((a) => a.source) } : {}),
      ...(dropped.size > 0 ? { drop: [...dropped] } : {}),
    });
    setBusy(false);
    if (!r.ok) return setOutcome({ ok: false, text: r.error.message });
    setOutcome({ ok: true, text: r.value.recorded ? t('declare.saved', { version: r.value.version }) : t('declare.unchanged', { version: r.value.version }) });
    if (r.value.recorded) {
      setAttached([]);
      setDropped(new Set());
      onSaved();
    }
  }

  const toggle = <T,>(set: (f: (s: Set<T>) => Set<T>) => void, v: T) =>
    set((s) => {
      const n = new Set(s);
      if (n.has(v)) n.delete(v);
      else n.add(v);
      return n;
    });

  return (
    <form className="declare" onSubmit={(e) => void submit(e)} aria-labelledby="declare-title" noValidate>
      <h3 id="declare-title" className="q-subtitle">
        {d ? t('declare.changeTitle') : t('declare.newTitle')}
      </h3>
      {d && <p className="small muted">{t('declare.version', { version: d.version, author: d.author, date: formatDate(d.declaredAt) })}</p>}
      {!d && q.carried && <p className="small notice">{t('declare.fromCarried', { version: q.carried.fromVersion, id: q.carried.fromQuestionId })}</p>}
      <fieldset className="declare-answers" aria-describedby={problems.answer ? id('answer-error') : undefined}>
        <legend className="label">{t('declare.answer')}</legend>
        <div className="row">
          {ANSWERS.map((a, i) => (
            <label key={a.value} className="checkbox-label">
              <input
                type="radio"
                name="declare-answer"
                id={i === 0 ? id('answer') : undefined}
                value={a.value}
                checked={answer === a.value}
                onChange={() => setAnswer(a.value)}
              />
              {t(`declare.${a.key}`)}
            </label>
          ))}
        </div>
        {problems.answer && (
          <p id={id('answer-error')} className="field-error">
            {problems.answer}
          </p>
        )}
      </fieldset>
      <div className="field">
        <label htmlFor={id('ownership')}>{t('declare.ownership')}</label>
        <select
          id={id('ownership')}
          value={answer === 'NA' ? '' : ownership}
          disabled={answer === 'NA'}
          onChange={(e) => setOwnership(e.target.value)}
          aria-invalid={!!problems.ownership}
          aria-describedby={problems.ownership ? id('ownership-error') : id('ownership-hint')}
        >
          <option value="">{answer === 'NA' ? t('declare.ownershipNA') : t('declare.choose')}</option>
          {data.ownerships.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
        {problems.ownership ? (
          <p id={id('ownership-error')} className="field-error">
            {problems.ownership}
          </p>
        ) : (
          <p id={id('ownership-hint')} className="small muted">
            {t('declare.ownershipHint')}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor={id('description')}>{answer === 'NA' ? t('declare.descriptionNA') : t('declare.description')}</label>
        <textarea
          id={id('description')}
          rows={4}
          value={description}
          maxLength={4000}
          onChange={(e) => setDescription(e.target.value)}
          aria-invalid={!!problems.description}
          aria-describedby={problems.description ? id('description-error') : undefined}
        />
        {problems.description && (
          <p id={id('description-error')} className="field-error">
            {problems.description}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor={id('customer')}>{t('declare.customer')}</label>
        <textarea id={id('customer')} rows={2} value={customer} maxLength={4000} onChange={(e) => setCustomer(e.target.value)} />
      </div>
      <details className="declare-checks">
        <summary>
          {t('declare.checks')} <span className="muted">{t('declare.checksChosen', { count: leansOn.size })}</span>
        </summary>
        <fieldset>
          <legend className="small muted">{t('declare.checksHint')}</legend>
          <div className="check-grid">
            {data.checks.map((c) => (
              <label key={c.id} className="checkbox-label">
                <input type="checkbox" checked={leansOn.has(c.id)} onChange={() => toggle(setLeansOn, c.id)} />
                <span>{checkLabel(c.id)}</span>
                <span className={`small ${c.status === 'failed' ? 'field-error' : 'muted'}`}>{t(`declare.checkStatus.${c.status}`)}</span>
              </label>
            ))}
          </div>
        </fieldset>
      </details>
      <fieldset className="field declare-documents" data-testid="declare-documents">
        <legend className="label">{t('declare.documents')}</legend>
        <p className="small muted">{t('declare.documentsHint')}</p>
        {(d?.documents ?? []).length > 0 && (
          <ul className="plain">
            {d!.documents.map((doc) => (
              <li key={documentKey(doc)} className="checkbox-label">
                <input
                  type="checkbox"
                  checked={!dropped.has(documentKey(doc))}
                  onChange={() => toggle(setDropped, documentKey(doc))}
                  aria-label={`${t('declare.keep')} “${doc.title}”`}
                />
                <span>“{doc.title}”</span>
                {doc.sha256 && <span className="mono small muted">SHA-256 {doc.sha256.slice(0, 16)}…</span>}
              </li>
            ))}
          </ul>
        )}
        {attached.length > 0 && (
          <ul className="plain">
            {attached.map((a) => (
              <li key={a.name} className="row small">
                <span>{t('declare.attached', { name: a.name })}</span>
                <button type="button" className="btn btn-small btn-quiet" aria-label={t('declare.removeName', { name: a.name })} onClick={() => setAttached((x) => x.filter((y) => y.name !== a.name))}>
                  {t('declare.remove')}
                </button>
              </li>
            ))}
          </ul>
        )}
        <div className="row">
          <button type="button" className="btn btn-small" disabled={staging !== null} onClick={() => fileInput.current?.click()}>
            {t('declare.attach')}
          </button>
          {staging && <span className="small muted">{t('declare.reading', { name: staging })}</span>}
        </div>
        <HiddenFileInput inputRef={fileInput} label={t('declare.attachLabel')} testId="declare-document-input" onFile={(f) => void attach(f)} />
      </fieldset>
      <div className="field">
        <label htmlFor={id('author')}>{t('declare.author')}</label>
        <input
          id={id('author')}
          value={author}
          maxLength={200}
          onChange={(e) => setAuthor(e.target.value)}
          aria-invalid={!!problems.author}
          aria-describedby={problems.author ? id('author-error') : undefined}
        />
        {problems.author && (
          <p id={id('author-error')} className="field-error">
            {problems.author}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor={id('declared-at')}>{t('declare.declaredAt')}</label>
        <input id={id('declared-at')} type="date" value={declaredAt} max={new Date().toISOString().slice(0, 10)} onChange={(e) => setDeclaredAt(e.target.value)} aria-describedby={id('declared-at-hint')} />
        <p id={id('declared-at-hint')} className="small muted">
          {t('declare.declaredAtHint')}
        </p>
      </div>
      <div className="row">
        <button type="submit" className="btn btn-primary" disabled={busy || staging !== null}>
          {busy ? t('declare.saving') : t('declare.save')}
        </button>
      </div>
      <div role="status" aria-live="polite">
        {outcome?.ok && <p className="small declare-saved">{outcome.text}</p>}
      </div>
      {outcome && !outcome.ok && (
        <p className="field-error" role="alert">
          {outcome.text}
        </p>
      )}
    </form>
  );
}
