// The questions as a table (TanStack Table over the rows the filters keep):
// id, topic, answer, ownership and kind. Each id is a button that opens the
// question in the detail pane; the arrow keys move from one question to the
// next, opening it, as in the audit log explorer. The table is one stop in
// the Tab order (the chosen question, else the first): Tab moves on to the
// detail pane instead of through 124 buttons.
import { useRef, type KeyboardEvent } from 'react';
import { createColumnHelper, tableFeatures, useTable } from '@tanstack/react-table';
import type { CaiqQuestion } from '../../../../shared/api/contract.js';
import { useTranslation } from 'react-i18next';
import { i18n } from '../../i18n/setup.js';
import { kindWords } from './words.js';

const features = tableFeatures({});
const helper = createColumnHelper<typeof features, CaiqQuestion>();

const columns = helper.columns([
  helper.accessor((q) => q.questionId, { id: 'question', header: () => i18n.t('questionnaire:table.question') }),
  // The topic words are the workstation's own English summary of CSA's question, not yet translated: marked as English text.
  helper.accessor((q) => q.topic, { id: 'topic', header: () => i18n.t('questionnaire:table.topic'), cell: (c) => <span lang="en">{c.getValue()}</span> }),
  helper.accessor((q) => q.answer, {
    id: 'answer',
    header: () => i18n.t('questionnaire:table.answer'),
    cell: (c) => {
      const v = c.getValue();
      return v ? <span className={`badge answer-${v}`}>{v}</span> : <span className="muted">—</span>;
    },
  }),
  helper.accessor((q) => q.ownership, { id: 'ownership', header: () => i18n.t('questionnaire:table.ownership'), cell: (c) => c.getValue() ?? <span className="muted">—</span> }),
  helper.accessor((q) => q.kind, {
    id: 'kind',
    header: () => i18n.t('questionnaire:table.kind'),
    cell: (c) => (
      <>
        <span className={`badge kind-${c.getValue()}`}>{kindWords(c.getValue()).short}</span>
        {c.row.original.carried && <span className="badge q-to-review">{i18n.t('questionnaire:toReview')}</span>}
      </>
    ),
  }),
]);

export function QuestionTable({ questions, selected, onSelect }: { questions: CaiqQuestion[]; selected: string | undefined; onSelect: (id: string) => void }) {
  const { t } = useTranslation('questionnaire');
  const table = useTable({ features, columns, data: questions, getRowId: (q) => q.questionId });
  const body = useRef<HTMLTableSectionElement>(null);
  const stop = questions.some((q) => q.questionId === selected) ? selected : questions[0]?.questionId;

  function onKeyDown(e: KeyboardEvent<HTMLButtonElement>, index: number) {
    const last = questions.length - 1;
    const to = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: last }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    const next = Math.max(0, Math.min(last, to));
    body.current?.querySelectorAll<HTMLButtonElement>('button.q-open')[next]?.focus();
    onSelect(questions[next]!.questionId);
  }

  return (
    <div className="table-scroll q-table-wrap">
      <table className="table table-compact q-table" data-testid="question-table">
        <caption className="sr-only">{t('table.caption')}</caption>
        <thead>
          {table.getHeaderGroups().map((g) => (
            <tr key={g.id}>
              {g.headers.map((h) => (
                <th key={h.id} scope="col" className={`q-col-${h.column.id}`}>
                  <table.FlexRender header={h} />
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody ref={body}>
          {table.getRowModel().rows.map((row, i) => {
            const q = row.original;
            const isSel = q.questionId === selected;
            return (
              <tr key={row.id} className={isSel ? 'selected' : undefined} onClick={() => onSelect(q.questionId)} data-question={q.questionId}>
                {row.getAllCells().map((c) =>
                  c.column.id === 'question' ? (
                    <th key={c.id} scope="row" className="q-col-question">
                      <button
                        type="button"
                        className="q-open mono"
                        aria-current={isSel ? 'true' : undefined}
                        tabIndex={q.questionId === stop ? 0 : -1}
                        onClick={(e) => (e.stopPropagation(), onSelect(q.questionId))}
                        onKeyDown={(e) => onKeyDown(e, i)}
                      >
                        {q.questionId}
                      </button>
                    </th>
                  ) : (
                    <td key={c.id} className={`q-col-${c.column.id}`}>
                      <table.FlexRender cell={c} />
                    </td>
                  ),
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
      {questions.length === 0 && (
        <p className="q-none" role="status">
          {t('table.none')}
        </p>
      )}
    </div>
  );
}
