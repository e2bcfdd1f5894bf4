// One question in full: its answer and where it comes from, the words that
// go into the workbook, why it is No or still open, an answer of the other
// release proposed for review, the evidence it cites, its history, and (for
// questions the evidence does not cover) the form to declare it.
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaiqQuestion, CaiqQuestionnaire } from '../../../../shared/api/contract.js';
import { formatDate } from '../../lib/format.js';
import { AnswerHistory } from './AnswerHistory.js';
import { Citations } from './Citations.js';
import { DeclareForm } from './DeclareForm.js';
import { domainName, kindWords } from './words.js';
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
  const { t } = useTranslation('questionnaire');
  const domain = data.domains.find((d) => d.id === q.domain);
  const heading = useRef<HTMLHeadingElement>(null);
  useEscape(onClose);
  // Focus stays in the table, so the arrow keys keep moving through the questions; the pane only shows its top.
  useEffect(() => {
    heading.current?.scrollIntoView({ block: 'nearest' });
  }, [q.questionId]);
  const kind = kindWords(q.kind);
  return (
    <div className="detail q-detail-body" data-testid="question-detail">
      <div className="detail-head">
        <h2 ref={heading} className="panel-title mono" id="question-title">
          {q.questionId}
        </h2>
        <button type="button" className="btn btn-small btn-quiet" onClick={onClose} aria-label={t('detail.closeLabel')}>
          {t('detail.close')}
        </button>
      </div>
      <p className="q-topic" lang="en">{q.topic}</p>
      <p className="small muted">{domain ? `${domain.id} · ${domainName(domain.id, domain.name)}` : q.domain}</p>
      <dl className="kv q-answer">
        <div>
          <dt>{t('detail.answer')}</dt>
          <dd>{q.answer ? <span className={`badge answer-${q.answer}`}>{q.answer}</span> : <span className="muted">{t('detail.notAnswered')}</span>}</dd>
        </div>
        <div>
          <dt>{t('detail.ownership')}</dt>
          <dd>{q.ownership ?? <span className="muted">—</span>}</dd>
        </div>
        <div>
          <dt>{t('detail.kind')}</dt>
          <dd>
            <span className={`badge kind-${q.kind}`}>{kind.short}</span> <span className="small muted">{kind.long}</span>
          </dd>
        </div>
        {q.declaredBy && (
          <div>
            <dt>{t('detail.declaredBy')}</dt>
            <dd>{t('detail.declaredByWho', { author: q.declaredBy.author, date: formatDate(q.declaredBy.declaredAt) })}</dd>
          </div>
        )}
      </dl>
      {q.reason && (
        <div className={`q-reason ${q.answer === 'No' ? 'q-reason-no' : ''}`}>
          <span className="label-inline">{q.answer === 'No' ? t('detail.whyNo') : t('detail.whyOpen')}</span>
          {q.reason}
        </div>
      )}
      {q.carried && (
        <section className="q-carried" aria-labelledby="q-carried-title" data-testid="question-carried">
          <h3 id="q-carried-title" className="q-subtitle">
            {t('carried.title', { version: q.carried.fromVersion })}
          </h3>
          <p className="small">
            {t(q.carried.renumbered ? 'carried.renumbered' : 'carried.same', { id: q.carried.fromQuestionId, version: q.carried.fromVersion })}
          </p>
          <p className="q-text">
            {t('carried.text', {
              answer: q.carried.answer,
              ownership: q.carried.ownership ? ` (${q.carried.ownership})` : '',
              author: q.carried.author,
              description: q.carried.description,
            })}
          </p>
          <p className="small muted">{t('carried.hint')}</p>
        </section>
      )}
      {q.support && (
        <section aria-labelledby="q-support-title" data-testid="question-support">
          <h3 id="q-support-title" className="q-subtitle">
            {t('detail.supportTitle')}
          </h3>
          <p className="q-text">{q.support.shows}</p>
          <p className="q-text">
            <span className="label-inline">{t('detail.notShown')}</span>
            {q.support.notShown}.
          </p>
        </section>
      )}
      {q.description && (
        <section aria-labelledby="q-desc-title">
          <h3 id="q-desc-title" className="q-subtitle">
            {q.answer === 'NA' ? t('detail.notApplicable') : t('detail.inPlace')}
          </h3>
          <p className="q-text">{q.description}</p>
        </section>
      )}
      {q.customerResponsibilities && (
        <section aria-labelledby="q-csc-title">
          <h3 id="q-csc-title" className="q-subtitle">
            {t('detail.customer')}
          </h3>
          <p className="q-text">{q.customerResponsibilities}</p>
        </section>
      )}
      {(q.kind !== 'needs_input' || q.citations.length > 0) && <Citations caseId={caseId} citations={q.citations} />}
      {q.declared && <AnswerHistory caseId={caseId} version={data.version} questionId={q.questionId} latest={q.declared.version} />}
      {q.declarable ? (
        <DeclareForm key={`${data.version} ${q.questionId}`} question={q} data={data} caseId={caseId} onSaved={onSaved} />
      ) : (
        <p className="small muted q-evidence-only">{t('detail.evidenceOnly')}</p>
      )}
    </div>
  );
}
