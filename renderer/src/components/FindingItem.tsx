// One finding, in plain words: what was found, where, what it means and what
// to do next (the catalog's meaning), with a way to open the exact entry,
// register row or file line it is about.
import { useState } from 'react';
import type { BundleRef } from '../../../shared/api/contract.js';
import { FINDING_CATALOG, type Finding } from '../../../shared/model/findings.js';
import { navigate } from '../app/route.js';
import { formatCount } from '../lib/format.js';
import { SeverityBadge } from './badges.js';
import { FileLines } from './FileLines.js';

export function locationText(f: Finding): string {
  const parts: string[] = [];
  if (f.file) parts.push(f.line ? `${f.file}, line ${formatCount(f.line)}` : f.file);
  if (f.seq !== undefined) parts.push(`entry seq ${formatCount(f.seq)}`);
  if (f.reveal_id) parts.push(`reveal ${f.reveal_id}`);
  if (f.certificate_id) parts.push(`certificate ${f.certificate_id}`);
  return parts.join(' · ');
}

export function FindingItem({ finding: f, bundle, initiallyOpen = false }: { finding: Finding; bundle: BundleRef; initiallyOpen?: boolean }) {
  const def = FINDING_CATALOG[f.code];
  const [showLines, setShowLines] = useState(initiallyOpen);
  const where = locationText(f);
  const canShowLine = !!f.file && !!f.line;

  return (
    <li className={`finding sev-border-${f.severity}`} data-code={f.code} data-testid="finding">
      <div className="finding-head">
        <SeverityBadge severity={f.severity} />
        <span className="finding-title">{def?.title ?? f.code}</span>
        {f.count !== undefined && f.count > 1 && <span className="muted"> · {formatCount(f.count)} occurrences</span>}
        <code className="finding-code">{f.code}</code>
      </div>
      <p className="finding-message">{f.message}</p>
      {where && <p className="finding-where">{where}</p>}
      {def && (
        <p className="finding-meaning">
          <span className="label-inline">What it means: </span>
          {def.meaning}
        </p>
      )}
      <div className="finding-actions">
        {f.seq !== undefined && (
          <button type="button" className="btn btn-small" onClick={() => navigate({ screen: 'audit', ...bundle, seq: f.seq })}>
            Open entry {formatCount(f.seq)}
          </button>
        )}
        {canShowLine && (
          <button type="button" className="btn btn-small" aria-expanded={showLines} onClick={() => setShowLines((s) => !s)}>
            {showLines ? 'Hide' : 'Show'} {f.file!.split('/').pop()} line {formatCount(f.line!)}
          </button>
        )}
        {f.certificate_id && (
          <button type="button" className="btn btn-small" onClick={() => navigate({ screen: 'erasures', ...bundle, cert: f.certificate_id })}>
            Open certificate {f.certificate_id}
          </button>
        )}
      </div>
      {showLines && canShowLine && <FileLines bundle={bundle} file={f.file!} line={f.line!} />}
    </li>
  );
}
