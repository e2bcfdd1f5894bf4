// The workstation in a real Chromium, in web mode, used as a first-time user
// would: create a case, import the reference samples and a tampered bundle
// (file picker, upload, typed path), read the verdicts and findings, open a
// finding's entry, filter the audit log, visit every screen, cancel an import.
// Every screen is photographed (test-results/screenshots/), scanned with
// axe-core, and the page must never reach beyond 127.0.0.1.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebWorkstation } from '../../shared/server/start-web.js';
import { foreignRequests, screenshot, type BrowserSession } from './support/browser.js';
import { samples, slowBundle, tamperedBundle, type TamperedBundle } from './support/evidence.js';
import { startBrowserWorkstation, type BrowserWorkstation } from './support/browser-workstation.js';
import { callApi, checkScreen } from './support/workstation-api.js';

let bw: BrowserWorkstation;
let dir: string;
let ws: WebWorkstation;
let session: BrowserSession;
let page: Page;
let tampered: TamperedBundle;
let slow: { path: string; trust: string };
let caseId: string;

const api = <T>(method: string, body: unknown): Promise<T> => callApi<T>(ws, method, body);

const check = (name: string) => checkScreen(page, name);

async function chooseTrust(path: string) {
  await page.getByTestId('trust-file-input').setInputFiles(path);
  await expect.poll(() => page.locator('.trust-choice').textContent()).toBe('trust-roots.json');
}

/** Starts an import with `start`, waits for its own job to end, and returns the outcome text. */
async function importOutcome(start: () => Promise<void>): Promise<string> {
  const jobs = page.getByTestId('import-job');
  const before = await jobs.count();
  await start();
  await expect.poll(() => jobs.count(), { timeout: 60_000 }).toBe(before + 1);
  const job = jobs.nth(before);
  await job.locator('.job-outcome p').waitFor({ timeout: 240_000 });
  return (await job.locator('.job-outcome').innerText()).trim();
}

const byPath = (path: string) => async () => {
  await page.getByLabel('Or the path of a bag folder or bundle on this computer').fill(path);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
};

beforeAll(async () => {
  bw = await startBrowserWorkstation('natalia-e2e-');
  ({ dir, ws, session, page } = bw);
  tampered = await tamperedBundle(join(dir, 'evidence'));
  slow = await slowBundle(join(dir, 'evidence'));
}, 600_000);

afterAll(() => bw?.close());

