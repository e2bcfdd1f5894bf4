// The workstation's frame: the case and bundle being examined on the left,
// the screens reachable for them, and the current screen on the right.
import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { BundleSummary, CaseDetail } from '../../../shared/api/contract.js';
import { api } from '../api/client.js';
import { useCall } from '../api/use-call.js';
import { VerdictBadge } from '../components/badges.js';
import { Empty } from '../components/states.js';
import { formatDate, formatTime } from '../lib/format.js';
import { LanguageSwitch } from '../components/LanguageSwitch.js';
import { useJobs } from './jobs.js';
import { pushOpen } from './pending-opens.js';
import { CASE_SCREENS, navigate, SCREEN_TABLE, screenNeeds, useRoute, type Route } from './route.js';
import { viewOf } from './screen-views.js';

/** The bundle to show when none is chosen: the most recently imported. */
function latestBundle(c: CaseDetail | undefined): BundleSummary | undefined {
  return c?.bundles.reduce<BundleSummary | undefined>((a, b) => (!a || b.importedAt > a.importedAt ? b : a), undefined);
}

export function App() {
  const { t } = useTranslation('app');
  const route = useRoute();
  const info = useCall('app.info', {});
  const { finishedCount } = useJobs();
  const caseDetail = useCall('cases.get', route.caseId ? { caseId: route.caseId } : null);
  const mainRef = useRef<HTMLElement>(null);
  const reloadCase = caseDetail.reload;

  // First launch on the demo: open its case.
  useEffect(() => {
    if (!route.caseId && info.status === 'ready' && info.data.initialCaseId && window.location.hash.replace(/^#\/?/, '') === '') {
      navigate({ screen: 'verdict', caseId: info.data.initialCaseId });
    }
  }, [info.status, info.data, route.caseId]);

  useEffect(() => {
    if (finishedCount > 0) reloadCase();
  }, [finishedCount, reloadCase]);

  // A screen that needs a bundle, without one chosen: take the latest one of the case.
  const detail = caseDetail.status === 'ready' ? caseDetail.data : undefined;
  useEffect(() => {
    if (!detail || route.bundleId || CASE_SCREENS.includes(route.screen)) return;
    const b = latestBundle(detail);
    if (b) navigate({ ...route, bundleId: b.id });
  }, [detail, route]);

  // Electron's menu and the operating system: commands and bundles that concern the page.
  useEffect(() => {
    const offMenu = api().subscribe('menu.command', ({ command }) => {
      if (command === 'new-case' || command === 'import-bundle' || command === 'open-bag-folder') {
        navigate({ screen: 'cases', caseId: route.caseId });
        window.dispatchEvent(new CustomEvent('natalia:menu', { detail: command }));
      }
      if (command === 'about') window.alert(t('about', { version: info.data?.version ?? '' }));
    });
    const offOpen = api().subscribe('shell.open-file', ({ source }) => {
      pushOpen(source);
      navigate({ screen: 'cases', caseId: route.caseId });
    });
    return () => {
      offMenu();
      offOpen();
    };
  }, [route.caseId, info.data?.version, t]);

  // Screen changes move focus to the main heading, so keyboard and screen reader users follow.
  useEffect(() => {
    mainRef.current?.querySelector<HTMLElement>('h1')?.focus({ preventScroll: true });
  }, [route.screen]);

  const bundle = detail?.bundles.find((b) => b.id === route.bundleId);
  // Case screens (questionnaire, custody) need no bundle; from them, the bundle screens open on the latest one.
  const navBundleId = route.bundleId ?? latestBundle(detail)?.id;
  const bundleRef = route.caseId && navBundleId ? { caseId: route.caseId, bundleId: navBundleId } : null;

  return (
    <div className="app">
      <a className="skip-link" href="#main" onClick={(e) => (e.preventDefault(), mainRef.current?.querySelector<HTMLElement>('h1')?.focus())}>
        {t('skip')}
      </a>
      <aside className="sidebar" aria-label={t('sidebar')}>
        <div className="brand">
          <img src="/icon.svg" alt="" width={28} height={28} />
          <div>
            <div className="brand-name">Natalia</div>
            <div className="brand-sub">{t('brandSub')}</div>
          </div>
        </div>
        <CaseContext route={route} detail={detail} loading={caseDetail.status === 'loading' && !!route.caseId} />
        <nav aria-label={t('screens')}>
          <ul className="nav">
            {SCREEN_TABLE.map((n) => {
              const enabled = n.needs === 'nothing' || (n.needs === 'case' ? !!route.caseId : !!bundleRef);
              const current = route.screen === n.id;
              return (
                <li key={n.id}>
                  {enabled ? (
                    <a
                      href={`#/${n.id}?${new URLSearchParams({ ...(route.caseId ? { case: route.caseId } : {}), ...(navBundleId ? { bundle: navBundleId } : {}) })}`}
                      aria-current={current ? 'page' : undefined}
                      className={current ? 'current' : undefined}
                    >
                      {t(`nav.${n.id}`)}
                    </a>
                  ) : (
                    <span className="nav-disabled" aria-disabled="true" title={n.needs === 'case' ? t('needsCase') : t('needsBundle')}>
                      {t(`nav.${n.id}`)}
                    </span>
                  )}
                </li>
              );
            })}
          </ul>
        </nav>
        <div className="sidebar-foot">
          <LanguageSwitch />
          <div>{info.status === 'ready' ? t('version', { version: info.data.version, mode: api().transport === 'web' ? t('modeWeb') : t('modeDesktop') }) : ' '}</div>
        </div>
      </aside>
      <main id="main" ref={mainRef} className="main">
        <header className="main-head">
          <h1 tabIndex={-1}>{t(`title.${route.screen}`)}</h1>
          {bundle && !CASE_SCREENS.includes(route.screen) && (
            <div className="main-head-bundle">
              <span className="mono">{bundle.name}</span>
              <VerdictBadge verdict={bundle.verdict} />
            </div>
          )}
        </header>
        {/* Focusable so keyboard users can scroll screens that have nothing else to focus. */}
        <div className="main-body" tabIndex={0} role="region" aria-label={t(`title.${route.screen}`)}>
          <ScreenView route={route} detail={detail} />
        </div>
      </main>
    </div>
  );
}

function CaseContext({ route, detail, loading }: { route: Route; detail: CaseDetail | undefined; loading: boolean }) {
  const { t } = useTranslation('app');
  if (!route.caseId) return <div className="case-context muted-inv">{t('noCase')}</div>;
  if (!detail) return <div className="case-context muted-inv">{loading ? t('openingCase') : t('caseNotFound')}</div>;
  return (
    <div className="case-context">
      <div className="label-inv">{t('case')}</div>
      <div className="case-name" title={detail.name}>
        {detail.name}
      </div>
      {detail.bundles.length > 0 && (
        <>
          <label className="label-inv" htmlFor="bundle-select">
            {t('bundle')}
          </label>
          <select
            id="bundle-select"
            className="select-inv"
            title={bundleTitle(detail, route.bundleId, t)}
            value={route.bundleId ?? ''}
            onChange={(e) => navigate({ screen: route.screen === 'cases' ? 'verdict' : route.screen, caseId: route.caseId, bundleId: e.target.value })}
          >
            {!route.bundleId && <option value="">{t('chooseBundle')}</option>}
            {detail.bundles.map((b) => (
              <option key={b.id} value={b.id}>
                {t('bundleOption', {
                  name: b.installationId ?? b.name,
                  exported: formatDate(b.exportedAt ?? b.importedAt),
                  form: b.form === 'directory' ? t('cases:table.folder') : b.form,
                  imported: formatTime(b.importedAt),
                  verdict: t(`common:verdict.${b.verdict}.short`),
                  file: b.fileName,
                })}
                {b.excluded ? ` ${t('bundleExcluded')}` : ''}
              </option>
            ))}
          </select>
          <ChosenBundle detail={detail} bundleId={route.bundleId} />
        </>
      )}
    </div>
  );
}

/** Under the selector, what its closed face cuts off: two imports of one export differ by file, time or verdict. */
function ChosenBundle({ detail, bundleId }: { detail: CaseDetail; bundleId: string | undefined }) {
  const { t } = useTranslation('app');
  const b = detail.bundles.find((x) => x.id === bundleId);
  if (!b) return null;
  return (
    <div className="bundle-chosen muted-inv" data-testid="bundle-chosen">
      <span className="bundle-file" title={b.fileName}>{b.fileName}</span>
      <span>{t('bundleImported', { imported: formatTime(b.importedAt) })}</span>
    </div>
  );
}

/** The chosen bundle in full, for the selector's tooltip (the closed selector shows its start only). */
function bundleTitle(detail: CaseDetail, bundleId: string | undefined, t: TFunction): string | undefined {
  const b = detail.bundles.find((x) => x.id === bundleId);
  return b ? t('bundleTitle', { file: b.fileName, name: b.name, imported: formatTime(b.importedAt), verdict: t(`common:verdict.${b.verdict}.short`) }) : undefined;
}

function ScreenView({ route, detail }: { route: Route; detail: CaseDetail | undefined }): ReactNode {
  const view = viewOf(route.screen);
  switch (screenNeeds(route.screen)) {
    case 'nothing':
      return view({ route });
    case 'case':
      return route.caseId ? view({ route, caseId: route.caseId }) : viewOf('cases')({ route });
    case 'bundle':
      return route.caseId && route.bundleId ? view({ route, bundle: { caseId: route.caseId, bundleId: route.bundleId } }) : <NoBundle route={route} detail={detail} />;
  }
}

function NoBundle({ route, detail }: { route: Route; detail: CaseDetail | undefined }) {
  const { t } = useTranslation('app');
  return (
    <Empty
      title={route.caseId ? t('noBundle.title') : t('noCase')}
      action={
        <a className="btn btn-primary" href={`#/cases${route.caseId ? '?case=' + route.caseId : ''}`}>
          {route.caseId ? t('noBundle.import') : t('noBundle.open')}
        </a>
      }
    >
      {route.caseId && detail ? t('noBundle.explain') : t('noBundle.explainNoCase')}
    </Empty>
  );
}
