// The screens follow the address fragment. A change of the fragment made
// after the app first drew itself but before it listened for changes (a link
// followed, or a test navigating, while the page is still starting) must not
// be lost: the app would stay on its first screen. The window is made wide
// here: the page's hashchange listeners are attached one second late, and the
// fragment changes as soon as the first screen is in the DOM.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebWorkstation, type WebWorkstation } from '../../shared/server/start-web.js';
import { openBrowser, requireChromium, type BrowserSession } from './support/browser.js';
import { ensureRendererBuilt } from './support/renderer-build.js';
import { callApi } from './support/workstation-api.js';

let dir: string;
let ws: WebWorkstation;
let session: BrowserSession;
let page: Page;
let caseId: string;

beforeAll(async () => {
  requireChromium();
  dir = await mkdtemp(join(tmpdir(), 'natalia-e2e-route-'));
  await ensureRendererBuilt();
  ws = await startWebWorkstation({ port: 0, caseDir: join(dir, 'cases'), keyHome: join(dir, 'home') });
  caseId = (await callApi<{ id: string }>(ws, 'cases.create', { name: 'Route test' })).id;
  session = await openBrowser();
  page = session.page;
}, 600_000);

afterAll(async () => {
  await session?.close();
  await ws?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the address fragment', () => {
  it('a change made before the screens listen for it still takes the app there', async () => {
    await page.addInitScript((target: string) => {
      const add = window.addEventListener.bind(window);
      window.addEventListener = ((type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions) => {
        if (type === 'hashchange') setTimeout(() => add(type, listener, options), 1000);
        else add(type, listener, options);
      }) as typeof window.addEventListener;
      const watch = new MutationObserver(() => {
        if (!document.querySelector('h1')) return;
        watch.disconnect();
        location.hash = target;
      });
      watch.observe(document, { childList: true, subtree: true });
    }, `#/custody?case=${encodeURIComponent(caseId)}`);
    await page.goto(ws.url);
    await page.getByRole('heading', { level: 1, name: 'Chain of custody' }).waitFor({ timeout: 10_000 });
    expect(await page.evaluate(() => location.hash)).toBe(`#/custody?case=${encodeURIComponent(caseId)}`);
    expect(session.errors).toEqual([]);
  });
});
