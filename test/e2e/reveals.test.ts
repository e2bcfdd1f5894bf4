// The reveals screen does what the CLI's `reveals` does, in a real Chromium,
// on the full sample (14 months, 964 register rows): a day's bar and a
// person's bar set the filter and the register shows those reveals (the same
// rows the API gives for that filter), a phone pseudonym from the register
// filters on it, a filter saved as a view comes back, and review items,
// grouped by kind and person, take a decision the case keeps. Photographed
// in English and in French.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RevealRegisterPage, RevealTimeline, ReviewSubjectView, SavedViewInfo } from '../../shared/api/contract.js';
import { samples } from './support/evidence.js';
import { startBrowserWorkstation, type BrowserWorkstation } from './support/browser-workstation.js';
import { callApi, checkScreen, importAndWait } from './support/workstation-api.js';

let bw: BrowserWorkstation;
let page: Page;
let caseId: string;
let bundleId: string;
let url: string;

const summary = () => page.getByTestId('reveals-filter-summary').innerText();
const register = () => page.getByTestId('reveals-register');
const registerRows = () => register().locator('tbody tr');

beforeAll(async () => {
  bw = await startBrowserWorkstation('natalia-e2e-reveals-');
  page = bw.page;
  caseId = (await callApi<{ id: string }>(bw.ws, 'cases.create', { name: 'Reveals 2026' })).id;
  const d = await importAndWait(bw.ws, caseId, samples.full.path, samples.full.trust, 1);
  bundleId = d.bundles[0]!.id;
  url = `${bw.ws.url.split('#')[0]}#/reveals?case=${caseId}&bundle=${bundleId}`;
  await page.goto(bw.ws.url);
}, 600_000);

afterAll(() => bw?.close());

