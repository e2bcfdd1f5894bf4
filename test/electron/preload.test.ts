// The preload as Electron would load it: the bundled CommonJS file, run with a
// `require` that only knows `electron` (like a sandboxed preload), against a
// recording contextBridge/ipcRenderer. Checks what the page receives.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IPC_EVENT_CHANNEL, IPC_PICK_CHANNEL, ipcChannel, type WorkstationApi } from '../../shared/api/contract.js';

let outDir: string;
let code: string;

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'natalia-preload-'));
  await build({ configFile: join(process.cwd(), 'build', 'vite.preload.config.ts'), build: { outDir, emptyOutDir: false }, logLevel: 'silent' });
  code = await readFile(join(outDir, 'preload.cjs'), 'utf8');
});
afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

function load(pageLang = 'en') {
  const exposed = new Map<string, unknown>();
  const invoked: [string, unknown, unknown][] = [];
  const listeners = new Map<string, Set<(...a: unknown[]) => void>>();
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) },
    ipcRenderer: {
      invoke: async (channel: string, arg: unknown, lang: unknown) => {
        invoked.push([channel, arg, lang]);
        return channel === IPC_PICK_CHANNEL ? { ok: true, value: null } : { ok: true, value: 'from main' };
      },
      on: (c: string, l: (...a: unknown[]) => void) => (listeners.get(c) ?? listeners.set(c, new Set()).get(c)!).add(l),
      removeListener: (c: string, l: (...a: unknown[]) => void) => listeners.get(c)?.delete(l),
    },
    webUtils: { getPathForFile: (f: { name: string }) => (f.name === 'nopath' ? '' : `/home/u/${f.name}`) },
  };
  const required: string[] = [];
  const require = (id: string) => {
    required.push(id);
    if (id === 'electron') return electron;
    throw new Error(`a sandboxed preload cannot require ${id}`);
  };
  const module = { exports: {} };
  // The page's <html lang>, which the renderer keeps on the screens' language.
  const document = { documentElement: { lang: pageLang } };
  runInNewContext(code, { require, module, exports: module.exports, console, document });
  const emit = (envelope: unknown) => listeners.get(IPC_EVENT_CHANNEL)?.forEach((l) => l({}, envelope));
  return { exposed, invoked, required, emit, api: exposed.get('natalia') as WorkstationApi };
}

describe('preload bundle', () => {
  it('requires nothing but electron and exposes one object', () => {
    const p = load();
    expect(p.required).toEqual(['electron']);
    expect([...p.exposed.keys()]).toEqual(['natalia']);
    expect(Object.keys(p.api).sort()).toEqual(['call', 'pickPath', 'stageFile', 'subscribe', 'transport']);
    expect(p.api.transport).toBe('electron');
  });

  it('sends each method on its own channel and refuses unknown methods without IPC', async () => {
    const p = load();
    expect(await p.api.call('cases.get', { caseId: 'c1' })).toEqual({ ok: true, value: 'from main' });
    expect(await p.api.call('shell.exec' as never, {} as never)).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(p.invoked).toEqual([[ipcChannel('cases.get'), { caseId: 'c1' }, 'en']]);
  });

  it('sends the screens\' language with each call and pick, so the main process words its answer in it', async () => {
    const p = load('fr');
    await p.api.call('custody.list', { caseId: 'c1' });
    await p.api.pickPath('trust-roots');
    expect(p.invoked).toEqual([
      [ipcChannel('custody.list'), { caseId: 'c1' }, 'fr'],
      [IPC_PICK_CHANNEL, 'trust-roots', 'fr'],
    ]);
  });

  it('delivers only the subscribed event, payload only, and stops on unsubscribe', () => {
    const p = load();
    const got: unknown[] = [];
    const off = p.api.subscribe('job.progress', (payload) => got.push(payload));
    p.emit({ event: 'job.progress', payload: { jobId: 'j', stage: 'audit', label: 'x' } });
    p.emit({ event: 'job.finished', payload: { jobId: 'j' } });
    off();
    p.emit({ event: 'job.progress', payload: { jobId: 'late' } });
    expect(got).toEqual([{ jobId: 'j', stage: 'audit', label: 'x' }]);
    expect(p.api.subscribe('not.an.event' as never, () => {})).toBeTypeOf('function');
  });

  it('turns a dropped file into its path on disk', async () => {
    const p = load();
    expect(await p.api.stageFile({ name: 'b.zip' } as File)).toEqual({ ok: true, value: { kind: 'path', path: '/home/u/b.zip' } });
    expect(await p.api.stageFile({ name: 'nopath' } as File)).toMatchObject({ ok: false, error: { code: 'unsupported' } });
    expect(await p.api.pickPath('bundle-folder')).toEqual({ ok: true, value: null });
  });
});
