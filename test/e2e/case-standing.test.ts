// A case over two appliances in a real Chromium: one bundle imported before
// the vendor's roots were in the trust store (unverifiable), one trusted with
// erasure requests still open at export. The auditor excludes the first, then
// verifies it again once the roots are in the store; the Erasures screen lists
// the open requests with days left and the one past its month overdue; the
// Custody screen recomputes the stored rows. Every screen is photographed and
// scanned with axe-core.
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDetail } from '../../shared/api/contract.js';
import { exportBundle } from '../exporter/export-bundle.js';
import { startBrowserWorkstation, type BrowserWorkstation } from './support/browser-workstation.js';
import { samples } from './support/evidence.js';
import { callApi, checkScreen, importAndWait as importInto } from './support/workstation-api.js';

let bw: BrowserWorkstation;
let page: Page;
let base: string;
let caseId: string;
let trusted: string;
let unverified: string;
let installation: string;

const importAndWait = (source: string, trust: string | undefined, count: number) => importInto(bw.ws, caseId, source, trust, count);

beforeAll(async () => {
  bw = await startBrowserWorkstation('natalia-e2e-standing-', { ownKey: true });
  page = bw.page;
  base = bw.ws.url.split('#')[0]!;
  caseId = (await callApi<{ id: string }>(bw.ws, 'cases.create', { name: 'Two sites 2026' })).id;
  const made = await exportBundle({
    outDir: join(bw.dir, 'evidence'),
    seed: 'e2e-standing',
    entries: 700,
    form: 'directory',
    dump: 'copy',
    cdrs: 300,
    reveals: 30,
    erasures: 2,
    pendingErasures: [45, 9],
    exportedAt: '2026-03-02T09:14:07.512Z',
  });
  installation = made.installationId;
  await importAndWait(made.path, made.trustRootsPath, 1);
  // The workstation's trust store is empty: the minimal sample cannot be verified.
  const d = await importAndWait(samples.minimal.path, undefined, 2);
  trusted = d.bundles.find((b) => b.installationId === installation)!.id;
  unverified = d.bundles.find((b) => b.id !== trusted)!.id;
  expect(d.bundles.find((b) => b.id === unverified)!.verdict).toBe('unverifiable');
  await page.goto(bw.ws.url);
}, 600_000);

afterAll(() => bw?.close());

describe('which bundles count, in the Cases screen', () => {
  it('excludes the unverifiable bundle with a reason, recorded in custody', async () => {
    await page.goto(`${base}#/cases?case=${caseId}`);
    const row = page.getByTestId(`standing-${unverified}`);
    await row.getByText('Counts').waitFor();
    await checkScreen(page, 'standing-01-cases-both-count');
    await row.getByRole('button', { name: 'Exclude…' }).click();
    await row.getByLabel('Why exclude this bundle').fill('Imported before the vendor roots were received');
    await checkScreen(page, 'standing-02-exclude-reason');
    await row.getByRole('button', { name: 'Exclude', exact: true }).click();
    await row.getByText('Excluded').waitFor();
    await expect.poll(() => row.innerText()).toContain('Imported before the vendor roots were received');
    await checkScreen(page, 'standing-03-excluded');
    const custody = await callApi<{ action: string }[]>(bw.ws, 'custody.list', { caseId });
    expect(custody.at(-1)!.action).toBe('bundle.exclude');
  });

  it('verifies it again once the roots are in the trust store, then counts it again', async () => {
    const home = process.env.NATALIA_AUDIT_HOME!;
    await mkdir(home, { recursive: true });
    await copyFile(samples.minimal.trust, join(home, 'trust-roots.json'));
    const row = page.getByTestId(`standing-${unverified}`);
    await row.getByRole('button', { name: 'Verify again' }).click();
    await row.getByText('Verified again. Before: Could not verify. Now: Trusted.').waitFor({ timeout: 60_000 });
    await row.getByRole('button', { name: 'Include again' }).click();
    await row.getByText('Counts').waitFor();
    await checkScreen(page, 'standing-04-reverified-included');
    const d = await callApi<CaseDetail>(bw.ws, 'cases.get', { caseId });
    expect(d.bundles.find((b) => b.id === unverified)).toMatchObject({ verdict: 'trusted' });
    expect(d.bundles.find((b) => b.id === unverified)!.excluded).toBeUndefined();
  });
});

describe('the Erasures, Reveals and Custody screens', () => {
  it('lists the open requests with days left, the one past its month overdue, and names the installation', async () => {
    await page.goto(`${base}#/erasures?case=${caseId}&bundle=${trusted}`);
    const pending = page.getByTestId('pending-erasures');
    await pending.waitFor();
    await expect.poll(() => pending.innerText()).toMatch(/Requests not executed at export \(2, 1 overdue\)/);
    expect(await pending.innerText()).toMatch(/Overdue by \d+ days/);
    expect(await pending.innerText()).toMatch(/1\d days left/);
    expect(await page.getByTestId('erasures-installation').innerText()).toContain(installation);
    await checkScreen(page, 'standing-05-erasures-pending');
  });

  it('names the installation on the Reveals screen', async () => {
    await page.goto(`${base}#/reveals?case=${caseId}&bundle=${trusted}`);
    await expect.poll(() => page.getByTestId('reveals-installation').innerText()).toContain(installation);
    await checkScreen(page, 'standing-06-reveals');
  });

  it('recomputes the stored rows of every import on request', async () => {
    await page.goto(`${base}#/custody?case=${caseId}`);
    const deep = page.getByTestId('custody-deep');
    await deep.getByRole('button', { name: 'Check the stored rows' }).click();
    await expect.poll(() => page.getByTestId('custody-deep-result').innerText(), { timeout: 60_000 }).toMatch(/The rows of 2 imports are those their custody entries recorded/);
    await checkScreen(page, 'standing-07-custody-deep');
  });
});
