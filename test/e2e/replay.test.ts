// The Replay screen shows the state at a time T as `natalia-audit replay --at T`
// does (the API's replay.state is the engine's stateAt, test/api): reached
// from the navigation, T picked in UTC, the counts and tables of that state,
// in English and in French.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReplayState } from '../../shared/api/contract.js';
import { samples } from './support/evidence.js';
import { startBrowserWorkstation, type BrowserWorkstation } from './support/browser-workstation.js';
import { callApi, checkScreen, importAndWait } from './support/workstation-api.js';

let bw: BrowserWorkstation;
let page: Page;
let caseId: string;
let bundleId: string;

beforeAll(async () => {
  bw = await startBrowserWorkstation('natalia-e2e-replay-');
  page = bw.page;
  caseId = (await callApi<{ id: string }>(bw.ws, 'cases.create', { name: 'Replay 2026' })).id;
  bundleId = (await importAndWait(bw.ws, caseId, samples.full.path, samples.full.trust, 1)).bundles[0]!.id;
  await page.goto(bw.ws.url);
}, 600_000);

afterAll(() => bw?.close());

describe('the Replay screen, as replay --at', () => {
  it('is in the navigation and shows the state at the chosen T', async () => {
    await page.goto(`${bw.ws.url.split('#')[0]}#/verdict?case=${caseId}&bundle=${bundleId}`);
    await page.getByRole('link', { name: 'Replay' }).click();
    await page.getByRole('heading', { level: 1, name: 'State at a time T' }).waitFor();
    await page.getByLabel('Time T (UTC)').fill('2025-10-01T00:00:00');
    await page.getByRole('button', { name: 'Show the state' }).click();
    await page.getByRole('heading', { name: 'At 1 Oct 2025, 00:00:00 UTC' }).waitFor();
    const s = await callApi<ReplayState>(bw.ws, 'replay.state', { caseId, at: '2025-10-01T00:00:00Z' });
    expect(await page.getByTestId('replay-extensions').getByRole('heading').innerText()).toBe(`Extensions that existed (${s.extensions.length})`);
    expect(await page.getByTestId('replay-extensions').locator('tbody tr').count()).toBe(s.extensions.length);
    expect(await page.getByTestId('replay-erased').getByRole('heading').innerText()).toBe(`Erased by then (${s.erased.length})`);
    expect(await page.getByTestId('replay-pending').getByRole('heading').innerText()).toBe(`Erasure requests pending (${s.pendingErasures.length})`);
    expect(await page.getByTestId('replay-users').locator('tbody tr').count()).toBe(s.users.length);
    expect(await page.getByTestId('replay-reveals').getByRole('heading').innerText()).toBe(`Reveals so far: ${s.reveals.count.toLocaleString('en-GB')}`);
    expect(await page.getByTestId('replay-reveals').locator('tbody tr').count()).toBe(s.reveals.latest.length);
    await checkScreen(page, 'replay-en-01');
    await page.getByTestId('replay-pending').scrollIntoViewIfNeeded();
    await checkScreen(page, 'replay-en-02-tables');
  });

  it('says when T is before the evidence begins', async () => {
    await page.getByLabel('Time T (UTC)').fill('2020-01-01T00:00:00');
    await page.getByRole('button', { name: 'Show the state' }).click();
    await page.getByRole('heading', { name: 'At 1 Jan 2020, 00:00:00 UTC' }).waitFor();
    expect(await page.getByTestId('replay-notes').innerText()).toMatch(/starts at/);
  });

  it('speaks French', async () => {
    await page.locator('.lang-switch select').selectOption({ label: 'Français' });
    await page.getByRole('heading', { level: 1, name: 'État à un instant T' }).waitFor();
    await page.getByLabel('Instant T (UTC)').fill('2025-10-01T00:00:00');
    await page.getByRole('button', { name: 'Afficher l’état' }).click();
    await page.getByRole('heading', { name: 'Au 1 oct. 2025, 00:00:00 UTC' }).waitFor();
    expect(await page.getByTestId('replay-summary').innerText()).toMatch(/extensions existaient/);
    await checkScreen(page, 'replay-fr-01');
    await page.locator('.lang-switch select').selectOption({ label: 'English' });
  });
});
