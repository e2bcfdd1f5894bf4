// A portable case in a real Chromium, in the screens alone: the first auditor
// exports the part of a case tagged for a colleague from the Cases screen
// (the file and its signature download), and her public key from the
// Custody screen; the second auditor, on a workstation of his own, opens it
// from his Cases screen, sees what was checked, and finds the same verdicts
// and the same decision. A changed file is refused, naming it, and creates
// no case. Screens are photographed in English and French and scanned with
// axe-core.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDetail, CaseSummary, ReviewSubjectView } from '../../shared/api/contract.js';
import { startBrowserWorkstation, type BrowserWorkstation } from './support/browser-workstation.js';
import { samples } from './support/evidence.js';
import { callApi, checkScreen, importAndWait } from './support/workstation-api.js';

let claire: BrowserWorkstation;
let caseId: string;
let decided: string;
const files = { portable: '', sig: '', key: '' };

async function downloadBy(page: Page, click: () => Promise<void>): Promise<{ download: Download; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), click()]);
  return { download, bytes: await readFile(await download.path()) };
}

beforeAll(async () => {
  claire = await startBrowserWorkstation('natalia-e2e-portable-', { ownKey: true });
  caseId = (await callApi<{ id: string }>(claire.ws, 'cases.create', { name: 'Acme audit 2026' })).id;
  await importAndWait(claire.ws, caseId, samples.minimal.path, samples.minimal.trust, 1);
  // The review itself is the review screens' (auditor-review.test.ts): here it is the starting point.
  // The bundle is listed a moment before its import lets go of the case: the first change waits for it.
  for (let i = 0; ; i++) {
    const ready = await callApi(claire.ws, 'cases.setParties', { caseId, controller: 'Acme Contact SAS' }).then(() => true, (e: Error) => (i < 300 && /import into this case is running/.test(e.message) ? false : Promise.reject(e)));
    if (ready) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const { subjects } = await callApi<{ subjects: ReviewSubjectView[] }>(claire.ws, 'review.list', { caseId, filter: { kinds: ['review'] } });
  decided = subjects[0]!.subject;
  for (const change of [
    { kind: 'tag', tag: 'for Marc' },
    { kind: 'decision', decision: 'justified', reason: 'On-call rota NOC-2026-09' },
  ]) {
    await callApi(claire.ws, 'review.annotate', { caseId, subject: decided, change, reviewer: 'Claire Martin' });
  }
  await callApi(claire.ws, 'review.annotate', { caseId, subject: subjects[1]!.subject, change: { kind: 'comment', text: 'My own note' }, reviewer: 'Claire Martin' });
}, 600_000);

afterAll(() => claire?.close());

describe('a portable case in the screens', () => {
  it('exports the part tagged for a colleague from the Cases screen, with its signature and the public key', async () => {
    const page = claire.page;
    // The launch link signs the page in; then the case's address.
    await page.goto(claire.ws.url);
    await page.getByTestId('report-check').waitFor({ timeout: 60_000 });
    await page.goto(`${claire.ws.url.split('#')[0]}#/cases?case=${encodeURIComponent(caseId)}`);
    const box = page.getByTestId('portable-export');
    await box.waitFor({ timeout: 60_000 });
    await box.getByLabel('Only the items tagged').check();
    await expect.poll(() => box.getByLabel('Which tag').inputValue()).toBe('for Marc');
    await expect.poll(() => box.innerText()).toContain('the review of the 1 item tagged for Marc');
    const main = await downloadBy(page, () => box.getByRole('button', { name: 'Export for a colleague' }).click());
    const name = main.download.suggestedFilename();
    expect(name).toBe('Acme audit 2026-for-Marc-for-a-colleague.natalia-case');
    files.portable = join(claire.dir, name);
    await writeFile(files.portable, main.bytes);
    const sig = await downloadBy(page, () => box.getByRole('button', { name: `Download ${name}.sig.json`, exact: true }).click());
    files.sig = `${files.portable}.sig.json`;
    await writeFile(files.sig, sig.bytes);
    await expect.poll(() => box.innerText()).toContain('Download its signature too: your colleague checks the file with it.');
    await checkScreen(page, 'portable-01-export-part');

    await page.goto(`${claire.ws.url.split('#')[0]}#/custody?case=${encodeURIComponent(caseId)}`);
    const panel = page.getByTestId('signing-key');
    await panel.waitFor({ timeout: 60_000 });
    const key = await downloadBy(page, () => panel.getByRole('button', { name: 'Export the public key' }).click());
    files.key = join(claire.dir, 'claire-key.json');
    await writeFile(files.key, key.bytes);
  }, 300_000);

  it('opens it on a second workstation: what was checked, then the same verdicts and decision; a changed file is refused', async () => {
    const marc = await startBrowserWorkstation('natalia-e2e-portable-marc-', { ownKey: true });
    try {
      const p = marc.page;
      await p.goto(marc.ws.url);
      const box = p.getByTestId('portable-receive');
      await box.waitFor({ timeout: 60_000 });

      // A changed byte: refused in words that name the file, and no case is created.
      const changed = join(marc.dir, 'changed.natalia-case');
      const bytes = await readFile(files.portable);
      bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 1;
      await writeFile(changed, bytes);
      await box.getByLabel('The case file (.natalia-case)').setInputFiles(changed);
      await box.getByLabel('Its signature (.sig.json)').setInputFiles(files.sig);
      await box.getByLabel('Name of the new case').fill('Changed copy');
      await box.getByRole('button', { name: 'Check and open' }).click();
      await expect.poll(() => box.getByRole('alert').innerText(), { timeout: 30_000 }).toContain('The file changed.natalia-case does not match its signature');
      expect(await callApi<CaseSummary[]>(marc.ws, 'cases.list', {})).toEqual([]);

      await box.getByLabel('The case file (.natalia-case)').setInputFiles(files.portable);
      await box.getByLabel("The sender's public key (optional)").setInputFiles(files.key);
      await box.getByLabel('Name of the new case').fill('Acme from Claire');
      await box.getByRole('button', { name: 'Check and open' }).click();
      const receipt = box.getByTestId('portable-receipt');
      await expect.poll(() => receipt.innerText().catch(() => ''), { timeout: 60_000 }).toContain('Opened as the case “Acme from Claire”.');
      const text = await receipt.innerText();
      expect(text).toContain('by the public key you gave');
      expect(text).toMatch(/Chain of custody intact \(\d+ entries\)/);
      expect(text).toMatch(/bundle files of 1 bundle\(s\) match the SHA-256 recorded at import/);
      expect(text).toContain('It is the part tagged for Marc: the review of 1 item');

      // The new case opens, with the verdicts the sender had.
      const sent = await callApi<CaseDetail>(claire.ws, 'cases.get', { caseId });
      const detail = p.locator('.cases-detail');
      await expect.poll(() => detail.locator('h2.panel-title').first().innerText(), { timeout: 30_000 }).toBe('Acme from Claire');
      await expect.poll(() => detail.locator('.bundle-name').allInnerTexts()).toEqual(sent.bundles.map((b) => b.name));
      const cases = await callApi<CaseSummary[]>(marc.ws, 'cases.list', {});
      expect(cases.map((c) => c.name)).toEqual(['Acme from Claire']);
      const got = await callApi<CaseDetail>(marc.ws, 'cases.get', { caseId: cases[0]!.id });
      expect(got.bundles.map((b) => [b.verdict, b.findingCounts])).toEqual(sent.bundles.map((b) => [b.verdict, b.findingCounts]));
      await receipt.scrollIntoViewIfNeeded();
      await checkScreen(p, 'portable-02-opened');

      // The same decision: counted on the Reveals screen's review items, and in the case.
      const review = await callApi<{ subjects: ReviewSubjectView[] }>(marc.ws, 'review.list', { caseId: got.id, filter: { decision: 'justified' } });
      expect(review.subjects.map((s) => [s.subject, s.review?.decision?.reason, s.review?.decision?.reviewer])).toEqual([[decided, 'On-call rota NOC-2026-09', 'Claire Martin']]);
      await p.goto(`${marc.ws.url.split('#')[0]}#/reveals?case=${encodeURIComponent(got.id)}&bundle=${encodeURIComponent(got.bundles[0]!.id)}`);
      await expect.poll(() => p.locator('main').innerText(), { timeout: 60_000 }).toMatch(/, 1 decided\. Grouped by kind/);

      // The Verdict screen of the received case: each check said in words, the verifier's detail with it.
      const verdictUrl = `${marc.ws.url.split('#')[0]}#/verdict?case=${encodeURIComponent(got.id)}&bundle=${encodeURIComponent(got.bundles[0]!.id)}`;
      await p.goto(verdictUrl);
      const checks = p.locator('.checks-panel');
      await expect.poll(() => checks.innerText().catch(() => ''), { timeout: 60_000 }).toContain("Each audit entry's hash, recomputed from its content.");
      await checkScreen(p, 'portable-04-verdict-en');

      // In French.
      await p.evaluate(() => window.localStorage.setItem('natalia.language', 'fr'));
      await p.goto(`${marc.ws.url.split('#')[0]}#/cases?case=${encodeURIComponent(got.id)}`);
      await p.reload();
      await p.getByTestId('portable-export').getByText('Exporter ce dossier pour un confrère').waitFor({ timeout: 60_000 });
      await p.getByTestId('portable-receive').getByText('Ouvrir un dossier reçu d’un confrère').waitFor();
      await checkScreen(p, 'portable-03-cases-fr');
      await p.goto(verdictUrl);
      await expect.poll(() => checks.innerText().catch(() => ''), { timeout: 60_000 }).toContain('L’empreinte de chaque entrée du journal d’audit, recalculée à partir de son contenu.');
      expect(await checks.innerText()).toContain('Détail du vérificateur, en anglais');
      await checks.scrollIntoViewIfNeeded();
      await checkScreen(p, 'portable-05-verdict-fr');
      // The one refusal above is the server's answer 400; nothing else went wrong in the page.
      expect(marc.session.errors.filter((e) => !/status of 400 \(Bad Request\)/.test(e))).toEqual([]);
    } finally {
      await marc.close();
    }
  }, 300_000);
});
