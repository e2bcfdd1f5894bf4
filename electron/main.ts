// The Electron main process: windows, menus, dialogs, the app:// protocol and
// the IPC bridge. Everything else is shared with web mode: the same engine,
// the same handlers, the same dispatcher. Security decisions live in
// security.ts (pure, tested); this file only wires them to Electron's events.
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { BrowserWindow, Menu, app, dialog, ipcMain, protocol, session, shell } from 'electron';
import { IPC_EVENT_CHANNEL, type ApiEvent, type ApiEvents, type EventEnvelope, type FileSource } from '../shared/api/contract.js';
import { ApiFailure } from '../shared/api/result.js';
import { saveDialogDelivery } from '../shared/api/delivery.js';
import { workstationHome } from '../shared/engine/license/trust-store.js';
import { WORKSTATION_VERSION } from '../shared/engine/version.js';
import { sampleDemoBundles } from '../shared/host/demo-bundles.js';
import { startWorkerHost } from '../shared/host/worker-host.js';
import { createThrowawayKeyHome } from '../shared/face/throwaway-key-home.js';
import { respondToAppRequest } from './app-protocol.js';
import { openDialogOptions, registerApiHandlers, registerPickPath } from './ipc.js';
import { buildMenuTemplate } from './menu.js';
import {
  APP_ENTRY_URL,
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  createWindowOptions,
  handlePermissionCheck,
  handlePermissionRequest,
  handleWillAttachWebview,
  handleWillNavigate,
  handleWindowOpen,
  isAllowedRequestUrl,
} from './security.js';

const here = dirname(fileURLToPath(import.meta.url));
const appRoot = app.getAppPath();
const rendererRoot = join(appRoot, 'dist-renderer');
const preloadPath = join(here, 'preload.cjs');
// Packaged or run from the sources: decides whether developer tools exist (security.ts).
const shellBuild = { isPackaged: app.isPackaged };

const { values: args, positionals } = parseArgs({
  args: process.argv.slice(app.isPackaged ? 1 : 2),
  options: { 'case-dir': { type: 'string' }, demo: { type: 'boolean' } },
  allowPositionals: true,
  strict: false,
});

// Every renderer sandboxed, whatever a window's options say.
app.enableSandbox();
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void main();
}

/** Bundles given on the command line or by the OS (file associations). */
function bundleArgs(argv: readonly string[]): FileSource[] {
  return argv
    .filter((a) => /\.(zip|tar\.gz|tgz)$/i.test(a) && !a.startsWith('-'))
    .map((a) => ({ kind: 'path', path: resolve(a) }));
}

async function main(): Promise<void> {
  const pendingOpens: FileSource[] = bundleArgs(positionals.map(String));
  let window: BrowserWindow | null = null;

  const emit = <E extends ApiEvent>(event: E, payload: ApiEvents[E]) => {
    const envelope: EventEnvelope<E> = { event, payload };
    for (const w of BrowserWindow.getAllWindows()) w.webContents.send(IPC_EVENT_CHANNEL, envelope);
  };

  app.on('open-file', (event, path) => {
    event.preventDefault();
    const source: FileSource = { kind: 'path', path };
    if (window) emit('shell.open-file', { source });
    else pendingOpens.push(source);
  });
  app.on('second-instance', (_e, argv) => {
    for (const source of bundleArgs(argv)) emit('shell.open-file', { source });
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });

  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-navigate', handleWillNavigate);
    contents.on('will-redirect', handleWillNavigate);
    contents.on('will-attach-webview', handleWillAttachWebview);
    contents.setWindowOpenHandler((details) => handleWindowOpen(details, (url) => shell.openExternal(url)));
  });

  await app.whenReady();

  const ses = session.defaultSession;
  ses.setPermissionRequestHandler(handlePermissionRequest);
  ses.setPermissionCheckHandler(handlePermissionCheck);
  // No remote content: anything not from app:// is cancelled before it leaves.
  ses.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isAllowedRequestUrl(details.url) }));

  protocol.handle(APP_SCHEME, async (request) => {
    const r = await respondToAppRequest(request.url, rendererRoot, (p) => readFile(p));
    return new Response(r.body as BodyInit, { status: r.status, headers: r.headers });
  });

  // A demo signs its reports with a key of its own, never the workstation's, and keeps its cases beside it
  // unless told where (`natalia-audit open --demo` passes a fresh folder).
  const demoKey = args.demo === true ? await createThrowawayKeyHome() : undefined;
  const workspace =
    typeof args['case-dir'] === 'string' ? resolve(args['case-dir']) : demoKey ? join(demoKey.path, 'cases') : join(workstationHome(), 'cases');
  // The engine runs on its host thread (shared/host/): this process answers
  // the window and never waits on an import or a large query.
  const host = await startWorkerHost(
    {
      workspace,
      version: WORKSTATION_VERSION,
      ...(demoKey ? { keyHome: demoKey.path, demo: sampleDemoBundles(appRoot) } : {}),
    },
    {
      emit,
      resolveSource: async (source) => {
        if (source.kind === 'path') return source.path;
        throw new ApiFailure('unsupported', 'Uploads exist only in web mode; the desktop app reads files where they are.');
      },
      // Reports are saved where the user chooses, before they are made: the chosen name is signed into them.
      delivery: saveDialogDelivery((o) => (window ? dialog.showSaveDialog(window, o) : dialog.showSaveDialog(o)), app.getPath('documents')),
    },
  );
  registerApiHandlers(ipcMain, host.dispatch);
  registerPickPath(ipcMain, async (kind, lang) => {
    const options = openDialogOptions(kind, lang);
    return window ? dialog.showOpenDialog(window, options) : dialog.showOpenDialog(options);
  });

  Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate((command) => emit('menu.command', { command }), process.platform, shellBuild)));

  window = new BrowserWindow(createWindowOptions(preloadPath, shellBuild));
  window.once('ready-to-show', () => window?.show());
  window.webContents.once('did-finish-load', () => {
    for (const source of pendingOpens.splice(0)) emit('shell.open-file', { source });
  });
  window.on('closed', () => (window = null));
  await window.loadURL(APP_ENTRY_URL);

  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', () => {
    void host.close().then(() => demoKey?.remove());
  });
}
