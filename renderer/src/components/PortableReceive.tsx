// "Open a case from a colleague": a portable case file, its signature and,
// when the sender sent it by a channel one trusts, their public key. The
// engine checks it before anything is kept (`natalia-audit case-receive`):
// this says what was checked and opens the new case.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PortableReceiptView } from '../../../shared/api/contract.js';
import { api } from '../api/client.js';
import { stageFiles } from '../api/stage-files.js';
import { FileField } from './FileField.js';
import { formatCount, formatTime } from '../lib/format.js';
import { Loading } from './states.js';

/** The case name proposed for a received file: its name without the extension. */
function proposedName(file: File): string {
  return file.name.replace(/\.natalia-case$/i, '').replace(/-for-a-colleague$/, '');
}

export function PortableReceive({ onOpened }: { onOpened: (r: PortableReceiptView) => void }) {
  const { t } = useTranslation('portable');
  const id = useId();
  const [file, setFile] = useState<File | undefined>();
  const [signature, setSignature] = useState<File | undefined>();
  const [key, setKey] = useState<File | undefined>();
  const [name, setName] = useState('');
  const [state, setState] = useState<{ status: 'idle' | 'busy' } | { status: 'done'; value: PortableReceiptView } | { status: 'error'; message: string }>({ status: 'idle' });
  const reset = () => setState({ status: 'idle' });

  async function open() {
    if (!file || !signature || !name.trim()) return;
    setState({ status: 'busy' });
    const staged = await stageFiles([file, signature, ...(key ? [key] : [])]);
    if (!staged.ok) return setState({ status: 'error', message: staged.error.message });
    const [f0, s0, k0] = staged.sources;
    const r = await api().call('cases.receivePortable', { file: f0!, signature: s0!, ...(k0 ? { key: k0 } : {}), name: name.trim() });
    if (!r.ok) return setState({ status: 'error', message: r.error.message });
    setState({ status: 'done', value: r.value });
    onOpened(r.value);
  }

  return (
    <section className="panel portable-receive report-check" aria-labelledby={`${id}-title`} data-testid="portable-receive">
      <h2 id={`${id}-title`} className="panel-title">
        {t('receive.title')}
      </h2>
      <p className="small muted">{t('receive.hint')}</p>
      <div className="stack-tight">
        <FileField
          label={t('receive.file')}
          accept=".natalia-case"
          file={file}
          onChange={(f) => {
            setFile(f);
            if (f && !name) setName(proposedName(f));
            reset();
          }}
        />
        <FileField label={t('receive.signature')} accept=".json" file={signature} onChange={(f) => (setSignature(f), reset())} />
        <FileField label={t('receive.key')} accept=".json" file={key} onChange={(f) => (setKey(f), reset())} />
        <label htmlFor={`${id}-name`}>{t('receive.name')}</label>
        <input id={`${id}-name`} value={name} maxLength={120} onChange={(e) => (setName(e.target.value), reset())} />
      </div>
      <button type="button" className="btn btn-primary btn-small" disabled={!file || !signature || !name.trim() || state.status === 'busy'} onClick={() => void open()}>
        {t('receive.button')}
      </button>
      {state.status === 'busy' && <Loading label={t('receive.busy')} />}
      {state.status === 'error' && (
        <p className="field-error" role="alert">
          {state.message}
        </p>
      )}
      {state.status === 'done' && <Receipt r={state.value} />}
    </section>
  );
}

function Receipt({ r }: { r: PortableReceiptView }) {
  const { t } = useTranslation('portable');
  const signer = r.signer.known ? 'report-check-valid' : 'report-check-unknown_signer';
  return (
    <div className={`report-check-outcome ${signer}`} role="status" data-testid="portable-receipt">
      <p>
        <strong>{t('receipt.opened', { name: r.name })}</strong>
      </p>
      <ul className="small portable-checks">
        <li>{r.signer.known ? t(r.signer.vouchedBy === 'key' ? 'receipt.signedByKey' : 'receipt.signedByOwn', { file: r.file }) : t('receipt.signedByUnknown', { file: r.file })}</li>
        <li>{t('receipt.custody', { count: r.custodyEntries, formatted: formatCount(r.custodyEntries) })}</li>
        <li>{t('receipt.verifications', { count: r.verifications, reviews: formatCount(r.reviewEvents) })}</li>
        <li>{t('receipt.bytes', { count: r.filesChecked, formatted: formatCount(r.filesChecked), bundles: formatCount(r.bundles) })}</li>
        {r.part && <li>{t('receipt.part', { tag: r.part.tag, count: r.part.subjects, withheld: formatCount(r.part.withheld) })}</li>}
      </ul>
      <dl className="kv kv-mono">
        <div>
          <dt>{t('receipt.asOf')}</dt>
          <dd>{formatTime(r.signedAt)}</dd>
        </div>
        <div>
          <dt>{t('receipt.kid')}</dt>
          <dd>{r.signer.kid}</dd>
        </div>
        <div>
          <dt>{t('receipt.fingerprint')}</dt>
          <dd>{r.signer.fingerprint}</dd>
        </div>
        <div>
          <dt>SHA-256</dt>
          <dd>{r.sha256}</dd>
        </div>
      </dl>
      {!r.signer.known && <p className="small">{t('receipt.howToVouch')}</p>}
    </div>
  );
}
