// What each browser test file starts with: a web workstation over a fresh
// temporary folder (its cases, and when asked its own workstation key), the
// built screens, and a Chromium page; close() undoes all of it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startWebWorkstation, type WebWorkstation } from '../../../shared/server/start-web.js';
import { openBrowser, requireChromium, type BrowserSession } from './browser.js';
import { ensureRendererBuilt } from './renderer-build.js';

export interface BrowserWorkstation {
  /** The temporary folder: cases in `cases/`, the key (when isolated) in `home/`; free for the test's own files. */
  dir: string;
  ws: WebWorkstation;
  session: BrowserSession;
  page: Page;
  close(): Promise<void>;
}

export async function startBrowserWorkstation(prefix: string, opts: { ownKey?: boolean } = {}): Promise<BrowserWorkstation> {
  requireChromium();
  const dir = await mkdtemp(join(tmpdir(), prefix));
  // The workstation's own folder (trust store, default key) is the test's, never the machine user's.
  const savedHome = process.env.NATALIA_AUDIT_HOME;
  process.env.NATALIA_AUDIT_HOME = join(dir, 'workstation');
  await ensureRendererBuilt();
  const ws = await startWebWorkstation({ port: 0, caseDir: join(dir, 'cases'), ...(opts.ownKey ? { keyHome: join(dir, 'home') } : {}) });
  const session = await openBrowser();
  return {
    dir,
    ws,
    session,
    page: session.page,
    async close() {
      await session.close();
      await ws.close();
      if (savedHome === undefined) delete process.env.NATALIA_AUDIT_HOME;
      else process.env.NATALIA_AUDIT_HOME = savedHome;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
