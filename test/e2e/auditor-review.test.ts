// The auditor's review in a real Chromium, in the screens alone: a tampered
// bundle is imported; the auditor decides on its findings (a reason where one
// is needed), filters them by decision, stars and tags an audit entry and an
// erasure, and sees each change with its reviewer, time and history, kept in
// the case and in its chain of custody. Screens are photographed in English
// and French and scanned with axe-core.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustodyEntry, ReviewSubjectView } from '../../shared/api/contract.js';
import { startBrowserWorkstation, type BrowserWorkstation } from './support/browser-workstation.js';
import { tamperedBundle, type TamperedBundle } from './support/evidence.js';
import { callApi, checkScreen, importAndWait } from './support/workstation-api.js';

let bw: BrowserWorkstation;
let page: Page;
let base: string;
let caseId: string;
let bundleId: string;
let tampered: TamperedBundle;

const api = <T>(method: string, body: unknown): Promise<T> => callApi<T>(bw.ws, method, body);
const report = { name: '', pdf: '', sig: '', key: '' };

/** Clicks, and returns the download the click started. */
async function downloadBy(click: () => Promise<void>): Promise<{ download: Download; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), click()]);
  return { download, bytes: await readFile(await download.path()) };
}

beforeAll(async () => {
  bw = await startBrowserWorkstation('natalia-e2e-review-', { ownKey: true });
  page = bw.page;
  base = bw.ws.url.split('#')[0]!;
  tampered = await tamperedBundle(join(bw.dir, 'evidence'));
  caseId = (await api<{ id: string }>('cases.create', { name: 'Acme audit 2026' })).id;
  const d = await importAndWait(bw.ws, caseId, tampered.path, tampered.trust, 1);
  bundleId = d.bundles[0]!.id;
  await page.goto(bw.ws.url);
}, 600_000);

afterAll(() => bw?.close());

const verdictUrl = () => `${base}#/verdict?case=${encodeURIComponent(caseId)}&bundle=${encodeURIComponent(bundleId)}`;

