// Loading, error and empty states: every screen shows one of these instead of
// a blank area, in the same place and the same words.
import type { ReactNode } from 'react';
import type { ApiError } from '../../../shared/api/result.js';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}

const ERROR_HINT: Partial<Record<ApiError['code'], string>> = {
  not_found: 'It may have been removed, or the link is out of date.',
  forbidden: 'Open the workstation again from the address it printed at launch.',
  unreadable_evidence: 'The file could not be read as evidence.',
  internal: 'Something went wrong inside the workstation. Try again; if it persists, note the message.',
};

export function ErrorState({ error, onRetry, title = 'This could not be loaded' }: { error: ApiError; onRetry?: () => void; title?: string }) {
  return (
    <div className="state state-error" role="alert">
      <h2 className="state-title">{title}</h2>
      <p>{error.message}</p>
      {ERROR_HINT[error.code] && <p className="muted">{ERROR_HINT[error.code]}</p>}
      {onRetry && (
        <button type="button" className="btn" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Empty({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="state state-empty">
      <h2 className="state-title">{title}</h2>
      {children && <div className="muted">{children}</div>}
      {action && <div className="state-action">{action}</div>}
    </div>
  );
}
