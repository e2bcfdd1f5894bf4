// Declaring (or changing) the answer to a question the evidence does not
// cover. Saved in the case's answer library as a new version, with its
// author, its date and the checks it leans on; the engine then answers the
// question from it (or sends it back to open if a check it leans on failed).
import { useState, type FormEvent } from 'react';
import type { CaiqAnswerValue, CaiqQuestion, CaiqQuestionnaire } from '../../../../shared/api/contract.js';
import type { CheckId } from '../../../../shared/model/verification.js';
import { api } from '../../api/client.js';
import { formatDate } from '../../lib/format.js';

const ANSWERS: { value: CaiqAnswerValue; label: string }[] = [
  { value: 'Yes', label: 'Yes' },
  { value: 'No', label: 'No' },
  { value: 'NA', label: 'NA (does not apply)' },
];

const CHECK_STATUS_WORDS = { passed: 'passed', failed: 'failed in this case', not_provided: 'not provided' } as const;

export function DeclareForm({ question: q, data, caseId, onSaved }: { question: CaiqQuestion; data: CaiqQuestionnaire; caseId: string; onSaved: () => void }) {
  const d = q.declared;
  const [answer, setAnswer] = useState<CaiqAnswerValue | ''>(d?.answer ?? '');
  const [ownership, setOwnership] = useState(d?.ownership ?? '');
  const [description, setDescription] = useState(d?.description ?? '');
  const [customer, setCustomer] = useState(d?.customerResponsibilities ?? '');
  const [leansOn, setLeansOn] = useState<Set<CheckId>>(new Set(d?.leansOn ?? []));
  const [author, setAuthor] = useState(d?.author ?? data.defaultAuthor);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const id = (s: string) => `declare-${s}`;

  async function submit(e: FormEvent) {
    e.preventDefault();
    const p: Record<string, string> = {};
    if (!answer) p.answer = 'Choose Yes, No or NA.';
    if (answer && answer !== 'NA' && !ownership) p.ownership = 'Yes and No answers say who is responsible.';
    if (!description.trim()) p.description = answer === 'NA' ? 'Say why the question does not apply.' : 'Describe what is in place.';
    if (!author.trim()) p.author = 'Say who declares this answer.';
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
    });
    setBusy(false);
    if (!r.ok) return setOutcome({ ok: false, text: r.error.message });
    setOutcome({
      ok: true,
      text: r.value.recorded ? `Saved in the case's answer library as version ${r.value.version}.` : `Nothing changed: this is already the declared answer (version ${r.value.version}).`,
    });
    if (r.value.recorded) onSaved();
  }

  const toggle = (check: CheckId) =>
    setLeansOn((s) => {
      const n = new Set(s);
      if (n.has(check)) n.delete(check);
      else n.add(check);
      return n;
    });

  return (
    <form className="declare" onSubmit={(e) => void submit(e)} aria-labelledby="declare-title" noValidate>
      <h3 id="declare-title" className="q-subtitle">
        {d ? 'Change the declared answer' : 'Declare an answer'}
      </h3>
      {d && (
        <p className="small muted">
          Version {d.version}, declared by {d.author} on {formatDate(d.declaredAt)}. Saving a change keeps this version in the case's history.
        </p>
      )}
      <fieldset className="declare-answers" aria-describedby={problems.answer ? id('answer-error') : undefined}>
        <legend className="label">Answer</legend>
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
              {a.label}
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
        <label htmlFor={id('ownership')}>Who is responsible (SSRM control ownership)</label>
        <select
          id={id('ownership')}
          value={answer === 'NA' ? '' : ownership}
          disabled={answer === 'NA'}
          onChange={(e) => setOwnership(e.target.value)}
          aria-invalid={!!problems.ownership}
          aria-describedby={problems.ownership ? id('ownership-error') : id('ownership-hint')}
        >
          <option value="">{answer === 'NA' ? 'Left blank for NA' : 'Choose…'}</option>
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
            The workbook's own values. An NA answer leaves it blank.
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor={id('description')}>{answer === 'NA' ? 'Why the question does not apply' : 'What is in place (column E)'}</label>
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
        <label htmlFor={id('customer')}>What the customer must do (column F, optional)</label>
        <textarea id={id('customer')} rows={2} value={customer} maxLength={4000} onChange={(e) => setCustomer(e.target.value)} />
      </div>
      <details className="declare-checks">
        <summary>
          Checks it leans on <span className="muted">({leansOn.size} chosen)</span>
        </summary>
        <fieldset>
          <legend className="small muted">If one of them failed in this case, the answer goes back to open until you review it.</legend>
          <div className="check-grid">
            {data.checks.map((c) => (
              <label key={c.id} className="checkbox-label">
                <input type="checkbox" checked={leansOn.has(c.id)} onChange={() => toggle(c.id)} />
                <span className="mono">{c.id}</span>
                <span className={`small ${c.status === 'failed' ? 'field-error' : 'muted'}`}>{CHECK_STATUS_WORDS[c.status]}</span>
              </label>
            ))}
          </div>
        </fieldset>
      </details>
      {d && d.documents.length > 0 && (
        <p className="small muted">
          Also leans on {d.documents.map((doc) => `“${doc.title}”`).join(', ')} (declared from the command line; kept).
        </p>
      )}
      <div className="field">
        <label htmlFor={id('author')}>Declared by</label>
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
      <div className="row">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save declared answer'}
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
