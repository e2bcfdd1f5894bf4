// The CAIQ-Lite questionnaire of the case: how much is answered and how
// (from the verified evidence, declared, still open), the 124 questions with
// filters by domain and kind, and for the question chosen its answer, its
// evidence one click away and, where the evidence cannot answer, the form to
// declare it. Every answer is the engine's (engine/reports/caiq); the export
// gives the same signed files as `natalia-audit caiq`.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { CaiqQuestionnaire } from '../../../shared/api/contract.js';
import { api } from '../api/client.js';
import { useCall } from '../api/use-call.js';
import { useReport } from '../api/use-report.js';
import { useJobs } from '../app/jobs.js';
import { navigate, type Route } from '../app/route.js';
import { Coverage } from '../components/caiq/Coverage.js';
import { QuestionDetail } from '../components/caiq/QuestionDetail.js';
import { QuestionTable } from '../components/caiq/QuestionTable.js';
import { isKind, KIND_ORDER, KIND_WORDS } from '../components/caiq/words.js';
import { DeliveredFiles } from '../components/DeliveredFiles.js';
import { ErrorState, Loading } from '../components/states.js';
import { formatCount, formatDate } from '../lib/format.js';

/** Option value for "no filter". */
const ANY = '';

export function QuestionnaireScreen({ caseId, route }: { caseId: string; route: Route }) {
  const r = useCall('caiq.list', { caseId });
  const { finishedCount } = useJobs();
  const reload = r.reload;
  useEffect(() => {
    if (finishedCount > 0) reload();
  }, [finishedCount, reload]);

  if (r.status === 'loading') return <Loading label="Answering the questionnaire from the case's evidence…" />;
  if (r.status === 'error') return <ErrorState error={r.error} onRetry={r.reload} title="The questionnaire could not be loaded" />;
  return <Questionnaire data={r.data} caseId={caseId} route={route} onChanged={r.reload} />;
}

function Questionnaire({ data, caseId, route, onChanged }: { data: CaiqQuestionnaire; caseId: string; route: Route; onChanged: () => void }) {
  const domain = data.domains.some((d) => d.id === route.domain) ? route.domain : undefined;
  const kind = isKind(route.kind) ? route.kind : undefined;
  const shown = useMemo(() => data.questions.filter((q) => (!domain || q.domain === domain) && (!kind || q.kind === kind)), [data, domain, kind]);
  const selected = data.questions.find((q) => q.questionId === route.q);
  const noBundle = data.questions.every((q) => q.kind === 'needs_input') && data.questions.some((q) => q.reason?.startsWith('The case holds no verified bundle.'));
  const set = (patch: Partial<Route>) => navigate({ ...route, ...patch });
  const countKind = (k: string) => data.questions.filter((q) => (!domain || q.domain === domain) && q.kind === k).length;

  return (
    <div className="stack">
      <div className="q-top">
        <section className="panel" aria-labelledby="coverage-title">
          <h2 id="coverage-title" className="panel-title">
            Coverage <span className="muted small">(CAIQ v{data.version}, as of {formatDate(data.asOf)})</span>
          </h2>
          <Coverage summary={data.summary} version={data.version} />
          {noBundle && <p className="small notice">This case holds no bundle yet: import one, and the questions its evidence covers are answered.</p>}
        </section>
        <ExportPanel caseId={caseId} data={data} />
      </div>
      <form className="filters" role="search" aria-label="Filter the questions" onSubmit={(e) => e.preventDefault()}>
        <div className="filter">
          <label htmlFor="q-domain">Domain</label>
          <select id="q-domain" className="q-domain-select" value={domain ?? ANY} onChange={(e) => set({ domain: e.target.value || undefined })}>
            <option value={ANY}>All 17 domains ({formatCount(data.questions.length)})</option>
            {data.domains.map((d) => (
              <option key={d.id} value={d.id}>
                {d.id} · {d.name} ({d.questions})
              </option>
            ))}
          </select>
        </div>
        <div className="filter">
          <label htmlFor="q-kind">Kind</label>
          <select id="q-kind" value={kind ?? ANY} onChange={(e) => set({ kind: e.target.value || undefined })}>
            <option value={ANY}>Any kind</option>
            {KIND_ORDER.map((k) => (
              <option key={k} value={k}>
                {KIND_WORDS[k].short} ({countKind(k)})
              </option>
            ))}
          </select>
        </div>
        <div className="filter filter-actions">
          <button type="button" className="btn btn-small" disabled={!domain && !kind} onClick={() => set({ domain: undefined, kind: undefined })}>
            Clear filters
          </button>
        </div>
        <p className="filters-note muted small" role="status" data-testid="question-count">
          {shown.length === data.questions.length ? `All ${formatCount(shown.length)} questions` : `${formatCount(shown.length)} of ${formatCount(data.questions.length)} questions`}
        </p>
      </form>
      <div className="q-layout">
        <QuestionTable questions={shown} selected={selected?.questionId} onSelect={(q) => set({ q })} />
        <aside className="q-detail" aria-label="Question details">
          {selected ? (
            <QuestionDetail question={selected} data={data} caseId={caseId} onClose={() => set({ q: undefined })} onSaved={onChanged} />
          ) : (
            <div className="state state-empty">
              <h2 className="state-title">No question chosen</h2>
              <p className="muted">Choose a question to see its answer and the evidence it rests on, or to declare an answer the evidence cannot give.</p>
            </div>
          )}
        </aside>
      </div>
    </div>
  );
}

function ExportPanel({ caseId, data }: { caseId: string; data: CaiqQuestionnaire }) {
  const [state, run] = useReport('caiq.export');
  const [stageError, setStageError] = useState<string | null>(null);
  const [staging, setStaging] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);

  async function fill(file: File) {
    setStageError(null);
    setStaging(file.name);
    const staged = await api().stageFile(file);
    setStaging(null);
    if (!staged.ok) return setStageError(staged.error.message);
    await run({ caseId, workbook: staged.value });
  }

  const busy = state.status === 'busy' || staging !== null;
  return (
    <section className="panel q-export" aria-labelledby="export-title">
      <h2 id="export-title" className="panel-title">
        Export
      </h2>
      <p className="small muted">
        A workbook of the {data.questions.length} questions of CAIQ v{data.version} with their answers and evidence, and the same as CSV, each signed by this workstation. Or fill the official CAIQ v4.0.x or v4.1 workbook
        you downloaded from CSA: only the answer columns of the questions answered here are written.
      </p>
      <div className="row">
        <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void run({ caseId })}>
          Export questionnaire (.xlsx + CSV)
        </button>
        <button type="button" className="btn" disabled={busy} onClick={() => input.current?.click()}>
          Fill the official workbook…
        </button>
        <input
          ref={input}
          type="file"
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          className="sr-only"
          tabIndex={-1}
          aria-label="Official CAIQ workbook"
          data-testid="workbook-file-input"
          onChange={(e) => {
            const f = e.target.files?.[0];
            e.target.value = '';
            if (f) void fill(f);
          }}
        />
      </div>
      {staging && <Loading label={`Reading ${staging}…`} />}
      {state.status === 'busy' && <Loading label="Writing and signing the questionnaire…" />}
      {(state.status === 'error' || stageError) && (
        <p className="field-error" role="alert">
          {stageError ?? (state.status === 'error' ? state.error.message : '')}
        </p>
      )}
      {state.status === 'done' && <DeliveredFiles delivery={state.value} label="Questionnaire files" />}
    </section>
  );
}
