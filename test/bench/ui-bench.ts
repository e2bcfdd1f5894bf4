// UI benchmark: how long the workstation takes, in a real Chromium against web
// mode, to show the first rows of a 1,000,000-entry audit log after opening
// the explorer, and to answer a filter. Prints the numbers; asserts nothing
// (the lead's `npm run bench` collects them).
//
//   npx tsx test/bench/ui-bench.ts            (NATALIA_BIG_LOG_ENTRIES to change the size)
import { pathToFileURL } from 'node:url';
import { startWebWorkstation } from '../../shared/server/start-web.js';
import { bigCase, bigLogEntries } from '../e2e/support/big-case.js';
import { openBrowser } from '../e2e/support/browser.js';
import { ensureRendererBuilt } from '../e2e/support/renderer-build.js';

export interface UiBenchResult {
  entries: number;
  /** From navigation to the explorer until the first rows are on screen. */
  firstRowsMs: number;
  /** The engine's own time for the first page (SQL count + page). */
  firstPageEngineMs: number;
  /** From choosing an actor filter until the filtered count and rows are on screen (the page's 300 ms typing delay excluded). */
  filterMs: number;
  filterEngineMs: number;
  filterMatches: number;
  /** From "go to seq" near the end of the log until that entry is selected on screen. */
  jumpMs: number;
}

export async function runUiBench(opts: { entries?: number; log?: (line: string) => void } = {}): Promise<UiBenchResult> {
  const log = opts.log ?? ((l: string) => process.stdout.write(l + '\n'));
  const entries = opts.entries ?? bigLogEntries();
  await ensureRendererBuilt();
  const big = await bigCase(entries, log);
  const ws = await startWebWorkstation({ port: 0, caseDir: big.caseDir });
  const session = await openBrowser();
  const { page } = session;
  const call = async <T>(method: string, body: unknown): Promise<T> => {
    const r = await fetch(`http://127.0.0.1:${ws.port}/api/call/${method}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${ws.apiSession()}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return ((await r.json()) as { value: T }).value;
  };
  try {
    const ref = { caseId: big.caseId, bundleId: big.bundleId };
    const base = ws.url.split('#')[0];
    await page.goto(ws.url); // takes the token
    await page.goto(`${base}#/cases`);

    // Conditions are polled on every animation frame, so the times are those of the screen.
    // (Functions, not strings: the page's CSP rightly forbids evaluating strings.)
    const until = <A extends string | number | string[] | null>(fn: (arg: A) => boolean, arg: A) =>
      page.waitForFunction(fn as (arg: unknown) => boolean, arg, { polling: 'raf', timeout: 120_000 });
    await page.waitForSelector('h1');
    let t = performance.now();
    await page.evaluate((h) => (window.location.hash = h), `#/audit?case=${big.caseId}&bundle=${big.bundleId}`);
    await until(() => document.querySelector('.grid-body .grid-row[data-seq]') !== null, null);
    const firstRowsMs = performance.now() - t;
    const firstPage = await call<{ elapsedMs: number }>('audit.query', { ...ref, filter: {}, sort: { field: 'seq', direction: 'asc' }, offset: 0, limit: 200 });

    const facets = await call<{ actors: string[] }>('audit.facets', ref);
    const actor = facets.actors.find((a) => a.startsWith('admin.')) ?? facets.actors[0]!;
    const expected = await call<{ total: number; elapsedMs: number }>('audit.query', { ...ref, filter: { actor }, sort: { field: 'seq', direction: 'asc' }, offset: 0, limit: 200 });
    const want = `${expected.total.toLocaleString('en-GB')} entries match of ${big.entries.toLocaleString('en-GB')}`;
    // Choosing from the list sends the filter at once (typing waits 300 ms for the next key).
    await page.getByLabel('Actor', { exact: true }).fill(actor);
    t = performance.now();
    await until(
      ([text, who]: string[]) =>
        document.querySelector('[data-testid=audit-total]')?.textContent === text &&
        document.querySelector('.grid-body .grid-row[data-seq] .gc-actor')?.textContent === who,
      [want, actor],
    );
    const filterMs = Math.max(0, performance.now() - t - 300);

    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByTestId('audit-total').filter({ hasText: `${big.entries.toLocaleString('en-GB')} entries match` }).waitFor({ timeout: 120_000 });
    const seq = big.entries - 1000;
    await page.getByLabel('Go to seq').fill(String(seq));
    t = performance.now();
    await page.getByLabel('Go to seq').press('Enter');
    await until((s: number) => document.querySelector(`.grid-row.selected[data-seq="${s}"]`) !== null, seq);
    const jumpMs = performance.now() - t;

    const result: UiBenchResult = {
      entries: big.entries,
      firstRowsMs: Math.round(firstRowsMs),
      firstPageEngineMs: Math.round(firstPage.elapsedMs),
      filterMs: Math.round(filterMs),
      filterEngineMs: Math.round(expected.elapsedMs),
      filterMatches: expected.total,
      jumpMs: Math.round(jumpMs),
    };
    log(`ui-bench: ${result.entries.toLocaleString('en')} audit entries in the explorer (Chromium, web mode)`);
    log(`  first rows on screen after opening:  ${result.firstRowsMs} ms   (engine: ${result.firstPageEngineMs} ms for count + first page)`);
    log(`  actor filter answered on screen:     ${result.filterMs} ms   (engine: ${result.filterEngineMs} ms; ${result.filterMatches.toLocaleString('en')} matches)`);
    log(`  go to seq ${seq.toLocaleString('en')} selected on screen: ${result.jumpMs} ms`);
    return result;
  } finally {
    await session.close();
    await ws.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await runUiBench();
}
