// Checking a report one received (findings report, erasure report, CAIQ
// workbook): the file, its .sig.json, and the signer's public key when one
// was sent by a channel one trusts. The workstation judges it as
// `verify-report` does: VALID only for an intact file signed by a key one
// vouches for; intact under a key nobody vouched for is UNKNOWN SIGNER.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReportCheckView } from '../../../shared/api/contract.js';
import { api } from '../api/client.js';
import { stageFiles } from '../api/stage-files.js';
import { formatTime } from '../lib/format.js';
import { FileField } from './FileField.js';
import { Loading } from './states.js';

export function ReportCheck() {
  const { t } = useTranslation('handover');
  const id = useId();
  const [report, setReport] = useState<File | undefined>();
  const [signature, setSignature] = useState<File | undefined>();
  const [key, setKey] = useState<File | undefined>();
  const [state, setState] = useState<{ status: 'idle' | 'busy' } | { status: 'done'; value: ReportCheckView } | { status: 'error'; message: string }>({ status: 'idle' });

  async function check() {
    if (!report || !signature) return;
    setState({ status: 'busy' });
    const staged = await stageFiles([report, signature, ...(key ? [key] : [])]);
    if (!staged.ok) return setState({ status: 'error', message: staged.error.message });
    const [r0, s0, k0] = staged.sources;
    const r = await api().call('reports.verify', { report: r0!, signature: s0!, ...(k0 ? { key: k0 } : {}) });
    setState(r.ok ? { status: 'done', value: r.value } : { status: 'error', message: r.error.message });
  }

  return (
    <section className="panel report-check" aria-labelledby={`${id}-title`} data-testid="report-check">
      <h2 id={`${id}-title`} className="panel-title">
        {t('check.title')}
      </h2>
      <p className="small muted">{t('check.hint')}</p>
      <div className="stack-tight">
        <FileField label={t('check.report')} file={report} onChange={(f) => (setReport(f), setState({ status: 'idle' }))} />
        <FileField label={t('check.signature')} accept=".json" file={signature} onChange={(f) => (setSignature(f), setState({ status: 'idle' }))} />
        <FileField label={t('check.key')} accept=".json" file={key} onChange={(f) => (setKey(f), setState({ status: 'idle' }))} />
      </div>
      <button type="button" className="btn btn-primary btn-small" disabled={!report || !signature || state.status === 'busy'} onClick={() => void check()}>
        {t('check.button')}
      </button>
      {state.status === 'busy' && <Loading label={t('check.busy')} />}
      {state.status === 'error' && (
        <p className="field-error" role="alert">
          {state.message}
        </p>
      )}
      {state.status === 'done' && <CheckOutcome r={state.value} />}
    </section>
  );
}

function CheckOutcome({ r }: { r: ReportCheckView }) {
  const { t } = useTranslation('handover');
  return (
    <div className={`report-check-outcome report-check-${r.verdict}`} role="status" data-testid="report-check-outcome">
      <p className="report-check-verdict">
        <strong>{t(`check.verdict.${r.verdict}`)}</strong> {t(`check.means.${r.verdict}`, { file: r.file })}
      </p>
      {r.verdict === 'invalid' && r.reason && <p>{t('check.reason', { reason: r.reason })}</p>}
      {r.verdict === 'valid' && <p>{t(r.signer === 'key' ? 'check.signerKey' : 'check.signerOwn')}</p>}
      <dl className="kv kv-mono">
        {r.kind && (
          <div>
            <dt>{t('check.kind')}</dt>
            <dd>{r.kind}</dd>
          </div>
        )}
        {r.signedAt && (
          <div>
            <dt>{t('check.asOf')}</dt>
            <dd>{formatTime(r.signedAt)}</dd>
          </div>
        )}
        {r.kid && (
          <div>
            <dt>{t('check.kid')}</dt>
            <dd>{r.kid}</dd>
          </div>
        )}
        {r.fingerprint && (
          <div>
            <dt>{t('check.fingerprint')}</dt>
            <dd>{r.fingerprint}</dd>
          </div>
        )}
        {r.sha256 && (
          <div>
            <dt>SHA-256</dt>
            <dd>{r.sha256}</dd>
          </div>
        )}
      </dl>
      {r.verdict === 'unknown_signer' && <p className="small">{t('check.howToVouch')}</p>}
      {r.notes.map((n, i) => (
        <p key={i} className="small muted">
          {n}
        </p>
      ))}
    </div>
  );
}
