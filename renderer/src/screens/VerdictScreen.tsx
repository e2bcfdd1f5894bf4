// The verdict: one line a person understands at a glance, then what was
// checked, then the findings grouped by severity, each opening its evidence.
// Everything shown is the engine's VerificationResult, never recomputed here.
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { BundleRef } from '../../../shared/api/contract.js';
import { SEVERITIES, isBlocking, type Finding, type Severity } from '../../../shared/model/findings.js';
import type { CheckResult, VerificationResult } from '../../../shared/model/verification.js';
import { useCall } from '../api/use-call.js';
import type { Route } from '../app/route.js';
import { SeverityBadge } from '../components/badges.js';
import { FileLines } from '../components/FileLines.js';
import { FindingItem } from '../components/FindingItem.js';
import { AuditReportAction } from '../components/AuditReportAction.js';
import { ErrorState, Loading } from '../components/states.js';
import { ReviewFilterBar } from '../components/review/ReviewFilterBar.js';
import { ReviewPanel } from '../components/review/ReviewPanel.js';
import { isFilterActive, matchesReview, tagsInUse, type ReviewScreenFilter } from '../components/review/review-filter.js';
import { useCaseReviews } from '../components/review/use-reviews.js';
import { findingPlace } from '../../../shared/model/review-subject.js';
import { formatCount, formatDecimal, formatTime } from '../lib/format.js';
import { checkLabel } from '../i18n/check-words.js';

const PAGE = 100;

export function VerdictScreen({ bundle, route }: { bundle: BundleRef; route: Route }) {
  const { t } = useTranslation('verdict');
  const r = useCall('verification.get', bundle);
  if (r.status === 'loading') return <Loading label={t('loading')} />;
  if (r.status === 'error') return <ErrorState error={r.error} onRetry={r.reload} title={t('loadFailed')} />;
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
      <AuditReportAction caseId={bundle.caseId} />
    </div>
  );
}

