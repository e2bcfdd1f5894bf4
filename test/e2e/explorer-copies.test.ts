// The audit log explorer in a real Chromium: an entry whose CSV and JSON lines
// copies differ (a bag exported by the project's exporter, its JSON lines log
// edited after export, verified by the real engine on import) is shown as both
// copies side by side with the differing field marked; the keyboard reaches
// the sort headers before the rows, and Escape closes the entry and question
// panes. Screens photographed in both languages.
import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportBundle } from '../exporter/export-bundle.js';
import { applyTamper } from '../exporter/tamper.js';
import { startBrowserWorkstation, type BrowserWorkstation } from './support/browser-workstation.js';
import { callApi, checkScreen, importAndWait } from './support/workstation-api.js';

let bw: BrowserWorkstation;
let page: Page;
let caseId: string;
let bundleId: string;
let seq: number;
let base: string;
let bag: string;
let trust: string;

const focused = () => page.evaluate(() => {
  const el = document.activeElement as HTMLElement | null;
  return el?.getAttribute('aria-label') ?? el?.dataset.testid ?? el?.tagName ?? '';
});

beforeAll(async () => {
  bw = await startBrowserWorkstation('natalia-e2e-copies-');
  page = bw.page;
  base = bw.ws.url.split('#')[0]!;
  const made = await exportBundle({ outDir: join(bw.dir, 'source'), seed: 'e2e-copies', entries: 300, form: 'directory', dump: 'none', reveals: 5, erasures: 0 });
  bag = join(bw.dir, 'edited', made.bagName);
  trust = made.trustRootsPath;
  await cp(made.bagDir!, bag, { recursive: true });
  const expected = await applyTamper(bag, 'audit.csv_jsonl_mismatch');
  seq = expected.seq!;
  caseId = (await callApi<{ id: string }>(bw.ws, 'cases.create', { name: 'Two copies' })).id;
  const d = await importAndWait(bw.ws, caseId, bag, made.trustRootsPath, 1);
  bundleId = d.bundles[0]!.id;
}, 300_000);

afterAll(() => bw?.close());

describe('an entry the two exports disagree on', () => {
  it('shows both copies side by side, the differing field marked', async () => {
    await page.goto(bw.ws.url);
    await page.goto(`${base}#/audit?case=${caseId}&bundle=${bundleId}&seq=${seq}`);
    const copies = page.getByTestId('export-copies');
    await copies.waitFor();
    expect(await copies.getByRole('heading').textContent()).toBe('The two copies of this entry');
    const headers = await copies.locator('thead th').allInnerTexts();
    expect(headers[1]).toMatch(/^CSV\s+line \d+$/);
    expect(headers[2]).toMatch(/^JSON lines\s+line \d+$/);
    const marked = copies.locator('tr.copy-differs');
    expect(await marked.count()).toBe(1);
    expect(await marked.getAttribute('data-field')).toBe('user_agent');
    expect(await marked.locator('th').innerText()).toMatch(/User agent\s+≠ differs/);
    const [csv, jsonl] = await marked.locator('td').allInnerTexts();
    expect(jsonl).toBe('curl/8.5.0');
    expect(csv).not.toBe('curl/8.5.0');
    expect(csv!.length).toBeGreaterThan(0);
    // The entry pane's own user agent is the CSV copy's.
    expect(await page.getByTestId('entry-detail').locator('dl.kv').first().innerText()).toContain(csv!);
    await checkScreen(page, 'copies-en-entry');
    // Every field on request; only the one differs.
    await copies.getByRole('button', { name: 'Show the 16 fields both copies share' }).click();
    expect(await copies.locator('tbody tr').count()).toBe(17);
    expect(await copies.locator('tr.copy-differs').count()).toBe(1);
    const seqRow = await copies.locator('tr[data-field="seq"] td').allInnerTexts();
    expect(seqRow).toEqual([String(seq), String(seq)]);
    await checkScreen(page, 'copies-en-all-fields');
    await copies.getByRole('button', { name: 'Show only the fields that differ' }).click();
    expect(await copies.locator('tbody tr').count()).toBe(1);
  });

  it('shows no comparison on an entry both exports hold alike', async () => {
    await page.getByLabel('Go to seq').fill(String(seq + 1));
    await page.getByLabel('Go to seq').press('Enter');
    await page.getByTestId('entry-detail').getByRole('heading', { name: `Entry ${seq + 1}` }).waitFor();
    expect(await page.getByTestId('export-copies').count()).toBe(0);
  });
});

