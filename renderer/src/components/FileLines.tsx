// A few lines of an evidence file around the line a finding names, read from
// the case by the engine, with the line itself marked.
import { useTranslation } from 'react-i18next';
import type { BundleRef } from '../../../shared/api/contract.js';
import { formatCount } from '../lib/format.js';
import { useCall } from '../api/use-call.js';
import { ErrorState, Loading } from './states.js';

export function FileLines({ bundle, file, line, context = 3 }: { bundle: BundleRef; file: string; line: number; context?: number }) {
  const { t } = useTranslation('common');
  const r = useCall('evidence.lines', { ...bundle, file, line, context });
  if (r.status === 'loading') return <Loading label={t('lines.reading', { file })} />;
  if (r.status === 'error') return <ErrorState error={r.error} onRetry={r.reload} title={t('lines.failed', { file, line: formatCount(line) })} />;
  const d = r.data;
  return (
    <figure className="file-lines">
      <figcaption>
        <span className="mono">{d.file}</span>, {t('lines.line', { line: formatCount(d.line) })}
        {d.truncated && <span className="muted"> {t('lines.truncated')}</span>}
      </figcaption>
      <pre tabIndex={0} aria-label={t('lines.around', { file: d.file, line: formatCount(d.line) })}>
        {d.lines.map((text, i) => {
          const n = d.firstLine + i;
          return (
            <div key={n} className={n === d.line ? 'fl-line fl-hit' : 'fl-line'}>
              <span className="fl-n" aria-hidden="true">
                {n}
              </span>
              <span className="fl-text">{text || ' '}</span>
              {n === d.line && <span className="sr-only"> {t('lines.this')}</span>}
            </div>
          );
        })}
      </pre>
    </figure>
  );
}
