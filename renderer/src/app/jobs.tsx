// Imports running in the engine, followed through pushed events. Kept above
// the screens so an import goes on (and stays visible) while the user looks
// elsewhere.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { ApiError, ImportRequest, JobOutcome, JobProgress } from '../../../shared/api/contract.js';
import { api } from '../api/client.js';

export interface JobState {
  jobId: string;
  caseId: string;
  /** What the user chose, for the progress panel. */
  label: string;
  progress?: JobProgress;
  /** Stages seen so far, in order. */
  stages: string[];
  outcome?: JobOutcome;
  cancelling?: boolean;
}

interface JobsValue {
  jobs: JobState[];
  startImport(req: ImportRequest, label: string): Promise<{ ok: true; jobId: string } | { ok: false; error: ApiError }>;
  cancel(jobId: string): void;
  dismiss(jobId: string): void;
  /** Increases when an import finishes, so screens listing bundles reload. */
  finishedCount: number;
}

const JobsContext = createContext<JobsValue | null>(null);

export function JobsProvider({ children }: { children: ReactNode }) {
  const [jobs, setJobs] = useState<JobState[]>([]);
  const [finishedCount, setFinished] = useState(0);

  useEffect(() => {
    // Events may arrive before the answer to bundles.import: unknown jobs are added, then completed.
    const upsert = (js: JobState[], jobId: string, caseId: string, change: (j: JobState) => JobState) =>
      js.some((j) => j.jobId === jobId)
        ? js.map((j) => (j.jobId === jobId ? change(j) : j))
        : [...js, change({ jobId, caseId, label: 'Import', stages: [] })];
    const offProgress = api().subscribe('job.progress', (p) =>
      setJobs((js) => upsert(js, p.jobId, '', (j) => ({ ...j, progress: p, stages: j.stages.includes(p.stage) ? j.stages : [...j.stages, p.stage] }))),
    );
    const offFinished = api().subscribe('job.finished', (o) => {
      setJobs((js) => upsert(js, o.jobId, o.caseId, (j) => ({ ...j, caseId: o.caseId, outcome: o, cancelling: false })));
      setFinished((n) => n + 1);
    });
    return () => {
      offProgress();
      offFinished();
    };
  }, []);

  const startImport = useCallback<JobsValue['startImport']>(async (req, label) => {
    const r = await api().call('bundles.import', req);
    if (!r.ok) return r;
    const jobId = r.value.jobId;
    // An event may have arrived before this answer: keep what is there.
    setJobs((js) =>
      js.some((j) => j.jobId === jobId)
        ? js.map((j) => (j.jobId === jobId ? { ...j, caseId: req.caseId, label } : j))
        : [...js, { jobId, caseId: req.caseId, label, stages: [] }],
    );
    return { ok: true, jobId };
  }, []);

  const cancel = useCallback((jobId: string) => {
    setJobs((js) => js.map((j) => (j.jobId === jobId ? { ...j, cancelling: true } : j)));
    void api().call('jobs.cancel', { jobId });
  }, []);

  const dismiss = useCallback((jobId: string) => setJobs((js) => js.filter((j) => j.jobId !== jobId)), []);

  const value = useMemo(() => ({ jobs, startImport, cancel, dismiss, finishedCount }), [jobs, startImport, cancel, dismiss, finishedCount]);
  return <JobsContext.Provider value={value}>{children}</JobsContext.Provider>;
}

export function useJobs(): JobsValue {
  const v = useContext(JobsContext);
  if (!v) throw new Error('useJobs outside JobsProvider');
  return v;
}