describe('the workstation in a browser', () => {
  it('opens on an empty workspace and says what to do', async () => {
    await page.goto(ws.url);
    await expect.poll(() => page.url()).not.toContain('token=');
    await page.getByRole('heading', { name: 'No case yet' }).waitFor();
    await check('01-cases-empty');
  });

  it('trades the launch link once: a reload keeps the session, the link again opens nothing', async () => {
    // The page has traded the token of the link: copied from the history or a log, it opens nothing now.
    const post = (path: string) =>
      fetch(`http://127.0.0.1:${ws.port}${path}`, { method: 'POST', headers: { Authorization: `Bearer ${ws.token}`, 'Content-Type': 'application/json' }, body: '{}' });
    expect((await post('/api/session')).status).toBe(403);
    expect((await post('/api/call/cases.list')).status).toBe(403);
    // A reload keeps this tab's session.
    await page.reload();
    await page.getByRole('heading', { name: 'No case yet' }).waitFor();
    // The same link in another tab is refused, and says what to do.
    const other = await session.context.newPage();
    try {
      await other.goto(ws.url);
      await expect.poll(() => other.url()).not.toContain('token=');
      await other.getByText('This launch link was already used', { exact: false }).first().waitFor();
      await screenshot(other, '01b-launch-link-already-used');
    } finally {
      await other.close();
    }
  });

  it('creates a case', async () => {
    await page.getByLabel('New case', { exact: true }).fill('Acme Contact 2026 audit');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('heading', { name: 'Acme Contact 2026 audit', level: 2 }).waitFor();
    caseId = new URLSearchParams(page.url().split('?')[1]).get('case')!;
    expect(caseId).toBeTruthy();
    // The workstation's trust store starts empty: the import panel says so before anything is imported with it.
    await page.getByTestId('workstation-trust').waitFor();
    expect(await page.getByTestId('workstation-trust').innerText()).toMatch(/^It is empty: a bundle imported with it cannot be trusted\./);
    await check('02-case-new');
  });

  it('imports the zip and tar.gz samples through the file picker', async () => {
    await chooseTrust(samples.full.trust);
    expect(await importOutcome(() => page.getByTestId('bundle-file-input').setInputFiles(samples.full.path))).toMatch(/^Imported\. Trusted/);
    await chooseTrust(samples.inserts.trust);
    expect(await importOutcome(() => page.getByTestId('bundle-file-input').setInputFiles(samples.inserts.path))).toMatch(/^Imported\. Trusted/);
  });

  it('imports a bag folder and the tampered bundle by their paths', async () => {
    await chooseTrust(samples.minimal.trust);
    expect(await importOutcome(byPath(samples.minimal.path))).toMatch(/^Imported\. Trusted/);

    await chooseTrust(tampered.trust);
    expect(await importOutcome(byPath(tampered.path))).toMatch(/^Imported\. Problems found/);
    await page.getByRole('table').first().locator('tbody tr').nth(3).waitFor();
    await check('03-case-with-bundles');
  });

  it('shows a trusted verdict in one line', async () => {
    const detail = await api<{ bundles: { id: string; name: string }[] }>('cases.get', { caseId });
    const minimal = detail.bundles.find((b) => b.name.includes('NAT-EC94'))!;
    await page.goto(`${ws.url.split('#')[0]}#/verdict?case=${caseId}&bundle=${minimal.id}`);
    const banner = page.getByTestId('verdict');
    await banner.getByRole('heading', { name: 'Trusted' }).waitFor();
    expect(await banner.innerText()).toMatch(/Every check passed on 130 audit entries/);
    await check('04-verdict-trusted');
  });

  it('shows the tampered bundle as problems, with the altered entry located', async () => {
    await page.getByRole('link', { name: 'Cases' }).click();
    await page.getByRole('link', { name: tampered.name }).click();
    const banner = page.getByTestId('verdict');
    await banner.getByRole('heading', { name: 'Problems found' }).waitFor();
    const finding = page.locator('[data-testid=finding][data-code="audit.hash_mismatch"]').first();
    await finding.waitFor();
    const text = await finding.innerText();
    expect(text).toContain('Audit entry altered');
    expect(text).toContain(`data/audit/audit-log.csv, line ${tampered.line.toLocaleString('en-GB')}`);
    expect(text).toContain('What it means:');
    // The edited file also breaks the manifest.
    expect(await page.locator('[data-testid=finding][data-code="bundle.manifest_mismatch"]').count()).toBeGreaterThan(0);
    await check('05-verdict-problems');

    await finding.getByRole('button', { name: /^Show audit-log\.csv line/ }).click();
    const hit = finding.locator('.fl-hit');
    await hit.waitFor();
    expect(await hit.innerText()).toContain(`${tampered.seq},`);
    expect(await hit.innerText()).toContain('failure');
    await check('06-verdict-file-line');
  });

  it("opens the finding's entry in the explorer, with its hash status", async () => {
    const finding = page.locator('[data-testid=finding][data-code="audit.hash_mismatch"]').first();
    await finding.getByRole('button', { name: `Open entry ${tampered.seq}` }).click();
    const detail = page.getByTestId('entry-detail');
    await detail.getByRole('heading', { name: `Entry ${tampered.seq}` }).waitFor();
    await detail.getByText('No: altered').waitFor();
    expect(await detail.innerText()).toContain('Audit entry altered');
    // The row is in view and selected.
    await page.locator(`.grid-row.selected[data-seq="${tampered.seq}"]`).waitFor();
    await check('07-audit-entry');
  });

  it('filters, sorts and moves through the log with the keyboard', async () => {
    const ref = { caseId, bundleId: new URLSearchParams(page.url().split('?')[1]).get('bundle')! };
    const expected = await api<{ total: number }>('audit.query', { ...ref, filter: { action: 'phone.reveal' }, sort: { field: 'seq', direction: 'asc' }, offset: 0, limit: 1 });
    await page.getByLabel('Action', { exact: true }).selectOption('phone.reveal');
    await expect.poll(() => page.getByTestId('audit-total').innerText()).toBe(`${expected.total} entries match of 400`);
    const actions = await page.locator('.grid-body .gc-action').allInnerTexts();
    expect(actions.length).toBeGreaterThan(0);
    expect(new Set(actions)).toEqual(new Set(['phone.reveal']));

    await page.getByRole('button', { name: 'Sort by Actor' }).click();
    await expect.poll(() => page.getByRole('columnheader', { name: /Actor/ }).getAttribute('aria-sort')).toBe('ascending');
    // The header says the new order at once; the rows follow when the engine answers. Until then the grid
    // is busy or still shows the previous order, and keys pressed on it have no rows to move through.
    const sortedRows = async () => {
      if ((await page.getByTestId('audit-grid').getAttribute('aria-busy')) !== 'false') return 'loading';
      const actors = await page.locator('.grid-body .gc-actor').allInnerTexts();
      return actors.length > 1 && actors.join('\n') === [...actors].sort().join('\n') ? 'sorted' : `not sorted: ${actors.join(', ')}`;
    };
    await expect.poll(sortedRows).toBe('sorted');

    await page.getByRole('grid').focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowDown');
    const second = await page.locator('.grid-body .grid-row').nth(1).getAttribute('data-seq');
    await page.getByTestId('entry-detail').getByRole('heading', { name: `Entry ${Number(second).toLocaleString('en-GB')}` }).waitFor();
    await check('08-audit-filtered');

    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => page.getByTestId('audit-total').innerText()).toBe('400 entries match');
  });

  it('shows reveals, erasures, license and custody', async () => {
    const full = (await api<{ bundles: { id: string; name: string }[] }>('cases.get', { caseId })).bundles.find((b) => b.name.includes('NAT-CE90'))!;
    await page.goto(`${ws.url.split('#')[0]}#/reveals?case=${caseId}&bundle=${full.id}`);
    await page.getByRole('heading', { name: 'Reveals over time' }).waitFor();
    await page.locator('.recharts-bar-rectangle').first().waitFor();
    // The chart and the table come from separate calls: wait for the table's rows, not just the chart.
    await page.getByRole('table').first().locator('tbody tr').first().waitFor();
    await check('09-reveals');

    await page.getByRole('link', { name: 'Erasures' }).click();
    await page.locator('.erasure').first().waitFor();
    await expect.poll(() => page.locator('.erasure').count()).toBe(4);
    await check('10-erasures');

    await page.getByRole('link', { name: 'License' }).click();
    await page.getByRole('heading', { name: 'Timeline' }).waitFor();
    await expect.poll(() => page.locator('.lic-row').count()).toBeGreaterThan(1);
    await check('11-license');

    await page.getByRole('link', { name: 'Custody' }).click();
    await page.locator('.custody-item').first().waitFor();
    const items = await page.locator('.custody-item').allInnerTexts();
    expect(items[0]).toContain('Case created');
    expect(items.filter((t) => t.includes('Bundle imported')).length).toBe(4);
    const chain = page.getByTestId('custody-check');
    expect(await chain.innerText()).toMatch(/Chain intact[\s\S]*All \d+ entries recompute and link, and every stored verification is the one recorded at its import/);
    await check('12-custody');
  });

  it('cancels an import half-way and leaves the case as it was', async () => {
    await page.getByRole('link', { name: 'Cases' }).click();
    await chooseTrust(slow.trust);
    const outcome = await importOutcome(async () => {
      await byPath(slow.path)();
      const job = page.getByTestId('import-job').last();
      await job.locator('.stage-current', { hasText: 'Verifying the audit log' }).waitFor();
      // The stages before are named and ticked off.
      expect((await job.locator('.stage-done').allInnerTexts()).map((t) => t.replace(/^\W+/, ''))).toEqual(['Opening the bundle', 'Checking files against the manifests', 'Checking licenses and trust']);
      await screenshot(page, '13-import-progress');
      await job.getByRole('button', { name: 'Cancel' }).click();
    });
    expect(outcome).toBe('Import cancelled; nothing was added to the case.');
    const detail = await api<{ bundles: unknown[] }>('cases.get', { caseId });
    expect(detail.bundles.length).toBe(4);
  });

  it('never asked for anything outside 127.0.0.1 and logged no error', () => {
    expect(session.requests.length).toBeGreaterThan(10);
    expect(foreignRequests(session.requests, ws.port)).toEqual([]);
    expect(session.errors).toEqual([]);
  });
});
