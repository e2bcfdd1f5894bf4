// The DPO's job on the Erasures screen in a real Chromium, in English and in
// French: name the controller and DPO once for the case, find a data subject
// by extension, phone pseudonym or request reference, and make that subject's
// signed report, which names them. The Custody screen's stored-rows check in
// French. Every screen is photographed and scanned with axe-core.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportBundle } from '../exporter/export-bundle.js';
import { startBrowserWorkstation, type BrowserWorkstation } from './support/browser-workstation.js';
import { callApi, checkScreen, importAndWait } from './support/workstation-api.js';

let bw: BrowserWorkstation;
let page: Page;
let base: string;
let caseId: string;
let bundleId: string;

beforeAll(async () => {
  bw = await startBrowserWorkstation('natalia-e2e-dpo-', { ownKey: true });
  page = bw.page;
  base = bw.ws.url.split('#')[0]!;
  caseId = (await callApi<{ id: string }>(bw.ws, 'cases.create', { name: 'Acme DSAR 2026' })).id;
  const made = await exportBundle({
    outDir: join(bw.dir, 'evidence'),
    seed: 'e2e-dpo',
    entries: 400,
    form: 'directory',
    dump: 'copy',
    cdrs: 200,
    reveals: 20,
    erasures: 2,
    pendingErasures: [9],
    exportedAt: '2026-03-02T09:14:07.512Z',
  });
  const d = await importAndWait(bw.ws, caseId, made.path, made.trustRootsPath, 1);
  bundleId = d.bundles[0]!.id;
  await page.goto(bw.ws.url);
}, 600_000);

afterAll(() => bw?.close());

describe('the DPO on the Erasures screen', () => {
  it('names the controller and DPO once for the case, recorded in custody', async () => {
    await page.goto(`${base}#/erasures?case=${caseId}&bundle=${bundleId}`);
    const form = page.getByTestId('case-parties');
    await form.getByLabel('Controller (organisation)').fill('Acme Telecom SAS');
    await form.getByLabel('Data protection officer').fill('Claire Martin');
    await form.getByLabel('DPO contact (e-mail or phone)').fill('dpo@acme.example');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.getByText('Saved in the case; the next reports name them.').waitFor();
    await checkScreen(page, 'dpo-01-parties-en');
    expect(await callApi(bw.ws, 'cases.parties', { caseId })).toEqual({ controller: 'Acme Telecom SAS', dpo: { name: 'Claire Martin', contact: 'dpo@acme.example' } });
    const custody = await callApi<{ action: string }[]>(bw.ws, 'custody.list', { caseId });
    expect(custody.at(-1)!.action).toBe('case.parties');
  });

  it("finds a data subject by extension, pseudonym or request reference and makes the subject's report", async () => {
    const erasures = await callApi<{ subject: { extensionId?: number; pseudonym?: string }; request?: { reference?: string } }[]>(bw.ws, 'erasures.list', { caseId, bundleId });
    const one = erasures[0]!;
    const finder = page.getByTestId('subject-finder');
    for (const q of [String(one.subject.extensionId), one.subject.pseudonym!.slice(0, 10), one.request!.reference!]) {
      await finder.getByLabel('Extension, phone pseudonym or request reference').fill(q);
      await expect.poll(() => finder.getByTestId('subject-result').count()).toBe(1);
      expect(await finder.getByTestId('subject-result').innerText()).toContain(`ext:${one.subject.pseudonym!.slice(0, 12)}`);
    }
    await finder.getByLabel('Extension, phone pseudonym or request reference').fill('no-such-subject');
    await finder.getByText('No erasure of this bundle matches.').waitFor();
    await finder.getByLabel('Extension, phone pseudonym or request reference').fill(String(one.subject.extensionId));
    await finder.getByRole('button', { name: "Make this subject's erasure report" }).click();
    await expect.poll(() => finder.getByTestId('subject-result').innerText(), { timeout: 60_000 }).toMatch(/erasure-report-subject-[0-9a-f]{12}-en\.pdf/);
    await checkScreen(page, 'dpo-02-subject-report-en');
  });

  it('in French', async () => {
    await page.locator('.lang-switch select').selectOption({ label: 'Français' });
    await page.getByTestId('case-parties').waitFor();
    await expect.poll(() => page.getByTestId('subject-finder').innerText()).toContain('Retrouver une personne concernée');
    await page.getByTestId('case-parties').locator('summary').click();
    await checkScreen(page, 'dpo-03-erasures-fr');
    await page.goto(`${base}#/custody?case=${caseId}`);
    const deep = page.getByTestId('custody-deep');
    await deep.getByRole('button', { name: 'Vérifier les lignes enregistrées' }).click();
    await expect.poll(() => page.getByTestId('custody-deep-result').innerText(), { timeout: 60_000 }).toMatch(/Les lignes de 1 import sont celles que son entrée de traçabilité a consignées/);
    await checkScreen(page, 'dpo-04-custody-deep-fr');
  });
});
