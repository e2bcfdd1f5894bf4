// One question in full: its answer and where it comes from, the words that
// go into the workbook, why it is No or still open, the evidence it cites,
// and (for questions the evidence does not cover) the form to declare it.
import { useEffect, useRef } from 'react';
import type { CaiqQuestion, CaiqQuestionnaire } from '../../../../shared/api/contract.js';
import { formatDate } from '../../lib/format.js';
import { Citations } from './Citations.js';
import { DeclareForm } from './DeclareForm.js';
import { KIND_WORDS } from './words.js';
import { useEscape } from '../../lib/use-escape.js';

export function QuestionDetail({
  question: q,
  data,
  caseId,
  onClose,
  onSaved,
}: {
  question: CaiqQuestion;
  data: CaiqQuestionnaire;
  caseId: string;
  onClose: () => void;
  onSaved: () => void;
}) {
  const domain = data.domains.find((d) => d.id === q.domain);
  const heading = useRef<HTMLHeadingElement>(null);
  useEscape(onClose);
  // Focus stays in the table, so the arrow keys keep moving through the questions; the pane only shows its top.
  useEffect(() => {
    heading.current?.scrollIntoView({ block: 'nearest' });
  }, [q.questionId]);
  return (
    <div className="detail q-detail-body" data-testid="question-detail">
      <div className="detail-head">
        <h2 ref={heading} className="panel-title mono" id="question-title">
          {q.questionId}
        </h2>
        <button type="button" className="btn btn-small btn-quiet" onClick={onClose} aria-label="Close the question details">
          Close
        </button>
      </div>
      <p className="q-topic">{q.topic}</p>
      <p className="small muted">
        {domain ? `${domain.id} · ${domain.name}` : q.domain}
      </p>
      <dl className="kv q-answer">
        <div>
          <dt>Answer</dt>
          <dd>{q.answer ? <span className={`badge answer-${q.answer}`}>{q.answer}</span> : <span className="muted">not answered yet</span>}</dd>
        </div>
        <div>
          <dt>Ownership</dt>
          <dd>{q.ownership ?? <span className="muted">—</span>}</dd>
        </div>
        <div>
          <dt>Kind</dt>
          <dd>
            <span className={`badge kind-${q.kind}`}>{KIND_WORDS[q.kind].short}</span> <span className="small muted">{KIND_WORDS[q.kind].long}</span>
          </dd>
        </div>
        {q.declaredBy && (
          <div>
            <dt>Declared by</dt>
            <dd>
              {q.declaredBy.author} on {formatDate(q.declaredBy.declaredAt)}
            </dd>
          </div>
        )}
      </dl>
      {q.reason && (
        <div className={`q-reason ${q.answer === 'No' ? 'q-reason-no' : ''}`}>
          <span className="label-inline">{q.answer === 'No' ? 'Why No: ' : 'Why it is open: '}</span>
          {q.reason}
        </div>
      )}
      {q.support && (
        <section aria-labelledby="q-support-title" data-testid="question-support">
          <h3 id="q-support-title" className="q-subtitle">
            What the verified evidence shows
          </h3>
          <p className="q-text">{q.support.shows}</p>
          <p className="q-text">
            <span className="label-inline">It does not show: </span>
            {q.support.notShown}.
          </p>
        </section>
      )}
      {q.description && (
        <section aria-labelledby="q-desc-title">
          <h3 id="q-desc-title" className="q-subtitle">
            {q.answer === 'NA' ? 'Why it does not apply' : 'What is in place'}
          </h3>
          <p className="q-text">{q.description}</p>
        </section>
      )}
      {q.customerResponsibilities && (
        <section aria-labelledby="q-csc-title">
          <h3 id="q-csc-title" className="q-subtitle">
            What the customer must do
          </h3>
          <p className="q-text">{q.customerResponsibilities}</p>
        </section>
      )}
      {(q.kind !== 'needs_input' || q.citations.length > 0) && <Citations caseId={caseId} citations={q.citations} />}
      {q.declarable ? (
        <DeclareForm key={q.questionId} question={q} data={data} caseId={caseId} onSaved={onSaved} />
      ) : (
        <p className="small muted q-evidence-only">
          A check found this control absent in the verified evidence: the answer is No, and a declared answer would not be used.
        </p>
      )}
    </div>
  );
}
