// Small labels: severities, verdicts, check marks. Colour is never the only
// signal: each badge also says its word.
import { useTranslation } from 'react-i18next';
import type { Mark, Verdict } from '../../../shared/api/contract.js';
import type { Severity } from '../../../shared/model/findings.js';

export function SeverityBadge({ severity }: { severity: Severity }) {
  const { t } = useTranslation('common');
  return <span className={`badge sev-${severity}`}>{t(`severity.${severity}`)}</span>;
}

export function VerdictBadge({ verdict }: { verdict: Verdict }) {
  const { t } = useTranslation('common');
  return <span className={`badge verdict-${verdict}`}>{t(`verdict.${verdict}.short`)}</span>;
}

export function MarkBadge({ mark, okWord, failedWord }: { mark: Mark; okWord?: string; failedWord?: string }) {
  const { t } = useTranslation('common');
  const word = mark === 'ok' ? (okWord ?? t('mark.ok')) : mark === 'failed' ? (failedWord ?? t('mark.failed')) : t('mark.not_checked');
  return (
    <span className={`mark mark-${mark}`}>
      <span aria-hidden="true">{mark === 'ok' ? '✓' : mark === 'failed' ? '✕' : '–'}</span> {word}
    </span>
  );
}