describe('the reveals screen, as the CLI reveals command', () => {
  it('drills down from a day of the chart: the register shows that day only', async () => {
    await page.goto(url);
    await page.locator('[data-testid="chart-per-day"] .recharts-bar-rectangle').first().waitFor();
    await registerRows().first().waitFor();
    expect(await summary()).toMatch(/^Showing every reveal of this bundle/);
    await checkScreen(page, 'reveals-en-01-all');

    const tl = await callApi<RevealTimeline>(bw.ws, 'reveals.timeline', { caseId, bundleId });
    // Bars are drawn in the data's order: the busiest day's bar is its index.
    const busiest = tl.byDay.reduce((a, b, i) => (b.count > tl.byDay[a]!.count ? i : a), 0);
    const day = tl.byDay[busiest]!.day;
    await page.locator('[data-testid="chart-per-day"] .recharts-bar-rectangle').nth(busiest).click();
    await expect.poll(summary).toContain('day ');
    const expected = await callApi<RevealRegisterPage>(bw.ws, 'reveals.register', { caseId, bundleId, filter: { from: `${day}T00:00:00.000Z`, at: `${day}T23:59:59.999Z` }, offset: 0, limit: 50 });
    expect(expected.total).toBeGreaterThan(0);
    await expect.poll(() => register().locator('.pager span').innerText()).toBe(`Rows 1–${Math.min(50, expected.total)} of ${expected.total} matching (964 in the register)`);
    expect(await registerRows().locator('td:nth-child(1)').evaluateAll((tds) => tds.map((td) => td.textContent?.trim().split(' ')[0]))).toEqual(expected.rows.map((r) => r.reveal_id));
    // The chart now counts that day only.
    await expect.poll(() => page.getByTestId('reveals-summary').innerText()).toMatch(/on 1 day/);
    await checkScreen(page, 'reveals-en-02-day');
  });

  it("drills down from a person's bar, then filters on a phone pseudonym from the register", async () => {
    await page.getByRole('button', { name: 'Clear the filter' }).click();
    await expect.poll(summary).toMatch(/^Showing every reveal/);
    const tl = await callApi<RevealTimeline>(bw.ws, 'reveals.timeline', { caseId, bundleId });
    const person = tl.byActor[1]!;
    await page.locator('[data-testid="chart-per-person"] .recharts-bar-rectangle').nth(1).click();
    await expect.poll(summary).toContain(`person ${person.actor}`);
    await expect.poll(() => page.getByTestId('reveals-summary').innerText()).toMatch(new RegExp(`^${person.count} reveals? on`));
    await expect.poll(() => registerRows().locator('td:nth-child(4)').allInnerTexts()).toSatisfy((cells: string[]) => cells.length > 0 && cells.every((c) => c.startsWith(person.actor)));
    expect(await page.getByLabel('Person', { exact: true }).inputValue()).toBe(person.actor);

    const pseudonymButton = registerRows().first().getByRole('button', { name: /^Show the reveals of phone pseudonym/ });
    const full = (await pseudonymButton.getAttribute('title'))!;
    await pseudonymButton.click();
    await expect.poll(summary).toContain(`phone ${full.slice(0, 12)}…`);
    expect(await page.getByLabel('Phone pseudonym', { exact: true }).inputValue()).toBe(full);
    const byPhone = await callApi<RevealRegisterPage>(bw.ws, 'reveals.register', { caseId, bundleId, filter: { actor: person.actor, phone: full }, offset: 0, limit: 50 });
    await expect.poll(() => registerRows().count()).toBe(byPhone.rows.length);
  });

  it('refuses a phone prefix that names no pseudonym, saying so', async () => {
    await page.getByRole('button', { name: 'Clear the filter' }).click();
    await page.getByLabel('Phone pseudonym', { exact: true }).fill('00000000');
    await page.getByRole('heading', { name: 'This filter cannot be applied' }).waitFor();
    expect(await page.getByRole('alert').first().innerText()).toContain('No phone pseudonym of this case starts with 00000000.');
    await page.getByRole('button', { name: 'Clear the filter' }).click();
    await expect.poll(summary).toMatch(/^Showing every reveal/);
  });

  it('saves the filter as a view of the case, and brings it back', async () => {
    const tl = await callApi<RevealTimeline>(bw.ws, 'reveals.timeline', { caseId, bundleId });
    const tenant = tl.choices.tenants[0]!;
    await page.getByLabel('Tenant').selectOption(tenant);
    await page.getByLabel('From (UTC)').fill('2026-01-01T00:00');
    await expect.poll(summary).toContain(`tenant ${tenant}`);
    await page.getByTestId('saved-views').getByLabel('Name of this view').fill('Tenant since January');
    await page.getByRole('button', { name: 'Save the current filter' }).click();
    await page.getByText('View "Tenant since January" saved in the case.').waitFor();
    const views = await callApi<SavedViewInfo[]>(bw.ws, 'views.list', { caseId, screen: 'reveals' });
    expect(views).toEqual([expect.objectContaining({ name: 'Tenant since January', screen: 'reveals', filter: { tenant, from: '2026-01-01T00:00:00.000Z' } })]);

    await page.getByRole('button', { name: 'Clear the filter' }).click();
    await expect.poll(summary).toMatch(/^Showing every reveal/);
    await page.getByTestId('saved-views').locator('select').selectOption('Tenant since January');
    await expect.poll(summary).toContain(`tenant ${tenant}`);
    expect(await summary()).toContain('from 1 Jan 2026');
    await checkScreen(page, 'reveals-en-03-view');
    await page.getByRole('button', { name: 'Clear the filter' }).click();
  });

  it('groups review items by kind and person with counts, and records a decision in the case', async () => {
    const review = page.getByTestId('reveals-review');
    await review.locator('.review-group').first().waitFor();
    const counts = await page.getByTestId('review-counts').innerText();
    const total = Number(/^(\d+) items?, 0 decided/.exec(counts)?.[1]);
    expect(total).toBeGreaterThan(0);
    // The groups' counts add up to the total.
    const groupTotals = await review.locator('.review-group > summary .muted').allInnerTexts();
    expect(groupTotals.map((s) => Number(/^(\d+)/.exec(s)![1])).reduce((a, b) => a + b, 0)).toBe(total);

    const group = review.locator('.review-group').first();
    if ((await group.getAttribute('open')) === null) await group.locator('> summary').click();
    const person = group.locator('.review-actor').first();
    if ((await person.getAttribute('open')) === null) await person.locator('> summary').click();
    const item = person.locator('li[data-subject]').first();
    const subject = (await item.getAttribute('data-subject'))!;
    await item.getByRole('button', { name: 'Review', exact: true }).click();
    await item.getByRole('radio', { name: 'Justified' }).check();
    await item.getByLabel('Reason (required)').fill('On-call engineer, rota NOC-2026-09.');
    await item.getByRole('button', { name: 'Record the decision' }).click();
    await item.locator('.review-summary .decision-justified').waitFor();
    await expect.poll(() => page.getByTestId('review-counts').innerText()).toMatch(/, 1 decided/);
    const listed = await callApi<{ subjects: ReviewSubjectView[] }>(bw.ws, 'review.list', { caseId });
    expect(listed.subjects.find((s) => s.subject === subject)?.review?.decision).toMatchObject({ decision: 'justified', reason: 'On-call engineer, rota NOC-2026-09.' });
    // The review filter keeps the decided item only, in its group.
    await review.getByTestId('review-filter').locator('select').first().selectOption('decided');
    await expect.poll(() => review.locator('li[data-subject]').count()).toBe(1);
    expect(await review.locator('li[data-subject]').getAttribute('data-subject')).toBe(subject);
    await review.getByTestId('review-filter').locator('select').first().selectOption('undecided');
    await expect.poll(() => review.locator('li[data-subject]').count()).toBeGreaterThan(0);
    expect(await review.locator(`li[data-subject="${subject}"]`).count()).toBe(0);
    await review.getByRole('button', { name: 'Show all' }).click();
    await review.scrollIntoViewIfNeeded();
    await checkScreen(page, 'reveals-en-04-review');
  });

  it('speaks French: the filter, the groups, the decision, dates and numbers', async () => {
    await page.locator('.lang-switch select').selectOption({ label: 'Français' });
    await expect.poll(summary).toMatch(/^Tous les démasquages de ce lot sont affichés/);
    await page.locator('[data-testid="chart-per-day"] .recharts-bar-rectangle').first().click();
    await expect.poll(summary).toMatch(/^Affichage\u00a0: jour du \d+ \p{L}+\.? \d{4}\./u);
    await expect.poll(() => register().locator('.pager span').innerText()).toMatch(/^Lignes 1 à \d+ sur \d+ retenues \(964 dans le registre\)$/);
    await checkScreen(page, 'reveals-fr-01-day');
    await page.getByRole('button', { name: 'Effacer le filtre' }).click();
    const decidedGroup = page.getByTestId('reveals-review').locator('.review-group:has(.decision-justified)');
    await decidedGroup.waitFor({ state: 'attached' });
    if ((await decidedGroup.getAttribute('open')) === null) await decidedGroup.locator('> summary').click();
    const decidedPerson = decidedGroup.locator('.review-actor:has(.decision-justified)');
    if ((await decidedPerson.getAttribute('open')) === null) await decidedPerson.locator('> summary').click();
    expect(await decidedPerson.locator('.review-summary .decision-justified').innerText()).toBe('Justifié');
    expect(await page.getByTestId('review-counts').innerText()).toMatch(/dont 1 décidé\./);
    await page.getByTestId('reveals-review').scrollIntoViewIfNeeded();
    await checkScreen(page, 'reveals-fr-02-review');
    await page.locator('.lang-switch select').selectOption({ label: 'English' });
  });
});
