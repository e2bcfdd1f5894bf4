// IPC registration: one channel per contract method, each behind the sender
// check, arguments validated by the shared dispatcher. ipcMain is replaced by
// a plain registry (what Electron's ipcMain.handle keeps), not by a mock app.
import { describe, expect, it } from 'vitest';
import { API_METHODS, IPC_PICK_CHANNEL, ipcChannel } from '../../shared/api/contract.js';
import type { Dispatch } from '../../shared/api/handlers.js';
import { ok } from '../../shared/api/result.js';
import { openDialogOptions, registerApiHandlers, registerPickPath, type IpcInvokeEventLike, type IpcMainLike } from '../../electron/ipc.js';
import { buildMenuTemplate } from '../../electron/menu.js';

type Listener = (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>;

function registry(): IpcMainLike & { handlers: Map<string, Listener> } {
  const handlers = new Map<string, Listener>();
  return {
    handlers,
    handle(channel, listener) {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, listener);
    },
    removeHandler(channel) {
      handlers.delete(channel);
    },
  };
}

const fromApp: IpcInvokeEventLike = { senderFrame: { url: 'app://workstation/index.html#/verdict', parent: null } };

describe('registerApiHandlers', () => {
  it('registers exactly one channel per method, and removes them', () => {
    const ipc = registry();
    const off = registerApiHandlers(ipc, async () => ok(null));
    expect([...ipc.handlers.keys()].sort()).toEqual(API_METHODS.map(ipcChannel).sort());
    off();
    expect(ipc.handlers.size).toBe(0);
  });

  it('passes the method and the raw argument to the dispatcher for the app page', async () => {
    const ipc = registry();
    const calls: [unknown, unknown, unknown][] = [];
    const dispatch: Dispatch = async (m, r, lang) => (calls.push([m, r, lang]), ok('answer'));
    registerApiHandlers(ipc, dispatch);
    const answer = await ipc.handlers.get(ipcChannel('cases.get'))!(fromApp, { caseId: 'c1' });
    expect(answer).toEqual({ ok: true, value: 'answer' });
    // The page's language travels as the second argument; anything but French is English.
    await ipc.handlers.get(ipcChannel('cases.get'))!(fromApp, { caseId: 'c1' }, 'fr');
    await ipc.handlers.get(ipcChannel('cases.get'))!(fromApp, { caseId: 'c1' }, { not: 'a language' });
    expect(calls).toEqual([
      ['cases.get', { caseId: 'c1' }, 'en'],
      ['cases.get', { caseId: 'c1' }, 'fr'],
      ['cases.get', { caseId: 'c1' }, 'en'],
    ]);
  });

  it.each([
    ['a remote page', { senderFrame: { url: 'https://evil.example/', parent: null } }],
    ['a look-alike host', { senderFrame: { url: 'app://workstation.evil/index.html', parent: null } }],
    ['a subframe of the app', { senderFrame: { url: 'app://workstation/index.html', parent: {} } }],
    ['a destroyed frame', { senderFrame: null }],
    ['a file: page', { senderFrame: { url: 'file:///tmp/x.html', parent: null } }],
  ])('answers forbidden to %s without calling the engine', async (_label, event) => {
    const ipc = registry();
    let called = false;
    registerApiHandlers(ipc, async () => ((called = true), ok(null)));
    const answer = await ipc.handlers.get(ipcChannel('cases.list'))!(event as IpcInvokeEventLike, {});
    expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(called).toBe(false);
  });
});

describe('registerPickPath', () => {
  it('validates the kind and returns the chosen path, or null when cancelled', async () => {
    const ipc = registry();
    const asked: string[] = [];
    registerPickPath(ipc, async (kind) => (asked.push(kind), kind === 'trust-roots' ? { canceled: true, filePaths: [] } : { canceled: false, filePaths: ['/media/usb/b.zip'] }));
    const pick = ipc.handlers.get(IPC_PICK_CHANNEL)!;
    expect(await pick(fromApp, 'bundle-archive')).toEqual({ ok: true, value: { kind: 'path', path: '/media/usb/b.zip' } });
    expect(await pick(fromApp, 'trust-roots')).toEqual({ ok: true, value: null });
    expect(await pick(fromApp, 'anything')).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(await pick({ senderFrame: { url: 'https://x.example/', parent: null } }, 'bundle-archive')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(asked).toEqual(['bundle-archive', 'trust-roots']);
  });

  it('titles the open dialog in the screens\' language', async () => {
    const ipc = registry();
    const asked: [string, string][] = [];
    registerPickPath(ipc, async (kind, lang) => (asked.push([kind, lang]), { canceled: true, filePaths: [] }));
    await ipc.handlers.get(IPC_PICK_CHANNEL)!(fromApp, 'trust-roots', 'fr');
    expect(asked).toEqual([['trust-roots', 'fr']]);
    expect(openDialogOptions('trust-roots', 'fr')).toMatchObject({ title: 'Choisir les racines de confiance de l’éditeur', filters: [{ name: 'Racines de confiance (.json)' }] });
    expect(openDialogOptions('bundle-archive')).toMatchObject({ title: 'Import an evidence bundle' });
  });
});

describe('menu', () => {
  it('sends page commands and offers no remote link', () => {
    const sent: string[] = [];
    const template = buildMenuTemplate((c) => sent.push(c), 'linux', { isPackaged: true });
    const items = template.flatMap((m) => (Array.isArray(m.submenu) ? m.submenu : []));
    for (const item of items) if (typeof item.click === 'function') (item.click as () => void)();
    expect(sent.sort()).toEqual(['about', 'import-bundle', 'new-case', 'open-bag-folder']);
    expect(JSON.stringify(template)).not.toMatch(/https?:/);
  });
  it('offers the developer tools toggle only when run from the sources', () => {
    const roles = (isPackaged: boolean, platform: NodeJS.Platform) =>
      buildMenuTemplate(() => {}, platform, { isPackaged })
        .flatMap((m) => (Array.isArray(m.submenu) ? m.submenu : []))
        .map((i) => i.role);
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      expect(roles(true, platform)).not.toContain('toggleDevTools');
      expect(roles(false, platform)).toContain('toggleDevTools');
      expect(roles(true, platform)).toContain('togglefullscreen');
    }
  });
});
