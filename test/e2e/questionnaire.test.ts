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
import { sha256Hex } from '../../shared/engine/crypto/hash.js';
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
    await detail.locator('[data-testid=citation][data-check="audit.seal"]').getByRole('button', { name: 'Open the check “Audit log seal” (audit.seal) in the verdict' }).click();
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
    await detail.getByRole('checkbox', { name: /Audit log chain/ }).check();
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

describe('the questionnaire covers what the CLI does for answers', () => {
  const detail = () => page.getByTestId('question-detail');

  it('attaches a document to an answer and shows the answer’s history', async () => {
    await page.goto(`${base}#/questionnaire?case=${caseId}&q=HRS-11.1`);
    await detail().getByRole('heading', { name: 'Change the declared answer' }).waitFor();
    const doc = join(dir, 'training-register-2025.pdf');
    await writeFile(doc, 'register of the 2025 security awareness sessions');
    await detail().getByTestId('declare-document-input').setInputFiles(doc);
    await detail().getByText('To attach: training-register-2025.pdf').waitFor();
    await detail().getByRole('button', { name: 'Save declared answer' }).click();
    await detail().getByText("Saved in the case's answer library as version 2.").waitFor();
    const docs = detail().locator('.citations');
    await docs.getByText('“training-register-2025.pdf”').waitFor();
    expect(await docs.innerText()).toContain(`SHA-256 ${sha256Hex(await readFile(doc))}`);
    // Kept when the answer is edited again: the form lists it, ticked.
    expect(await detail().getByRole('checkbox', { name: 'Keep “training-register-2025.pdf”' }).isChecked()).toBe(true);

    await detail().getByRole('button', { name: 'Show the history' }).click();
    const history = detail().getByTestId('answer-history');
    await history.locator('.q-version').nth(1).waitFor();
    const versions = await history.locator('.q-version').allInnerTexts();
    expect(versions[0]).toMatch(/^Version 2\s+current/);
    expect(versions[0]).toContain('Leans on: Audit log chain, “training-register-2025.pdf”');
    expect(versions[1]).toMatch(/^Version 1\s+replaced/);
    await page.locator('.q-detail').evaluate((e) => e.scrollTo(0, e.scrollHeight));
    await check('26-questionnaire-history');
  });

  it('switches the release, the version always shown, and proposes the other release’s answer for review', async () => {
    await page.getByLabel('CAIQ release').selectOption('4.0.3');
    await expect.poll(() => page.getByTestId('coverage').innerText()).toMatch(/^CAIQ v4\.0\.3: 0 of 124 questions answered/);
    expect(await page.getByTestId('coverage').innerText()).toContain('1 with an answer of the other release to review');
    expect(page.url()).toContain('release=4.0.3');
    const row = rows().filter({ hasText: 'HRS-11.1' });
    expect(await row.locator('td.q-col-kind').innerText()).toMatch(/^Open\s*to review$/);
    await page.getByRole('button', { name: 'HRS-11.1', exact: true }).click();
    const carried = detail().getByTestId('question-carried');
    await carried.waitFor();
    expect((await carried.innerText()).toLowerCase()).toContain('answer of caiq v4.1.0 to review');
    expect(await carried.innerText()).toContain('Declared for HRS-11.1 in CAIQ v4.1.0: the same control in this release.');
    // The form starts from it; nothing is written for v4.0.3 until it is saved.
    expect(await detail().getByRole('radio', { name: 'Yes' }).isChecked()).toBe(true);
    expect(await detail().getByLabel('What is in place (column E)').inputValue()).toMatch(/^Every employee follows the security awareness course/);
    await page.locator('.main-body').evaluate((e) => e.scrollTo(0, 0));
    await check('27-questionnaire-v403-to-review');
    await page.getByLabel('CAIQ release').selectOption('4.1.0');
    await expect.poll(() => page.getByTestId('coverage').innerText()).toMatch(/^CAIQ v4\.1\.0: 1 of 138 questions answered/);
  });

  it('exports the answer library and imports one, as answers export and import do', async () => {
    const panel = page.getByTestId('answer-library');
    await panel.scrollIntoViewIfNeeded();
    expect(await panel.innerText()).toContain('1 answer declared in this case, in both releases.');
    const { download, bytes } = await downloadBy(() => panel.getByRole('button', { name: 'Export the answer library (.json)' }).click());
    expect(download.suggestedFilename()).toBe('caiq-answers-Acme-reports-2026.json');
    const lib = JSON.parse(bytes.toString('utf8')) as { format: string; answers: { question_id: string; evidence: unknown[] }[] };
    expect(lib.format).toBe('natalia-audit.caiq-answers.v1');
    expect(lib.answers.map((a) => a.question_id)).toEqual(['HRS-11.1']);

    // The same file back: already current. One with a new answer: recorded, in the coverage at once.
    const same = join(dir, 'caiq-answers-same.json');
    await writeFile(same, bytes);
    await panel.getByTestId('library-file-input').setInputFiles(same);
    await panel.getByText('caiq-answers-same.json: 0 answers recorded, 1 already current.').waitFor();
    const more = join(dir, 'caiq-answers-more.json');
    const extra = { caiq_version: '4.1.0', question_id: 'GRC-01.1', answer: 'Yes', ownership: 'CSP-owned', implementation: 'A governance programme approved by the board.', author: 'ciso.marie', declared_at: '2026-02-01T09:00:00.000Z', evidence: [] };
    await writeFile(more, JSON.stringify({ ...lib, answers: [...lib.answers, extra] }));
    await panel.getByLabel('Record as declared by (optional)').fill('ciso.paul');
    await panel.getByTestId('library-file-input').setInputFiles(more);
    // Re-declared as ciso.paul's, today: both statements are new versions.
    await panel.getByText('caiq-answers-more.json: 2 answers recorded, 0 already current.').waitFor();
    await expect.poll(() => coverage('declared')).toBe('Declared: 2');
    await check('28-questionnaire-library');
  });

  it('fills the official workbook with the CLI’s options and shows what was written, kept and missing', async () => {
    const typed = join(dir, 'CAIQv4.1.0-typed.xlsx');
    await writeFile(typed, await buildOfficialLikeWorkbook({ version: '4.1.0', typed: { 'HRS-11.1': ['No', 'CSC-owned', 'Typed by the customer.'] } }));
    const panel = page.getByTestId('caiq-export');
    await page.locator('.main-body').evaluate((e) => e.scrollTo(0, 0));
    await downloadBy(() => panel.getByTestId('workbook-file-input').setInputFiles(typed));
    const report = panel.getByTestId('fill-report');
    await report.waitFor();
    expect(await report.getByTestId('fill-written').innerText()).toBe('Written (1)\nGRC-01.1');
    expect(await report.getByTestId('fill-kept').innerText()).toBe('Kept as you answered them (1)\nHRS-11.1');
    expect(await report.getByTestId('fill-missing').innerText()).toBe('No row in your workbook (0)\n—');
    expect(await panel.getByTestId('delivered-files').innerText()).toContain('(tick "Write over my answers" to replace them)');
    await check('29-questionnaire-fill-report');

    await panel.getByLabel('Write over my answers').check();
    await panel.getByLabel('Name who declared each answer').check();
    const { bytes } = await downloadBy(() => panel.getByTestId('workbook-file-input').setInputFiles(typed));
    await expect.poll(() => report.getByTestId('fill-written').innerText()).toBe('Written (2)\nGRC-01.1, HRS-11.1');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('CAIQv4.1.0')!;
    const rowOf = (id: string) => sheet.getColumn(1).values.findIndex((v) => v === id);
    expect(sheet.getRow(rowOf('HRS-11.1')).getCell(3).value).toBe('Yes');
    expect(String(sheet.getRow(rowOf('HRS-11.1')).getCell(5).value)).toMatch(/Declared by \S+ on 2026-/);
  });

  it('speaks French: the questionnaire, its check names and the fill report in the screens’ language', async () => {
    await page.locator('.lang-switch select').selectOption({ label: 'Français' });
    try {
      await inFrench();
    } finally {
      // The tests after this one read the screens in English.
      await page.locator('.lang-switch select').selectOption({ label: 'English' });
    }
  });

  async function inFrench() {
    await page.goto(`${base}#/questionnaire?case=${caseId}`);
    await page.getByRole('heading', { name: 'Questionnaire CAIQ-Lite', level: 1 }).waitFor();
    expect(await page.getByTestId('coverage').innerText()).toMatch(/^CAIQ v4\.1\.0\u00a0: 2 questions sur 138 répondues/);
    await page.goto(`${base}#/questionnaire?case=${caseId}&q=LOG-04.1`);
    await detail().getByRole('heading', { name: 'LOG-04.1' }).waitFor();
    expect((await detail().innerText()).toLowerCase()).toContain('ce que montrent les preuves vérifiées');
    expect(await detail().locator('[data-testid=citation][data-check="audit.chain"]').innerText()).toMatch(/Chaînage du journal d’audit\s+audit\.chain/);
    await check('30-questionnaire-fr');
    const typed = join(dir, 'CAIQv4.1.0-typed.xlsx');
    const panel = page.getByTestId('caiq-export');
    await downloadBy(() => panel.getByTestId('workbook-file-input').setInputFiles(typed));
    const report = panel.getByTestId('fill-report');
    await report.getByText('Ce qui a été écrit dans votre classeur').waitFor();
    expect(await panel.getByTestId('delivered-files').innerText()).toMatch(/Feuille «\u00a0CAIQv4\.1\.0\u00a0» de CAIQv4\.1\.0-typed\.xlsx remplie/);
    await page.locator('.main-body').evaluate((e) => e.scrollTo(0, 0));
    await check('31-questionnaire-fill-fr');
    await page.goto(`${base}#/verdict?case=${caseId}&bundle=${bundleId}&check=audit.keys`);
    await page.locator('.check-target[data-check="audit.keys"]').getByText('Clés de signature d’audit et rotations').waitFor();
    await check('32-verdict-check-names-fr');
  }
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
