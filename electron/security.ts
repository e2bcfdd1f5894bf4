// Electron hardening in one place. Every helper is a pure function that takes
// its side effect as a parameter, so tests feed it hostile input without
// launching Electron. main.ts only wires them to Electron's events.
//
// Rules: the only page is app://workstation/ (our renderer, from our own
// files); it runs sandboxed with context isolation and no Node; it may not
// navigate, open windows, attach webviews, ask for permissions or load
// anything remote; IPC is answered only for that page's top frame.
import type { BrowserWindowConstructorOptions } from 'electron';
import { fail, ok, type Result } from '../shared/api/result.js';

export const APP_SCHEME = 'app';
export const APP_HOST = 'workstation';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** Privileges of app:// (registered before the app is ready). */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true },
} as const;

/** How the shell was started: a packaged install, or a developer's `electron .` from the sources. */
export interface ShellBuild {
  isPackaged: boolean;
}

/**
 * Developer tools only when running from the sources. In a packaged app they
 * would let anyone at the keyboard run script in the page, beside the API, the
 * case and the signing key; so neither the window nor the menu offers them.
 */
export function developerToolsAllowed(build: ShellBuild): boolean {
  return !build.isPackaged;
}

export function createWindowOptions(preloadPath: string, build: ShellBuild): BrowserWindowConstructorOptions {
  return {
    width: 1360,
    height: 880,
    minWidth: 960,
    minHeight: 600,
    show: false,
    backgroundColor: '#f6f7f9',
    title: 'Natalia Auditor Workstation',
    autoHideMenuBar: false,
    webPreferences: {
      preload: preloadPath,
      // The page gets only what the preload exposes through contextBridge.
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      devTools: developerToolsAllowed(build),
    },
  };
}

/** Parses a URL; null when it is not one. */
function parse(url: unknown): URL | null {
  if (typeof url !== 'string' || url.length === 0 || url.length > 8192) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True only for a document of our own app:// origin, compared after parsing. */
export function isAppUrl(url: unknown): boolean {
  const u = parse(url);
  return u !== null && u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '';
}

/**
 * May this IPC sender call the API? `event.senderFrame.url` must be our page,
 * and the frame must be a top frame (we have no iframes; a subframe is foreign).
 */
export function isAllowedSender(url: string | undefined | null, isTopFrame = true): boolean {
  return isTopFrame && isAppUrl(url);
}

/** The page never navigates: it is one document that changes its own screens. */
export function handleWillNavigate(event: { preventDefault(): void }, _url: string): void {
  event.preventDefault();
}

/** Requests the page (or anything it loads) may make: our own origin, and inline images. */
export function isAllowedRequestUrl(url: string): boolean {
  const u = parse(url);
  if (!u) return false;
  if (u.protocol === 'data:') return true;
  // devtools:// only when the user opens the developer tools themselves.
  if (u.protocol === 'devtools:') return true;
  return isAppUrl(url);
}

/**
 * Opens a link in the user's browser, only if it is a plain https URL
 * (no credentials, no other scheme: file:, javascript:, smb:, custom handlers...).
 */
export async function openExternalUrl(value: unknown, open: (url: string) => Promise<void>): Promise<Result<void>> {
  const u = parse(value);
  if (!u || u.protocol !== 'https:' || u.username !== '' || u.password !== '' || u.hostname === '') {
    return fail('forbidden', 'Only https links open outside the workstation.');
  }
  await open(u.toString());
  return ok(undefined);
}

/** window.open and target=_blank: never a new Electron window; https links go to the browser. */
export function handleWindowOpen(
  details: { url: string },
  open: (url: string) => Promise<void>,
): { action: 'deny' } {
  void openExternalUrl(details.url, open);
  return { action: 'deny' };
}

/** Camera, notifications, clipboard reads...: the workstation needs none. */
export function handlePermissionRequest(
  _webContents: unknown,
  _permission: string,
  callback: (granted: boolean) => void,
): void {
  callback(false);
}

export function handlePermissionCheck(): boolean {
  return false;
}

/** No <webview> may ever be attached. */
export function handleWillAttachWebview(event: { preventDefault(): void }): void {
  event.preventDefault();
}