describe('two imports of one export', () => {
  it('are told apart by the bundle selector: file name, import time, verdict', async () => {
    const copy = join(bw.dir, 'again', 'second-copy-of-the-bag');
    await cp(bag, copy, { recursive: true });
    // An identical copy would be refused as already in the case: this one was edited once more.
    await applyTamper(copy, 'audit.hash_mismatch');
    const d = await importAndWait(bw.ws, caseId, copy, trust, 2);
    expect(d.bundles.map((b) => b.fileName).sort()).toEqual([bag.split('/').pop(), 'second-copy-of-the-bag'].sort());
    await page.goto(`${base}#/verdict?case=${caseId}&bundle=${bundleId}`);
    await page.reload(); // the case was changed behind the page's back (imported through the API)
    await page.getByTestId('bundle-chosen').waitFor();
    await expect.poll(() => page.locator('#bundle-select option').count()).toBe(2);
    const options = await page.locator('#bundle-select option').allInnerTexts();
    expect(options).toHaveLength(2);
    expect(new Set(options).size).toBe(2);
    expect(options.some((o) => o.endsWith('Problems found · second-copy-of-the-bag'))).toBe(true);
    for (const o of options) expect(o).toMatch(/^NAT-[A-Z0-9-]+ · exported \d+ \w+ 2026 · bag folder imported \d+ \w+ \d{4}, \d\d:\d\d:\d\d UTC · Problems found · /);
    // Under the selector, what its closed face cuts off.
    expect(await page.getByTestId('bundle-chosen').innerText()).toMatch(new RegExp(`^${bag.split('/').pop()}\\s+imported .* UTC$`));
    await checkScreen(page, 'bundles-en-selector');
    await page.locator('#bundle-select').selectOption({ label: options.find((o) => o.endsWith('second-copy-of-the-bag'))! });
    await expect.poll(() => page.getByTestId('bundle-chosen').innerText()).toMatch(/^second-copy-of-the-bag\s+imported/);
    await page.locator('.lang-switch select').selectOption({ label: 'Français' });
    await expect.poll(() => page.getByTestId('bundle-chosen').innerText()).toMatch(/^second-copy-of-the-bag\s+importé le .* UTC$/);
    expect((await page.locator('#bundle-select option').allInnerTexts()).every((o) => / · dossier BagIt importé le .* · Problèmes détectés · /.test(o))).toBe(true);
    await checkScreen(page, 'bundles-fr-selector');
    await page.locator('.lang-switch select').selectOption({ label: 'English' });
  });
});

describe('the keyboard', () => {
  it('reaches the sort headers before the rows, and Escape closes the entry pane', async () => {
    await page.goto(`${base}#/audit?case=${caseId}&bundle=${bundleId}`);
    await page.locator('.grid-body .grid-row[data-seq]').first().waitFor();
    await page.getByRole('button', { name: 'Export these entries (CSV)' }).focus();
    const order: string[] = [];
    for (let i = 0; i < 7; i++) {
      await page.keyboard.press('Tab');
      order.push(await focused());
    }
    expect(order).toEqual(['Sort by Seq', 'Sort by Time (UTC)', 'Sort by Tenant', 'Sort by Actor', 'Sort by Action', 'Sort by Outcome', 'Audit log entries']);
    // Back from the rows to the last header.
    await page.keyboard.press('Shift+Tab');
    expect(await focused()).toBe('Sort by Outcome');
    // A sort header works from the keyboard: seq (ascending at first) turned descending puts the last entry first.
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    expect(await focused()).toBe('Sort by Seq');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.grid-body .grid-row[data-seq]').first().getAttribute('data-seq')).toBe('300');
    // Into the rows: the arrow keys choose an entry, Escape closes it and leaves the focus in the rows.
    for (let i = 0; i < 6; i++) await page.keyboard.press('Tab');
    expect(await focused()).toBe('Audit log entries');
    await page.keyboard.press('ArrowDown');
    await page.getByTestId('entry-detail').getByRole('heading', { name: 'Entry 299' }).waitFor();
    await checkScreen(page, 'keyboard-en-entry');
    await page.keyboard.press('Escape');
    await page.getByRole('heading', { name: 'No entry chosen' }).waitFor();
    expect(await focused()).toBe('Audit log entries');
    await page.keyboard.press('Enter');
    await page.getByTestId('entry-detail').getByRole('heading', { name: 'Entry 299' }).waitFor();
    // From the pane's own Close button too, the focus goes back to the rows.
    await page.getByTestId('entry-detail').getByRole('button', { name: 'Close the entry details' }).focus();
    await page.keyboard.press('Escape');
    await page.getByRole('heading', { name: 'No entry chosen' }).waitFor();
    expect(await focused()).toBe('Audit log entries');
  });

  it('Escape closes the question pane', async () => {
    await page.goto(`${base}#/questionnaire?case=${caseId}&bundle=${bundleId}`);
    const first = page.getByTestId('question-table').locator('tbody tr button').first();
    await first.waitFor();
    await first.click();
    await page.getByTestId('question-detail').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('question-detail').waitFor({ state: 'detached' });
  });
});

describe('in French', () => {
  it('says the same, the differing field marked', async () => {
    await page.goto(`${base}#/audit?case=${caseId}&bundle=${bundleId}&seq=${seq}`);
    await page.locator('.lang-switch select').selectOption({ label: 'Français' });
    const copies = page.getByTestId('export-copies');
    await copies.getByRole('heading', { name: 'Les deux copies de cette entrée' }).waitFor();
    expect(await copies.locator('tr.copy-differs th').innerText()).toMatch(/Agent utilisateur\s+≠ diffère/);
    expect((await copies.locator('thead th').allInnerTexts())[1]).toMatch(/^CSV\s+ligne \d+$/);
    await checkScreen(page, 'copies-fr-entry');
    const order: string[] = [];
    await page.getByRole('button', { name: 'Exporter ces entrées (CSV)' }).focus();
    for (let i = 0; i < 7; i++) {
      await page.keyboard.press('Tab');
      order.push(await focused());
    }
    expect(order[0]).toBe('Trier par Seq');
    expect(order[6]).toBe('Entrées du journal d’audit');
    await page.locator('.lang-switch select').selectOption({ label: 'English' });
  });

  it('logged no error', () => {
    expect(bw.session.errors).toEqual([]);
  });
});
