// The files of a report the user asked for: offered as downloads in the
// browser (the report itself starts downloading at once; its signature and
// companion are one click away), or where the desktop app saved them. Each
// with its size and SHA-256, so the user can tell which file is which.
import { useState } from 'react';
import type { DeliveredFile, ReportDelivery } from '../../../shared/api/contract.js';
import type { ApiError } from '../../../shared/api/result.js';
import { api } from '../api/client.js';
import { formatBytes } from '../lib/format.js';

const ROLE_WORDS: Record<DeliveredFile['role'], string> = {
  report: 'report',
  twin: 'companion',
  signature: 'signature',
  key: 'public key',
};

/** Saves one offered file through the browser's downloads. */
export async function downloadFile(file: DeliveredFile): Promise<ApiError | null> {
  const a = api();
  if (!a.download) return { code: 'unsupported', message: 'This window has no downloads: files are saved where you choose.' };
  const r = await a.download(file);
  return r.ok ? null : r.error;
}

export function DeliveredFiles({ delivery, label }: { delivery: ReportDelivery; label: string }) {
  const [error, setError] = useState<ApiError | null>(null);
  if (delivery.delivery === 'cancelled') return <p className="small muted">Nothing was saved.</p>;
  const saved = delivery.delivery === 'saved';
  return (
    <div className="delivered" data-testid="delivered-files">
      <p className="small">
        {saved ? 'Saved' : 'Ready'}
        {delivery.signedBy ? (
          <>
            , signed by this workstation's key <span className="mono">{delivery.signedBy}</span>
          </>
        ) : null}
        .{' '}
        {saved
          ? 'Keep the signature files next to the report: recipients check it with them.'
          : 'Your browser saves the report in its downloads folder. Download the signature too: recipients check the report with it.'}
      </p>
      <ul className="plain delivered-list" aria-label={label}>
        {delivery.files.map((f) => (
          <li key={f.name} className="delivered-item">
            <div className="delivered-name">
              <span className="mono">{f.name}</span> <span className="muted small">({ROLE_WORDS[f.role]}, {formatBytes(f.bytes)})</span>
            </div>
            <div className="mono small muted delivered-hash">SHA-256 {f.sha256}</div>
            {saved && f.path && <div className="mono small">{f.path}</div>}
            {!saved && f.downloadId && (
              <button
                type="button"
                className="btn btn-small"
                aria-label={`Download ${f.name}`}
                onClick={() => void downloadFile(f).then(setError)}
              >
                Download
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