function headline(v: VerificationResult, t: TFunction): string {
  const blocking = v.findings.filter((f) => isBlocking(f.severity));
  if (v.verdict === 'trusted') {
    const what = [
      t('what.entries', { count: v.stats.audit_entries }),
      v.stats.reveal_rows !== undefined ? t('what.reveals', { count: v.stats.reveal_rows }) : null,
      v.stats.certificates !== undefined ? t('what.certificates', { count: v.stats.certificates }) : null,
    ].filter(Boolean);
    return t('headline.trusted', { what: what.join(', ') });
  }
  if (v.verdict === 'partial') return t('headline.partial');
  if (v.verdict === 'unverifiable') {
    const cause = v.findings.find((f) => f.code === 'trust.no_trusted_roots' || f.code === 'bundle.unsafe_entry' || f.code === 'license.untrusted_root');
    return cause ? t('headline.unverifiableCause', { message: cause.message }) : t('headline.unverifiable');
  }
  const bySev = SEVERITIES.filter((s) => isBlocking(s))
    .map((s) => [s, blocking.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => t(`bySeverity.${s}`, { count: n }));
  return t('headline.problems', { count: blocking.length, list: bySev.join(', ') });
}

function VerdictBanner({ v }: { v: VerificationResult }) {
  const { t } = useTranslation('verdict');
  return (
    <section className={`verdict-banner verdict-banner-${v.verdict}`} aria-labelledby="verdict-word" data-testid="verdict">
      <div className="verdict-icon" aria-hidden="true">
        {v.verdict === 'trusted' ? '✓' : v.verdict === 'problems' ? '!' : v.verdict === 'partial' ? '–' : '?'}
      </div>
      <div>
        <h2 id="verdict-word" className="verdict-word">
          {t(`common:verdict.${v.verdict}.short`)}
        </h2>
        <p className="verdict-line">{headline(v, t)}</p>
      </div>
    </section>
  );
}

/** Where the roots came from; an upload's private temporary path means nothing to the reader. */
function trustSource(source: string, t: TFunction): string {
  return /[\\/]natalia-uploads-/.test(source) ? t('facts.uploaded', { name: source.split(/[\\/]/).pop() }) : source;
}

function Facts({ v }: { v: VerificationResult }) {
  const { t } = useTranslation('verdict');
  const items: [string, string, boolean?][] = [
    [t('facts.installation'), v.installation_id ?? '—', true],
    [t('facts.exported'), v.exported_by ? t('facts.exportedBy', { time: formatTime(v.exported_at), by: v.exported_by }) : formatTime(v.exported_at)],
    [t('facts.applianceVersion'), v.appliance_version ?? '—'],
    [t('facts.contractMode'), v.contract_mode ?? '—'],
    [
      t('facts.entries'),
      v.stats.first_seq !== undefined
        ? t('facts.entriesRange', { n: formatCount(v.stats.audit_entries), first: formatCount(v.stats.first_seq), last: formatCount(v.stats.last_seq) })
        : formatCount(v.stats.audit_entries),
    ],
    [t('facts.trustRoots'), t('facts.rootsFrom', { roots: v.trust.roots.length === 0 ? t('common:none') : v.trust.roots.map((r) => r.label ?? r.kid).join(', '), source: trustSource(v.trust.source, t) })],
    [t('facts.verification'), t(v.stats.mode === 'full' ? 'facts.modeFull' : 'facts.modeQuick', { seconds: formatDecimal(v.stats.duration_ms / 1000, 1) })],
    [t('facts.sha256'), v.bundle.sha256 ?? '—', true],
  ];
  return (
    <section className="panel" aria-label={t('facts.label')}>
      <dl className="facts">
        {items.map(([k, val, mono]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd className={mono ? 'mono' : undefined}>{val}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/** "code@place" of a finding: its subject key without the export's identity (shared/model/review-subject.ts). */
const findingPart = (f: Finding) => `${f.code}@${findingPlace(f)}`;

function Findings({ v, bundle }: { v: VerificationResult; bundle: BundleRef }) {
  const { t } = useTranslation('verdict');
  const reviews = useCaseReviews(bundle.caseId, { kinds: ['finding'], bundleId: bundle.bundleId });
  const [filter, setFilter] = useState<ReviewScreenFilter>({});
  // The engine names each finding's subject; findings are matched to it by code and place.
  const subjectOf = useMemo(() => {
    const m = new Map<string, string>();
    for (const s of reviews.subjects) m.set(s.subject.slice(s.subject.indexOf(':', 'finding:'.length) + 1), s.subject);
    return (f: Finding) => m.get(findingPart(f));
  }, [reviews.subjects]);
  const kept = isFilterActive(filter) ? v.findings.filter((f) => matchesReview(reviews.reviewOf(subjectOf(f)), true, filter)) : v.findings;
  const groups = SEVERITIES.map((s) => [s, kept.filter((f) => f.severity === s)] as const).filter(([, fs]) => fs.length > 0);
  const reviewOf = (f: Finding) => {
    const subject = subjectOf(f);
    return subject === undefined ? undefined : (
      <ReviewPanel
        caseId={bundle.caseId}
        subject={subject}
        decidable
        review={reviews.reviewOf(subject)}
        defaultReviewer={reviews.defaultReviewer}
        onChange={(r) => reviews.update(subject, r)}
      />
    );
  };
  return (
    <section className="panel findings-panel" aria-labelledby="findings-title">
      <h2 id="findings-title" className="panel-title">
        {t('findings.title')} <span className="muted">({formatCount(v.findings.length)})</span>
      </h2>
      {v.findings.length > 0 && (
        <ReviewFilterBar value={filter} onChange={setFilter} tags={tagsInUse(reviews.reviews)} decidable shown={kept.length} total={v.findings.length} />
      )}
      {reviews.status === 'error' && <ErrorState error={reviews.error!} onRetry={reviews.reload} title={t('review:filter.failed')} />}
      {v.findings.length === 0 && <p>{t('findings.none')}</p>}
      {groups.map(([s, fs]) => (
        <FindingGroup key={s} severity={s} findings={fs} bundle={bundle} reviewOf={reviewOf} forceOpen={isFilterActive(filter)} />
      ))}
    </section>
  );
}

function FindingGroup({
  severity,
  findings,
  bundle,
  reviewOf,
  forceOpen,
}: {
  severity: Severity;
  findings: readonly Finding[];
  bundle: BundleRef;
  reviewOf: (f: Finding) => ReactNode;
  /** A review filter is on: show what it kept, whatever the severity. */
  forceOpen: boolean;
}) {
  const { t } = useTranslation('verdict');
  const [shown, setShown] = useState(PAGE);
  const [open, setOpen] = useState(isBlocking(severity) || forceOpen);
  useEffect(() => {
    if (forceOpen) setOpen(true);
  }, [forceOpen]);
  const id = `group-${severity}`;
  return (
    <div className="finding-group">
      <h3 className="finding-group-title">
        <button type="button" className="disclosure" aria-expanded={open} aria-controls={id} onClick={() => setOpen((o) => !o)}>
          <span aria-hidden="true">{open ? '▾' : '▸'}</span> <SeverityBadge severity={severity} /> {t('findings.count', { count: findings.length })}
        </button>
      </h3>
      {open && (
        <ul id={id} className="finding-list">
          {findings.slice(0, shown).map((f, i) => (
            <FindingItem key={`${f.code}-${f.file}-${f.line}-${f.seq}-${i}`} finding={f} bundle={bundle} review={reviewOf(f)} />
          ))}
        </ul>
      )}
      {open && findings.length > shown && (
        <button type="button" className="btn btn-small" onClick={() => setShown((n) => n + PAGE)}>
          {t('findings.more', { n: formatCount(Math.min(PAGE, findings.length - shown)), left: formatCount(findings.length - shown) })}
        </button>
      )}
    </div>
  );
}

/** The checks, with the one a citation named (`target`) brought into view and focused. */
function Checks({ checks, target }: { checks: CheckResult[]; target?: string }) {
  const { t } = useTranslation('verdict');
  const targetRef = useRef<HTMLLIElement>(null);
  useEffect(() => {
    if (!target || !targetRef.current) return;
    targetRef.current.scrollIntoView({ block: 'nearest' });
    targetRef.current.focus({ preventScroll: true });
  }, [target]);
  return (
    <section className="panel checks-panel" aria-labelledby="checks-title">
      <h2 id="checks-title" className="panel-title">
        {t('checks.title')}
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
              <span aria-hidden="true">{c.status === 'passed' ? '✓' : c.status === 'failed' ? '✕' : '–'}</span> {t(`checks.status.${c.status}`)}
              {/* Low notices under a passed check: it passed, with notices, never failed for them. */}
              {c.status === 'passed' && c.notices ? t('checks.withNotices', { count: c.notices }) : ''}
            </span>
            <div>
              <div className="check-name">
                {checkLabel(c.id)} <code className="check-id">{c.id}</code>
              </div>
              <div className="check-what">{t(`checks.what.${c.id}`)}</div>
              {/* The verifier's own sentence, with its counts; quoted as such where the screen speaks another language. */}
              <div className="check-summary">{t('checks.detail', { text: c.summary })}</div>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
