// Importing a bundle into a case: pick or drop a file (or give a path), choose
// the vendor trust roots, then follow the engine's named stages with a
// progress bar and a Cancel button.
import { useEffect, useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { IMPORT_STAGES, type FileSource } from '../../../shared/api/contract.js';
import { api } from '../api/client.js';
import { useJobs, type JobState } from '../app/jobs.js';
import { navigate } from '../app/route.js';
import { onOpens, takeOpens } from '../app/pending-opens.js';
import { formatBytes } from '../lib/format.js';
import { VerdictBadge } from './badges.js';
import { useCall } from '../api/use-call.js';
import { HiddenFileInput } from './HiddenFileInput.js';

/** Stages named in the catalog (`import:stage.<stage>`); any other is shown with the engine's own label. */
const NAMED_STAGES = new Set<string>(['queued', 'upload', ...IMPORT_STAGES]);

interface Chosen {
  source: FileSource;
  label: string;
}

export function ImportPanel({ caseId }: { caseId: string }) {
  const { t } = useTranslation('import');
  const { jobs, startImport } = useJobs();
  const [trust, setTrust] = useState<Chosen | null>(null);
  const [path, setPath] = useState('');
  const [dragging, setDragging] = useState(false);
  const [upload, setUpload] = useState<{ name: string; sent: number; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const trustInput = useRef<HTMLInputElement>(null);
  const isWeb = api().transport === 'web';

  async function begin(source: FileSource, label: string) {
    setError(null);
    const r = await startImport({ caseId, source, trust: trust?.source }, label);
    if (!r.ok) setError(r.error.message);
  }

  async function stage(file: File, kind: 'bundle' | 'trust') {
    setError(null);
    if (kind === 'bundle') setUpload({ name: file.name, sent: 0, total: file.size });
    const r = await api().stageFile(file, (sent, total) => kind === 'bundle' && setUpload({ name: file.name, sent, total }));
    if (kind === 'bundle') setUpload(null);
    if (!r.ok) return setError(r.error.message);
    if (kind === 'trust') setTrust({ source: r.value, label: file.name });
    else await begin(r.value, file.name);
  }

  async function pick(kind: 'bundle-archive' | 'bundle-folder') {
    const r = await api().pickPath(kind);
    if (!r.ok) {
      if (r.error.code === 'unsupported') fileInput.current?.click();
      else setError(r.error.message);
      return;
    }
    if (r.value && r.value.kind === 'path') await begin(r.value, r.value.path);
  }

  // Electron: menu commands, and bundles the operating system asked us to open.
  const beginRef = useRef(begin);
  beginRef.current = begin;
  const pickRef = useRef(pick);
  pickRef.current = pick;
  useEffect(() => {
    const onMenu = (e: Event) => {
      const cmd = (e as CustomEvent).detail;
      if (cmd === 'import-bundle') void pickRef.current('bundle-archive');
      if (cmd === 'open-bag-folder') void pickRef.current('bundle-folder');
    };
    const takeAll = () => {
      for (const source of takeOpens()) void beginRef.current(source, source.kind === 'path' ? source.path : source.name);
    };
    window.addEventListener('natalia:menu', onMenu);
    const off = onOpens(takeAll);
    takeAll();
    return () => {
      window.removeEventListener('natalia:menu', onMenu);
      off();
    };
  }, []);

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files[0];
    const isFolder = e.dataTransfer.items[0]?.webkitGetAsEntry?.()?.isDirectory === true;
    // A browser cannot send a folder; the desktop app reads it where it is.
    if (file && isFolder && isWeb) return setError(t('folderInBrowser'));
    if (file) void stage(file, 'bundle');
  };

  const caseJobs = jobs.filter((j) => j.caseId === caseId || j.caseId === '');

  return (
    <section className="panel" aria-labelledby="import-title">
      <h2 id="import-title" className="panel-title">
        {t('title')}
      </h2>
      <div
        className={dragging ? 'dropzone dragging' : 'dropzone'}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        data-testid="dropzone"
      >
        <p className="dropzone-text">{t('drop')}</p>
        <div className="row">
          <button type="button" className="btn btn-primary" onClick={() => (isWeb ? fileInput.current?.click() : void pick('bundle-archive'))}>
            {t('chooseFile')}
          </button>
          {!isWeb && (
            <button type="button" className="btn" onClick={() => void pick('bundle-folder')}>
              {t('chooseFolder')}
            </button>
          )}
        </div>
        <HiddenFileInput inputRef={fileInput} label={t('bundleFile')} accept=".zip,.gz,.tgz,application/zip,application/gzip" testId="bundle-file-input" onFile={(f) => void stage(f, 'bundle')} />
      </div>
      {isWeb && (
        <form
          className="path-form"
          onSubmit={(e) => {
            e.preventDefault();
            const p = path.trim();
            if (!p) return setError(t('pathMissing'));
            void begin({ kind: 'path', path: p }, p);
          }}
        >
          <label htmlFor="import-path">{t('pathLabel')}</label>
          <div className="row">
            <input id="import-path" className="mono grow" value={path} onChange={(e) => setPath(e.target.value)} placeholder="/media/usb/natalia-evidence-NAT-…" />
            <button type="submit" className="btn">
              {t('import')}
            </button>
          </div>
        </form>
      )}
      <div className="import-options">
        <div>
          <span className="label">{t('trust.label')}</span>
          <div className="row">
            <span className="trust-choice">{trust ? trust.label : t('trust.store')}</span>
            <button
              type="button"
              className="btn btn-small"
              onClick={async () => {
                if (isWeb) return trustInput.current?.click();
                const r = await api().pickPath('trust-roots');
                if (r.ok && r.value && r.value.kind === 'path') setTrust({ source: r.value, label: r.value.path });
              }}
            >
              {t('trust.choose')}
            </button>
            {trust && (
              <button type="button" className="btn btn-small btn-quiet" onClick={() => setTrust(null)}>
                {t('trust.useStore')}
              </button>
            )}
          </div>
          {!trust && <WorkstationTrust />}
          <p className="muted small">{t('trust.hint')}</p>
          <HiddenFileInput inputRef={trustInput} label={t('trust.file')} accept=".json,application/json" testId="trust-file-input" onFile={(f) => void stage(f, 'trust')} />
        </div>
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {upload && (
        <div className="job" aria-live="polite">
          <div className="job-title">{t('sending', { name: upload.name })}</div>
          <progress max={upload.total || 1} value={upload.sent} aria-label={t('uploadProgress')} />
          <div className="muted small">{t('sentOf', { sent: formatBytes(upload.sent), total: formatBytes(upload.total) })}</div>
        </div>
      )}
      {caseJobs.map((j) => (
        <JobView key={j.jobId} job={j} />
      ))}
    </section>
  );
}

function JobView({ job }: { job: JobState }) {
  const { t } = useTranslation('import');
  const stageLabel = (s: string) => (NAMED_STAGES.has(s) ? t(`stage.${s}`) : s === job.progress?.stage ? (job.progress.label ?? s) : s);
  const { cancel, dismiss } = useJobs();
  const ref = useRef<HTMLDivElement>(null);
  // A new import is shown where the user can see it, whatever was scrolled.
  useEffect(() => {
    ref.current?.scrollIntoView({ block: 'nearest' });
  }, []);
  const current = job.progress?.stage;
  const order: string[] = [...(job.stages.includes('queued') ? ['queued'] : []), ...IMPORT_STAGES];
  for (const s of job.stages) if (!order.includes(s)) order.push(s);
  const currentIndex = current ? order.indexOf(current) : -1;
  const p = job.progress;
  const fraction = p?.bytesTotal ? Math.min(1, (p.bytesRead ?? 0) / p.bytesTotal) : undefined;
  const o = job.outcome;

  return (
    <div className="job" data-testid="import-job" ref={ref}>
      <div className="job-head">
        <div className="job-title" title={job.label}>
          {o ? job.label.split(/[\\/]/).pop() : t('importing', { name: job.label.split(/[\\/]/).pop() })}
        </div>
        {!o && (
          <button type="button" className="btn btn-small" onClick={() => cancel(job.jobId)} disabled={job.cancelling}>
            {job.cancelling ? t('cancelling') : t('cancel')}
          </button>
        )}
        {o && (
          <button type="button" className="btn btn-small btn-quiet" onClick={() => dismiss(job.jobId)}>
            {t('dismiss')}
          </button>
        )}
      </div>
      {(!o || o.outcome === 'failed') && (
        <ol className="stages" aria-label={t('stages')}>
          {order.map((s, i) => {
            const state = i < currentIndex ? 'done' : i === currentIndex && !o ? 'current' : 'todo';
            return (
              <li key={s} className={`stage stage-${state}`} aria-current={state === 'current' ? 'step' : undefined}>
                <span className="stage-mark" aria-hidden="true">
                  {state === 'done' ? '✓' : state === 'current' ? '●' : '○'}
                </span>
                {stageLabel(s)}
                {state === 'current' && p?.entries !== undefined && <span className="muted"> · {t('entries', { count: p.entries })}</span>}
              </li>
            );
          })}
        </ol>
      )}
      {!o && (
        <progress
          max={1}
          value={fraction}
          aria-label={t('progressOf', { stage: current ? stageLabel(current) : t('starting') })}
        />
      )}
      <div aria-live="polite" className="job-outcome">
        {o?.outcome === 'done' && (
          <p>
            {t('imported')} <VerdictBadge verdict={o.verdict} />{' '}
            <a href={`#/verdict?case=${encodeURIComponent(o.caseId)}&bundle=${encodeURIComponent(o.bundleId)}`} onClick={(e) => (e.preventDefault(), navigate({ screen: 'verdict', caseId: o.caseId, bundleId: o.bundleId }))}>
              {t('openVerdict')}
            </a>
          </p>
        )}
        {o?.outcome === 'cancelled' && <p>{t('cancelled')}</p>}
        {o?.outcome === 'failed' && (
          <p className="field-error">
            {t('failed', { message: o.error.message })}
          </p>
        )}
      </div>
    </div>
  );
}

/** What the workstation's own trust store holds: an empty one trusts nothing, and the user should know before importing. */
function WorkstationTrust() {
  const { t } = useTranslation('import');
  const store = useCall('trust.workstation', {});
  if (store.status !== 'ready') return null;
  const { roots, problem, path } = store.data;
  if (problem) {
    return (
      <p className="field-error small" data-testid="workstation-trust">
        {problem} {t('trust.problem')}
      </p>
    );
  }
  if (roots.length === 0) {
    return (
      <p className="small trust-empty" data-testid="workstation-trust">
        {t('trust.empty')} <code>natalia-audit trust add FILE</code>.
      </p>
    );
  }
  return (
    <p className="small" data-testid="workstation-trust" title={path}>
      {t('trust.roots', { count: roots.length })}{' '}
      {roots.map((r, i) => (
        <span key={r.kid}>
          {i > 0 && ', '}
          {r.label ?? t('trust.noLabel')} <span className="mono">({r.kid})</span>
        </span>
      ))}
    </p>
  );
}
