// The screens follow the address fragment. A change of the fragment made
// after the app first drew itself but before it listened for changes (a link
// followed, or a test navigating, while the page is still starting) must not
// be lost: the app would stay on its first screen. The window is made wide
// here: the page's hashchange listeners are attached one second late, and the
// fragment changes as soon as the first screen is in the DOM.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserWorkstation, type BrowserWorkstation } from './support/browser-workstation.js';
import { callApi } from './support/workstation-api.js';

let bw: BrowserWorkstation;
let page: Page;
let caseId: string;

beforeAll(async () => {
  bw = await startBrowserWorkstation('natalia-e2e-route-', { ownKey: true });
  page = bw.page;
  caseId = (await callApi<{ id: string }>(bw.ws, 'cases.create', { name: 'Route test' })).id;
}, 600_000);

afterAll(() => bw?.close());

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
    await page.goto(bw.ws.url);
    await page.getByRole('heading', { level: 1, name: 'Chain of custody' }).waitFor({ timeout: 10_000 });
    expect(await page.evaluate(() => location.hash)).toBe(`#/custody?case=${encodeURIComponent(caseId)}`);
    expect(bw.session.errors).toEqual([]);
  });
});