describe('the review in the screens', () => {
  it('decides on a finding from the Verdict screen, with reviewer, time, reason and history', async () => {
    await page.goto(verdictUrl());
    const finding = page.locator('[data-testid=finding][data-code="audit.hash_mismatch"]').first();
    await finding.waitFor({ timeout: 60_000 });
    await expect.poll(() => finding.getByTestId('review-summary').innerText()).toContain('not yet decided');
    await finding.getByRole('button', { name: 'Review', exact: true }).click();
    const controls = finding.getByTestId('review-controls');
    await controls.getByLabel('Reviewer').fill('Claire Martin');
    // A false positive needs a reason: the screen says so before asking the engine.
    await controls.getByLabel('False positive').check();
    await controls.getByRole('button', { name: 'Record the decision' }).click();
    await controls.getByText('"False positive" needs a reason.').waitFor();
    await controls.getByLabel('Accepted').check();
    await controls.getByLabel('Reason').fill('Login outcome rewritten after export');
    await controls.getByRole('button', { name: 'Record the decision' }).click();
    await controls.getByText('Decision recorded.').waitFor();
    await expect.poll(() => controls.getByTestId('decision-current').innerText()).toMatch(/Accepted\s*by Claire Martin, .*Login outcome rewritten after export/);
    await controls.getByRole('button', { name: 'Add a tag' }).waitFor({ state: 'detached' }).catch(() => {});
    await controls.getByPlaceholder('Add a tag').fill('for Marc');
    await controls.getByRole('button', { name: 'Add', exact: true }).click();
    await controls.locator('.tag-chip', { hasText: 'for Marc' }).waitFor();
    await controls.getByLabel('Add a comment').fill('Ask the customer who had access to the export folder.');
    await controls.getByRole('button', { name: 'Add the comment' }).click();
    await controls.getByText('Ask the customer who had access to the export folder.').waitFor();
    await controls.getByRole('button', { name: 'Show the history' }).click();
    const history = controls.getByTestId('review-history');
    await expect.poll(() => history.locator('li').count()).toBe(3);
    expect(await history.innerText()).toContain('Decision: Accepted (reason: Login outcome rewritten after export)');
    await checkScreen(page, 'review-01-verdict-finding-decided');

    // What the screen recorded is in the case, with its custody entries.
    const listed = await api<{ subjects: ReviewSubjectView[] }>('review.list', { caseId, filter: { kinds: ['finding'], decision: 'accepted' } });
    expect(listed.subjects.map((s) => [s.code, s.review?.decision?.reviewer, s.review?.tags])).toEqual([['audit.hash_mismatch', 'Claire Martin', ['for Marc']]]);
    const custody = await api<CustodyEntry[]>('custody.list', { caseId });
    expect(custody.filter((c) => c.action === 'review.annotate')).toHaveLength(3);
  });

  it('filters the findings by decision: not yet decided leaves the decided one out', async () => {
    await page.goto(verdictUrl());
    const filter = page.getByTestId('review-filter');
    await filter.waitFor({ timeout: 60_000 });
    const all = await page.getByTestId('finding').count();
    await filter.getByLabel('Decision').selectOption('accepted');
    await expect.poll(() => page.getByTestId('finding').count()).toBe(1);
    await filter.getByLabel('Decision').selectOption('undecided');
    await expect.poll(() => page.getByTestId('finding').filter({ hasText: 'audit.hash_mismatch' }).count()).toBe(0);
    await filter.getByLabel('Tag').selectOption('for Marc');
    await expect.poll(() => page.getByTestId('finding').count()).toBe(0);
    await filter.getByRole('button', { name: 'Show all' }).click();
    await expect.poll(() => page.getByTestId('finding').count()).toBeGreaterThanOrEqual(all);
  });

  it('stars, tags and comments an audit entry in the explorer’s detail pane', async () => {
    await page.goto(`${base}#/audit?case=${encodeURIComponent(caseId)}&bundle=${encodeURIComponent(bundleId)}&seq=${tampered.seq}`);
    const detail = page.getByTestId('entry-detail');
    const controls = detail.getByTestId('review-controls');
    await controls.waitFor({ timeout: 60_000 });
    await controls.getByRole('button', { name: 'Star' }).click();
    await controls.getByRole('button', { name: 'Starred' }).waitFor();
    await controls.getByPlaceholder('Add a tag').fill('annex');
    await controls.getByRole('button', { name: 'Add', exact: true }).click();
    await controls.locator('.tag-chip', { hasText: 'annex' }).waitFor();
    // An entry takes no decision.
    expect(await controls.getByRole('button', { name: 'Record the decision' }).count()).toBe(0);
    await checkScreen(page, 'review-02-entry-starred');
    const entries = await api<{ subjects: ReviewSubjectView[] }>('review.list', { caseId, filter: { kinds: ['entry'], starred: true } });
    expect(entries.subjects.map((s) => s.seq)).toEqual([tampered.seq]);
  });

  it('tags an erasure and filters the Erasures screen by tag', async () => {
    await page.goto(`${base}#/erasures?case=${encodeURIComponent(caseId)}&bundle=${encodeURIComponent(bundleId)}`);
    const card = page.locator('li.erasure').first();
    await card.waitFor({ timeout: 60_000 });
    await card.getByRole('button', { name: 'Review', exact: true }).click();
    const controls = card.getByTestId('review-controls');
    await controls.getByPlaceholder('Add a tag').fill('annex');
    await controls.getByRole('button', { name: 'Add', exact: true }).click();
    await card.getByTestId('review-summary').locator('.tag-chip', { hasText: 'annex' }).waitFor();
    const filter = page.getByTestId('review-filter');
    await filter.getByLabel('Tag').selectOption('annex');
    await expect.poll(() => page.locator('li.erasure').count()).toBe(1);
    await filter.getByLabel('Starred only').check();
    await expect.poll(() => page.locator('li.erasure').count()).toBe(0);
    await filter.getByRole('button', { name: 'Show all' }).click();
    await checkScreen(page, 'review-03-erasure-tagged');
  });

  it('saves the explorer’s filter as a named view, and applies it again', async () => {
    await page.goto(`${base}#/audit?case=${encodeURIComponent(caseId)}&bundle=${encodeURIComponent(bundleId)}`);
    await page.getByLabel('Action', { exact: true }).selectOption('auth.login');
    const views = page.getByTestId('saved-views');
    await views.getByPlaceholder('Name of this view').fill('Logins');
    await views.getByRole('button', { name: 'Save the current filter' }).click();
    await views.getByText('View "Logins" saved in the case.').waitFor();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => page.getByLabel('Action', { exact: true }).inputValue()).not.toBe('auth.login');
    await views.getByLabel('Saved views').selectOption('Logins');
    await expect.poll(() => page.getByLabel('Action', { exact: true }).inputValue()).toBe('auth.login');
    await checkScreen(page, 'review-05-saved-view');
    expect(await api<{ name: string; filter: unknown }[]>('views.list', { caseId, screen: 'audit' })).toMatchObject([{ name: 'Logins', filter: { action: 'auth.login' } }]);
  });

  it('makes the signed findings report from the Verdict screen, and exports the key that signs it', async () => {
    await page.goto(verdictUrl());
    const action = page.getByTestId('audit-report');
    await action.waitFor({ timeout: 60_000 });
    await action.getByLabel('Report language').selectOption('en');
    const pdf = await downloadBy(() => action.getByRole('button', { name: 'Make the findings report' }).click());
    report.name = pdf.download.suggestedFilename();
    expect(report.name).toBe('findings-report-Acme-audit-2026-en.pdf');
    report.pdf = join(bw.dir, report.name);
    await writeFile(report.pdf, pdf.bytes);
    const sig = await downloadBy(() => action.getByRole('button', { name: `Download ${report.name}.sig.json`, exact: true }).click());
    report.sig = `${report.pdf}.sig.json`;
    await writeFile(report.sig, sig.bytes);
    await checkScreen(page, 'review-06-report-made');
    await page.goto(`${base}#/custody?case=${encodeURIComponent(caseId)}`);
    const panel = page.getByTestId('signing-key');
    await panel.waitFor({ timeout: 60_000 });
    const key = await downloadBy(() => panel.getByRole('button', { name: 'Export the public key' }).click());
    report.key = join(bw.dir, 'claire-key.json');
    await writeFile(report.key, key.bytes);
  });

  it('lets a recipient on another workstation check the report: unknown signer without the key, VALID with it, INVALID once changed', async () => {
    const recipient = await startBrowserWorkstation('natalia-e2e-recipient-', { ownKey: true });
    try {
      const p = recipient.page;
      await p.goto(recipient.ws.url);
      const box = p.getByTestId('report-check');
      await box.waitFor({ timeout: 60_000 });
      await box.getByLabel('Report (PDF, JSON or workbook)').setInputFiles(report.pdf);
      await box.getByLabel('Its signature (.sig.json)').setInputFiles(report.sig);
      await box.getByRole('button', { name: 'Check the report' }).click();
      const outcome = box.getByTestId('report-check-outcome');
      await expect.poll(() => outcome.innerText(), { timeout: 30_000 }).toContain('UNKNOWN SIGNER');
      await box.getByLabel("The sender's public key (optional)").setInputFiles(report.key);
      await box.getByRole('button', { name: 'Check the report' }).click();
      await expect.poll(() => outcome.innerText(), { timeout: 30_000 }).toContain('VALID');
      expect(await outcome.innerText()).toContain('Signed by the public key you gave.');
      await checkScreen(p, 'review-07-recipient-valid');
      const changed = join(recipient.dir, report.name);
      const bytes = await readFile(report.pdf);
      bytes[bytes.length - 10] = bytes[bytes.length - 10]! ^ 1;
      await writeFile(changed, bytes);
      await box.getByLabel('Report (PDF, JSON or workbook)').setInputFiles(changed);
      await box.getByRole('button', { name: 'Check the report' }).click();
      await expect.poll(() => outcome.innerText(), { timeout: 30_000 }).toContain('INVALID');
      expect(await outcome.innerText()).toContain('the file was changed after it was signed');
      await checkScreen(p, 'review-08-recipient-invalid');
      expect(recipient.session.errors).toEqual([]);
    } finally {
      await recipient.close();
    }
  }, 300_000);

  it('speaks French: the same review, in French words', async () => {
    await page.evaluate(() => window.localStorage.setItem('natalia.language', 'fr'));
    await page.goto(verdictUrl());
    await page.reload();
    const finding = page.locator('[data-testid=finding][data-code="audit.hash_mismatch"]').first();
    await finding.waitFor({ timeout: 60_000 });
    await expect.poll(() => finding.getByTestId('review-summary').innerText()).toContain('Retenu');
    await finding.getByRole('button', { name: 'Revue', exact: true }).click();
    await finding.getByTestId('decision-current').getByText(/par Claire Martin/).waitFor();
    await checkScreen(page, 'review-04-verdict-finding-fr');
    await page.evaluate(() => window.localStorage.setItem('natalia.language', 'en'));
  });
});
