// The reports in a real Chromium, in web mode, as a CISO and a DPO would use
// them: the CAIQ-Lite questionnaire of a case holding the minimal sample
// (coverage, filters, a question's evidence one click away, a declared
// answer changing the coverage, the CSV downloaded and read back), the
// signed erasure report downloaded with its signature, and the workstation's
// public key. Screens photographed to test-results/screenshots/, scanned with
// axe-core; the page never reaches beyond 127.0.0.1.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaiqQuestionnaire, CaseDetail, WorkstationKeyInfo } from '../../shared/api/contract.js';
import ExcelJS from 'exceljs';
import { verifyReportSignature } from '../../shared/engine/reports/signing/report-signature.js';
import { buildOfficialLikeWorkbook } from '../reports/helpers/official-workbook.js';
import type { WebWorkstation } from '../../shared/server/start-web.js';
import { foreignRequests, type BrowserSession } from './support/browser.js';
import { samples } from './support/evidence.js';
import { startBrowserWorkstation, type BrowserWorkstation } from './support/browser-workstation.js';
import { callApi, checkScreen } from './support/workstation-api.js';

const CERT = 'ERC-2026-000017';

let bw: BrowserWorkstation;
let dir: string;
let ws: WebWorkstation;
let session: BrowserSession;
let page: Page;
let caseId: string;
let bundleId: string;
let base: string;

const api = <T>(method: string, body: unknown): Promise<T> => callApi<T>(ws, method, body);

const check = (name: string) => checkScreen(page, name);

/** Clicks, and returns the download the click started. */
async function downloadBy(click: () => Promise<void>): Promise<{ download: Download; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), click()]);
  const path = await download.path();
  return { download, bytes: await readFile(path) };
}

const coverage = (k: 'evidence' | 'declared' | 'open') => page.getByTestId(`coverage-${k}`).innerText();
const rows = () => page.getByTestId('question-table').locator('tbody tr');

