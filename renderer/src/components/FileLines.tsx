// A few lines of an evidence file around the line a finding names, read from
// the case by the engine, with the line itself marked.
import type { BundleRef } from '../../../shared/api/contract.js';
import { useCall } from '../api/use-call.js';
import { ErrorState, Loading } from './states.js';

export function FileLines({ bundle, file, line, context = 3 }: { bundle: BundleRef; file: string; line: number; context?: number }) {
  const r = useCall('evidence.lines', { ...bundle, file, line, context });
  if (r.status === 'loading') return <Loading label={`Reading ${file}…`} />;
  if (r.status === 'error') return <ErrorState error={r.error} onRetry={r.reload} title={`${file} line ${line} could not be shown`} />;
  const d = r.data;
  return (
    <figure className="file-lines">
      <figcaption>
        <span className="mono">{d.file}</span>, line {d.line}
        {d.truncated && <span className="muted"> (long lines cut for display)</span>}
      </figcaption>
      <pre tabIndex={0} aria-label={`${d.file} around line ${d.line}`}>
        {d.lines.map((text, i) => {
          const n = d.firstLine + i;
          return (
            <div key={n} className={n === d.line ? 'fl-line fl-hit' : 'fl-line'}>
              <span className="fl-n" aria-hidden="true">
                {n}
              </span>
              <span className="fl-text">{text || ' '}</span>
              {n === d.line && <span className="sr-only"> (this line)</span>}
            </div>
          );
        })}
      </pre>
    </figure>
  );
}
