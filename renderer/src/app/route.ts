// Where the user is, kept in the URL fragment (#/audit?case=..&bundle=..&seq=..)
// so Back/Forward and reloads work in both the browser and the desktop app.
import { useMemo, useSyncExternalStore } from 'react';

/** What a screen needs chosen before it can show anything. */
export type ScreenNeeds = 'nothing' | 'case' | 'bundle';

/**
 * The screens, in the sidebar's order: the one declaration of a screen. Its
 * route is `#/<id>`, its place and state in the navigation follow `needs`,
 * its label and title are the catalog's `app:nav.<id>` and `app:title.<id>`,
 * and its view is the entry of the same id in `SCREEN_VIEWS`
 * (screen-views.tsx), which the compiler requires for every id here.
 */
export const SCREEN_TABLE = [
  { id: 'cases', needs: 'nothing' },
  { id: 'verdict', needs: 'bundle' },
  { id: 'audit', needs: 'bundle' },
  { id: 'reveals', needs: 'bundle' },
  { id: 'erasures', needs: 'bundle' },
  { id: 'license', needs: 'bundle' },
  { id: 'replay', needs: 'case' },
  { id: 'questionnaire', needs: 'case' },
  { id: 'custody', needs: 'case' },
] as const satisfies readonly { id: string; needs: ScreenNeeds }[];

export type ScreenEntry = (typeof SCREEN_TABLE)[number];
export type Screen = ScreenEntry['id'];
export const SCREENS: readonly Screen[] = SCREEN_TABLE.map((s) => s.id);

export function screenNeeds(screen: Screen): ScreenNeeds {
  return SCREEN_TABLE.find((s) => s.id === screen)?.needs ?? 'nothing';
}

export interface Route {
  screen: Screen;
  caseId?: string;
  bundleId?: string;
  /** Audit entry to open (explorer). */
  seq?: number;
  /** Evidence file line to show (verdict screen). */
  file?: string;
  line?: number;
  /** Certificate to highlight (erasures). */
  cert?: string;
  /** Check to bring into view (verdict). */
  check?: string;
  /** Questionnaire: the question open in the detail pane, and the filters. */
  q?: string;
  domain?: string;
  kind?: string;
  /** Questionnaire: the CAIQ release shown (4.0.3 or 4.1.0; the current one when left out). */
  release?: string;
}

/** Screens about the whole case rather than one bundle. */
export const CASE_SCREENS: readonly Screen[] = SCREEN_TABLE.filter((s) => s.needs !== 'bundle').map((s) => s.id);

export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  const screen = (SCREENS as readonly string[]).includes(path) ? (path as Screen) : 'cases';
  const q = new URLSearchParams(query);
  const num = (k: string) => {
    const v = q.get(k);
    return v !== null && /^\d+$/.test(v) ? Number(v) : undefined;
  };
  return {
    screen,
    caseId: q.get('case') ?? undefined,
    bundleId: q.get('bundle') ?? undefined,
    seq: num('seq'),
    file: q.get('file') ?? undefined,
    line: num('line'),
    cert: q.get('cert') ?? undefined,
    check: q.get('check') ?? undefined,
    q: q.get('q') ?? undefined,
    domain: q.get('domain') ?? undefined,
    kind: q.get('kind') ?? undefined,
    release: q.get('release') ?? undefined,
  };
}

export function formatRoute(r: Route): string {
  const q = new URLSearchParams();
  if (r.caseId) q.set('case', r.caseId);
  if (r.bundleId) q.set('bundle', r.bundleId);
  if (r.seq !== undefined) q.set('seq', String(r.seq));
  if (r.file) q.set('file', r.file);
  if (r.line !== undefined) q.set('line', String(r.line));
  if (r.cert) q.set('cert', r.cert);
  if (r.check) q.set('check', r.check);
  if (r.q) q.set('q', r.q);
  if (r.domain) q.set('domain', r.domain);
  if (r.kind) q.set('kind', r.kind);
  if (r.release) q.set('release', r.release);
  const qs = q.toString();
  return `#/${r.screen}${qs ? '?' + qs : ''}`;
}

export function navigate(r: Route): void {
  const next = formatRoute(r);
  if (window.location.hash !== next) window.location.hash = next;
}

function subscribeToHash(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

const currentHash = () => window.location.hash;

/**
 * The route in the address. Read through useSyncExternalStore, which checks
 * the address again once it listens: a fragment that changed between the
 * first render and the listener (a link followed while the page was still
 * starting) is not lost.
 */
export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribeToHash, currentHash);
  return useMemo(() => parseRoute(hash), [hash]);
}