beforeAll(async () => {
  bw = await startBrowserWorkstation('natalia-e2e-reports-', { ownKey: true });
  ({ dir, ws, session, page } = bw);
  base = ws.url.split('#')[0]!;
  caseId = (await api<{ id: string }>('cases.create', { name: 'Acme reports 2026' })).id;
  await api('bundles.import', { caseId, source: { kind: 'path', path: samples.minimal.path }, trust: { kind: 'path', path: samples.minimal.trust } });
  for (let i = 0; i < 600; i++) {
    const detail = await api<CaseDetail>('cases.get', { caseId });
    if (detail.bundles.length === 1) {
      bundleId = detail.bundles[0]!.id;
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(bundleId).toBeTruthy();
}, 600_000);

afterAll(() => bw?.close());

describe('the CAIQ-Lite questionnaire', () => {
  it('opens from the navigation with its coverage and the 138 questions of CAIQ v4.1', async () => {
    await page.goto(ws.url);
    await page.goto(`${base}#/custody?case=${caseId}`);
    await page.getByRole('link', { name: 'Questionnaire' }).click();
    await page.getByRole('heading', { name: 'CAIQ-Lite questionnaire', level: 1 }).waitFor();
    await page.getByTestId('coverage').waitFor();
    expect(await page.getByTestId('coverage').innerText()).toContain(
      'CAIQ v4.1.0: 0 of 138 questions answered: 0 declared, 0 No from the verified evidence; 138 still open. 9 supported by verified evidence.',
    );
    expect(await coverage('evidence')).toBe('From evidence: 0');
    expect(await coverage('open')).toBe('Open: 138');
    expect(await rows().count()).toBe(138);
    expect(await page.getByTestId('question-count').innerText()).toBe('All 138 questions');
    await check('20-questionnaire');
  });

  it('filters by domain and by kind', async () => {
    const q = await api<CaiqQuestionnaire>('caiq.list', { caseId });
    const dsp = q.questions.filter((x) => x.domain === 'DSP');
    await page.getByLabel('Domain').selectOption('DSP');
    await expect.poll(() => rows().count()).toBe(dsp.length);
    expect(await rows().locator('th').allInnerTexts()).toEqual(dsp.map((x) => x.questionId));
    expect(await page.getByTestId('question-count').innerText()).toBe(`${dsp.length} of 138 questions`);

    await page.getByLabel('Kind').selectOption('declared');
    await expect.poll(() => rows().count()).toBe(0);

    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => rows().count()).toBe(138);
  });

  it("opens a question: its answer, its evidence, each citation one click away", async () => {
    await page.getByRole('button', { name: 'LOG-04.1', exact: true }).click();
    const detail = page.getByTestId('question-detail');
    await detail.getByRole('heading', { name: 'LOG-04.1' }).waitFor();
    const text = await detail.innerText();
    expect(text).toContain('Restricted access to audit logs');
    expect(text.toLowerCase()).toContain('what the verified evidence shows');
    expect(text).toContain('It does not show: who can read or change the logs');
    expect(text.toLowerCase()).toContain('declare an answer');
    const chain = detail.locator('[data-testid=citation][data-check="audit.chain"]');
    expect(await chain.innerText()).toContain('Entries 1–130');
    expect(await chain.innerText()).toMatch(/data\/audit\/audit-log\.csv\s+Show the first lines\s+SHA-256 [0-9a-f]{64}/);
    await check('21-questionnaire-detail');

    // A file: its first lines, read from the case's copy.
    await chain.getByRole('button', { name: 'Show the first lines of data/audit/audit-log.csv' }).click();
    await chain.locator('.fl-hit').waitFor();
    expect(await chain.locator('.file-lines').innerText()).toMatch(/^seq,ts,/m);

    // A seq: that entry in the audit log explorer; Back returns to the question.
    await chain.getByRole('button', { name: 'Open entry 130' }).click();
    await page.getByTestId('entry-detail').getByRole('heading', { name: 'Entry 130' }).waitFor();
    expect(page.url()).toContain(`bundle=${bundleId}`);
    await page.goBack();
    await detail.getByRole('heading', { name: 'LOG-04.1' }).waitFor();

    // A check id: that check on the bundle's verdict, brought into view.
    await detail.locator('[data-testid=citation][data-check="audit.seal"]').getByRole('button', { name: 'Open check audit.seal in the verdict' }).click();
    const target = page.locator('.check-target[data-check="audit.seal"]');
    await target.waitFor();
    expect(await target.innerText()).toContain('Passed');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-check'))).toBe('audit.seal');
    await check('25-verdict-cited-check');
    await page.goBack();
    await detail.getByRole('heading', { name: 'LOG-04.1' }).waitFor();
  });

  it('moves through the questions with the keyboard, the table being one Tab stop', async () => {
    const active = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent ?? '');
    await page.getByLabel('Kind').focus();
    await page.keyboard.press('Tab');
    expect(await active()).toBe('LOG-04.1');
    await page.keyboard.press('ArrowDown');
    expect(await active()).toBe('LOG-05.1');
    await page.getByTestId('question-detail').getByRole('heading', { name: 'LOG-05.1' }).waitFor();
    expect(page.url()).toContain('q=LOG-05.1');
    // Tab leaves the table for the question's details.
    await page.keyboard.press('Tab');
    expect(await active()).toBe('Close the question details');
  });

  it('declares an answer the evidence cannot give, and the coverage changes', async () => {
    await page.getByLabel('Domain').selectOption('HRS');
    await page.getByRole('button', { name: 'HRS-11.1', exact: true }).click();
    const detail = page.getByTestId('question-detail');
    await detail.getByRole('heading', { name: 'Declare an answer' }).waitFor();

    // An empty form says what is missing, and nothing is saved.
    await detail.getByRole('button', { name: 'Save declared answer' }).click();
    await detail.getByText('Choose Yes, No or NA.').waitFor();
    expect(await coverage('declared')).toBe('Declared: 0');

    await detail.getByRole('radio', { name: 'Yes' }).check();
    await detail.getByLabel('Who is responsible (SSRM control ownership)').selectOption('CSP-owned');
    await detail.getByLabel('What is in place (column E)').fill('Every employee follows the security awareness course when hired, then every year.');
    await detail.getByText('Checks it leans on').click();
    await detail.getByRole('checkbox', { name: /audit\.chain/ }).check();
    await detail.getByRole('button', { name: 'Save declared answer' }).click();
    await detail.getByText("Saved in the case's answer library as version 1.").waitFor();

    await expect.poll(() => coverage('declared')).toBe('Declared: 1');
    expect(await coverage('open')).toBe('Open: 137');
    expect(await rows().filter({ hasText: 'HRS-11.1' }).locator('td.q-col-kind').innerText()).toBe('Declared');
    expect(await detail.innerText()).toMatch(/Declared by\s+\S+ on \d{1,2} [A-Z][a-z]{2} \d{4}/);
    expect(await detail.locator('[data-testid=citation][data-check="audit.chain"]').count()).toBe(1);
    // As the user sees it after saving: the coverage at the top, the question's answer in the pane.
    await page.locator('.main-body').evaluate((e) => e.scrollTo(0, 0));
    await page.locator('.q-detail').evaluate((e) => e.scrollTo(0, 0));
    await check('23-questionnaire-declared');
  });

  it('exports the questionnaire and the CSV downloads with the declared answer', async () => {
    const { download: xlsx, bytes: workbook } = await downloadBy(() => page.getByRole('button', { name: 'Export questionnaire (.xlsx + CSV)' }).click());
    expect(xlsx.suggestedFilename()).toBe('caiq-lite-Acme-reports-2026.xlsx');
    expect(workbook.subarray(0, 2).toString('latin1')).toBe('PK');
    const files = page.getByTestId('delivered-files');
    await files.waitFor();

    const { download, bytes } = await downloadBy(() => files.getByRole('button', { name: 'Download caiq-lite-Acme-reports-2026.csv', exact: true }).click());
    expect(download.suggestedFilename()).toBe('caiq-lite-Acme-reports-2026.csv');
    const lines = bytes.toString('utf8').split('\r\n');
    expect(lines[0]).toBe(
      'question_id,topic,answer,ssrm_ownership,implementation,csc_responsibilities,basis,declared_by,declared_at,reason,citations,evidence_shows,evidence_does_not_show,caiq_version,trust',
    );
    expect(lines.find((l) => l.startsWith('HRS-11.1,'))).toMatch(/^HRS-11\.1,[^,]+,Yes,CSP-owned,"?Every employee follows the security awareness course/);
    expect(lines.find((l) => l.startsWith('LOG-04.1,'))).toMatch(/^LOG-04\.1,[^,]+,,,/);

    const sig = await downloadBy(() => files.getByRole('button', { name: 'Download caiq-lite-Acme-reports-2026.csv.sig.json', exact: true }).click());
    const key = await api<WorkstationKeyInfo>('reports.key', {});
    expect(verifyReportSignature(bytes, JSON.parse(sig.bytes.toString('utf8')), { expectedKid: key.kid, fileName: download.suggestedFilename() })).toMatchObject({ valid: true, notes: [] });
  });

  it("fills the user's official CSA workbook, uploaded like a bundle", async () => {
    const official = join(dir, 'CAIQv4.1.0-star_security_questionnaire.xlsx');
    await writeFile(official, await buildOfficialLikeWorkbook({ version: '4.1.0' }));
    const { download, bytes } = await downloadBy(() => page.getByTestId('workbook-file-input').setInputFiles(official));
    expect(download.suggestedFilename()).toBe('caiq-lite-Acme-reports-2026.xlsx');
    const files = page.getByTestId('delivered-files');
    expect(await files.innerText()).toContain('Filled sheet "CAIQv4.1.0" of CAIQv4.1.0-star_security_questionnaire.xlsx (CAIQ v4.1.0): 1 row written, 0 kept as you answered them, 0 missing');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('CAIQv4.1.0')!;
    const rowOf = (id: string) => sheet.getColumn(1).values.findIndex((v) => v === id);
    expect(sheet.getRow(rowOf('HRS-11.1')).getCell(3).value).toBe('Yes');
    expect(sheet.getRow(rowOf('LOG-04.1')).getCell(4).value ?? null).toBeNull();
    // Open questions stay as the user's workbook had them.
    expect(sheet.getRow(rowOf('HRS-11.2')).getCell(3).value ?? null).toBeNull();
  });
});

describe("the auditor's findings report", () => {
  it('is made from the Verdict screen in French, signed, and downloads with its signature', async () => {
    await page.goto(`${base}#/verdict?case=${caseId}&bundle=${bundleId}`);
    const panel = page.getByTestId('audit-report');
    await panel.waitFor();
    await panel.getByLabel('Language').selectOption('fr');
    const { download, bytes: pdf } = await downloadBy(() => panel.getByRole('button', { name: 'Make the findings report' }).click());
    expect(download.suggestedFilename()).toBe('findings-report-Acme-reports-2026-fr.pdf');
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await panel.getByText(/^AUD-[0-9A-F]{12}: 1 bundle, 0 findings above info\.$/).first().waitFor();
    await panel.scrollIntoViewIfNeeded();
    await check('23-findings-report');
    const sig = await downloadBy(() => panel.getByRole('button', { name: 'Download findings-report-Acme-reports-2026-fr.pdf.sig.json', exact: true }).click());
    const signature = JSON.parse(sig.bytes.toString('utf8')) as { kind: string };
    expect(signature.kind).toBe('audit-pdf');
    const key = await api<WorkstationKeyInfo>('reports.key', {});
    expect(verifyReportSignature(pdf, signature, { expectedKid: key.kid, fileName: download.suggestedFilename() })).toMatchObject({ valid: true, notes: [] });
  });
});

describe('the erasure report', () => {
  it('is produced from the Erasures screen, signed, and downloads with its signature', async () => {
    await page.goto(`${base}#/erasures?case=${caseId}&bundle=${bundleId}`);
    const card = page.locator('.erasure').first();
    await card.waitFor();
    await card.getByLabel('Report language').selectOption('fr');
    const { download, bytes: pdf } = await downloadBy(() => card.getByRole('button', { name: `Report (PDF) for ${CERT}` }).click());
    expect(download.suggestedFilename()).toBe(`erasure-report-${CERT}-fr.pdf`);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await card.getByText('Every check passed.').waitFor();
    await card.getByTestId('delivered-files').scrollIntoViewIfNeeded();
    await check('22-erasure-report');

    const sig = await downloadBy(() => card.getByRole('button', { name: `Download erasure-report-${CERT}-fr.pdf.sig.json`, exact: true }).click());
    const signature = JSON.parse(sig.bytes.toString('utf8'));
    const key = await api<WorkstationKeyInfo>('reports.key', {});
    expect(signature).toMatchObject({ kind: 'erasure-pdf', file: `erasure-report-${CERT}-fr.pdf`, kid: key.kid });
    expect(verifyReportSignature(pdf, signature, { expectedKid: key.kid })).toMatchObject({ valid: true });
  });

  it('is recorded in the custody log, next to the key that signs reports', async () => {
    await page.getByRole('link', { name: 'Custody' }).click();
    await page.locator('.custody-item').first().waitFor();
    const items = await page.locator('.custody-item').allInnerTexts();
    expect(items.some((t) => t.includes('CAIQ answer declared: HRS-11.1 Yes (CSP-owned)'))).toBe(true);
    expect(items.some((t) => t.includes('Report written: CAIQ-Lite CSV, caiq-lite-Acme-reports-2026.csv'))).toBe(true);
    expect(items.some((t) => t.includes(`Report written: erasure report (PDF), erasure-report-${CERT}-fr.pdf`))).toBe(true);

    const key = await api<WorkstationKeyInfo>('reports.key', {});
    const panel = page.getByTestId('signing-key');
    await panel.scrollIntoViewIfNeeded();
    expect(await panel.getByTestId('key-kid').innerText()).toBe(key.kid);
    const exported = await downloadBy(() => panel.getByRole('button', { name: 'Export the public key' }).click());
    expect(exported.download.suggestedFilename()).toBe(`natalia-audit-workstation-key-${key.kid}.json`);
    expect(JSON.parse(exported.bytes.toString('utf8'))).toEqual({ format: key.format, kid: key.kid, public_key: key.publicKey, created_at: key.createdAt });
    await check('24-custody-key');
  });

  it('never asked for anything outside 127.0.0.1 and logged no error', () => {
    expect(session.requests.length).toBeGreaterThan(10);
    expect(foreignRequests(session.requests, ws.port)).toEqual([]);
    expect(session.errors).toEqual([]);
  });
});
