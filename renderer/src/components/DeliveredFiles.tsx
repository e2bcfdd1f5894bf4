// The files of a report the user asked for: offered as downloads in the
// browser (the report itself starts downloading at once; its signature and
// companion are one click away), or where the desktop app saved them. Each
// with its size and SHA-256, so the user can tell which file is which.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError, ReportDelivery } from '../../../shared/api/contract.js';
import { downloadFile } from '../api/download-file.js';
import { formatBytes } from '../lib/format.js';

export function DeliveredFiles({ delivery, label }: { delivery: ReportDelivery; label: string }) {
  const { t } = useTranslation('common');
  const [error, setError] = useState<ApiError | null>(null);
  if (delivery.delivery === 'cancelled') return <p className="small muted">{t('delivered.nothing')}</p>;
  const saved = delivery.delivery === 'saved';
  // A portable case is sent to a colleague, not a report to a recipient.
  const kind = delivery.files.some((f) => f.role === 'case') ? 'Case' : '';
  return (
    <div className="delivered" data-testid="delivered-files">
      <p className="small">
        {saved ? t('delivered.saved') : t('delivered.ready')}
        {delivery.signedBy ? (
          <>
            {t('delivered.signedBy')} <span className="mono">{delivery.signedBy}</span>
          </>
        ) : null}
        .{' '}
        {delivery.files.some((f) => f.role === 'signature')
          ? saved
            ? t(`delivered.keepSignature${kind}`)
            : t(`delivered.browserSaves${kind}`)
          : saved
            ? ''
            : t('delivered.browserSavesPlain')}
      </p>
      <ul className="plain delivered-list" aria-label={label}>
        {delivery.files.map((f) => (
          <li key={f.name} className="delivered-item">
            <div className="delivered-name">
              <span className="mono">{f.name}</span> <span className="muted small">({t(`delivered.role.${f.role}`)}, {formatBytes(f.bytes)})</span>
            </div>
            <div className="mono small muted delivered-hash">SHA-256 {f.sha256}</div>
            {saved && f.path && <div className="mono small">{f.path}</div>}
            {!saved && f.downloadId && (
              <button
                type="button"
                className="btn btn-small"
                aria-label={t('delivered.downloadName', { name: f.name })}
                onClick={() => void downloadFile(f).then(setError)}
              >
                {t('delivered.download')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {delivery.notes.length > 0 && (
        <ul className="small delivered-notes">
          {delivery.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error.message}
        </p>
      )}
    </div>
  );
}
