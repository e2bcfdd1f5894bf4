// The desktop shell's security decisions, checked on the pure helpers main.ts
// wires to Electron (Electron itself cannot run here).
import { describe, expect, it, vi } from 'vitest';
import {
  APP_ENTRY_URL,
  createWindowOptions,
  developerToolsAllowed,
  handlePermissionCheck,
  handlePermissionRequest,
  handleWillAttachWebview,
  handleWillNavigate,
  handleWindowOpen,
  isAllowedRequestUrl,
  isAllowedSender,
  isAppUrl,
  openExternalUrl,
} from '../../electron/security.js';
import { respondToAppRequest } from '../../electron/app-protocol.js';
import { CONTENT_SECURITY_POLICY } from '../../shared/face/security-headers.js';

describe('window options', () => {
  const o = createWindowOptions('/app/dist/electron/preload.cjs', { isPackaged: true });
  it('isolates and sandboxes the page, without Node', () => {
    expect(o.webPreferences).toMatchObject({
      preload: '/app/dist/electron/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      experimentalFeatures: false,
    });
  });
  it('does not show the window before its first paint', () => {
    expect(o.show).toBe(false);
  });
  it('has no developer tools in a packaged app, only when run from the sources', () => {
    expect(developerToolsAllowed({ isPackaged: true })).toBe(false);
    expect(developerToolsAllowed({ isPackaged: false })).toBe(true);
    expect(o.webPreferences?.devTools).toBe(false);
    expect(createWindowOptions('/p.cjs', { isPackaged: false }).webPreferences?.devTools).toBe(true);
  });
});

describe('IPC sender check', () => {
  it('accepts only the app page, top frame', () => {
    expect(isAllowedSender(APP_ENTRY_URL)).toBe(true);
    expect(isAllowedSender('app://workstation/index.html#/audit?case=a')).toBe(true);
    expect(isAllowedSender(APP_ENTRY_URL, false)).toBe(false);
  });
  it.each([
    'https://workstation/index.html',
    'http://127.0.0.1:8080/',
    'file:///app/dist-renderer/index.html',
    'app://workstation.evil.example/index.html',
    'app://evil/app://workstation/index.html',
    'app://user:pw@workstation/index.html',
    'https://evil.example/?app://workstation/',
    'devtools://devtools/bundled/inspector.html',
    'about:blank',
    'data:text/html,app://workstation/',
    '',
    'not a url',
  ])('refuses %s', (url) => {
    expect(isAllowedSender(url)).toBe(false);
  });
  it('refuses a missing URL', () => {
    expect(isAllowedSender(undefined)).toBe(false);
    expect(isAllowedSender(null)).toBe(false);
  });
});

describe('navigation and windows', () => {
  it('blocks every navigation, even to the app itself', () => {
    for (const url of ['https://example.org/', APP_ENTRY_URL, 'file:///etc/passwd', 'javascript:alert(1)']) {
      const event = { preventDefault: vi.fn() };
      handleWillNavigate(event, url);
      expect(event.preventDefault).toHaveBeenCalledOnce();
    }
  });
  it('never opens an Electron window; only https links go to the browser', async () => {
    const open = vi.fn(async () => {});
    expect(handleWindowOpen({ url: 'https://example.org/doc' }, open)).toEqual({ action: 'deny' });
    expect(handleWindowOpen({ url: 'file:///etc/passwd' }, open)).toEqual({ action: 'deny' });
    expect(handleWindowOpen({ url: APP_ENTRY_URL }, open)).toEqual({ action: 'deny' });
    await new Promise((r) => setTimeout(r, 0));
    expect(open).toHaveBeenCalledTimes(1);
    expect(open).toHaveBeenCalledWith('https://example.org/doc');
  });
  it('refuses webviews and every permission', () => {
    const event = { preventDefault: vi.fn() };
    handleWillAttachWebview(event);
    expect(event.preventDefault).toHaveBeenCalled();
    const cb = vi.fn();
    handlePermissionRequest({}, 'media', cb);
    expect(cb).toHaveBeenCalledWith(false);
    expect(handlePermissionCheck()).toBe(false);
  });
});

describe('openExternalUrl', () => {
  it.each([
    'http://example.org/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://host/share',
    'https://user:pass@example.org/',
    'ms-settings:privacy',
    'HTTPS//missing-colon',
    42,
    null,
    { toString: () => 'https://example.org' },
  ])('refuses %s', async (value) => {
    const open = vi.fn(async () => {});
    const r = await openExternalUrl(value, open);
    expect(r).toEqual({ ok: false, error: { code: 'forbidden', message: expect.any(String) } });
    expect(open).not.toHaveBeenCalled();
  });
  it('opens a plain https URL, normalised', async () => {
    const open = vi.fn(async () => {});
    expect(await openExternalUrl('HTTPS://Example.org/a b', open)).toEqual({ ok: true, value: undefined });
    expect(open).toHaveBeenCalledWith('https://example.org/a%20b');
  });
});

describe('remote content', () => {
  it('lets the page load only app:// (and data: images)', () => {
    expect(isAllowedRequestUrl('app://workstation/assets/index.js')).toBe(true);
    expect(isAllowedRequestUrl('data:image/png;base64,AAAA')).toBe(true);
    expect(isAllowedRequestUrl('https://fonts.googleapis.com/css')).toBe(false);
    expect(isAllowedRequestUrl('http://127.0.0.1:9/')).toBe(false);
    expect(isAllowedRequestUrl('file:///etc/passwd')).toBe(false);
    expect(isAllowedRequestUrl('ws://127.0.0.1/')).toBe(false);
    expect(isAppUrl('app://workstation/')).toBe(true);
  });
});

describe('app:// protocol', () => {
  const files = new Map([['/r/index.html', new TextEncoder().encode('<html>')], ['/r/assets/a.js', new TextEncoder().encode('x')]]);
  const read = async (p: string) => {
    const f = files.get(p);
    if (!f) throw new Error('ENOENT');
    return f;
  };
  it('serves the renderer with the strict CSP', async () => {
    const r = await respondToAppRequest('app://workstation/', '/r', read);
    expect(r.status).toBe(200);
    expect(r.headers['Content-Type']).toBe('text/html; charset=utf-8');
    expect(r.headers['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
    expect((await respondToAppRequest('app://workstation/assets/a.js', '/r', read)).headers['Content-Type']).toMatch(/javascript/);
  });
  it.each([
    'app://workstation/../etc/passwd',
    'app://workstation/%2e%2e/%2e%2e/etc/passwd',
    'app://workstation/..%2f..%2fetc/passwd',
    'app://workstation/assets/..%5c..%5cx',
    'app://other/index.html',
    'app://workstation/missing.js',
  ])('refuses %s', async (url) => {
    expect((await respondToAppRequest(url, '/r', read)).status).toBe(404);
  });
});

describe('Content Security Policy', () => {
  const directives = new Map(CONTENT_SECURITY_POLICY.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k!, v]));
  it('allows nothing remote and nothing inline', () => {
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('style-src')).toEqual(["'self'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
  });
});
