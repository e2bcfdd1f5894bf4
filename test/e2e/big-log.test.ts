// The audit log explorer on a 1,000,000-entry log, in a real Chromium: the
// first rows come quickly, a filter and a sort are answered by the engine in
// SQLite, a seq far down the log opens in place, and the page stays small
// (only the rows on screen exist in the DOM).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebWorkstation, type WebWorkstation } from '../../shared/server/start-web.js';
import { bigCase, type BigCase } from './support/big-case.js';
import { axeViolations, blocking, foreignRequests, openBrowser, requireChromium, screenshot, type BrowserSession } from './support/browser.js';
import { ensureRendererBuilt } from './support/renderer-build.js';
import { callApi } from './support/workstation-api.js';

let big: BigCase;
let ws: WebWorkstation;
let session: BrowserSession;
let page: Page;

const api = <T>(method: string, body: unknown): Promise<T> => callApi<T>(ws, method, body);

const fmt = (n: number) => n.toLocaleString('en-GB');

beforeAll(async () => {
  requireChromium();
  await ensureRendererBuilt();
  big = await bigCase(undefined, (m) => process.stderr.write(m + '\n'));
  ws = await startWebWorkstation({ port: 0, caseDir: big.caseDir });
  session = await openBrowser();
  page = session.page;
}, 1_800_000);

afterAll(async () => {
  await session?.close();
  await ws?.close();
});

describe(`the explorer on a large log`, () => {
  it('shows the first rows quickly and counts every entry', async () => {
    const started = Date.now();
    await page.goto(`${ws.url}`);
    await page.goto(`${ws.url.split('#')[0]}#/audit?case=${big.caseId}&bundle=${big.bundleId}`);
    await page.locator('.grid-body .grid-row[data-seq="1"]').waitFor({ timeout: 30_000 });
    const firstRowsMs = Date.now() - started;
    await expect.poll(() => page.getByTestId('audit-total').innerText()).toBe(`${fmt(big.entries)} entries match`);
    // Virtual rows: the page holds a screenful, not a million.
    expect(await page.locator('.grid-body .grid-row').count()).toBeLessThan(80);
    expect(firstRowsMs).toBeLessThan(15_000);
    process.stderr.write(`first rows of ${fmt(big.entries)} entries after ${firstRowsMs} ms\n`);
    await screenshot(page, '14-audit-large-log');
    expect(blocking(await axeViolations(page))).toEqual([]);
  });

  it('filters by actor in SQL and shows only that actor', async () => {
    const facets = await api<{ actors: string[] }>('audit.facets', { caseId: big.caseId, bundleId: big.bundleId });
    const actor = facets.actors.find((a) => a.startsWith('admin.')) ?? facets.actors[0]!;
    const expected = await api<{ total: number }>('audit.query', {
      caseId: big.caseId,
      bundleId: big.bundleId,
      filter: { actor },
      sort: { field: 'seq', direction: 'asc' },
      offset: 0,
      limit: 1,
    });
    expect(expected.total).toBeGreaterThan(0);
    expect(expected.total).toBeLessThan(big.entries);
    const started = Date.now();
    await page.getByLabel('Actor', { exact: true }).fill(actor);
    await expect.poll(() => page.getByTestId('audit-total').innerText(), { timeout: 30_000 }).toBe(`${fmt(expected.total)} entries match of ${fmt(big.entries)}`);
    process.stderr.write(`filter on actor ${actor}: ${fmt(expected.total)} entries, shown after ${Date.now() - started} ms (300 ms of it typing delay)\n`);
    await page.locator('.grid-body .grid-row[data-seq]').first().waitFor();
    const actors = await page.locator('.grid-body .grid-row[data-seq] .gc-actor').allInnerTexts();
    expect(new Set(actors)).toEqual(new Set([actor]));
    await screenshot(page, '15-audit-large-log-filtered');
  });

  it('sorts by time, newest first, over the filtered entries', async () => {
    await page.getByRole('button', { name: 'Sort by Time (UTC)' }).click();
    await page.getByRole('button', { name: 'Sort by Time (UTC)' }).click();
    await expect.poll(() => page.getByRole('columnheader', { name: /Time/ }).getAttribute('aria-sort')).toBe('descending');
    await page.locator('.grid-body .grid-row[data-seq]').nth(5).waitFor();
    // Shown in the locale's words; the moment itself is on the <time> element.
    const times = await page.locator('.grid-body .grid-row[data-seq] .gc-ts time').evaluateAll((els) => els.map((e) => e.getAttribute('datetime') ?? ''));
    expect(times.length).toBeGreaterThan(5);
    expect(times).toEqual([...times].sort().reverse());
  });

  it('opens an entry far down the log where it stands', async () => {
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByRole('button', { name: 'Sort by Seq' }).click();
    await expect.poll(() => page.getByRole('columnheader', { name: /Seq/ }).getAttribute('aria-sort')).toBe('ascending');
    const seq = big.entries - 12_345;
    await page.getByLabel('Go to seq').fill(String(seq));
    await page.getByLabel('Go to seq').press('Enter');
    await page.getByTestId('entry-detail').getByRole('heading', { name: `Entry ${fmt(seq)}` }).waitFor({ timeout: 30_000 });
    await page.locator(`.grid-row.selected[data-seq="${seq}"]`).waitFor({ timeout: 30_000 });
    // Rows come in blocks the browser can scroll; the status says which.
    expect(await page.locator('.grid-status .blocks').innerText()).toContain(`Rows ${fmt(Math.floor((seq - 1) / 200_000) * 200_000 + 1)}`);
    await screenshot(page, '16-audit-large-log-far-entry');
  });

  it('asked for nothing outside 127.0.0.1 and logged no error', () => {
    expect(foreignRequests(session.requests, ws.port)).toEqual([]);
    expect(session.errors).toEqual([]);
  });
});
