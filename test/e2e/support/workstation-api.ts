// What every browser test needs beside the page: the workstation's API called
// directly (to set up a case quickly), and a screen photographed and scanned.
import type { Page } from 'playwright-core';
import type { CaseDetail } from '../../../shared/api/contract.js';
import { expect } from 'vitest';
import { axeViolations, blocking, screenshot } from './browser.js';

/** Calls one API method over HTTP with an in-process session (the page has spent the launch token); throws the API's error message. */
export async function callApi<T>(ws: { port: number; apiSession(): string }, method: string, body: unknown): Promise<T> {
  const r = await fetch(`http://127.0.0.1:${ws.port}/api/call/${method}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${ws.apiSession()}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const j = (await r.json()) as { ok: boolean; value: T; error?: { message: string } };
  if (!j.ok) throw new Error(`${method}: ${j.error?.message}`);
  return j.value;
}

/** Photographs the screen once it has loaded and checks it has no serious accessibility problem. */
export async function checkScreen(page: Page, name: string): Promise<void> {
  await page.waitForSelector('.state-loading', { state: 'detached', timeout: 30_000 }).catch(() => {});
  await screenshot(page, name);
  expect(blocking(await axeViolations(page)), `accessibility of ${name}`).toEqual([]);
}

/** Imports a bundle by its path through the API and waits until the case holds `count` bundles. */
export async function importAndWait(
  ws: { port: number; apiSession(): string },
  caseId: string,
  source: string,
  trust: string | undefined,
  count: number,
): Promise<CaseDetail> {
  await callApi(ws, 'bundles.import', { caseId, source: { kind: 'path', path: source }, ...(trust ? { trust: { kind: 'path', path: trust } } : {}) });
  for (let i = 0; i < 1200; i++) {
    const d = await callApi<CaseDetail>(ws, 'cases.get', { caseId });
    if (d.bundles.length === count) return d;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('import did not finish');
}
