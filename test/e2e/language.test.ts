// The screens in French and English: the switch in the sidebar, the choice
// remembered across launches (a reload, and a new page of the same profile),
// <html lang> following it, dates and numbers in the chosen locale, and every
// screen photographed in both languages. A key missing from the catalog is a
// console error (renderer/src/i18n/setup.ts), which fails the last test.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDetail } from '../../shared/api/contract.js';
import { samples } from './support/evidence.js';
import { startBrowserWorkstation, type BrowserWorkstation } from './support/browser-workstation.js';
import { callApi, checkScreen } from './support/workstation-api.js';

let bw: BrowserWorkstation;
let page: Page;
let caseId: string;
let bundleId: string;
let base: string;

const SCREENS = ['cases', 'verdict', 'audit', 'reveals', 'erasures', 'license', 'custody'] as const;

const htmlLang = () => page.evaluate(() => document.documentElement.lang);
const h1 = () => page.getByRole('heading', { level: 1 }).innerText();

async function switchTo(name: 'English' | 'Français') {
  await page.locator('.lang-switch select').selectOption({ label: name });
}

beforeAll(async () => {
  bw = await startBrowserWorkstation('natalia-e2e-lang-', { ownKey: true });
  page = bw.page;
  base = bw.ws.url.split('#')[0]!;
  caseId = (await callApi<{ id: string }>(bw.ws, 'cases.create', { name: 'Audit Acme 2026' })).id;
  await callApi(bw.ws, 'bundles.import', { caseId, source: { kind: 'path', path: samples.full.path }, trust: { kind: 'path', path: samples.full.trust } });
  for (let i = 0; i < 600 && !bundleId; i++) {
    const detail = await callApi<CaseDetail>(bw.ws, 'cases.get', { caseId });
    bundleId = detail.bundles[0]?.id ?? '';
    if (!bundleId) await new Promise((r) => setTimeout(r, 100));
  }
  expect(bundleId).toBeTruthy();
}, 600_000);

afterAll(() => bw?.close());

describe('the screens in two languages', () => {
  it('start in the system language (English here) with <html lang="en">', async () => {
    await page.goto(bw.ws.url);
    await page.goto(`${base}#/verdict?case=${caseId}&bundle=${bundleId}`);
    await page.getByTestId('verdict').getByRole('heading', { name: 'Trusted' }).waitFor();
    expect(await htmlLang()).toBe('en');
    expect(await page.locator('.lang-switch select').inputValue()).toBe('en');
  });

  it('switch to French: words, <html lang>, dates and numbers follow', async () => {
    await switchTo('Français');
    await page.getByTestId('verdict').getByRole('heading', { name: 'Fiable' }).waitFor();
    expect(await htmlLang()).toBe('fr');
    expect(await h1()).toBe('Verdict');
    expect(await page.getByRole('link', { name: 'Dossiers' }).count()).toBe(1);
    // Dates: "2 mars 2026, 09:14:07 UTC" rather than "2 Mar 2026".
    const facts = await page.locator('.facts').innerText();
    expect(facts).toMatch(/\b2 mars 2026\b/);
    expect(facts).not.toMatch(/Mar 2026/);
    // Numbers: a decimal comma in the verification time.
    expect(facts).toMatch(/en \d+,\d s/);

    await page.getByRole('link', { name: 'Journal d’audit' }).click();
    await page.getByRole('heading', { level: 1, name: 'Explorateur du journal d’audit' }).waitFor();
    await expect.poll(() => page.getByTestId('audit-total').innerText()).toMatch(/^\d[\d\u202f\u00a0]* entrées correspondent$/);
  });

  it('remember the choice across a reload and a new window', async () => {
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Explorateur du journal d’audit' }).waitFor();
    expect(await htmlLang()).toBe('fr');
    const other = await bw.session.context.newPage();
    await other.goto(`${base}#/cases?case=${caseId}`);
    await other.getByRole('heading', { level: 1, name: 'Dossiers' }).waitFor();
    expect(await other.evaluate(() => document.documentElement.lang)).toBe('fr');
    await other.close();
  });

  for (const lang of ['fr', 'en'] as const) {
    it(`show every screen in ${lang === 'fr' ? 'French' : 'English'}`, async () => {
      if (lang === 'en') await switchTo('English');
      await expect.poll(htmlLang).toBe(lang);
      for (const screen of SCREENS) {
        await page.goto(`${base}#/${screen}?case=${caseId}&bundle=${bundleId}`);
        await page.locator('.main-body > *').first().waitFor();
        await checkScreen(page, `lang-${lang}-${screen}`);
      }
    });
  }

  it('English is remembered too, and no key was missing from the catalog', async () => {
    await page.reload();
    await page.getByRole('link', { name: 'Cases' }).waitFor();
    expect(await htmlLang()).toBe('en');
    expect(bw.session.errors).toEqual([]);
  });
});
