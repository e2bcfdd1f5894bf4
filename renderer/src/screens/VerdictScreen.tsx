// The verdict: one line a person understands at a glance, then what was
// checked, then the findings grouped by severity, each opening its evidence.
// Everything shown is the engine's VerificationResult, never recomputed here.
import { useEffect, useRef, useState } from 'react';
import type { BundleRef } from '../../../shared/api/contract.js';
import { SEVERITIES, isBlocking, type Finding, type Severity } from '../../../shared/model/findings.js';
import type { CheckResult, VerificationResult } from '../../../shared/model/verification.js';
import { useCall } from '../api/use-call.js';
import type { Route } from '../app/route.js';
import { SeverityBadge, VERDICT_WORDS } from '../components/badges.js';
import { FileLines } from '../components/FileLines.js';
import { FindingItem } from '../components/FindingItem.js';
import { ErrorState, Loading } from '../components/states.js';
import { SEVERITY_LABEL, formatCount, formatTime, plural } from '../lib/format.js';

const PAGE = 100;

export function VerdictScreen({ bundle, route }: { bundle: BundleRef; route: Route }) {
  const r = useCall('verification.get', bundle);
  if (r.status === 'loading') return <Loading label="Loading the verdict…" />;
  if (r.status === 'error') return <ErrorState error={r.error} onRetry={r.reload} title="The verdict could not be loaded" />;
  const v = r.data;
  return (
    <div className="stack">
      <VerdictBanner v={v} />
      {route.file && route.line !== undefined && <FileLines bundle={bundle} file={route.file} line={route.line} />}
      <Facts v={v} />
      <div className="verdict-columns">
        <Findings v={v} bundle={bundle} />
        <Checks checks={v.checks} target={route.check} />
      </div>
    </div>
  );
}

