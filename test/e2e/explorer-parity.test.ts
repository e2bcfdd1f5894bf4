// What the CLI could do and the screens now do too, in a real Chromium: the
// explorer's contains-search (8,333 entries, "admin"), the filtered rows
// exported as CSV and read back, Escape closing the entry pane, and a case's
// badge showing its worst bundle while the bundle selector tells the
// bundles apart. Screens photographed in both languages.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samples, tamperedBundle } from './support/evidence.js';
import { startBrowserWorkstation, type BrowserWorkstation } from './support/browser-workstation.js';
import { callApi, checkScreen, importAndWait as importInto } from './support/workstation-api.js';

let bw: BrowserWorkstation;
let page: Page;
let caseId: string;
let full: string;
let base: string;
let tamperedName: string;

const importAndWait = (source: string, trust: string | undefined, count: number) => importInto(bw.ws, caseId, source, trust, count);

beforeAll(async () => {
  bw = await startBrowserWorkstation('natalia-e2e-parity-', { ownKey: true });
  page = bw.page;
  base = bw.ws.url.split('#')[0]!;
  caseId = (await callApi<{ id: string }>(bw.ws, 'cases.create', { name: 'Parity 2026' })).id;
  const tampered = await tamperedBundle(join(bw.dir, 'evidence'));
  tamperedName = tampered.name;
  await importAndWait(tampered.path, tampered.trust, 1);
  const d = await importAndWait(samples.full.path, samples.full.trust, 2);
  full = d.bundles.find((b) => b.name.includes('NAT-CE90'))!.id;
}, 600_000);

afterAll(() => bw?.close());

