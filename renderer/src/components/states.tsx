// Loading, error and empty states: every screen shows one of these instead of
// a blank area, in the same place and the same words.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../shared/api/contract.js';
import { SIGN_IN_LOST } from '../api/web-client.js';

export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation('common');
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label ?? t('state.loading')}</span>
    </div>
  );
}

/** Error codes with a hint in the catalog (`common:state.hint.<code>`). */
const HINTED: readonly ApiError['code'][] = ['not_found', 'forbidden', 'unreadable_evidence', 'internal'];

export function ErrorState({ error, onRetry, title }: { error: ApiError; onRetry?: () => void; title?: string }) {
  const { t } = useTranslation('common');
  return (
    <div className="state state-error" role="alert">
      <h2 className="state-title">{title ?? t('state.errorTitle')}</h2>
      {/* The page's own sign-in message is the page's to translate; the workstation's come as it words them. */}
      <p>{error.message === SIGN_IN_LOST ? t('state.signInLost') : error.message}</p>
      {HINTED.includes(error.code) && error.message !== SIGN_IN_LOST && <p className="muted">{t(`state.hint.${error.code}`)}</p>}
      {onRetry && (
        <button type="button" className="btn" onClick={onRetry}>
          {t('state.retry')}
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