function headline(v: VerificationResult): string {
  const blocking = v.findings.filter((f) => isBlocking(f.severity));
  if (v.verdict === 'trusted') {
    const what = [
      plural(v.stats.audit_entries, 'audit entry', 'audit entries'),
      v.stats.reveal_rows !== undefined ? plural(v.stats.reveal_rows, 'reveal') : null,
      v.stats.certificates !== undefined ? plural(v.stats.certificates, 'erasure certificate') : null,
    ].filter(Boolean);
    return `Every check passed on ${what.join(', ')}. This evidence is what the appliance exported.`;
  }
  if (v.verdict === 'partial') {
    return 'The quick check (chain, seal, timestamps, policies) found no problem, but file contents, entry hashes and signatures were not checked: nothing here is proven authentic yet.';
  }
  if (v.verdict === 'unverifiable') {
    const cause = v.findings.find((f) => f.code === 'trust.no_trusted_roots' || f.code === 'bundle.unsafe_entry' || f.code === 'license.untrusted_root');
    return cause ? `${cause.message} Nothing in this bundle can be relied on until that is fixed.` : 'No signature could be checked against a trusted key.';
  }
  const bySev = SEVERITIES.filter((s) => isBlocking(s))
    .map((s) => [s, blocking.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${formatCount(n)} ${SEVERITY_LABEL[s].toLowerCase()}`);
  return `${bySev.join(', ')} ${blocking.length === 1 ? 'finding' : 'findings'}: start with the first one below.`;
}

function VerdictBanner({ v }: { v: VerificationResult }) {
  return (
    <section className={`verdict-banner verdict-banner-${v.verdict}`} aria-labelledby="verdict-word" data-testid="verdict">
      <div className="verdict-icon" aria-hidden="true">
        {v.verdict === 'trusted' ? '✓' : v.verdict === 'problems' ? '!' : v.verdict === 'partial' ? '–' : '?'}
      </div>
      <div>
        <h2 id="verdict-word" className="verdict-word">
          {VERDICT_WORDS[v.verdict].short}
        </h2>
        <p className="verdict-line">{headline(v)}</p>
      </div>
    </section>
  );
}

/** Where the roots came from; an upload's private temporary path means nothing to the reader. */
function trustSource(source: string): string {
  return /[\\/]natalia-uploads-/.test(source) ? `${source.split(/[\\/]/).pop()}, uploaded` : source;
}

function Facts({ v }: { v: VerificationResult }) {
  const items: [string, string][] = [
    ['Installation', v.installation_id ?? '—'],
    ['Exported', `${formatTime(v.exported_at)}${v.exported_by ? ` by ${v.exported_by}` : ''}`],
    ['Appliance version', v.appliance_version ?? '—'],
    ['Contract mode', v.contract_mode ?? '—'],
    ['Audit entries', v.stats.first_seq !== undefined ? `${formatCount(v.stats.audit_entries)} (seq ${formatCount(v.stats.first_seq)} to ${formatCount(v.stats.last_seq)})` : formatCount(v.stats.audit_entries)],
    ['Trust roots', `${v.trust.roots.length === 0 ? 'none' : v.trust.roots.map((r) => r.label ?? r.kid).join(', ')} (from ${trustSource(v.trust.source)})`],
    ['Verification', `${v.stats.mode === 'full' ? 'full (every hash and signature)' : 'quick (chain and seal only)'} in ${(v.stats.duration_ms / 1000).toFixed(1)} s`],
    ['Bundle SHA-256', v.bundle.sha256 ?? '—'],
  ];
  return (
    <section className="panel" aria-label="About this bundle">
      <dl className="facts">
        {items.map(([k, val]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd className={k === 'Bundle SHA-256' || k === 'Installation' ? 'mono' : undefined}>{val}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function Findings({ v, bundle }: { v: VerificationResult; bundle: BundleRef }) {
  const groups = SEVERITIES.map((s) => [s, v.findings.filter((f) => f.severity === s)] as const).filter(([, fs]) => fs.length > 0);
  return (
    <section className="panel findings-panel" aria-labelledby="findings-title">
      <h2 id="findings-title" className="panel-title">
        Findings <span className="muted">({formatCount(v.findings.length)})</span>
      </h2>
      {groups.length === 0 && <p>No findings: nothing in this bundle needs your attention.</p>}
      {groups.map(([s, fs]) => (
        <FindingGroup key={s} severity={s} findings={fs} bundle={bundle} />
      ))}
    </section>
  );
}

function FindingGroup({ severity, findings, bundle }: { severity: Severity; findings: readonly Finding[]; bundle: BundleRef }) {
  const [shown, setShown] = useState(PAGE);
  const [open, setOpen] = useState(isBlocking(severity));
  const id = `group-${severity}`;
  return (
    <div className="finding-group">
      <h3 className="finding-group-title">
        <button type="button" className="disclosure" aria-expanded={open} aria-controls={id} onClick={() => setOpen((o) => !o)}>
          <span aria-hidden="true">{open ? '▾' : '▸'}</span> <SeverityBadge severity={severity} /> {plural(findings.length, 'finding')}
        </button>
      </h3>
      {open && (
        <ul id={id} className="finding-list">
          {findings.slice(0, shown).map((f, i) => (
            <FindingItem key={`${f.code}-${f.file}-${f.line}-${f.seq}-${i}`} finding={f} bundle={bundle} />
          ))}
        </ul>
      )}
      {open && findings.length > shown && (
        <button type="button" className="btn btn-small" onClick={() => setShown((n) => n + PAGE)}>
          Show {Math.min(PAGE, findings.length - shown)} more of {formatCount(findings.length - shown)}
        </button>
      )}
    </div>
  );
}

const CHECK_WORDS: Record<CheckResult['status'], string> = { passed: 'Passed', failed: 'Failed', not_provided: 'Not provided' };

/** The checks, with the one a citation named (`target`) brought into view and focused. */
function Checks({ checks, target }: { checks: CheckResult[]; target?: string }) {
  const targetRef = useRef<HTMLLIElement>(null);
  useEffect(() => {
    if (!target || !targetRef.current) return;
    targetRef.current.scrollIntoView({ block: 'nearest' });
    targetRef.current.focus({ preventScroll: true });
  }, [target]);
  return (
    <section className="panel checks-panel" aria-labelledby="checks-title">
      <h2 id="checks-title" className="panel-title">
        Checks
      </h2>
      <ul className="checks">
        {checks.map((c) => (
          <li
            key={c.id}
            ref={c.id === target ? targetRef : undefined}
            tabIndex={c.id === target ? -1 : undefined}
            className={`check check-${c.status}${c.id === target ? ' check-target' : ''}`}
            data-check={c.id}
          >
            <span className={`check-status check-status-${c.status}`}>
              <span aria-hidden="true">{c.status === 'passed' ? '✓' : c.status === 'failed' ? '✕' : '–'}</span> {CHECK_WORDS[c.status]}
            </span>
            <div>
              <div className="check-id mono">{c.id}</div>
              <div className="check-summary">{c.summary}</div>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