describe('the explorer and the case list, as the CLI', () => {
  it('finds "admin" among 8,333 entries in actor, target, IP, request id and details', async () => {
    await page.goto(bw.ws.url);
    await page.goto(`${base}#/audit?case=${caseId}&bundle=${full}`);
    await expect.poll(() => page.getByTestId('audit-total').innerText()).toBe('8,333 entries match');
    await page.getByLabel('Contains').fill('admin');
    const expected = await callApi<{ total: number }>(bw.ws, 'audit.query', { caseId, bundleId: full, filter: { text: 'admin' }, sort: { field: 'seq', direction: 'asc' }, offset: 0, limit: 1 });
    expect(expected.total).toBeGreaterThan(0);
    expect(expected.total).toBeLessThan(8333);
    await expect.poll(() => page.getByTestId('audit-total').innerText()).toBe(`${expected.total.toLocaleString('en-GB')} entries match of 8,333`);
    await page.locator('.grid-body .grid-row[data-seq]').first().waitFor();
    await checkScreen(page, 'parity-en-audit-search');
  });

  it('exports the filtered rows as CSV, the same rows in the same order', async () => {
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByRole('button', { name: 'Export these entries (CSV)' }).click()]);
    expect(download.suggestedFilename()).toBe('audit-entries-NAT-CE90-8A2C.csv');
    const rows = parse((await readFile(await download.path(), 'utf8')).replace(/^\ufeff/, ''), { columns: true }) as Record<string, string>[];
    const total = await callApi<{ total: number; rows: { seq: number }[] }>(bw.ws, 'audit.query', {
      caseId,
      bundleId: full,
      filter: { text: 'admin' },
      sort: { field: 'seq', direction: 'asc' },
      offset: 0,
      limit: 1000,
    });
    expect(rows.length).toBe(total.total);
    expect(rows.slice(0, 50).map((r) => Number(r.seq))).toEqual(total.rows.slice(0, 50).map((r) => r.seq));
    for (const r of rows) expect([r.actor, r.target, r.source_ip, r.request_id, r.details].join(' ').toLowerCase()).toContain('admin');
    await page.getByTestId('delivered-files').waitFor();
  });

  it('Escape closes the entry pane', async () => {
    await page.locator('.grid-body .grid-row[data-seq]').first().click();
    await page.getByTestId('entry-detail').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('heading', { name: 'No entry chosen' }).waitFor();
  });

  it("shows the case's worst verdict, and the bundle selector tells the bundles apart", async () => {
    await page.goto(`${base}#/cases?case=${caseId}`);
    const item = page.locator('.case-item', { hasText: 'Parity 2026' });
    // The trusted sample was imported last; the tampered one still decides the badge.
    expect(await item.locator('.badge').innerText()).toBe('Problems found');
    const options = await page.locator('#bundle-select option').allInnerTexts();
    const real = options.filter((o) => o.includes('imported'));
    expect(real).toHaveLength(2);
    expect(real.some((o) => /^NAT-CE90-8A2C · exported 2 Mar 2026 · zip imported .* UTC · Trusted · natalia-evidence-NAT-CE90-8A2C-20260302T091407Z\.zip$/.test(o))).toBe(true);
    expect(real.some((o) => o.includes('bag folder imported') && o.endsWith(`Problems found · ${tamperedName}`))).toBe(true);
    await checkScreen(page, 'parity-en-cases');
  });

  it('says all of it in French too', async () => {
    await page.locator('.lang-switch select').selectOption({ label: 'Français' });
    expect(await page.locator('.case-item .badge').innerText()).toBe('Problèmes détectés');
    await checkScreen(page, 'parity-fr-cases');
    await page.goto(`${base}#/audit?case=${caseId}&bundle=${full}`);
    await page.getByLabel('Contient').fill('admin');
    await expect.poll(() => page.getByTestId('audit-total').innerText()).toMatch(/entrées correspondent sur 8\u202f333$/);
    await page.locator('.grid-body .grid-row[data-seq]').first().waitFor();
    await checkScreen(page, 'parity-fr-audit-search');
    await page.locator('.lang-switch select').selectOption({ label: 'English' });
  });

  it('records a DPO review and a deadline extension from the Erasures screen, and the report uses them', async () => {
    await page.goto(`${base}#/erasures?case=${caseId}&bundle=${full}`);
    const card = page.locator('.erasure').first();
    await card.waitFor();
    const cert = (await card.locator('h2').innerText()).trim();
    await card.getByText('Record a review or a deadline extension with the report').click();
    await card.getByLabel('Reviewed by').fill('Marie Dupont (DPO)');
    await card.getByLabel('Reviewed on (UTC)').fill('2026-03-04');
    // An incomplete extension is said to be left out.
    await card.getByLabel('Reason', { exact: true }).fill('Backups to purge');
    await card.getByText(/An extension needs the notification date/).waitFor();
    await card.getByLabel('Notified on (UTC)').fill('2025-05-20');
    await card.getByLabel('Decided by').fill('Marie Dupont');
    expect(await card.getByText(/An extension needs/).count()).toBe(0);
    await checkScreen(page, 'parity-en-erasure-review');
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), card.getByRole('button', { name: `Report (PDF) for ${cert}` }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    const delivered = card.getByTestId('delivered-files');
    await delivered.waitFor();
    expect(await card.locator('.delivered-notes').innerText()).toMatch(/Recorded the review by Marie Dupont \(DPO\) in the case/);
    expect(await card.locator('.delivered-notes').innerText()).toMatch(new RegExp(`Recorded the deadline extension of ${cert} in the case`));
    const custody = await callApi<{ action: string; details: Record<string, unknown> }[]>(bw.ws, 'custody.list', { caseId });
    const recorded = custody.filter((e) => e.action === 'review.record').map((e) => e.details.kind);
    expect(recorded.sort()).toEqual(['deadline_extension', 'review']);
    // A later report, with nothing given, uses what the case now holds.
    const again = await callApi<{ notes: string[] }>(bw.ws, 'erasures.report', { caseId, certificateId: cert, lang: 'fr', bundleId: full });
    expect(again.notes.join(' ')).toMatch(/Uses the review by Marie Dupont \(DPO\)/);
    // A review dated wrongly is refused with the reason, nothing recorded.
    await expect(callApi(bw.ws, 'erasures.report', { caseId, certificateId: cert, lang: 'en', bundleId: full, review: { reviewer: 'X', reviewedAt: '2026-02-30' } })).rejects.toThrow(/reviewedAt/);
  });

  it('logged no error', () => {
    expect(bw.session.errors).toEqual([]);
  });
});
